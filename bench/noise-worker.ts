// One project of the noise benchmark per process: scans a code base on disk as `django-sec scan DIR`
// would with the default config, and prints its findings and its size in lines of Python.
import { collectContextFiles, collectDeploymentFiles, collectFiles } from "../src/cli/collect-files.js";
import { analyzeProject } from "../src/core/analysis/analyze-project.js";
import type { Finding } from "../src/core/analysis/types.js";
import { classifyPaths } from "../src/core/config/classify-path.js";
import { DEFAULT_CONFIG } from "../src/core/config/config.js";
import { allRules } from "../rules/index.js";

export interface NoiseFinding {
  ruleId: string;
  path: string;
  line: number;
  severity: Finding["severity"];
  confidence: Finding["confidence"];
  fileLevel: boolean;
  message: string;
  trace?: Finding["trace"];
}

export interface NoiseResult {
  dir: string;
  pythonFiles: number;
  pythonLines: number;
  templateFiles: number;
  ms: number;
  findings: NoiseFinding[];
}

const [dir] = process.argv.slice(2);
const config = DEFAULT_CONFIG;
const classify = classifyPaths(config);
const { files } = collectFiles({ root: dir, targets: [dir], classify, exclude: config.exclude, maxFileSize: config.maxFileSize });
const contextFiles = collectContextFiles(dir, files, classify.isSettingsModule, config.maxFileSize);
const python = files.filter((f) => classify.language(f.path) === "python");
const lines = (text: string) => (text.length === 0 ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0));
const start = process.hrtime.bigint();
// The deployment files (entry points, Dockerfiles, compose files, web server configs) `django-sec scan` reads too.
const deploymentFiles = collectDeploymentFiles(dir);
const result = await analyzeProject({ files, contextFiles, deploymentFiles, config, rules: allRules, wholeProject: true });
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const out: NoiseResult = {
  dir,
  pythonFiles: python.length,
  pythonLines: python.reduce((n, f) => n + lines(f.text), 0),
  templateFiles: files.filter((f) => classify.language(f.path) === "template").length,
  ms,
  findings: result.findings.map((f) => ({ ruleId: f.ruleId, path: f.path, line: f.line, severity: f.severity, confidence: f.confidence, fileLevel: f.fileLevel, message: f.message, trace: f.trace })),
};
process.stdout.write(JSON.stringify(out) + "\n");
