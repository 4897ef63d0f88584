/** The part of smee-client's `SmeeClient` the app uses (v2 to v5). */
export interface ProxyClient {
  start(): unknown;
  stop?(): unknown;
}
export type ProxyClientClass = new (options: { source: string; target: string; logger: ProxyLogger }) => ProxyClient;
interface ProxyLogger {
  info(...args: unknown[]): void;
  error(...args: unknown[]): void;
}
export interface RunningProxy {
  stop(): Promise<void>;
}

/** smee-client is not a dependency of the app: it is loaded when installed (`npm install --no-save smee-client`). */
export async function loadSmeeClient(): Promise<ProxyClientClass | undefined> {
  const name = "smee-client";
  try {
    const mod = (await import(name)) as { SmeeClient?: ProxyClientClass; default?: ProxyClientClass };
    return mod.SmeeClient ?? mod.default;
  } catch {
    return undefined;
  }
}

/**
 * Local development: forwards the deliveries GitHub sends to a smee.io channel (`WEBHOOK_PROXY_URL`)
 * to this server's webhook path. Without smee-client installed, says how to get it and returns
 * undefined; the server keeps running (deliveries can still come straight in).
 */
export async function startWebhookProxy(
  source: string,
  target: string,
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void },
  load: () => Promise<ProxyClientClass | undefined> = loadSmeeClient,
): Promise<RunningProxy | undefined> {
  const SmeeClient = await load();
  if (!SmeeClient) {
    log.warn(
      { source, target },
      `WEBHOOK_PROXY_URL is set but smee-client is not installed, so nothing forwards ${source} here: run \`npm install --no-save smee-client\` and restart, or run \`npx smee-client --url ${source} --target ${target}\` beside the server`,
    );
    return undefined;
  }
  const client = new SmeeClient({
    source,
    target,
    logger: { info: (...args) => log.info({ source }, args.map(String).join(" ")), error: (...args) => log.error({ source }, args.map(String).join(" ")) },
  });
  const started = await client.start();
  log.info({ source, target }, "forwarding webhook deliveries from the smee.io channel");
  return {
    stop: async () => {
      if (client.stop) await client.stop();
      else (started as { close?: () => void } | undefined)?.close?.();
    },
  };
}
