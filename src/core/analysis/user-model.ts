import { modelField, type ModelFacts } from "./model-fields.js";
import type { SourceFile } from "./types.js";

/**
 * What the project's user model makes of `user.username` and `user.get_username()`. Django's `AbstractUser` (and so
 * `auth.User`) declares `username` with `UnicodeUsernameValidator` (`^[\w.@+-]+\Z`): letters, digits and `@ . + - _`,
 * none of which means anything in HTML. A custom user model keeps that only if it derives from `AbstractUser` and
 * neither redeclares `username` (unless with a validator as strict) nor swaps `username_validator` for another one.
 */
export interface UserModelFacts {
  /** Model class names that stand for the user model in the index's relations: `User`, and the `AUTH_USER_MODEL` class. */
  names: string[];
  /** `user.username` can hold no markup. */
  username: boolean;
  /** `user.get_username()` can hold no markup: `USERNAME_FIELD` is such a username (or another field as strict). */
  getUsername: boolean;
  /**
   * `str(user)` can hold no markup: Django's `AbstractBaseUser.__str__` returns `get_username()`, and a project
   * `__str__` on the user model's chain that only returns `self.username` or `self.get_username()` keeps that.
   */
  asText: boolean;
}

// Django's username validators, as a class attribute (`username_validator = UnicodeUsernameValidator()`).
const DJANGO_USERNAME_VALIDATOR = /^(?:[\w.]+\.)?(?:Unicode|ASCII)UsernameValidator\(\s*\)$/;
// Test modules swap the user model for one test (`@override_settings(AUTH_USER_MODEL="tests.CustomUser")`).
const TEST_PATH = /(?:^|\/)(?:tests?|testing)(?:\/|\.py$)|(?:^|\/)test_[^/]*\.py$|_tests?\.py$/;

interface ClassDef {
  bases: string[];
  readonly body: string;
}

/**
 * The user model's facts (see `UserModelFacts`), from the `AUTH_USER_MODEL` settings of the files handed in (pure:
 * file texts only). No setting seen means `auth.User`, unless a project class derives from `AbstractUser` or
 * `AbstractBaseUser`: then those classes are judged (the settings that choose one may just not be among the files).
 * A setting that is not a literal, or names a class not among the files, keeps nothing.
 */
export function userModelFacts(files: readonly SourceFile[], models: Record<string, ModelFacts>): UserModelFacts {
  const chosen = new Set<string>();
  let unknown = false;
  const defs = new Map<string, ClassDef[]>();
  const custom = new Set<string>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || /(?:^|\/)migrations\//.test(file.path)) continue;
    const text = file.text;
    if (text.includes("AUTH_USER_MODEL") && !TEST_PATH.test(file.path)) {
      for (const m of text.matchAll(/^[ \t]*AUTH_USER_MODEL[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*([^\n#]*)/gm)) {
        const lit = /^[rRuU]?(["'])(\w+\.\w+)\1$/.exec(m[1].trim());
        if (lit) chosen.add(lit[2]);
        else unknown = true;
      }
    }
    if (!text.includes("class ")) continue;
    for (const m of text.matchAll(/^([ \t]*)class (\w+)\(([^)]*)\)\s*:/gm)) {
      if (m[1]) continue;
      const bases = m[3].split(",").map((b) => b.trim().replace(/^.*\./, "")).filter((b) => /^\w+$/.test(b));
      const start = m.index! + m[0].length;
      let body: string | undefined;
      // The body is cut out only for the few classes on the user model's chain.
      const def = {
        bases,
        get body(): string {
          if (body === undefined) {
            const stop = /\n(?=\S)/g;
            stop.lastIndex = start;
            const end = stop.exec(text);
            body = text.slice(start, end ? end.index : text.length);
          }
          return body;
        },
      };
      const list = defs.get(m[2]) ?? [];
      list.push(def);
      defs.set(m[2], list);
      if (bases.includes("AbstractUser") || bases.includes("AbstractBaseUser")) custom.add(m[2]);
    }
  }
  if (unknown) return { names: ["User"], username: false, getUsername: false, asText: false };
  // `auth.User`, or no setting and no custom user class among the files: Django's own username.
  const judged = chosen.size ? [...chosen].filter((label) => label !== "auth.User").map((label) => label.slice(label.indexOf(".") + 1)) : [...custom];
  if (!judged.length) return { names: ["User"], username: true, getUsername: true, asText: true };
  let username = true;
  let getUsername = true;
  let asText = true;
  for (const name of judged) {
    const u = usernameOf(name, defs, models, 0);
    if (u !== "safe") username = false;
    const field = usernameField(name, defs, 0) ?? "username";
    const own = field === "username" ? u === "safe" : modelField(models, name, field) === "safe";
    if (!own) getUsername = false;
    const str = strReturns(name, defs, 0);
    if (!(str === "username" ? u === "safe" : str === "get_username" && own)) asText = false;
  }
  return { names: [...new Set(["User", ...judged])], username, getUsername, asText };
}

/**
 * What `__str__` of the class `name` returns: `get_username` for Django's own (no project class on the chain defines
 * one), `username` or `get_username` for a project `__str__` that only returns `self.username` or
 * `self.get_username()`, `other` for any other.
 */
function strReturns(name: string, defs: ReadonlyMap<string, ClassDef[]>, depth: number): "username" | "get_username" | "other" {
  const list = defs.get(name);
  if (!list || depth > 8) return "get_username";
  let verdict: "username" | "get_username" | "other" | undefined;
  for (const def of list) {
    let own: "username" | "get_username" | "other";
    const statements = methodStatements(def.body, "__str__");
    if (statements) {
      const ret = statements.length === 1 ? /^return\s+(?:str\(\s*)?self\.(username|get_username\(\s*\))\s*\)?$/.exec(statements[0]) : null;
      own = ret ? (ret[1] === "username" ? "username" : "get_username") : "other";
    } else {
      const fromBases = def.bases.filter((b) => b !== name).map((b) => strReturns(b, defs, depth + 1));
      own = fromBases.find((b) => b !== "get_username") ?? "get_username";
    }
    // Two classes of one name that disagree: which one is the user model is not known.
    if (verdict !== undefined && verdict !== own) return "other";
    verdict = own;
  }
  return verdict ?? "get_username";
}

/**
 * The statements of the method `name(self)` a class body defines at its own indentation (one per line, comments,
 * blank lines and a docstring's lines left out), or undefined when it defines none.
 */
function methodStatements(body: string, name: string): string[] | undefined {
  const indent = indentOf(body);
  const lines = body.split("\n");
  const at = lines.findIndex((l) => l.startsWith(`${indent}def ${name}(`) && /^\(\s*self\s*\)/.test(l.slice(indent.length + 4 + name.length)));
  if (at === -1) return undefined;
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const text = line.trim();
    if (!text || text.startsWith("#")) continue;
    if (line.length - line.trimStart().length <= indent.length) break;
    if (!/^[rRuU]?(?:"""|\'\'\'|"[^"]*"$|'[^']*'$)/.test(text)) out.push(text);
  }
  return out;
}

/** The indentation of a class body's statements. */
function indentOf(body: string): string {
  return /^([ \t]+)\S/m.exec(body)?.[1] ?? "    ";
}

/** The right-hand side of `name = ...` in a class body (at its own indentation), if the class assigns it. */
function classAssignment(body: string, name: string): string | undefined {
  const indent = indentOf(body);
  const m = new RegExp(`^${indent}${name}[ \\t]*(?::[^=\\n]*)?=(?!=)[ \\t]*([^\\n#]*)`, "m").exec(body);
  return m?.[1].trim();
}

/**
 * What `username` of the class `name` holds: `safe` when it comes from `AbstractUser` (with Django's validator) or the
 * class (or a project ancestor) declares it with a strict validator or as `None`, `text` when declared otherwise or
 * when `username_validator` is swapped, undefined when the chain shows no username at all.
 */
function usernameOf(name: string, defs: ReadonlyMap<string, ClassDef[]>, models: Record<string, ModelFacts>, depth: number): "safe" | "text" | undefined {
  if (name === "AbstractUser") return "safe";
  const list = defs.get(name);
  if (!list || depth > 8) return undefined;
  let verdict: "safe" | "text" | undefined;
  for (const def of list) {
    let own: "safe" | "text" | undefined;
    const validator = classAssignment(def.body, "username_validator");
    const declared = classAssignment(def.body, "username");
    if (validator !== undefined && !DJANGO_USERNAME_VALIDATOR.test(validator)) own = "text";
    else if (declared !== undefined) own = declared === "None" || models[name]?.fields.username === "safe" ? "safe" : "text";
    else {
      const fromBases = def.bases.filter((b) => b !== name).map((b) => usernameOf(b, defs, models, depth + 1));
      own = fromBases.includes("text") ? "text" : fromBases.includes("safe") ? "safe" : undefined;
    }
    // Two classes of one name that disagree: which one is the user model is not known.
    if (own === "text" || (verdict !== undefined && verdict !== own)) return "text";
    verdict = own;
  }
  return verdict;
}

/** The `USERNAME_FIELD` the class or its nearest project ancestor sets, if any. */
function usernameField(name: string, defs: ReadonlyMap<string, ClassDef[]>, depth: number): string | undefined {
  const list = defs.get(name);
  if (!list || depth > 8) return undefined;
  for (const def of list) {
    const own = classAssignment(def.body, "USERNAME_FIELD");
    if (own !== undefined) return /^[rRuU]?(["'])(\w+)\1$/.exec(own)?.[2] ?? "?";
    for (const b of def.bases) {
      if (b === name) continue;
      const inherited = usernameField(b, defs, depth + 1);
      if (inherited !== undefined) return inherited;
    }
  }
  return undefined;
}

/**
 * True for a template expression that reads the username of a user (`user.username`, `request.user.username`,
 * `comment.user.get_username`) when the project's user model keeps Django's validated username (see
 * `UserModelFacts`) and no other model of the project declares a `username` of its own that may hold markup.
 */
export function isUsernameChain(user: UserModelFacts | undefined, models: Record<string, ModelFacts> | undefined, expression: string): boolean {
  const m = /^(?:\w+\.)*?(\w+)\.(username|get_username)$/.exec(expression.trim());
  if (!user || !m || !/^(?:\w+_)?user$/.test(m[1])) return false;
  if (!(m[2] === "username" ? user.username : user.getUsername)) return false;
  return !otherUsernames(user, models);
}

/** True when a project model other than the user model declares a `username` field that may hold markup. */
export function otherUsernames(user: UserModelFacts, models: Record<string, ModelFacts> | undefined): boolean {
  return Object.entries(models ?? {}).some(
    ([name, facts]) => !user.names.includes(name) && Object.prototype.hasOwnProperty.call(facts.fields, "username") && facts.fields.username !== "safe",
  );
}
