import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

// Reading a webhook body before anyone is authenticated: the signature is checked while the body
// streams in, a declared size over the limit is refused before a byte is read, the bytes held by all
// bodies being read at once are capped, and a body that trickles in is cut off.

export interface IntakeLimits {
  /** Largest body accepted (GitHub caps payloads at 25 MB). */
  maxBodyBytes: number;
  /** Bytes of request bodies held at once by this process, over all requests being read. */
  maxInFlightBytes: number;
  /** Time allowed to receive a whole body. */
  bodyTimeoutMs: number;
  /** Deepest JSON nesting accepted (GitHub's payloads nest about ten levels). */
  maxJsonDepth: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxBodyBytes: 25 * 1024 * 1024,
  maxInFlightBytes: 100 * 1024 * 1024,
  bodyTimeoutMs: 30_000,
  maxJsonDepth: 64,
};

/** The limits from DJANGO_SEC_WEBHOOK_MEMORY_MB and DJANGO_SEC_BODY_TIMEOUT_MS, over the defaults. */
export function intakeLimitsFromEnv(env: Record<string, string | undefined>): IntakeLimits {
  const positive = (v: string | undefined) => (v && Number(v) > 0 ? Number(v) : undefined);
  const memoryMb = positive(env.DJANGO_SEC_WEBHOOK_MEMORY_MB);
  return {
    ...DEFAULT_INTAKE_LIMITS,
    ...(memoryMb ? { maxInFlightBytes: Math.floor(memoryMb * 1024 * 1024) } : {}),
    ...(positive(env.DJANGO_SEC_BODY_TIMEOUT_MS) ? { bodyTimeoutMs: positive(env.DJANGO_SEC_BODY_TIMEOUT_MS)! } : {}),
  };
}

/** Bytes reserved by bodies being read; a reservation that does not fit is refused, never waited for. */
export class ByteBudget {
  private used = 0;
  constructor(readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }
  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
  get inUse(): number {
    return this.used;
  }
}

export type BodyResult =
  | { kind: "ok"; body: Buffer }
  | { kind: "too-large" }
  | { kind: "busy" }
  | { kind: "bad-signature" }
  | { kind: "timeout" }
  | { kind: "aborted" };

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/** Whether `X-Hub-Signature-256` has the only form GitHub sends; anything else can be refused unread. */
export function wellFormedSignature(header: string): boolean {
  return SIGNATURE.test(header);
}

/**
 * Reads a body and checks its HMAC-SHA256 against `signature` chunk by chunk. Refuses at once (before
 * reading) a `Content-Length` over the limit or over what the budget has left; stops reading when the
 * body grows past either, or takes longer than the timeout. The bytes it holds are reserved in
 * `budget` until `release` is called (after the body has been parsed), or given back on any refusal.
 * On a refusal other than a bad signature the caller should answer and close the connection.
 */
export function readSignedBody(
  req: IncomingMessage,
  secret: string,
  signature: string,
  limits: IntakeLimits,
  budget: ByteBudget,
): Promise<{ result: BodyResult; release: () => void }> {
  return new Promise((resolve) => {
    let reserved = 0;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      budget.give(reserved);
    };
    const declared = req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]);
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.removeListener("data", onData);
      if (result.kind !== "ok") {
        release();
        // Stop receiving what is not wanted; the caller answers, then the connection is closed.
        req.pause();
      }
      resolve({ result, release });
    };
    const timer = setTimeout(() => finish({ kind: "timeout" }), limits.bodyTimeoutMs);

    if (declared !== undefined && (!Number.isSafeInteger(declared) || declared > limits.maxBodyBytes)) return finish({ kind: "too-large" });
    // A declared length is reserved up front and read into one buffer; otherwise bytes are reserved as they come.
    if (declared !== undefined) {
      if (!budget.take(declared)) return finish({ kind: "busy" });
      reserved = declared;
    }
    const whole = declared !== undefined ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const hmac = createHmac("sha256", secret);

    function onData(chunk: Buffer): void {
      size += chunk.length;
      if (size > limits.maxBodyBytes || (declared !== undefined && size > declared)) return finish({ kind: "too-large" });
      if (whole) chunk.copy(whole, size - chunk.length);
      else {
        if (!budget.take(chunk.length)) return finish({ kind: "busy" });
        reserved += chunk.length;
        chunks.push(chunk);
      }
      hmac.update(chunk);
    }
    req.on("data", onData);
    req.once("error", () => finish({ kind: "aborted" }));
    req.once("close", () => {
      if (!req.complete) finish({ kind: "aborted" });
    });
    req.once("end", () => {
      if (declared !== undefined && size !== declared) return finish({ kind: "aborted" });
      const expected = Buffer.from(SIGNATURE.exec(signature)?.[1] ?? "", "hex");
      const actual = hmac.digest();
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return finish({ kind: "bad-signature" });
      finish({ kind: "ok", body: whole ?? Buffer.concat(chunks, size) });
    });
  });
}

/**
 * Whether JSON text nests objects and arrays deeper than `max`: a linear scan that skips strings, run
 * before `JSON.parse` so that nothing later (a queue's JSON.stringify, a structured clone, a recursive
 * walk) can overflow the stack on a signed but hostile payload.
 */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}
