import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./path-prefix-check.js";

const head = "import os, shutil\nfrom shutil import copyfile\nfrom django.conf import settings\n";

testRule(rule, {
  valid: [
    { name: "resolved before the check", code: head + "def load(path, dest):\n    real = os.path.realpath(path)\n    if real.startswith(settings.MEDIA_ROOT + '/'):\n        copyfile(real, dest)\n" },
    { name: "subject resolved earlier under its own name", code: head + "def load(path, dest):\n    path = os.path.realpath(path)\n    if path.startswith(f'{settings.MEDIA_ROOT}/imports/'):\n        copyfile(path, dest)\n" },
    { name: "dot-dot refused", code: head + "def load(path, dest):\n    if '..' in path:\n        raise ValueError\n    if path.startswith('/srv/imports/'):\n        copyfile(path, dest)\n" },
    { name: "a scheme check only", code: head + "def load(url, dest):\n    if url.startswith('file://'):\n        copyfile(url.replace('file://', ''), dest)\n" },
    { name: "absolute-path test, not a directory", code: head + "def load(path, dest):\n    if path.startswith('/'):\n        copyfile(path, dest)\n" },
    { name: "a path the code builds from settings", code: head + "def clean():\n    p = os.path.join(settings.MEDIA_ROOT, 'tmp')\n    if p.startswith(settings.MEDIA_ROOT):\n        shutil.rmtree(p)\n" },
    { name: "checked value not used by the file call", code: head + "def load(path, dest):\n    if path.startswith('/srv/imports/'):\n        copyfile('/srv/imports/default.zip', dest)\n" },
    { name: "request path routing, no file call", code: head + "def mw(request):\n    if request.path.startswith('/api/'):\n        return None\n" },
  ],
  invalid: [
    {
      name: "model field checked against a media directory, then copied",
      code: head + "from django.db import models\nclass Task(models.Model):\n    import_url = models.TextField(default='')\n    def handle_import(self, zip_path):\n        if self.import_url.startswith(f'file://{settings.MEDIA_ROOT}/imports/') and self.import_url.endswith('.zip'):\n            copyfile(self.import_url.replace('file://', ''), zip_path)\n",
      errors: [{ messageId: "prefixOnly", line: 9, messageIncludes: "`self.import_url`" }],
    },
    {
      name: "query parameter under a literal directory",
      code: head + "from django.http import FileResponse\ndef download(request):\n    name = request.GET['f']\n    if name.startswith('/srv/exports/'):\n        return FileResponse(open(name, 'rb'))\n",
      errors: [{ messageId: "prefixOnly", line: 8 }],
    },
    {
      name: "function parameter under a directory variable",
      code: head + "def remove(path, upload_dir):\n    if str(path).startswith(upload_dir):\n        os.remove(path)\n",
      errors: [{ messageId: "prefixOnly", line: 6 }],
    },
  ],
});

describe("path-prefix-check confidence follows the value's origin", () => {
  const confidence = (code: string) => runRule(rule, head + code).findings.map((f) => f.confidence);
  it("a model field or request data: the rule's confidence", () => {
    expect(confidence("class Task(models.Model):\n    import_url = models.TextField()\n    def load(self, dest):\n        if self.import_url.startswith('/srv/imports/'):\n            copyfile(self.import_url, dest)\n")).toEqual(["medium"]);
    expect(confidence("def download(request, name):\n    if name.startswith('/srv/exports/'):\n        return open(name, 'rb')\n")).toEqual(["medium"]);
  });
  it("a helper's parameter or another call's result: low", () => {
    expect(confidence("def remove(path):\n    if path.startswith('/srv/media/'):\n        os.remove(path)\n")).toEqual(["low"]);
    expect(confidence("def remove():\n    p = pick()\n    if p.startswith('/srv/media/'):\n        os.remove(p)\n")).toEqual(["low"]);
  });
});
