import type { SyntaxNode, TraceStep } from "../types.js";

/** The families of dangerous calls the data-flow rules report, one rule each. */
export type SinkKind =
  | "sql"
  | "html"
  | "command"
  | "code"
  | "deserialization"
  | "redirect"
  | "path"
  | "ssrf"
  | "header"
  | "mass-assignment"
  | "orm-field";

export const SINK_KINDS: readonly SinkKind[] = [
  "sql", "html", "command", "code", "deserialization", "redirect", "path", "ssrf", "header", "mass-assignment", "orm-field",
];

/** Bit of a sink kind in `Taint.clears`. */
export function kindBit(kind: SinkKind): number {
  return 1 << SINK_KINDS.indexOf(kind);
}

/** Where untrusted data enters: shown to the user as the start of the path. */
export interface Origin {
  /** Code as written (`request.GET['q']`) or a description (`URL parameter \`slug\``). */
  label: string;
  line: number;
  /** The first variable the value was stored in, used to name it in messages. */
  name?: string;
  /** The source expression, when `label` is still to be read from it (reading node text is costly). */
  at?: SyntaxNode;
}

/** What the analysis knows about one value. A clean value is `null`, never a Taint. */
export interface Taint {
  /** Present when the value carries request data. */
  origin?: Origin;
  /** Bit i set: parameter i of the function being summarised flows into the value. */
  params: number;
  /** Assignments and calls the value went through after the source (capped). */
  steps: TraceStep[];
  /** Bits of the sink kinds this value was made safe for (e.g. `escape()` clears "html"). */
  clears: number;
  /**
   * Further kinds the request data in the value was made safe for, when the value also carries parameters of
   * the function being summarised (`url + "?" + request.GET.urlencode()` with `url` a parameter): `clears`
   * then holds what is safe for both.
   */
  originClears?: number;
  /** Constant text the value is known to start with (a string prefix, or a list's constant first item). */
  head?: string;
  /**
   * A list whose first item (the program, when it is a command's argument list) holds no request data: only items
   * after it were appended or extended with it (`argv = [PROGRAM, "run"]; argv.append(value)`).
   */
  argvTail?: boolean;
  /** A dict whose keys are fixed by the code even though its values are not. */
  keysFixed?: boolean;
  /**
   * With `keysFixed`: bits of the parameters (of the function being summarised) the keys come from
   * (`{column: value}` with `column` read from a parameter). The keys are fixed when the caller passes clean
   * values for those parameters, and chosen by the client when it passes request data.
   */
  keyParams?: number;
  /**
   * The value is a form's `cleaned_data` itself: the name of the project form class when the analysis knows it
   * (`form = SearchForm(request.GET)`), `""` otherwise. Its items' kinds are the form's fields' (see `form-fields.ts`).
   */
  form?: string;
}

/** A sink reached by request data. */
export interface TaintHit {
  kind: SinkKind;
  /** The sink as written, e.g. `cursor.execute`. */
  sink: string;
  /** Where to report: the sink call or assignment. */
  node: SyntaxNode;
  origin: Origin;
  /** Source, intermediate steps, then the sink. */
  trace: TraceStep[];
  /** Constant text the value starts with at the sink, before the request data (`"/"` in `f"/{slug}"`). */
  head?: string;
  /** For a `code` sink that compiles a template: its language, when the analysis knows it. */
  template?: TemplateLanguage;
}

/**
 * The language of a template compiled from a string. Django's cannot run Python: a template author reads the
 * context's values and calls their methods that take no arguments. Jinja2 outside a sandbox can.
 */
export type TemplateLanguage = "django" | "jinja2";
