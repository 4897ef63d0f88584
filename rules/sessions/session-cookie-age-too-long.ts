import { defineRule, type SettingsContext } from "../../src/core/analysis/define-rule.js";
import { productionAssignments } from "../../src/core/analysis/settings-values.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";

const TWO_WEEKS = 14 * 24 * 3600;

const UNIT_SECONDS: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1 };

/** Seconds of `timedelta(days=30).total_seconds()`, optionally wrapped in `int(...)`; undefined otherwise. */
function timedeltaSeconds(node: SyntaxNode, ctx: SettingsContext): number | undefined {
  let call: SyntaxNode | null = node;
  if (call.type === "call" && ctx.imports.qualifyNode(call.childForFieldName("function")) === "builtins.int") {
    call = call.childForFieldName("arguments")?.namedChildren[0] ?? null;
  }
  const fn = call?.type === "call" ? call.childForFieldName("function") : null;
  if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "total_seconds") return undefined;
  const delta = fn.childForFieldName("object");
  if (delta?.type !== "call" || ctx.imports.qualifyNode(delta.childForFieldName("function")) !== "datetime.timedelta") return undefined;
  let total = 0;
  for (const arg of delta.childForFieldName("arguments")?.namedChildren ?? []) {
    const unit = arg.type === "keyword_argument" ? UNIT_SECONDS[arg.childForFieldName("name")?.text ?? ""] : undefined;
    const value = arg.childForFieldName("value");
    const v = unit && value ? ctx.settings.evaluate(value) : undefined;
    if (v?.kind !== "int") return undefined;
    total += v.value * unit!;
  }
  return total || undefined;
}

function days(seconds: number): string {
  const d = seconds / 86400;
  return Number.isInteger(d) ? `${d} days` : `${Math.round(d * 10) / 10} days`;
}

export default defineRule({
  id: "session-cookie-age-too-long",
  severity: "low",
  confidence: "high",
  cwe: 613,
  owasp: "A07:2021",
  guideSection: "sessions",
  djangoDocs: "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-age",
  language: "settings",
  settingsKinds: ["production", "base"],
  docs: {
    what: "Finds `SESSION_COOKIE_AGE` values longer than two weeks (Django's default), including arithmetic such as `3600 * 24 * 30`.",
    why:
      "A stolen session cookie (from a shared computer, malware or a leaked log) keeps working for the whole cookie age. " +
      "Longer sessions give an attacker a longer window.",
    example: "SESSION_COOKIE_AGE = 60 * 60 * 24 * 90  # 90 days\n",
    good: "SESSION_COOKIE_AGE = 60 * 60 * 24 * 7  # one week\n",
    fix:
      "Use the shortest age your users accept: the guide suggests one week (`3600 * 24 * 7`). For \"remember me\", " +
      "shorten other sessions with `request.session.set_expiry()` instead of raising the global age.",
    note: "The guide uses one week; to stay quiet on defaults, only ages above Django's default of two weeks (1209600 seconds) are reported.",
  },
  messages: {
    tooLong: "Sessions last {{days}} (`SESSION_COOKIE_AGE = {{seconds}}`). Keep it at two weeks or less; the guide suggests one week.",
    fallbackTooLong: "`SESSION_COOKIE_AGE` defaults to {{days}} when the environment variable is unset. Use two weeks or less.",
  },
  checkSettings(ctx) {
    const { settings, report } = ctx;
    for (const a of productionAssignments(settings, "SESSION_COOKIE_AGE")) {
      const v = a.value;
      const seconds = v.kind === "int" ? v.value : timedeltaSeconds(a.valueNode, ctx);
      if (seconds !== undefined && seconds > TWO_WEEKS) report(a.node, "tooLong", { days: days(seconds), seconds: a.valueNode.text });
      else if (v.kind === "env" && v.fallback?.kind === "int" && v.fallback.value > TWO_WEEKS) {
        report(a.node, "fallbackTooLong", { days: days(v.fallback.value) });
      }
    }
  },
});
