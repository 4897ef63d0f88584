import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { Probot, ProbotOctokit } from "probot";
import type { Rule } from "../../../src/core/analysis/define-rule.js";
import { registerHandlers } from "../../../src/github/handlers.js";

let privateKey: string | undefined;

/** An RSA key made at test time: test keys are never committed. */
export function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return privateKey;
}

export const APP_ID = 4242;
export const BOT_LOGIN = "django-sec[bot]";

/**
 * ProbotOctokit with retries and throttling off. A function is needed: Probot passes its own `throttle`
 * options when it builds the client, which would replace a plain `{ enabled: false }` default (and
 * throttling spaces write requests a second apart).
 */
export function testOctokit(): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: Record<string, any>) => ({
    ...options,
    retry: { ...options.retry, enabled: false },
    throttle: { ...options.throttle, enabled: false },
  }));
}

/** A Probot instance with retries and throttling off, so nock sees each request exactly once. */
export function testProbot(rules?: Rule[], ruleDocsBase?: string): Probot {
  const probot = new Probot({
    appId: APP_ID,
    privateKey: testPrivateKey(),
    secret: "test-secret",
    logLevel: "fatal",
    Octokit: testOctokit(),
  });
  registerHandlers(probot, { rules, ruleDocsBase });
  return probot;
}

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/github/${name}`, import.meta.url), "utf8")) as T;
}
