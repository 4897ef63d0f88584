import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { positionalArgs } from "../sql-injection/string-building.js";
import { classAttribute, decoratorTarget, moduleClasses, PUBLIC_ENDPOINT } from "./class-views.js";

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
    fix:
      "Remove the override so the project's `DEFAULT_AUTHENTICATION_CLASSES` apply. For machine callers, authenticate them (a token or a signature check) instead of turning authentication off; for browser callers, send the CSRF token.",
    note:
      "Worth a look rather than certainly wrong: a truly public endpoint may do this on purpose. Login, sign-up, token, password-reset, verification and webhook views are skipped by name.",
  },
  messages: {
    authenticationDisabled:
      "`{{view}}` turns DRF authentication off, so every request here is anonymous and no CSRF check runs. Remove the empty `authentication_classes` unless this endpoint is meant to be public.",
  },
  checkModule({ root, imports, report }) {
    if (!imports.usesModule("rest_framework")) return;
    for (const cls of moduleClasses(root).values()) {
      if (PUBLIC_ENDPOINT.test(cls.name)) continue;
      const assignment = classAttribute(cls, "authentication_classes");
      if (assignment && isEmptySequence(assignment.childForFieldName("right"))) report(assignment, "authenticationDisabled", { view: cls.name });
    }
    for (const stmt of root.namedChildren) {
      if (stmt.type !== "decorated_definition") continue;
      const name = stmt.childForFieldName("definition")?.childForFieldName("name")?.text;
      if (!name || PUBLIC_ENDPOINT.test(name)) continue;
      for (const deco of stmt.namedChildren) {
        const expr = deco.type === "decorator" ? deco.namedChildren[0] : undefined;
        if (expr?.type !== "call" || !imports.is(decoratorTarget(expr), "rest_framework.decorators.authentication_classes")) continue;
        if (isEmptySequence(positionalArgs(expr)[0])) report(expr, "authenticationDisabled", { view: name });
      }
    }
  },
});
