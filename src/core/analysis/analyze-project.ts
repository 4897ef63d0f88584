import { classifyPaths, type FileLanguage } from "../config/classify-path.js";
import type { Config } from "../config/config.js";
import { fileLevelKey, markChanged, type FileLevelBaseline } from "../diff/mark-changed.js";
import type { ChangeSet } from "../diff/types.js";
import type { Rule } from "./define-rule.js";
import { hashFingerprint, normaliseCode } from "./fingerprint.js";
import { buildImportTable, type ImportTable } from "./imports.js";
import type { PyValue } from "./py-value.js";
import { parsePythonTree } from "./parse-python.js";
import { declaredPackages, demoProjectEvidence, DEPLOYMENT_FILE, developmentContent, developmentContentEvidence, developmentOnlyEvidence, docsBuildEvidence, findDeployedSettings, findKeyGenerator, isDefaultSettingsLayer, productionServerFile, testToolEvidence, type DeployedSettings, type DevelopmentContent } from "./deployed-settings.js";
import { projectFacts, type ProductionSettingsModule, type ProjectFacts } from "./project-facts.js";
import { webServerFacts } from "./web-server.js";
import { findMailTextTemplates } from "./mail-templates.js";
import { buildProjectIndex } from "./project-index.js";
import { findRefusedDefaults, type RefusedDefault } from "./refused-defaults.js";
import { runPythonRules, runTemplateRules, type RuleCrash } from "./run-rules.js";
import { buildSettingsModel, type SettingsModel } from "./settings-model.js";
import { findSuppressions, suppressionFor } from "./suppressions.js";
import { mergeSameFlow } from "./merge-flows.js";
import { tokenizeTemplate } from "./template-tokenizer.js";
import type { FileError, Finding, MarkedFinding, SettingsKind, SourceFile, SuppressedFinding, Suppression, SyntaxNode, SyntaxTree } from "./types.js";

export interface AnalyzeInput {
  /** Files to analyse and report on. Paths are repository-relative with `/`. */
  files: SourceFile[];
  /** Files read only for context (e.g. a settings module star-imported by a changed one); never reported. */
  contextFiles?: SourceFile[];
  /**
   * Files that name the deployed settings module (`manage.py`, `wsgi.py`, Procfile, Dockerfile, `.env`,
   * `pytest.ini`..., see `DEPLOYMENT_FILE`), read by the adapter; never analysed or reported.
   */
  deploymentFiles?: SourceFile[];
  config: Config;
  rules: Rule[];
  /** The change under review; without it every finding counts as in the change. */
  changes?: ChangeSet;
  /**
   * The base version of changed settings modules, under their base path. A file-level finding in such
   * a module (a setting missing, say) counts as in the change only when the base version does not have
   * it too, or when the change touches the statement it is reported at. Without a module's base text,
   * any change to the module puts its file-level findings in the change.
   */
  baseFiles?: SourceFile[];
  /** Called after each analysed file (progress for the CLI). */
  onFile?: (done: number, total: number) => void;
  /**
   * Facts from the project's settings. Without them they are read from the settings modules among
   * `files` and `contextFiles`; a caller analysing a project in parts passes the whole project's.
   */
  facts?: ProjectFacts;
  /**
   * The files and context files are the whole project (a scan of its root, a diff with the rest of the tree as
   * context), so code nothing refers to is known to be unreferenced. The app, which reads only related modules, leaves
   * it out.
   */
  wholeProject?: boolean;
}

export interface AnalyzedFile {
  path: string;
  language: FileLanguage;
  settingsKind: SettingsKind;
  /** First line with a syntax error; the rest of the file was still analysed. */
  syntaxErrorLine?: number;
}

export interface AnalysisResult {
  findings: MarkedFinding[];
  suppressed: SuppressedFinding[];
  suppressions: Suppression[];
  errors: FileError[];
  analyzed: AnalyzedFile[];
  /** Paths handed in but not analysed: excluded by config or not a Python/template file. */
  ignored: string[];
}

export const SUPPRESSION_RULE_ID = "suppression-without-reason";
// Native trees are freed only when the event loop turns, so long scans yield now and then.
const YIELD_EVERY = 100;

/** Analyses a set of files with the given rules and config, and marks findings against the change. */
export async function analyzeProject(input: AnalyzeInput): Promise<AnalysisResult> {
  const project = new Project(input);
  for (let i = 0; i < input.files.length; i++) {
    project.analyzeFile(input.files[i]);
    input.onFile?.(i + 1, input.files.length);
    if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return project.result();
}

/** Synchronous single-file analysis (tests, small inputs). */
export function analyzeSources(input: AnalyzeInput): AnalysisResult {
  const project = new Project(input);
  for (const file of input.files) project.analyzeFile(file);
  return project.result();
}

/** The project facts `analyzeProject` would read from these files (to hand to analyses of its parts). */
export function readProjectFacts(input: Pick<AnalyzeInput, "files" | "contextFiles" | "config" | "deploymentFiles" | "wholeProject">): ProjectFacts {
  return new Project({ ...input, rules: [] }).facts();
}

interface ParsedPython {
  tree: SyntaxTree;
  imports: ImportTable;
}

class Project {
  private readonly classify;
  private readonly rules: Rule[];
  private readonly rulesById: Map<string, Rule>;
  private readonly byPath = new Map<string, SourceFile>();
  private readonly settingsModels = new Map<string, SettingsModel | null>();
  private readonly parsedSettings = new Map<string, ParsedPython>();
  private readonly findings: Finding[] = [];
  private readonly suppressed: SuppressedFinding[] = [];
  private readonly suppressions: Suppression[] = [];
  private readonly errors: FileError[] = [];
  private readonly analyzed: AnalyzedFile[] = [];
  private readonly ignored: string[] = [];

  constructor(private readonly input: AnalyzeInput) {
    this.classify = classifyPaths(input.config);
    this.rules = enabledRules(input.rules, input.config);
    this.rulesById = new Map(this.rules.map((r) => [r.id, r]));
    for (const f of input.contextFiles ?? []) this.byPath.set(f.path, f);
    for (const f of input.files) this.byPath.set(f.path, f);
  }

  analyzeFile(file: SourceFile): void {
    const language = this.classify.language(file.path);
    if (!language) {
      this.ignored.push(file.path);
      return;
    }
    if (Buffer.byteLength(file.text) > this.input.config.maxFileSize) {
      this.errors.push({ path: file.path, reason: "too-large", detail: `limit ${this.input.config.maxFileSize} bytes` });
      return;
    }
    const text = file.text.replace(/\r\n?/g, "\n");
    const lines = text.split("\n");
    let settingsKind = language === "python" ? this.kindOf(file.path) : "none";
    let result: { findings: Finding[]; crashes: RuleCrash[] };
    const entry: AnalyzedFile = { path: file.path, language, settingsKind };
    if (language === "python") {
      let parsed = this.parsedSettings.get(file.path);
      if (!parsed) {
        parsed = this.parse(text);
        // Settings modules are parsed once: the settings model reads the same tree as the rules.
        if (settingsKind !== "none") this.parsedSettings.set(file.path, parsed);
      }
      if (parsed.tree.rootNode.hasError) entry.syntaxErrorLine = firstErrorLine(parsed.tree.rootNode);
      const settings = settingsKind === "none" ? undefined : this.settingsModel(file.path, new Set());
      // An empty `settings/__init__.py` or a helper module inside a settings package matches the
      // settings globs but sets nothing: it is not a settings module, so "missing setting" rules skip it.
      if (settings && settings.names().length === 0 && parsed.imports.starImports.length === 0) entry.settingsKind = settingsKind = "none";
      // A deployed module that builds on no other settings module is also the project's base.
      const namedSelfContained = settingsKind === "production" && this.deployed().production.includes(file.path) && parsed.imports.starImports.length === 0;
      const standalone = Boolean(settings && ((settingsKind === "base" && this.isStandaloneDeployed(file.path, settings)) || namedSelfContained));
      if (standalone) entry.settingsKind = settingsKind = "production";
      // A `devproject/` module, or one whose docstring calls it development settings: its findings are low confidence.
      const developmentOnly = settingsKind === "production" || settingsKind === "base" ? this.developmentEvidence(file.path, new Set()) : undefined;
      result = runPythonRules(this.rules, { path: file.path, text, lines, root: parsed.tree.rootNode, imports: parsed.imports, settingsKind, settings: settings ?? undefined, project: this.facts(), standalone, developmentOnly });
    } else {
      result = runTemplateRules(this.rules, { path: file.path, text, lines, tokens: tokenizeTemplate(text), project: this.facts() });
    }
    for (const crash of result.crashes) {
      this.errors.push({ path: file.path, reason: "rule-crashed", detail: `${crash.ruleId}: ${errorName(crash.error)}` });
    }
    this.analyzed.push(entry);
    this.applySuppressions(file.path, lines, language, result.findings);
  }

  /**
   * A single-file settings module (`settings.py`, `*_settings.py`; not a module of a settings package)
   * that turns `DEBUG` off (a literal, or an environment lookup whose default is off), and that no other
   * known settings module star-imports, is the configuration a project deploys: production settings, as
   * `manage.py check --deploy` would treat it.
   */
  private isStandaloneDeployed(path: string, settings: SettingsModel): boolean {
    if (/(^|\/)settings\//.test(path)) return false;
    const debug = settings.get("DEBUG");
    if (!debug || debug.path !== path || debug.op !== "=" || debug.conditional || debug.debugOnly || !debugOffByDefault(debug.value)) return false;
    for (const other of this.settingsPaths()) {
      if (other === path) continue;
      if (this.parsedSettingsModule(other).imports.starImports.some((m) => resolveModulePath(other, m, this.byPath) === path)) return false;
    }
    return true;
  }

  private projectFacts: ProjectFacts | undefined;

  /** The project's facts, read from every settings module handed in (parsed once, on first need). */
  facts(): ProjectFacts {
    if (!this.projectFacts) {
      const deployed = this.deployed();
      const named = deployed.production.length > 0 || deployed.test.length > 0;
      const mail = findMailTextTemplates([...this.input.files, ...(this.input.contextFiles ?? [])]);
      const webServer = webServerFacts(this.deploymentEntries());
      const production = this.productionSettings();
      const layers = this.defaultSettingsLayers();
      const refused = this.refusedDefaults();
      this.projectFacts = this.input.facts ?? {
        ...projectFacts(this.allSettingsModels()),
        index: buildProjectIndex([...this.input.files, ...(this.input.contextFiles ?? [])], { wholeProject: this.input.wholeProject === true }),
        ...(named ? { deployedSettings: deployed } : {}),
        ...(mail.length ? { mailTextTemplates: mail } : {}),
        ...(webServer ? { webServer } : {}),
        ...(production.length ? { productionSettings: production } : {}),
        ...(layers ? { defaultSettingsLayers: layers } : {}),
        ...(refused.length ? { refusedDefaults: refused } : {}),
      };
    }
    return this.projectFacts;
  }

  /** The settings values settings modules refuse at start-up outside development (see `findRefusedDefaults`). */
  private refusedDefaults(): RefusedDefault[] {
    return this.settingsPaths()
      .filter((p) => p.endsWith(".py") && /\b(?:assert|raise)\b/.test(this.byPath.get(p)?.text ?? ""))
      .flatMap((path) => {
        const parsed = this.parsedSettingsModule(path);
        const resolve = (local: string) => {
          const module = parsed.imports.bindings.get(local);
          return module ? { path: resolveModulePath(path, module, this.byPath) } : undefined;
        };
        return findRefusedDefaults(path, parsed.tree.rootNode, resolve);
      });
  }

  /** The default settings layers of a project that generates its installations' settings with a key of their own (see `ProjectFacts`). */
  private defaultSettingsLayers(): ProjectFacts["defaultSettingsLayers"] {
    const deployed = this.deployed().production;
    const paths = this.settingsPaths().filter((p) => p.endsWith(".py") && isDefaultSettingsLayer(p) && !deployed.includes(p));
    if (!paths.length) return undefined;
    const generator = findKeyGenerator(this.byPath.values(), (p) => this.classify.language(p) === "python" && this.kindOf(p) !== "none");
    return generator ? { paths, generator } : undefined;
  }

  /** The production settings modules, what each assigns itself and what it star-imports (see `overriddenInProduction`). */
  private productionSettings(): ProductionSettingsModule[] {
    const out: ProductionSettingsModule[] = [];
    for (const path of this.settingsPaths()) {
      if (!path.endsWith(".py") || this.kindOf(path) !== "production") continue;
      const model = this.settingsModel(path, new Set());
      if (!model) continue;
      // An empty `settings/__init__.py` that `wsgi.py` names while the deployment's environment picks the real
      // module: it sets nothing and loads nothing (Django would not even start with it), so it is no production module.
      const starImported = this.parsedSettingsModule(path).imports.starImports;
      if (model.names().length === 0 && starImported.length === 0 && !DYNAMIC_SETTINGS_LOAD.test(this.byPath.get(path)?.text ?? "")) continue;
      const owns = model.names().filter((n) => {
        const a = model.get(n);
        return a !== undefined && a.path === path && a.op === "=" && !a.conditional && !a.debugOnly;
      });
      const starImports = starImported.flatMap((m) => resolveModulePath(path, m, this.byPath) ?? []);
      out.push({ path, owns, starImports, ...this.loadedModules(path) });
    }
    return out;
  }

  /**
   * Every settings module a module loads through star imports, transitively; `loadsUnseen` when one of them cannot
   * be resolved among the files handed in (what it loads is then not known).
   */
  private loadedModules(path: string): Pick<ProductionSettingsModule, "loads" | "loadsUnseen"> {
    const loads = new Set<string>();
    let unseen = false;
    const queue = [path];
    while (queue.length && loads.size < 64) {
      const at = queue.shift()!;
      // django-split-settings' `include()`, `exec(open(...).read())`, `import_module()`: modules loaded otherwise.
      if (DYNAMIC_SETTINGS_LOAD.test(this.byPath.get(at)?.text ?? "")) unseen = true;
      for (const m of this.parsedSettingsModule(at).imports.starImports) {
        const target = resolveModulePath(at, m, this.byPath);
        if (!target) unseen = true;
        else if (target !== path && !loads.has(target)) {
          loads.add(target);
          queue.push(target);
        }
      }
    }
    return unseen ? { loads: [...loads], loadsUnseen: true } : { loads: [...loads] };
  }

  /** The deployment files handed in, and those among the analysed files. */
  private deploymentEntries(): SourceFile[] {
    return [...(this.input.deploymentFiles ?? []), ...[...this.byPath.values()].filter((f) => DEPLOYMENT_FILE.test(f.path))];
  }

  private deployedSettings: DeployedSettings | undefined;

  /** The settings modules the project's entry points and deployment files name (found once). */
  private deployed(): DeployedSettings {
    if (!this.deployedSettings) {
      const given = this.input.facts?.deployedSettings;
      const entries = this.deploymentEntries();
      const python = new Set([...this.byPath.keys()].filter((p) => p.endsWith(".py")));
      this.deployedSettings = given ?? findDeployedSettings(entries, python);
    }
    return this.deployedSettings;
  }

  /**
   * The settings kind of a path: by the config's globs, except that a module the project's entry points
   * or deployment files name is production (unless its path says development), and one only the test
   * configuration names is development.
   */
  private kindOf(path: string): SettingsKind {
    const byPath = this.classify.settingsKind(path);
    if (!path.endsWith(".py") || byPath === "development") return byPath;
    const deployed = this.deployed();
    if (deployed.production.includes(path)) return "production";
    if (deployed.test.includes(path) && (byPath === "none" || /test/i.test(path))) return "development";
    return byPath;
  }

  private settingsPathList: string[] | undefined;

  /** Paths of every settings module handed in (files and context files), found once. */
  private settingsPaths(): string[] {
    this.settingsPathList ??= [...this.byPath.keys()].filter((p) => this.classify.isSettingsModule(p) || (this.classify.language(p) === "python" && this.kindOf(p) !== "none"));
    return this.settingsPathList;
  }

  private *allSettingsModels(): Iterable<SettingsModel> {
    for (const path of this.settingsPaths()) {
      const model = this.settingsModel(path, new Set());
      if (model) yield model;
    }
  }

  /** A known settings module's tree, parsed once (`path` must be among the files or context files). */
  private parsedSettingsModule(path: string): ParsedPython {
    let parsed = this.parsedSettings.get(path);
    if (!parsed) this.parsedSettings.set(path, (parsed = this.parse(this.byPath.get(path)!.text.replace(/\r\n?/g, "\n"))));
    return parsed;
  }

  private parse(text: string): ParsedPython {
    const tree = parsePythonTree(text);
    return { tree, imports: buildImportTable(tree.rootNode, text) };
  }

  private applySuppressions(path: string, lines: string[], language: FileLanguage, findings: Finding[]): void {
    const found = findSuppressions(path, lines, language, { foreign: this.input.config.honorForeignSuppressions });
    this.suppressions.push(...found);
    const suppressionRule = this.rulesById.get(SUPPRESSION_RULE_ID);
    for (const s of found) {
      if (!s.reason && !s.via && suppressionRule) {
        findings.push(suppressionFinding(suppressionRule, path, s, lines[s.line - 1] ?? ""));
      }
    }
    const seen = new Set<string>();
    const superseded = this.supersededKeys(findings);
    for (const f of findings) {
      if (superseded.has(`${f.ruleId}:${f.line}`)) continue;
      const key = `${f.ruleId}:${f.messageId}:${f.line}:${f.column}:${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = f.ruleId === SUPPRESSION_RULE_ID ? undefined : suppressionFor(f.ruleId, f.line, f.fileLevel, found, f.endLine);
      if (s) this.suppressed.push({ finding: f, suppression: s });
      else this.findings.push(f);
    }
  }

  private supersededKeys(findings: Finding[]): Set<string> {
    const keys = new Set<string>();
    for (const f of findings) {
      const rule = this.rulesById.get(f.ruleId);
      for (const id of rule?.supersedes ?? []) keys.add(`${id}:${f.line}`);
    }
    return keys;
  }

  private readonly developmentEvidences = new Map<string, string | undefined>();
  private demoFacts: { packages: ReturnType<typeof declaredPackages>; server: string | undefined } | undefined;

  /** Why a settings module is the demo site of a package the repository publishes (see `demoProjectEvidence`). */
  /** A Sphinx build's settings module (see `docsBuildEvidence`), unless a deployment file names it. */
  private docsEvidence(path: string): string | undefined {
    if (this.deployed().production.includes(path)) return undefined;
    return docsBuildEvidence(path, (p) => this.byPath.get(p)?.text);
  }

  /** A test tool's or profiling harness's settings module (see `testToolEvidence`), unless a deployment file names it. */
  private testToolEvidence(path: string, content: DevelopmentContent): string | undefined {
    if (this.deployed().production.includes(path)) return undefined;
    return testToolEvidence(path, content);
  }

  private demoEvidence(path: string): string | undefined {
    if (!this.demoFacts) {
      const entries = this.deploymentEntries();
      this.demoFacts = { packages: declaredPackages(entries), server: productionServerFile(entries) };
    }
    return demoProjectEvidence(path, this.demoFacts.packages, this.demoFacts.server);
  }

  /**
   * Why a settings module is a development or test setup's only: its folder, name or docstring says so, its own
   * content is development configuration, or it builds (star-imports) on such a module without setting `DEBUG`
   * to anything but `True` itself.
   */
  private developmentEvidence(path: string, visiting: Set<string>): string | undefined {
    if (this.developmentEvidences.has(path)) return this.developmentEvidences.get(path);
    if (visiting.has(path) || !this.byPath.has(path)) return undefined;
    visiting.add(path);
    const parsed = this.parsedSettingsModule(path);
    const root = parsed.tree.rootNode;
    const content = developmentContent(root);
    let evidence = developmentOnlyEvidence(path, moduleDocstring(root)) ?? developmentContentEvidence(content) ?? this.demoEvidence(path) ?? this.docsEvidence(path) ?? this.testToolEvidence(path, content);
    if (!evidence && (!content.setsDebug || content.debugOn)) {
      for (const module of parsed.imports.starImports) {
        const target = resolveModulePath(path, module, this.byPath);
        if (!target || !this.developmentEvidence(target, visiting)) continue;
        evidence = `(The module builds on \`${target.slice(target.lastIndexOf("/") + 1)}\`, development settings, so production may never load it.)`;
        break;
      }
    }
    this.developmentEvidences.set(path, evidence);
    return evidence;
  }

  /** The settings model of a module, with its star imports resolved among the known files. */
  private settingsModel(path: string, visiting: Set<string>): SettingsModel | null {
    if (this.settingsModels.has(path)) return this.settingsModels.get(path)!;
    const file = this.byPath.get(path);
    if (!file || visiting.has(path)) return null;
    visiting.add(path);
    const parsed = this.parsedSettingsModule(path);
    const inherited: SettingsModel[] = [];
    const unresolved: string[] = [];
    for (const module of parsed.imports.starImports) {
      const target = resolveModulePath(path, module, this.byPath);
      const model = target ? this.settingsModel(target, visiting) : null;
      if (model) inherited.push(model);
      else unresolved.push(module);
    }
    const model = buildSettingsModel(parsed.tree.rootNode, parsed.imports, path, inherited, unresolved);
    this.settingsModels.set(path, model);
    return model;
  }

  /** The file-level findings of the base versions of changed modules, by their new path. */
  private baseline(): FileLevelBaseline | undefined {
    const { baseFiles, changes } = this.input;
    if (!baseFiles?.length || !changes) return undefined;
    const basePaths = new Set(baseFiles.map((f) => f.path));
    const context = [...(this.input.contextFiles ?? []), ...this.input.files].filter((f) => !basePaths.has(f.path));
    const base = new Project({ ...this.input, files: baseFiles, contextFiles: context, changes: undefined, baseFiles: undefined, onFile: undefined });
    for (const file of baseFiles) base.analyzeFile(file);
    const newPath = new Map([...changes.values()].map((c) => [c.oldPath ?? c.path, c.path]));
    const baseline: FileLevelBaseline = new Map(baseFiles.map((f) => [newPath.get(f.path) ?? f.path, new Set<string>()]));
    for (const f of base.findings) if (f.fileLevel) baseline.get(newPath.get(f.path) ?? f.path)!.add(fileLevelKey(f));
    return baseline;
  }

  result(): AnalysisResult {
    const order = (a: Finding, b: Finding) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1));
    const overridden = this.findings.map((f) => withSeverity(f, this.input.config));
    return {
      findings: mergeSameFlow(markChanged(overridden.sort(order), this.input.changes, this.baseline())),
      suppressed: this.suppressed,
      suppressions: this.suppressions,
      errors: this.errors,
      analyzed: this.analyzed,
      ignored: this.ignored,
    };
  }
}

// Ways a settings module loads others besides star imports: django-split-settings, exec of a file, importlib.
const DYNAMIC_SETTINGS_LOAD = /\bsplit_settings\b|\binclude\(|\bexec(?:file)?\(|\bimport_module\(|\b__import__\(|\brunpy\b|\bimportlib\b/;

/** `DEBUG = False`, or an environment lookup that is off when the variable is unset. */
function debugOffByDefault(value: PyValue): boolean {
  if (value.kind === "bool") return !value.value;
  if (value.kind !== "env") return false;
  const f = value.fallback;
  if (!f) return value.raw === true && value.node.type === "call";
  return (f.kind === "bool" && !f.value) || f.kind === "none" || (f.kind === "int" && f.value === 0) || (f.kind === "str" && f.value === "");
}

function enabledRules(rules: Rule[], config: Config): Rule[] {
  const enabled = rules.filter((r) => config.rules[r.id] !== "off" && (config.taint || r.guideSection !== "data-flow"));
  // Keep the same array identity for the common case so the combined query is compiled once.
  return enabled.length === rules.length ? rules : enabled;
}

function withSeverity(f: Finding, config: Config): Finding {
  const setting = config.rules[f.ruleId];
  return setting && setting !== "on" && setting !== "off" ? { ...f, severity: setting } : f;
}

function suppressionFinding(rule: Rule, path: string, s: Suppression, line: string): Finding {
  const message = rule.messages.noReason.replace(/\{\{\s*rules\s*\}\}/, s.ruleIds.join(", "));
  return {
    ruleId: rule.id,
    messageId: "noReason",
    path,
    line: s.line,
    endLine: s.line,
    column: Math.max(1, line.indexOf("django-sec:") + 1),
    severity: rule.severity,
    confidence: rule.confidence,
    cwe: rule.cwes,
    message,
    fingerprint: hashFingerprint([rule.id, path, "noReason", normaliseCode(line.slice(0, 400))]),
    fileLevel: false,
  };
}

function firstErrorLine(root: SyntaxNode): number {
  const cursor = root.walk();
  for (;;) {
    const node = cursor.currentNode;
    if (node.type === "ERROR" || node.isMissing) return node.startPosition.row + 1;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return root.startPosition.row + 1;
    }
  }
}

/** The module's docstring: a string literal as its first statement. */
function moduleDocstring(root: SyntaxNode): string | undefined {
  const first = root.namedChildren.find((c) => c.type !== "comment");
  const str = first?.type === "expression_statement" ? first.namedChildren[0] : undefined;
  return str?.type === "string" ? str.text.slice(0, 2000) : undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : "unknown error";
}

/** Resolves `from .base import *` / `from proj.settings.base import *` to a known file path. */
export function resolveModulePath(fromPath: string, module: string, known: Map<string, unknown>): string | undefined {
  const candidates: string[] = [];
  if (module.startsWith(".")) {
    const dots = module.match(/^\.+/)![0].length;
    const parts = fromPath.split("/").slice(0, -1);
    const base = parts.slice(0, parts.length - (dots - 1));
    const rest = module.slice(dots).split(".").filter(Boolean);
    const stem = [...base, ...rest].join("/");
    candidates.push(`${stem}.py`, `${stem}/__init__.py`);
    for (const c of candidates) if (known.has(c)) return c;
    return undefined;
  }
  const stem = module.split(".").join("/");
  for (const suffix of [`${stem}.py`, `${stem}/__init__.py`]) {
    for (const path of known.keys()) if (path === suffix || path.endsWith(`/${suffix}`)) return path;
  }
  return undefined;
}
