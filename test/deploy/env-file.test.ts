import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvFile, updateEnvFile } from "../../src/github/env-file.js";
import { testPrivateKey } from "../github/helpers/app-harness.js";

const dir = () => mkdtempSync(join(tmpdir(), "django-sec-env-"));

describe("loadEnvFile", () => {
  it("sets what .env defines and the environment does not, keeping the environment's values", () => {
    const path = join(dir(), ".env");
    writeFileSync(path, '# comment\nAPP_ID=123\nPORT=4000\nPRIVATE_KEY="-----BEGIN KEY-----\\nabc\\n-----END KEY-----\\n"\nEMPTY=\n');
    const env: Record<string, string | undefined> = { PORT: "3000" };
    expect(loadEnvFile(path, env).sort()).toEqual(["APP_ID", "EMPTY", "PRIVATE_KEY"]);
    expect(env).toEqual({ PORT: "3000", APP_ID: "123", EMPTY: "", PRIVATE_KEY: "-----BEGIN KEY-----\nabc\n-----END KEY-----\n" });
  });

  it("is a no-op without a .env file", () => {
    const env = {};
    expect(loadEnvFile(join(dir(), ".env"), env)).toEqual([]);
    expect(env).toEqual({});
  });
});

describe("updateEnvFile", () => {
  it("replaces defined names, appends new ones, keeps comments, and round-trips a private key", () => {
    const path = join(dir(), ".env");
    writeFileSync(path, "# my settings\nAPP_ID=\nLOG_LEVEL=debug\n");
    const pem = testPrivateKey();
    updateEnvFile(path, { APP_ID: "99", PRIVATE_KEY: pem, WEBHOOK_SECRET: "s3cret" });
    const text = readFileSync(path, "utf8");
    expect(text.split("\n").slice(0, 3)).toEqual(["# my settings", 'APP_ID="99"', "LOG_LEVEL=debug"]);
    const env: Record<string, string | undefined> = {};
    loadEnvFile(path, env);
    expect(env).toEqual({ APP_ID: "99", LOG_LEVEL: "debug", PRIVATE_KEY: pem, WEBHOOK_SECRET: "s3cret" });
  });

  it("creates the file readable by its owner only", () => {
    const path = join(dir(), ".env");
    updateEnvFile(path, { APP_ID: "1" });
    expect(statSync(path).mode & 0o077).toBe(0);
  });

  it("refuses a value .env cannot hold", () => {
    expect(() => updateEnvFile(join(dir(), ".env"), { X: 'a"b' })).toThrow(/cannot be written/);
  });
});
