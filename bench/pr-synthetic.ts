/**
 * Synthetic pull requests for the pull-request pipeline benchmark, built on a generated Django project:
 * the base commit is `generateProject(...)`, the head commit adds blocks of new code to some of its files
 * (new views, some with a guide violation, new API endpoints, helpers, template markup, settings). The
 * same size and seed always give the same pull request.
 */
import type { FakePullRequest } from "../src/demo/fake-github.js";
import { generateProject, mulberry32, type GeneratedFile } from "./generate-project.js";

export type PrSize = "typical" | "large" | "huge";

export interface PrShape {
  /** Files in the base project. */
  projectFiles: number;
  /** Files the pull request changes. */
  changedFiles: number;
  /** Lines added per changed file (roughly; blocks are whole functions). */
  linesPerFile: number;
}

/** typical: 5 files / ~150 lines; large: 80 files / ~4,000 lines; huge: 3,000 files, GitHub's listing maximum. */
export const PR_SHAPES: Record<PrSize, PrShape> = {
  typical: { projectFiles: 200, changedFiles: 5, linesPerFile: 30 },
  large: { projectFiles: 400, changedFiles: 80, linesPerFile: 50 },
  huge: { projectFiles: 3000, changedFiles: 3000, linesPerFile: 12 },
};

export interface SyntheticPull {
  pull: FakePullRequest;
  /** Paths of the changed files, and lines added/removed over all of them. */
  changed: string[];
  added: number;
  removed: number;
}

// What a feature touches in an app, most likely first.
const PREFERENCE = ["/views.py", "/list.html", "/api.py", "/services.py", "/forms.py"];

export function syntheticPull(size: PrSize, seed = 7): SyntheticPull {
  const shape = PR_SHAPES[size];
  const rnd = mulberry32(seed * 7919 + shape.changedFiles);
  const base = generateProject(shape.projectFiles, seed);
  const targets = chooseTargets(base, shape.changedFiles, size !== "typical");
  const headFiles: Record<string, string> = {};
  const baseFiles: Record<string, string> = {};
  for (const f of base) baseFiles[f.path] = headFiles[f.path] = f.text;
  let added = 0;
  let removed = 0;
  for (const path of targets) {
    const edit = editFile(path, baseFiles[path], shape.linesPerFile, rnd);
    headFiles[path] = edit.text;
    added += edit.added;
    removed += edit.removed;
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0").repeat(5);
  const pull: FakePullRequest = {
    owner: "acme",
    repo: "storefront",
    number: 100 + shape.changedFiles,
    title: `Benchmark pull request (${size})`,
    author: "dev-ana",
    baseRef: "main",
    baseSha: hex(0xba5e0000 + seed),
    headRef: `feature/${size}`,
    headSha: hex(0x4ead0000 + seed * 31 + shape.changedFiles),
    baseFiles,
    headFiles,
  };
  return { pull, changed: targets, added, removed };
}

/**
 * Picks `count` files, a feature's worth per app (its views, list template, API, services and forms, in
 * that order), app after app; bigger pull requests change the production settings module too.
 */
function chooseTargets(files: GeneratedFile[], count: number, withSettings: boolean): string[] {
  if (count >= files.length) return files.map((f) => f.path);
  const chosen: string[] = withSettings ? files.filter((f) => f.path.endsWith("settings/production.py")).map((f) => f.path) : [];
  const apps = new Map<string, string[]>();
  for (const f of files) {
    const app = f.path.match(/^project\/([^/]+)\//)?.[1];
    if (app && app !== "config") apps.set(app, [...(apps.get(app) ?? []), f.path]);
  }
  for (const paths of apps.values()) {
    for (const suffix of PREFERENCE) {
      const path = paths.find((p) => p.endsWith(suffix));
      if (chosen.length >= count) return chosen;
      if (path) chosen.push(path);
    }
  }
  return chosen;
}

interface Edit {
  text: string;
  added: number;
  removed: number;
}

/** Adds about `lines` lines to a file: before a top-level definition for Python, inside the block for templates. */
function editFile(path: string, text: string, lines: number, rnd: () => number): Edit {
  const src = text.split("\n");
  let block: string[];
  let at: number;
  let removed = 0;
  if (path.endsWith(".html")) {
    block = templateBlock(lines, rnd);
    at = Math.max(0, src.findIndex((l) => l.startsWith("{% endblock")));
  } else {
    block = path.includes("/settings/") ? settingsBlock(lines) : path.endsWith("/views.py") ? viewsBlock(src, lines, rnd) : path.endsWith("/api.py") ? apiBlock(src, lines, rnd) : helperBlock(lines, rnd);
    const defs = src.map((l, i) => (/^(def|class) /.test(l) ? i : -1)).filter((i) => i >= 0);
    at = defs.length ? defs[Math.floor(rnd() * defs.length)] : src.length;
    // A small edit of an existing line too, as real changes have: one removed and one added line.
    const tweak = src.findIndex((l, i) => i > at && /paginate_by = 20|ordering = \["-created"\]/.test(l));
    if (tweak >= 0) {
      src[tweak] = src[tweak].replace("paginate_by = 20", "paginate_by = 50").replace('ordering = ["-created"]', 'ordering = ["-created", "pk"]');
      removed++;
      block = block.slice(0, -1);
    }
  }
  src.splice(at, 0, ...block);
  return { text: src.join("\n"), added: block.length + removed, removed };
}

function firstModel(src: string[]): string {
  const line = src.find((l) => l.startsWith("from .models import "));
  return line?.slice("from .models import ".length).split(",")[0].trim() || "Item";
}

/** New function views; about one block in four has a guide violation (raw SQL, csrf_exempt + mark_safe). */
function viewsBlock(src: string[], lines: number, rnd: () => number): string[] {
  const model = firstModel(src);
  const low = model.toLowerCase();
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    const tag = `${low}_${Math.floor(rnd() * 1e6).toString(36)}`;
    const roll = rnd();
    if (roll < 0.15) {
      out.push(
        `def ${tag}_lookup(request):`,
        `    ref = request.GET.get("ref", "")`,
        "    with connection.cursor() as cursor:",
        `        cursor.execute(f"SELECT id FROM ${low} WHERE reference = '{ref}'")`,
        "        found = cursor.fetchone()",
        `    return JsonResponse({"id": found[0] if found else None})`,
        "",
      );
    } else if (roll < 0.25) {
      out.push("@csrf_exempt", `def ${tag}_callback(request):`, `    note = request.POST.get("note", "")`, "    return HttpResponse(mark_safe(note))", "");
    } else {
      out.push(
        "@login_required",
        `def ${tag}_export(request, pk):`,
        `    obj = get_object_or_404(${model}, pk=pk, owner=request.user)`,
        `    fmt = request.GET.get("format", "csv")`,
        "    rows = [[obj.pk, str(obj)]]",
        `    if fmt == "json":`,
        `        return JsonResponse({"rows": rows})`,
        `    response = HttpResponse(content_type="text/csv")`,
        "    for row in rows:",
        `        response.write(",".join(str(x) for x in row) + "\\n")`,
        "    return response",
        "",
      );
    }
  }
  return out;
}

/** New DRF endpoints; some open to anyone. */
function apiBlock(src: string[], lines: number, rnd: () => number): string[] {
  const model = firstModel(src);
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    const name = `${model}Summary${Math.floor(rnd() * 1e6).toString(36)}`;
    out.push(
      `class ${name}Serializer(serializers.ModelSerializer):`,
      "    class Meta:",
      `        model = ${model}`,
      `        fields = ["id", "created"]`,
      "",
      `class ${name}ViewSet(viewsets.ModelViewSet):`,
      `    serializer_class = ${name}Serializer`,
      rnd() < 0.2 ? "    permission_classes = [permissions.AllowAny]" : "    permission_classes = [permissions.IsAuthenticated]",
      "",
      "    def get_queryset(self):",
      `        return ${model}.objects.filter(owner=self.request.user)`,
      "",
    );
  }
  return out;
}

/** Plain helpers with nothing to report. */
function helperBlock(lines: number, rnd: () => number): string[] {
  const out: string[] = [];
  while (out.length < lines) {
    const n = Math.floor(rnd() * 1e6).toString(36);
    out.push(
      `def summarize_${n}(items, limit=10):`,
      `    """Counts by status, for the dashboard."""`,
      "    counts = {}",
      "    for item in items[:limit]:",
      `        key = getattr(item, "status", "unknown")`,
      "        counts[key] = counts.get(key, 0) + 1",
      "    return sorted(counts.items())",
      "",
    );
  }
  return out;
}

function settingsBlock(lines: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(`FEATURE_${i}_ENABLED = ${i % 2 ? "True" : "False"}`);
  out.push("");
  return out;
}

/** Template markup; one block in five marks a value safe. */
function templateBlock(lines: number, rnd: () => number): string[] {
  const out: string[] = [];
  while (out.length < lines) {
    out.push(
      `<section class="summary">`,
      "  <h2>{{ summary.title }}</h2>",
      `  <p>{{ summary.text${rnd() < 0.2 ? "|safe" : ""} }}</p>`,
      "  <ul>",
      "  {% for item in summary.items %}",
      "    <li>{{ item.name }}: {{ item.count }}</li>",
      "  {% endfor %}",
      "  </ul>",
      "</section>",
    );
  }
  return out;
}
