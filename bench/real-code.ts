// One measurement per process: the analysis of a real code base on disk, as `django-sec scan DIR`
// would collect it, in-process (`single`) or on two worker threads (`threads`).
import { collectFiles } from "../src/cli/collect-files.js";
import { analyzeProject } from "../src/core/analysis/analyze-project.js";
import { classifyPaths } from "../src/core/config/classify-path.js";
import { DEFAULT_CONFIG } from "../src/core/config/config.js";
import { analyzeInParallel } from "../src/parallel/analyze-in-parallel.js";
import { allRules } from "../rules/index.js";

export interface RealResult {
  dir: string;
  mode: string;
  files: number;
  pythonFiles: number;
  pythonBytes: number;
  bytes: number;
  ms: number;
  findings: number;
}

const [dir, mode] = process.argv.slice(2);
const config = DEFAULT_CONFIG;
const classify = classifyPaths(config);
const { files } = collectFiles({ root: dir, targets: [dir], classify, exclude: config.exclude, maxFileSize: config.maxFileSize });
const python = files.filter((f) => classify.language(f.path) === "python");
const size = (fs: typeof files) => fs.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
const input = { files, config, rules: allRules };
const start = process.hrtime.bigint();
const result = mode === "threads" ? await analyzeInParallel(input, { jobs: 2, minBytes: 0 }) : await analyzeProject(input);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const out: RealResult = { dir, mode, files: files.length, pythonFiles: python.length, pythonBytes: size(python), bytes: size(files), ms, findings: result.findings.length };
process.stdout.write(JSON.stringify(out) + "\n");
