import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

// No Docker engine in CI: these check what can be checked without one. The Dockerfile is read as
// instructions (continuation lines joined), docker-compose.yml as YAML.
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

function dockerfileStages(text: string): Stage[] {
  const logical = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (op.toUpperCase() === "FROM") {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      stages.push({ name: m[2] ?? String(stages.length), from: m[1], instructions: [] });
    } else if (stages.length) stages[stages.length - 1].instructions.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

/** `["node", "a.js"]` exec form, or shell form split on spaces. */
const commandOf = (args: string): string[] => (args.startsWith("[") ? (JSON.parse(args) as string[]) : args.split(/\s+/));
/** A package.json script as argv (the scripts used here are plain commands). */
const script = (name: string): string[] => (pkg.scripts[name] as string).split(/\s+/);

describe("Dockerfile", () => {
  const stages = dockerfileStages(readFileSync(join(repoRoot, "Dockerfile"), "utf8"));
  const runtime = stages[stages.length - 1];
  const ops = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op);

  it("builds in one stage and runs from another, on the same Node image", () => {
    expect(stages.map((s) => s.name)).toEqual(["build", "runtime"]);
    expect(stages[0].from).toBe(runtime.from);
    expect(runtime.from).toMatch(/^node:\$\{NODE_VERSION\}-bookworm-slim$/);
  });

  it("compiles the native parser with a compiler only in the build stage", () => {
    const buildRuns = ops(stages[0], "RUN").map((i) => i.args).join("\n");
    expect(buildRuns).toMatch(/apt-get install .*g\+\+.*make.*python3/);
    expect(buildRuns).toContain("npm ci --ignore-scripts");
    expect(buildRuns).toMatch(/npm prune --omit=dev[\s\S]*npm rebuild/);
    expect(ops(runtime, "RUN")).toEqual([]);
  });

  it("copies only production dependencies and the compiled app into the runtime stage", () => {
    const copies = ops(runtime, "COPY").map((i) => i.args);
    expect(copies).toEqual(["--from=build /app/package.json ./", "--from=build /app/node_modules/ node_modules/", "--from=build /app/dist/ dist/", "app.yml ./"]);
  });

  it("copies into the build stage only files that exist in the repository", () => {
    for (const copy of ops(stages[0], "COPY")) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) expect([source, existsSync(join(repoRoot, source))]).toEqual([source, true]);
    }
  });

  it("runs as a non-root user", () => {
    const users = ops(runtime, "USER").map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    // USER comes before the command, and nothing after it switches back.
    const order = runtime.instructions.map((i) => i.op);
    expect(order.indexOf("USER")).toBeLessThan(order.indexOf("CMD"));
  });

  it("checks its health on /healthz at the port it serves", () => {
    const [check] = ops(runtime, "HEALTHCHECK").map((i) => i.args);
    expect(check).toMatch(/--interval=\d+s/);
    expect(check).toContain("/healthz");
    expect(check).toContain("process.env.PORT || 3000");
    expect(ops(runtime, "EXPOSE").map((i) => i.args)).toEqual(["3000"]);
    expect(readFileSync(join(repoRoot, "src", "github", "app-server.ts"), "utf8")).toContain('path === "/healthz"');
  });

  it("runs `npm start`'s command directly (so SIGTERM reaches the server)", () => {
    const [cmd] = ops(runtime, "CMD").map((i) => commandOf(i.args));
    expect(cmd).toEqual(script("start"));
    expect(existsSync(join(repoRoot, cmd[1].replace(/^dist\//, "").replace(/\.js$/, ".ts")))).toBe(true);
  });

  it("keeps secrets, dependencies and build output out of the build context", () => {
    const ignored = readFileSync(join(repoRoot, ".dockerignore"), "utf8").split("\n");
    for (const entry of [".env", "*.pem", "node_modules", "dist", ".git"]) expect(ignored).toContain(entry);
  });
});

describe("docker-compose.yml", () => {
  const compose = parse(readFileSync(join(repoRoot, "docker-compose.yml"), "utf8"));
  const services = compose.services as Record<string, Record<string, unknown>>;

  it("runs Redis with append-only persistence on a volume, and no eviction (BullMQ)", () => {
    const redis = services.redis;
    expect(redis.image).toMatch(/^redis:/);
    const command = (redis.command as string[]).join(" ");
    expect(command).toContain("--appendonly yes");
    expect(command).toContain("--maxmemory-policy noeviction");
    expect(redis.volumes).toEqual(["redis-data:/data"]);
    expect(Object.keys(compose.volumes)).toEqual(["redis-data"]);
  });

  it("runs a receiver and a worker of the app image, sharing the queue on that Redis", () => {
    expect(Object.keys(services).sort()).toEqual(["receiver", "redis", "worker"]);
    for (const name of ["receiver", "worker"]) {
      const service = services[name];
      expect([name, service.build]).toEqual([name, "."]);
      expect((service.environment as Record<string, string>).REDIS_URL).toBe("redis://redis:6379");
      expect(service.env_file).toBe(".env");
      expect(service.init).toBe(true);
      expect((service.depends_on as Record<string, { condition: string }>).redis.condition).toBe("service_healthy");
    }
    expect(services.receiver.ports).toEqual(["3000:3000"]);
    expect(services.worker.ports).toBeUndefined();
  });

  it("runs the commands package.json names: `npm start` as a receiver, `npm run worker`", () => {
    expect(services.receiver.command).toEqual(script("start"));
    expect((services.receiver.environment as Record<string, string>).ROLE).toBe("receiver");
    expect(services.worker.command).toEqual(script("worker"));
    // The roles are the ones the server accepts.
    const server = readFileSync(join(repoRoot, "src", "github", "server.ts"), "utf8");
    expect(server).toContain('["all", "receiver", "worker"].includes(role)');
    expect(script("worker").slice(-2)).toEqual(["--role", "worker"]);
  });

  it("documents every variable the services need in .env.example", () => {
    const example = readFileSync(join(repoRoot, ".env.example"), "utf8");
    for (const name of ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "REDIS_URL", "ROLE"]) expect(example).toMatch(new RegExp(`^#? ?${name}=`, "m"));
  });
});
