import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { callIndex, callsTo, TRACKED } from "../sql-injection/call-index.js";
import { keywordArg, positionalArgs } from "../sql-injection/string-building.js";

const SERVE = "django.views.static.serve";

/** True for `DEBUG`, `settings.DEBUG`, `settings.DEBUG is True`, and `... and settings.DEBUG`. */
function debugOn(cond: SyntaxNode | null): boolean {
  if (!cond) return false;
  switch (cond.type) {
    case "identifier":
    case "attribute":
      return /(^|\.)DEBUG$/.test(cond.text.replace(/\s+/g, ""));
    case "parenthesized_expression":
      return cond.namedChildren.length === 1 && debugOn(cond.namedChildren[0]);
    case "boolean_operator":
      return cond.childForFieldName("operator")?.text === "and" && (debugOn(cond.childForFieldName("left")) || debugOn(cond.childForFieldName("right")));
    case "comparison_operator": {
      const [left, right] = cond.namedChildren;
      return cond.namedChildren.length === 2 && debugOn(left) && right?.type === "true";
    }
    default:
      return false;
  }
}

function debugOff(cond: SyntaxNode | null): boolean {
  return cond?.type === "not_operator" && debugOn(cond.childForFieldName("argument"));
}

/** True when `node` only runs with DEBUG on: in the body of `if settings.DEBUG:` or the else of `if not settings.DEBUG:`. */
function debugGuarded(node: SyntaxNode): boolean {
  let child = node;
  for (let cur = node.parent; cur; child = cur, cur = cur.parent) {
    if (cur.type === "if_statement" || cur.type === "elif_clause") {
      if (cur.childForFieldName("consequence")?.id === child.id && debugOn(cur.childForFieldName("condition"))) return true;
    } else if (cur.type === "else_clause") {
      const owner = cur.parent;
      if (owner?.type === "if_statement" && debugOff(owner.childForFieldName("condition")) && !owner.namedChildren.some((c) => c.type === "elif_clause")) return true;
    } else if (cur.type === "conditional_expression") {
      const [yes, cond] = cur.namedChildren;
      if (yes?.id === child.id && debugOn(cond)) return true;
    }
  }
  return false;
}

export default defineRule({
  id: "media-served-by-django",
  severity: "medium",
  confidence: "high",
  cwe: [79, 552],
  owasp: "A05:2021",
  guideSection: "file-uploads",
  djangoDocs: "https://docs.djangoproject.com/en/stable/howto/static-files/#serving-files-uploaded-by-a-user-during-development",
  docs: {
    what: "Finds URL patterns that route to `django.views.static.serve` without an `if settings.DEBUG:` guard.",
    why:
      "Django documents `serve()` as grossly inefficient and probably insecure, for development only. Serving uploads from the app's own origin lets an uploaded HTML or SVG file run script with access to your users' sessions, and every file request ties up a Python worker.",
    example:
      "from django.conf import settings\nfrom django.urls import re_path\nfrom django.views.static import serve\n\nurlpatterns = [\n    re_path(r\"^media/(?P<path>.*)$\", serve, {\"document_root\": settings.MEDIA_ROOT}),\n]\n",
    good: "from django.conf import settings\nfrom django.conf.urls.static import static\n\nurlpatterns = []\nif settings.DEBUG:\n    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n",
    fix:
      "Serve media from the web server, object storage or a CDN on a separate domain. For local development, use `urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)` or put the route under `if settings.DEBUG:`.",
    note:
      "`django.conf.urls.static.static()` is not flagged: it returns no patterns unless DEBUG is on. `django.contrib.staticfiles.views.serve` refuses to serve when DEBUG is off, so it is not flagged either.",
  },
  mentions: /serve/,
  messages: {
    serveInProduction:
      "This URL pattern serves files with `django.views.static.serve` even when DEBUG is off. Serve them from the web server or storage on a separate domain, or put the route under `if settings.DEBUG:`.",
  },
  checkModule({ root, text, imports, report }) {
    for (const call of callsTo(callIndex(root, imports, text), ...TRACKED.routes)) {
      const view = positionalArgs(call)[1] ?? keywordArg(call, "view");
      if (imports.is(view, SERVE) && !debugGuarded(call)) report(call, "serveInProduction");
    }
  },
});
