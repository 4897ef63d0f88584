import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { callIndex, callsTo, TRACKED } from "../sql-injection/call-index.js";
import { keywordArg, positionalArgs } from "../sql-injection/string-building.js";
import { stringValue } from "../../src/core/analysis/py-value.js";
import { servedByWebServer } from "../../src/core/analysis/web-server.js";

const SERVE = "django.views.static.serve";

/** What a route's `document_root` holds: user uploads, the app's own assets, or a folder the rule cannot place. */
type Served = "uploads" | "assets" | "unknown";

// Where Django keeps uploads: MEDIA_ROOT and the default storage's folder (settings, a setting read through
// getattr, or a name copied from them).
const UPLOADS = /\bMEDIA_ROOT\b|\bdefault_storage\s*\.\s*(?:location|base_location)\b|\bUPLOAD\w*(?:ROOT|DIR)\b/i;
// The app's own files: STATIC_ROOT, STATICFILES_DIRS and folders named for built assets.
const ASSETS = /\bSTATIC(?:_ROOT|FILES_DIRS|_DIR|_PATH)\b/i;
const UPLOAD_WORDS = /(?:^|[\\/_.-])(?:media|uploads?|user[-_]?files?|attachments?)(?:$|[\\/_.-])/i;
const ASSET_WORDS = /(?:^|[\\/_.-])(?:static\w*|assets?|dist|build|public|js|css|fonts?|img|images|icons?)(?:$|[\\/_.-])/i;

/** The value last assigned to a bare name at module level (one hop), for `ROOT = settings.MEDIA_ROOT`. */
function moduleValue(root: SyntaxNode, name: string): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (const stmt of root.namedChildren) {
    const a = stmt.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (a?.type === "assignment" && a.childForFieldName("left")?.text === name) found = a.childForFieldName("right") ?? undefined;
  }
  return found;
}

/** Classifies the folder a `document_root` expression names. */
function served(node: SyntaxNode | undefined, root: SyntaxNode, hops = 0): Served {
  if (!node) return "unknown";
  if (node.type === "identifier" && hops < 2) {
    const v = moduleValue(root, node.text);
    if (v) return served(v, root, hops + 1);
  }
  const text = node.text;
  if (UPLOADS.test(text)) return "uploads";
  if (ASSETS.test(text)) return "assets";
  // Literal folder names (`"/srv/media"`, `os.path.join(BASE_DIR, "static-build")`).
  const words = [...text.matchAll(/(["'])((?:(?!\1).)*)\1/g)].map((m) => m[2]).join("/");
  if (UPLOAD_WORDS.test(words)) return "uploads";
  if (ASSET_WORDS.test(words)) return "assets";
  return "unknown";
}

/** The fixed URL prefix a route matches (`/media/` for `re_path(r"^media/(?P<path>.*)$", ...)`), if it starts with one. */
function routePrefix(call: SyntaxNode): string | undefined {
  const pattern = positionalArgs(call)[0] ?? keywordArg(call, "route");
  const text = pattern ? stringValue(pattern) : undefined;
  const m = text === undefined ? null : /^\^?\/?((?:[\w.-]+\/)+)/.exec(text);
  return m ? `/${m[1]}` : undefined;
}

/** The `{...}` kwargs dict of a route: its third positional argument or `kwargs=`. */
function routeKwargs(call: SyntaxNode): SyntaxNode | undefined {
  const d = positionalArgs(call)[2] ?? keywordArg(call, "kwargs");
  return d?.type === "dictionary" ? d : undefined;
}

function entry(dict: SyntaxNode | undefined, key: string): SyntaxNode | undefined {
  for (const p of dict?.namedChildren ?? []) {
    if (p.type === "pair" && stringValue(p.childForFieldName("key")!) === key) return p.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

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
    what:
      "Finds URL patterns that serve user uploads (`MEDIA_ROOT`, the default storage's folder) with `django.views.static.serve` without an `if settings.DEBUG:` guard.",
    why:
      "Django documents `serve()` as grossly inefficient and probably insecure, for development only. Serving uploads from the app's own origin lets an uploaded HTML or SVG file run script with access to your users' sessions, and every file request ties up a Python worker.",
    example:
      "from django.conf import settings\nfrom django.urls import re_path\nfrom django.views.static import serve\n\nurlpatterns = [\n    re_path(r\"^media/(?P<path>.*)$\", serve, {\"document_root\": settings.MEDIA_ROOT}),\n]\n",
    good: "from django.conf import settings\nfrom django.conf.urls.static import static\n\nurlpatterns = []\nif settings.DEBUG:\n    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n",
    fix:
      "Serve media from the web server, object storage or a CDN on a separate domain. For local development, use `urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)` or put the route under `if settings.DEBUG:`.",
    note:
      "`django.conf.urls.static.static()` is not flagged: it returns no patterns unless DEBUG is on. `django.contrib.staticfiles.views.serve` refuses to serve when DEBUG is off, so it is not flagged either. Serving the app's own files (`STATIC_ROOT`, built assets, one fixed file such as `robots.txt` through a `path` entry) is a performance matter, not a security one, and is not reported; a folder the rule cannot place is reported at low confidence. A route whose prefix (`/media/`) a web server configuration shipped with the project answers itself (nginx `location /media/`, Apache `Alias /media/`) is a fallback: low confidence.",
  },
  mentions: /serve/,
  messages: {
    serveUploads:
      "This URL pattern serves uploaded files (`{{root}}`) with `django.views.static.serve` even when DEBUG is off, so an uploaded HTML or SVG file runs script on this site's origin. Serve uploads from the web server or storage on a separate domain, or put the route under `if settings.DEBUG:`.",
    servedByWebServer:
      "This URL pattern serves uploaded files (`{{root}}`) with `django.views.static.serve` even when DEBUG is off; the project's web server configuration (`{{config}}`) answers `{{prefix}}` itself, so this route is a fallback. Put it under `if settings.DEBUG:` so it cannot serve uploads if the app is reached directly.",
    serveInProduction:
      "This URL pattern serves files with `django.views.static.serve` even when DEBUG is off. If users can upload into `{{root}}`, serve it from the web server or storage on a separate domain, or put the route under `if settings.DEBUG:`.",
  },
  checkModule({ root, text, imports, report, project }) {
    for (const call of callsTo(callIndex(root, imports, text), ...TRACKED.routes)) {
      const view = positionalArgs(call)[1] ?? keywordArg(call, "view");
      if (!imports.is(view, SERVE) || debugGuarded(call)) continue;
      const kwargs = routeKwargs(call);
      // `{"path": "robots.txt"}`: one fixed file, whatever the URL says.
      const fixed = entry(kwargs, "path");
      if (fixed && stringValue(fixed) !== undefined) continue;
      const rootNode = entry(kwargs, "document_root");
      const kind = served(rootNode, root);
      if (kind === "assets") continue;
      const data = { root: rootNode ? rootNode.text.replace(/\s+/g, " ").slice(0, 60) : "document_root" };
      // `location /media/ {` in the shipped nginx configuration: requests for uploads never reach this route there.
      const prefix = routePrefix(call);
      const config = prefix ? servedByWebServer(project.webServer, prefix) : undefined;
      if (kind === "uploads" && config) report(call, "servedByWebServer", { ...data, config, prefix: prefix! }, { confidence: "low" });
      else if (kind === "uploads") report(call, "serveUploads", data);
      else report(call, "serveInProduction", data, { confidence: "low" });
    }
  },
});
