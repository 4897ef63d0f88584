import { defineRule, type PythonContext } from "../../src/core/analysis/define-rule.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import { taintHits } from "../../src/core/analysis/taint/analyze-taint.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { fixedTarget } from "../../src/core/analysis/taint/models.js";
import { flowMessages, segmentParamOfView, topLevelFunctionAt } from "./report-taint.js";
import { isHelperFunction } from "../../src/core/analysis/project-index.js";

/**
 * Headers whose value decides something for the browser beyond the one response: where it goes (`Location`,
 * `Refresh`), what it stores (`Set-Cookie`), who may read the response (`Access-Control-Allow-Origin` and
 * `-Credentials`), how the body is read (`Content-Type`), and the page's own protections (`Content-Security-Policy`,
 * `X-Frame-Options`, `Link`). A preflight's `Access-Control-Allow-Headers`/`-Methods` echoing what the browser asked
 * for (`Access-Control-Request-Headers`) is the usual answer: whether another site may read the response at all is
 * the origin's header, so those are minor.
 */
const HAZARDOUS = /^(?:location|refresh|set-cookie|access-control-allow-(?:origin|credentials)|content-type|content-security-policy(?:-report-only)?|x-frame-options|link|x-content-type-options|strict-transport-security)$/;

/** The header a hit writes, lower-cased: `response["X"] = v`, `headers={"X": v}`, `response.setdefault("X", v)`. */
function headerWritten(node: SyntaxNode): string | undefined {
  let nameNode: SyntaxNode | null | undefined;
  if (node.type === "assignment") {
    const left = node.childForFieldName("left");
    nameNode = left?.type === "subscript" ? left.childForFieldName("subscript") : undefined;
  } else if (node.type === "pair") nameNode = node.childForFieldName("key");
  else if (node.type === "call" && node.childForFieldName("function")?.type === "attribute") {
    nameNode = node.childForFieldName("arguments")?.namedChildren.find((c) => c.type !== "comment");
  }
  return nameNode ? stringValue(nameNode)?.trim().toLowerCase() : undefined;
}

function reportHeaders(ctx: PythonContext): void {
  for (const hit of taintHits(ctx.root, ctx.imports, ctx.path, "header", { catchAllRoute: !!ctx.project.index?.catchAllRoute, textKeyModels: ctx.project.index?.textKeyModels, forms: ctx.project.index?.forms })) {
    // A "URL parameter" of a function the project index shows is a helper other code calls, not a routed view.
    if (hit.origin.label.startsWith("URL parameter") && isHelperFunction(ctx.project.index, topLevelFunctionAt(ctx.root, hit.origin.line) ?? "", ctx.path)) continue;
    const header = headerWritten(hit.node);
    const data = {
      name: hit.origin.name ?? "",
      source: hit.origin.label,
      sourceLine: hit.origin.line,
      sink: hit.sink,
      line: hit.node.startPosition.row + 1,
      header: header ?? "",
    };
    const variable = hit.origin.name ? "fromVariable" : "fromSource";
    // A `Location` whose fixed start settles where it points (`/` then a path, `https://host/`, a `?`), like the
    // redirects open-redirect leaves alone: the client only picks a path on that site.
    const sameSite = header === "location" && (fixedTarget(hit.head, "redirect") || (hit.head === "/" && segmentParamOfView(ctx, hit)));
    if (header === undefined) ctx.report(hit.node, variable, data, { trace: hit.trace, confidence: "low" });
    else if (HAZARDOUS.test(header) && !sameSite) ctx.report(hit.node, variable, data, { trace: hit.trace });
    // Django refuses header values with a newline (BadHeaderError), so the client only chooses this header's text:
    // a download's file name, a language tag, a trace id.
    else ctx.report(hit.node, hit.origin.name ? "minorFromVariable" : "minorFromSource", data, { trace: hit.trace, severity: "low" });
  }
}

const minor = flowMessages(
  "so the client chooses the text of the `{{header}}` header",
  "Django rejects newlines in header values, so no header can be added; check the value if its text matters (for a file name, use `FileResponse(filename=...)`).",
);

export default defineRule({
  id: "tainted-header",
  severity: "medium",
  confidence: "medium",
  cwe: 113,
  owasp: "A03:2021",
  guideSection: "data-flow",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/request-response/#setting-header-fields",
  docs: {
    what: "Follows request data into response headers: `response['Name'] = value`, `response.headers[...]` and the `headers=` argument of responses.",
    why: "A client-chosen `Location` or `Refresh` sends the user elsewhere, `Set-Cookie` plants cookies, `Access-Control-Allow-Origin` lets another site read the response, and `Content-Type` can turn a download into an HTML page.",
    example:
      "from django.http import HttpResponse\n\ndef export(request):\n    response = HttpResponse(b'...')\n    response['Access-Control-Allow-Origin'] = request.headers['Origin']\n    return response\n",
    good: "from django.http import HttpResponse\n\nTRUSTED = {'https://app.example.com'}\n\ndef export(request):\n    response = HttpResponse(b'...')\n    origin = request.headers.get('Origin')\n    if origin in TRUSTED:\n        response['Access-Control-Allow-Origin'] = origin\n    return response\n",
    fix: "Build these header values from fixed text or check the value against an allow-list first. For file names, use `FileResponse(..., filename=name)`, which encodes the name safely.",
    note:
      "Django rejects newlines in header values (`BadHeaderError`), so classic response splitting is blocked. Request data in other headers (a download's `Content-Disposition` file name, `Content-Language`, a trace id, a preflight's `Access-Control-Allow-Headers` echoing the headers the browser asked for) only changes that header's text and is reported at low severity; a header whose name the rule cannot read is reported at low confidence. A `Location` whose fixed start already settles where it points (`/` and a path, `https://host/`), as for the redirects open-redirect leaves alone, is reported at low severity too.",
  },
  messages: {
    ...flowMessages("so the client controls the header's content", "Check it against an allow-list, or build the value from fixed text."),
    minorFromVariable: minor.fromVariable,
    minorFromSource: minor.fromSource,
  },
  checkModule: reportHeaders,
});
