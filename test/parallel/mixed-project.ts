import { generateProject } from "../../bench/generate-project.js";
import type { SourceFile } from "../../src/core/analysis/types.js";

const HOOKS = [
  "from django.views.decorators.csrf import csrf_exempt",
  "",
  "@csrf_exempt  # django-sec: ignore[csrf-exempt-view] signed by the payment provider",
  "def paid(request):",
  "    return None",
  "",
  "# django-sec: ignore[csrf-exempt-view]",
  "@csrf_exempt",
  "def refunded(request):",
  "    return eval(request.body)",
  "",
  "@csrf_exempt",
  "def cancelled(request):",
  "    return None",
  "",
].join("\n");

/**
 * A generated project plus what the generator lacks, spread through the path order so that it lands
 * in different chunks: suppressions with and without a reason, syntax errors, CRLF line ends, files
 * the analyzer ignores, and settings modules whose star imports cross chunks, include a cycle, and
 * reach a module that is not a settings module by its path.
 */
export function mixedProject(appFiles: number, seed: number): SourceFile[] {
  const files: SourceFile[] = generateProject(appFiles, seed);
  const apps = [...new Set(files.map((f) => /^project\/([^/]+)\/views\.py$/.exec(f.path)?.[1]).filter((a): a is string => Boolean(a)))];
  apps.forEach((app, i) => {
    if (i % 4 === 0) files.push({ path: `project/${app}/hooks.py`, text: i % 8 === 0 ? HOOKS.replace(/\n/g, "\r\n") : HOOKS });
    if (i % 6 === 1) files.push({ path: `project/${app}/broken.py`, text: "def broken(request:\n    return eval(request.GET['x'])\n\nx = [\n" });
    if (i % 9 === 2) files.push({ path: `project/${app}/notes.txt`, text: "not analysed\n" });
  });
  files.push(
    { path: "project/config/settings/local.py", text: "from .base import *\n\nDEBUG = True\n" },
    { path: "project/config/settings/ci.py", text: "from project.config.settings.production import *\n\nSESSION_COOKIE_SECURE = False\n" },
    { path: "project/cycle/settings/prod_a.py", text: "from .prod_b import *\n\nSECRET_KEY = 'abc'\nDEBUG = False\n" },
    { path: "project/cycle/settings/prod_b.py", text: "from .prod_a import *\n\nALLOWED_HOSTS = ['*']\n" },
    { path: "project/site/settings/production.py", text: "from project.site.common import *\n\nDEBUG = False\n" },
    { path: "project/site/common.py", text: "SECRET_KEY = 'abc'\nALLOWED_HOSTS = ['example.com']\nSECURE_SSL_REDIRECT = True\n" },
    { path: "project/zz_prod_settings.py", text: "from project.site.settings.production import *\n\nCSRF_COOKIE_SECURE = True\n" },
  );
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
