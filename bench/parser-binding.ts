// Native tree-sitter against web-tree-sitter (WASM) on the analyzer benchmark's generated projects:
// parse every Python file and walk its tree with a cursor, as the analyzer's floor does, plus a "visit"
// variant that also reads every node's type and every identifier's text (what rules spend their time on).
// One measurement per process. web-tree-sitter is not a dependency: install it beside, e.g.
//   npm i --no-save web-tree-sitter@0.25 && npm run build && node dist/bench/parser-binding.js wasm-floor 2000
// or point WEB_TREE_SITTER at its folder. The grammar's .wasm ships in tree-sitter-python.
import { createRequire } from "node:module";
import { generateProject } from "./generate-project.js";

interface Cursor {
  nodeType: string;
  nodeText: string;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}
interface Tree {
  walk(): Cursor;
  delete?(): void;
}
type Parse = (text: string) => Tree;

const require = createRequire(import.meta.url);

async function nativeParser(): Promise<Parse> {
  const { parsePython } = await import("../src/core/analysis/parse-python.js");
  return (text) => parsePython(text) as unknown as Tree;
}

async function wasmParser(): Promise<Parse> {
  const where = process.env.WEB_TREE_SITTER ?? "web-tree-sitter";
  const wts: any = await import(where.startsWith("/") ? `${where}/tree-sitter.js` : where);
  await wts.Parser.init();
  const language = await wts.Language.load(require.resolve("tree-sitter-python/tree-sitter-python.wasm"));
  const parser = new wts.Parser();
  parser.setLanguage(language);
  return (text) => parser.parse(text) as Tree;
}

let chars = 0;

function walk(tree: Tree, visit: boolean): number {
  const cursor = tree.walk();
  let nodes = 0;
  for (;;) {
    nodes++;
    if (visit) {
      const type = cursor.nodeType;
      if (type === "identifier" || type === "string_content") chars += cursor.nodeText.length;
    }
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return nodes;
  }
}

async function main(): Promise<void> {
  const [mode, countArg] = process.argv.slice(2);
  const [binding, kind] = (mode ?? "").split("-");
  if (!["native", "wasm"].includes(binding) || !["floor", "visit"].includes(kind)) throw new Error("mode: native-floor, native-visit, wasm-floor or wasm-visit");
  const files = generateProject(Number(countArg ?? 500), 1).filter((f) => f.path.endsWith(".py"));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const loadStart = process.hrtime.bigint();
  const parse = binding === "native" ? await nativeParser() : await wasmParser();
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let nodes = 0;
  for (let i = 0; i < files.length; i++) {
    const tree = parse(files[i].text);
    nodes += walk(tree, kind === "visit");
    tree.delete?.();
    if ((i + 1) % 100 === 0) await new Promise((r) => setImmediate(r));
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time (user + system) is steadier than wall time on a shared machine.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ mode, files: files.length, mb: +(bytes / 1e6).toFixed(2), nodes, chars, loadMs: Math.round(loadMs), ms: Math.round(ms), cpuMs: Math.round(cpuMs), mbPerSec: +(bytes / 1e6 / (ms / 1000)).toFixed(2), maxRssMb }) + "\n");
}

await main();
