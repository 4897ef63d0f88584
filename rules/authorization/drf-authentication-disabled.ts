import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import { keywordArg, positionalArgs } from "../sql-injection/string-building.js";
import { classWrites, methodNames, orderedWrites } from "./drf-allow-any-on-write.js";
import { ancestry, classAttribute, classMethods, decoratorTarget, moduleClasses, PUBLIC_ENDPOINT, type ClassInfo } from "./class-views.js";

const READ_BASES = new Set(
  ["generics.ListAPIView", "generics.RetrieveAPIView", "viewsets.ReadOnlyModelViewSet", "mixins.ListModelMixin", "mixins.RetrieveModelMixin"].map(
    (n) => `rest_framework.${n}`,
  ),
);

/**
 * True for views built only on DRF classes that answer reads alone (`ListAPIView`, `ReadOnlyModelViewSet`,
 * an `APIView` with just `get()`), with no write `@action`: without writes there is nothing to forge.
 */
function readOnlyView(cls: ClassInfo, imports: ImportTable, classes: Map<string, ClassInfo>): boolean {
  const anc = ancestry(cls, imports, classes);
  if (anc.unknown || !anc.external.length || !anc.external.every((q) => q.startsWith("rest_framework."))) return false;
  if (classWrites(anc, imports).length) return false;
  const reads = anc.external.some((q) => READ_BASES.has(q)) || anc.local.some((c) => classMethods(c).some((m) => m.name === "get"));
  return reads && !anc.local.some((c) =>
    classMethods(c).some((m) =>
      m.decorators.some((d) => d.type === "call" && imports.is(decoratorTarget(d), "rest_framework.decorators.action") && orderedWrites(methodNames(keywordArg(d, "methods") ?? positionalArgs(d)[0])).length > 0),
    ),
  );
}

/** True for `@api_view(["GET"])` and `@api_view()` (GET only) function views. */
function readOnlyFunction(decorators: SyntaxNode[], imports: ImportTable): boolean {
  for (const d of decorators) {
    const expr = d.namedChildren[0];
    if (expr?.type !== "call" || !imports.is(decoratorTarget(expr), "rest_framework.decorators.api_view")) continue;
    const arg = positionalArgs(expr)[0] ?? keywordArg(expr, "http_method_names");
    return orderedWrites(methodNames(arg)).length === 0 && (!arg || arg.type === "list" || arg.type === "tuple");
  }
  return false;
}

function isEmptySequence(node: SyntaxNode | null | undefined): boolean {
  if (!node) return false;
  if (node.type === "parenthesized_expression") return node.namedChildren.filter((c) => c.type !== "comment").length === 0;
  return (node.type === "list" || node.type === "tuple") && node.namedChildren.every((c) => c.type === "comment");
}

export default defineRule({
  id: "drf-authentication-disabled",
  severity: "medium",
  confidence: "low",
  cwe: 306,
  owasp: "A07:2021",
  guideSection: "authorization",
  djangoDocs: "https://www.django-rest-framework.org/api-guide/authentication/#setting-the-authentication-scheme",
  docs: {
    what: "Finds Django REST framework views that turn authentication off with `authentication_classes = []` or `@authentication_classes([])`.",
    why:
      "With no authentication class every request is anonymous: the view cannot tell users apart, and `SessionAuthentication`'s CSRF check no longer runs. It is often added to get past a CSRF error, which leaves the endpoint open to anyone if its permissions allow anonymous users.",
    example:
      "from rest_framework.views import APIView\n\nclass TransferView(APIView):\n    authentication_classes = []\n\n    def post(self, request):\n        ...\n",
    summary: "Finds Django REST framework views with authentication turned off (authentication_classes = []).",
    good: "from rest_framework.permissions import IsAuthenticated\nfrom rest_framework.views import APIView\n\nclass TransferView(APIView):\n    permission_classes = [IsAuthenticated]\n\n    def post(self, request):\n        ...\n",
    fix:
      "Remove the override so the project's `DEFAULT_AUTHENTICATION_CLASSES` apply. For machine callers, authenticate them (a token or a signature check) instead of turning authentication off; for browser callers, send the CSRF token.",
    note:
      "Worth a look rather than certainly wrong: a truly public endpoint may do this on purpose. Login, sign-up, token, authentication, password-reset, verification, validation, webhook and contact-form views are skipped by name, and so are read-only views (`ListAPIView`, `ReadOnlyModelViewSet`, `@api_view([\"GET\"])`): without writes there is nothing to forge.",
  },
  mentions: /rest_framework/,
  messages: {
    authenticationDisabled:
      "`{{view}}` turns DRF authentication off, so every request here is anonymous and no CSRF check runs. Remove the empty `authentication_classes` unless this endpoint is meant to be public.",
  },
  checkModule({ root, imports, report }) {
    if (!imports.usesModule("rest_framework")) return;
    const classes = moduleClasses(root);
    for (const cls of classes.values()) {
      if (PUBLIC_ENDPOINT.test(cls.name) || readOnlyView(cls, imports, classes)) continue;
      const assignment = classAttribute(cls, "authentication_classes");
      if (assignment && isEmptySequence(assignment.childForFieldName("right"))) report(assignment, "authenticationDisabled", { view: cls.name });
    }
    for (const stmt of root.namedChildren) {
      if (stmt.type !== "decorated_definition") continue;
      const name = stmt.childForFieldName("definition")?.childForFieldName("name")?.text;
      if (!name || PUBLIC_ENDPOINT.test(name)) continue;
      if (readOnlyFunction(stmt.namedChildren.filter((c) => c.type === "decorator"), imports)) continue;
      for (const deco of stmt.namedChildren) {
        const expr = deco.type === "decorator" ? deco.namedChildren[0] : undefined;
        if (expr?.type !== "call" || !imports.is(decoratorTarget(expr), "rest_framework.decorators.authentication_classes")) continue;
        if (isEmptySequence(positionalArgs(expr)[0])) report(expr, "authenticationDisabled", { view: name });
      }
    }
  },
});
