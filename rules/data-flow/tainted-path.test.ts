import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-path.js";

const h = "import os\nfrom django.conf import settings\nfrom django.core.files.storage import default_storage\nfrom django.http import FileResponse\nfrom django.utils.text import get_valid_filename\n";

testRule(rule, {
  valid: [
    { name: "a key the project declares only as a forms.FilePathField", code: "from .forms import manifest_form\n\ndef import_files(request, folder):\n    form = manifest_form(folder)(request.POST)\n    if form.is_valid():\n        item = form.cleaned_data\n        with open(item['path'], 'rb') as fp:\n            return fp.read()\n", context: { "shop/forms.py": "from django import forms\n\ndef manifest_form(folder):\n    class FileManifest(forms.Form):\n        name = forms.CharField(max_length=255)\n        path = forms.FilePathField(folder)\n    return FileManifest\n" } },
    { name: "an allow-list check", code: h + "def v(request):\n    name = request.GET['f']\n    if name in ('a.txt', 'b.txt'):\n        return FileResponse(open(name, 'rb'))\n" },
    { name: "basename", code: h + "def v(request):\n    name = os.path.basename(request.GET['f'])\n    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, name), 'rb'))\n" },
    { name: "upload file name (Django keeps only its base name)", code: h + "def v(request):\n    up = request.FILES['doc']\n    with open('/srv/up/' + up.name, 'wb') as f:\n        f.write(up.read())\n" },
    { name: "name of an upload popped from request.FILES, joined to a temp dir", code: h + "import os, tempfile\ndef v(request):\n    files = request.FILES.pop('zip', [])\n    post = files[0]\n    path = os.path.join(tempfile.gettempdir(), post.name)\n    with open(path, 'wb') as f:\n        f.write(post.read())\n    os.remove(path)\n" },
    { name: "name of a form's uploaded file", code: h + "import os\ndef v(request):\n    form = UploadForm(request.POST, request.FILES)\n    if form.is_valid():\n        return open(os.path.join('/srv/up', form.cleaned_data['doc'].name), 'wb')\n" },
    { name: "path and name of an upload saved to a model's FileField", code: h + "import os\nfrom django.conf import settings\ndef v(request):\n    media = UploadedMedia(owner=request.user)\n    media.file = request.FILES['media_file']\n    media.save()\n    with open(media.file.path, 'rb') as f:\n        digest = f.read()\n    return open(os.path.join(settings.MEDIA_ROOT, media.file.name), 'rb')\n" },
    { name: "name of an upload read from DRF's request.data", code: h + "import os\ndef upload(request):\n    uploaded = request.data['file']\n    dest = os.path.join('/srv/runners', uploaded.name)\n    with open(dest, 'wb') as f:\n        f.write(uploaded.read())\n" },
    { name: "get_valid_filename on upload name", code: h + "def v(request):\n    up = request.FILES['doc']\n    with open('/srv/up/' + get_valid_filename(up.name), 'wb') as f:\n        f.write(up.read())\n" },
    { name: "pathlib path of a basename", code: h + "from pathlib import Path\ndef v(request):\n    p = Path(settings.BASE_DIR) / 'docs' / os.path.basename(request.GET['f'])\n    return p.read_text()\n" },
    { name: "read_text on a name that is not a path", code: h + "def v(request):\n    doc = request.FILES['doc']\n    return doc.read_text()\n" },
    { name: "commonpath of the realpath against the folder, != then raise", code: h + "from django.http import Http404\ndef v(request):\n    base = os.path.realpath(settings.MEDIA_ROOT)\n    path = os.path.realpath(os.path.join(base, request.GET['f']))\n    if os.path.commonpath([base, path]) != base:\n        raise Http404()\n    return FileResponse(open(path, 'rb'))\n" },
    { name: "commonprefix of realpath'd values, then return", code: h + "def v(request):\n    base = settings.MEDIA_ROOT\n    name = request.GET['f']\n    if os.path.commonprefix([os.path.realpath(os.path.join(base, name)), base]) != base:\n        return None\n    return FileResponse(open(os.path.join(base, name), 'rb'))\n" },
    { name: "file by database id", code: h + "from .models import Doc\ndef v(request):\n    doc = Doc.objects.get(pk=request.GET['id'])\n    return FileResponse(open(doc.path, 'rb'))\n" },
  ],
  invalid: [
    { name: "a key another form declares as a CharField", code: "from .forms import manifest_form\n\ndef import_files(request, folder):\n    form = manifest_form(folder)(request.POST)\n    if form.is_valid():\n        item = form.cleaned_data\n        with open(item['path'], 'rb') as fp:\n            return fp.read()\n", context: { "shop/forms.py": "from django import forms\n\ndef manifest_form(folder):\n    class FileManifest(forms.Form):\n        name = forms.CharField(max_length=255)\n        path = forms.FilePathField(folder)\n    return FileManifest\n\nclass Upload(forms.Form):\n    path = forms.CharField()\n" }, errors: [{ messageId: "fromVariable", line: 7 }] },
    { name: "the text field of a form with a FilePathField", code: "from .forms import manifest_form\n\ndef import_files(request, folder):\n    form = manifest_form(folder)(request.POST)\n    if form.is_valid():\n        item = form.cleaned_data\n        with open(item['name'], 'rb') as fp:\n            return fp.read()\n", context: { "shop/forms.py": "from django import forms\n\ndef manifest_form(folder):\n    class FileManifest(forms.Form):\n        name = forms.CharField(max_length=255)\n        path = forms.FilePathField(folder)\n    return FileManifest\n" }, errors: [{ messageId: "fromVariable", line: 7 }] },
    // `startswith` compares text: `uploads/../../settings.py` starts with `uploads/`.
    { name: "a startswith check does not keep a path in its folder", code: h + "def v(request):\n    name = request.GET['f']\n    if name.startswith('uploads/'):\n        return FileResponse(open(name, 'rb'))\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "pathlib path joined with / and read later", code: h + "from pathlib import Path\ndef v(request):\n    base = Path('/srv/docs')\n    target = base / request.GET['name']\n    return target.read_text()\n",
      errors: [{ messageId: "fromVariable", line: 10 }] },
    { name: "settings.BASE_DIR / name, unlinked in place", code: h + "def v(request):\n    (settings.MEDIA_ROOT / request.POST['f']).unlink()\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "os.path.join into open", code: h + "def v(request):\n    path = os.path.join(settings.MEDIA_ROOT, request.GET['file'])\n    return FileResponse(open(path, 'rb'))\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    { name: "a file name the client sends beside the upload", code: h + "def v(request):\n    up = request.FILES['doc']\n    with open('/srv/up/' + request.POST['filename'], 'wb') as f:\n        f.write(up.read())\n", errors: [{ messageId: "fromSource", line: 8 }] },
    { name: "a FileField's name set from a POST value, then its path opened", code: h + "def v(request):\n    media = UploadedMedia(owner=request.user)\n    media.file = request.POST['stored_name']\n    return open(media.file.path, 'rb')\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "a path item of DRF's request.data", code: h + "import os\ndef upload(request):\n    name = request.data['path']\n    return open(os.path.join('/srv/runners', name)).read()\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "a name key of a JSON object in DRF's request.data", code: h + "import os\ndef upload(request):\n    meta = request.data['meta']\n    return open(os.path.join('/srv/runners', meta['name'])).read()\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "the upload's content used as a path", code: h + "import os\ndef v(request):\n    up = request.FILES['doc']\n    return open(os.path.join('/srv/up', up.read().decode())).read()\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "commonpath on a path that was never resolved", code: h + "from django.http import Http404\ndef v(request):\n    base = settings.MEDIA_ROOT\n    path = os.path.join(base, request.GET['f'])\n    if os.path.commonpath([base, path]) != base:\n        raise Http404()\n    return FileResponse(open(path, 'rb'))\n", errors: [{ messageId: "fromVariable", line: 12 }] },
    { name: "commonpath against another folder than the one compared", code: h + "from django.http import Http404\ndef v(request):\n    base = os.path.realpath(settings.MEDIA_ROOT)\n    path = os.path.realpath(os.path.join(base, request.GET['f']))\n    if os.path.commonpath([base, path]) != settings.STATIC_ROOT:\n        raise Http404()\n    return FileResponse(open(path, 'rb'))\n", errors: [{ messageId: "fromVariable", line: 12 }] },
    { name: "commonpath checked but the failure does not stop the view", code: h + "import logging\ndef v(request):\n    base = os.path.realpath(settings.MEDIA_ROOT)\n    path = os.path.realpath(os.path.join(base, request.GET['f']))\n    if os.path.commonpath([base, path]) != base:\n        logging.warning('outside')\n    return FileResponse(open(path, 'rb'))\n", errors: [{ messageId: "fromVariable", line: 12 }] },
    { name: "default_storage.open", code: h + "def v(request, name):\n    return FileResponse(default_storage.open('exports/' + name))\n", errors: [{ messageId: "fromSource", line: 7 }] },
  ],
});

describe("tainted-path and a storage's path()", () => {
  const view = "import os\nfrom django.http import FileResponse, Http404\nfrom django.shortcuts import get_object_or_404\nfrom .models import Problem, data_storage\n\n" +
    "def data_file(request, problem, path):\n    get_object_or_404(Problem, code=problem)\n    folder = data_storage.path(problem)\n" +
    "    if os.path.commonpath((data_storage.path(os.path.join(problem, path)), folder)) != folder:\n        raise Http404()\n";
  it("lists storage.path() of a URL parameter at low confidence (safe_join keeps it in the storage), and the commonpath check guards the open after it", () => {
    const found = runRule(rule, view + "    return FileResponse(open(os.path.join(folder, path), 'rb'))\n").findings;
    expect(found.map((f) => [f.line, f.confidence])).toEqual([[8, "low"]]);
  });
  it("still comments on an open() of the same parameter without the check", () => {
    const found = runRule(rule, view.replace(/    if os[\s\S]*$/, "") + "    return FileResponse(open(os.path.join(folder, path), 'rb'))\n").findings;
    expect(found.filter((f) => f.confidence !== "low").map((f) => f.line)).toEqual([9]);
  });
});

describe("tainted-path after a signature check", () => {
  const signing =
    "import hmac\nfrom urllib.parse import urlparse\n\nclass SignedUrl:\n    def __init__(self, url):\n        self.path = urlparse(url).path\n        self.digest = url.rsplit('digest=', 1)[-1]\n\n    def is_authorized(self):\n        return hmac.compare_digest(self.digest, sign(self.path))\n";
  const view = (check: string) =>
    "import os\nfrom django.conf import settings\nfrom django.http import FileResponse, HttpResponseForbidden\nfrom lib.signing import SignedUrl\n\n" +
    `def serve(request, file_path):\n${check}    full_path = os.path.join(settings.MEDIA_ROOT, file_path)\n    return FileResponse(open(full_path, 'rb'))\n`;
  const confidence = (check: string, context: Record<string, string> = { "lib/signing.py": signing }) =>
    runRule(rule, view(check), "media/views.py", context).findings.map((f) => f.confidence);

  it("is low confidence when the view first refuses unless a project method verifies an HMAC over the full URL", () => {
    expect(confidence("    url = SignedUrl(request.get_full_path())\n    if not url.is_authorized():\n        return HttpResponseForbidden('no')\n")).toEqual(["low"]);
  });
  it("is low confidence when the view compares an HMAC of the parameter itself in constant time", () => {
    expect(confidence("    if not hmac.compare_digest(request.GET.get('sig', ''), sign(file_path)):\n        return HttpResponseForbidden('no')\n", {})).toEqual(["low"]);
  });
  it("stays medium when the signature covers something else (the user's id)", () => {
    expect(confidence("    if not hmac.compare_digest(request.GET.get('sig', ''), sign(str(request.user.pk))):\n        return HttpResponseForbidden('no')\n", {})).toEqual(["medium"]);
  });
  it("stays medium when the method of that name checks no signature in this project", () => {
    const unsigned = "class SignedUrl:\n    def __init__(self, url):\n        self.url = url\n\n    def is_authorized(self):\n        return bool(self.url)\n";
    expect(confidence("    url = SignedUrl(request.get_full_path())\n    if not url.is_authorized():\n        return HttpResponseForbidden('no')\n", { "lib/signing.py": unsigned })).toEqual(["medium"]);
  });
  it("stays medium when the failed check does not stop the request", () => {
    expect(confidence("    url = SignedUrl(request.get_full_path())\n    if not url.is_authorized():\n        print('unsigned')\n")).toEqual(["medium"]);
  });
});

describe("tainted-path: a URL parameter that holds no `/`, placed after text of its own path component", () => {
  const urls = (route: string) => ({ "reports/urls.py": `from django.urls import path, re_path\nfrom . import views\nurlpatterns = [${route}]\n` });
  const helper = "from django.core.files.storage import default_storage\nfrom django.http import FileResponse\n\ndef full_name(base, username):\n    return '__'.join([username, base])\n\n";
  const view = (use: string) => helper + "def report(request, name):\n" + use;
  const stored = view("    path = full_name(name, request.user.username)\n    return FileResponse(default_storage.open(path))\n");
  const scan = (code: string, route: string) => runRule(rule, code, "reports/views.py", urls(route)).findings.map((f) => `${f.line} ${f.confidence}`);

  it("a <slug:> or [\\w.-]+ capture joined after the user's name by a module helper is no finding", () => {
    expect(scan(stored, "path('r/<slug:name>', views.report)")).toEqual([]);
    expect(scan(stored, "re_path(r'^r/(?P<name>[\\w.-]+)$', views.report)")).toEqual([]);
    expect(scan(view("    return FileResponse(default_storage.open(f'exports/{request.user.pk}_{name}'))\n"), "path('r/<slug:name>', views.report)")).toEqual([]);
    expect(scan(view("    return FileResponse(open('/srv/exports/report-' + name, 'rb'))\n"), "path('r/<int:name>', views.report)")).toEqual([]);
  });

  it("a <str:> or [^/]+ capture so placed is listed at low confidence (a backslash separates folders on Windows)", () => {
    expect(scan(stored, "path('r/<str:name>', views.report)")).toEqual(["9 low"]);
    expect(scan(stored, "re_path(r'^r/(?P<name>[^/]+)$', views.report)")).toEqual(["9 low"]);
  });

  it("stays reported when the value can hold `/`, is a path component of its own, or is also used another way", () => {
    expect(scan(stored, "path('r/<path:name>', views.report)")).toEqual(["9 medium"]);
    expect(scan(stored, "re_path(r'^r/(?P<name>.+)$', views.report)")).toEqual(["9 medium"]);
    expect(scan(stored, "path('r/<slug:name>', views.report), path('all/<path:name>', views.report)")).toEqual(["9 medium"]);
    // `..` on its own names the folder above.
    expect(scan(view("    import os\n    return FileResponse(open(os.path.join('/srv/exports', name, 'data.csv'), 'rb'))\n"), "path('r/<str:name>', views.report)")).toEqual(["9 medium"]);
    expect(scan(view("    return FileResponse(default_storage.open(f'exports/{name}'))\n"), "path('r/<str:name>', views.report)")).toEqual(["8 medium"]);
    expect(scan(view("    other = name\n    path = full_name(name, request.user.username)\n    open(other)\n    return FileResponse(default_storage.open(path))\n"), "re_path(r'^r/(?P<name>[\\w.-]+)$', views.report)").length).toBeGreaterThan(0);
  });
});

describe("tainted-path: pathlib's last component and containment check", () => {
  const head = "from pathlib import Path\nfrom django.conf import settings\nfrom django.http import FileResponse, Http404\nBASE = Path(settings.MEDIA_ROOT)\n\ndef v(request):\n    name = request.GET['f']\n";
  const lines = (body: string) => runRule(rule, head + body).findings.map((f) => f.line);

  it("is silent for Path(value).name or .stem joined under a folder", () => {
    expect(lines("    return FileResponse(open(BASE / Path(name).name, 'rb'))\n")).toEqual([]);
    expect(lines("    return FileResponse(open(BASE / (Path(name).stem + '.csv'), 'rb'))\n")).toEqual([]);
  });

  it("is silent past is_relative_to() on a path resolved first", () => {
    expect(lines("    p = (BASE / name).resolve()\n    if not p.is_relative_to(BASE.resolve()):\n        raise Http404\n    return FileResponse(open(p, 'rb'))\n")).toEqual([]);
  });

  it("still reports Path(value).parent and is_relative_to() on an unresolved path", () => {
    expect(lines("    return FileResponse(open(BASE / Path(name).parent / 'x', 'rb'))\n")).toEqual([8]);
    expect(lines("    p = BASE / name\n    if not p.is_relative_to(BASE):\n        raise Http404\n    return FileResponse(open(p, 'rb'))\n")).toEqual([11]);
  });
});

describe("tainted-path: a URL parameter every route captures without '/', '\\\\' or '.'", () => {
  const urls = (routes: string) => ({ "exports/urls.py": `from django.urls import path, re_path\nfrom . import views\nurlpath = get_setting("module", "exports", "url")\nurlpatterns = [\n${routes}]\n` });
  const download = `from django.core.files.storage import default_storage
from django.http import HttpResponse

def export_download(request, identifier):
    file_name = '%s.csv' % identifier
    file_path = 'export/articles/%s' % file_name
    return HttpResponse(default_storage.open(file_path).read())
`;
  const scan = (routes: string, code = download) => runRule(rule, code, "exports/views.py", urls(routes)).findings.map((f) => `${f.line} ${f.confidence}`);

  it("is no finding for digits or \\w+ captures, in a pattern formatted with % too, wherever the view places the value", () => {
    expect(scan("    re_path(r'^%s/export/download/(?P<identifier>\\d+)/$' % urlpath, views.export_download),\n")).toEqual([]);
    expect(scan("    re_path(r'^export/(?P<identifier>\\w+)/$', views.export_download),\n")).toEqual([]);
    expect(scan("    path('export/<int:identifier>/', views.export_download),\n")).toEqual([]);
  });

  it("stays reported when a capture admits a dot or a slash, a placeholder sits inside it, another route lets it hold a dot, or no route is read", () => {
    expect(scan("    re_path(r'^%s/export/(?P<identifier>[\\w.-]+)/$' % urlpath, views.export_download),\n")).toEqual(["7 medium"]);
    expect(scan("    path('export/<str:identifier>/', views.export_download),\n")).toEqual(["7 medium"]);
    expect(scan("    re_path(r'^export/(?P<identifier>%s)/$' % urlpath, views.export_download),\n")).toEqual(["7 medium"]);
    expect(scan("    re_path(r'^a/(?P<identifier>\\d+)/$', views.export_download),\n    re_path(r'^b/(?P<identifier>.+)$', views.export_download),\n")).toEqual(["7 medium"]);
    expect(scan("    re_path(EXPORT_PATTERN, views.export_download),\n")).toEqual(["7 medium"]);
  });
});

describe("tainted-path: a form field every declaration of which cleans to a plain name", () => {
  const view = `import os
from django.conf import settings
from .forms import AddTemplateForm

def add_template(request):
    form = AddTemplateForm(request.POST or None)
    if form.is_valid():
        template_name = form.cleaned_data['template_name'].strip()
        path = os.path.join(settings.THEME_ROOT, 'templates', 'default-%s.html' % template_name)
        with open(path, 'w') as f:
            f.write('')
`;
  const forms = (field: string, more = "") => ({ "theme/forms.py": `from django import forms\n\nclass AddTemplateForm(forms.Form):\n    template_name = ${field}\n${more}` });
  const lines = (field: string, more = "") => runRule(rule, view, "theme/views.py", forms(field, more)).findings.map((f) => f.line);

  it("is no finding for an anchored RegexField that admits no '/', '\\\\' or '.', or a SlugField", () => {
    expect(lines("forms.RegexField(label='Template Name', regex=r'^[a-z][0-9a-z_-]+$', max_length=16)")).toEqual([]);
    expect(lines("forms.RegexField(r'^\\w+$')")).toEqual([]);
    expect(lines("forms.SlugField(max_length=16)")).toEqual([]);
  });

  it("stays reported for a pattern that admits a dot, is not anchored or has alternatives, or a CharField (though another class declares the name as a slug)", () => {
    expect(lines("forms.RegexField(regex=r'^[\\w.-]+$')")).toEqual([10]);
    expect(lines("forms.RegexField(regex=r'[a-z]+')")).toEqual([10]);
    expect(lines("forms.RegexField(regex=r'^[a-z]+$|^x')")).toEqual([10]);
    expect(lines("forms.CharField(max_length=16)")).toEqual([10]);
    // Another class declares the name as text: the name alone no longer settles it, the form class the view builds does.
    expect(lines("forms.SlugField()", "\nclass RenameForm(forms.Form):\n    template_name = forms.CharField()\n")).toEqual([]);
    expect(lines("forms.CharField()", "\nclass RenameForm(forms.Form):\n    template_name = forms.SlugField()\n")).toEqual([10]);
  });
});

describe("tainted-path: a project check built on safe_join", () => {
  const utils = (handler: string) => ({
    "theme/utils.py": `from django.core.exceptions import SuspiciousFileOperation\nfrom django.utils._os import safe_join\n\ndef is_valid_path(root, path):\n    try:\n        safe_join(root, path)\n        return True\n    except SuspiciousFileOperation:\n${handler}\n`,
  });
  const view = (check: string) => `import os
from django.http import Http404
from .utils import is_valid_path

def delete_file(request):
    current_dir = request.GET.get("dir", "")
    theme_root = get_theme_root()
${check}    full_filename = os.path.join(theme_root, current_dir)
    os.remove(full_filename)
`;
  const scan = (check: string, handler = "        return False") => runRule(rule, view(check), "theme/views.py", utils(handler)).findings.map((f) => `${f.line} ${f.confidence}`);

  it("lists at low confidence a path the view first hands to it", () => {
    expect(scan("    if not is_valid_path(theme_root, current_dir):\n        raise Http404\n")).toEqual(["11 low"]);
  });

  it("keeps the rule's confidence without the check, with the check on another value, or when the helper passes the error on", () => {
    expect(scan("")).toEqual(["9 medium"]);
    expect(scan("    if not is_valid_path(theme_root, 'x'):\n        raise Http404\n")).toEqual(["11 medium"]);
    expect(scan("    if not is_valid_path(theme_root, current_dir):\n        raise Http404\n", "        raise")).toEqual(["11 medium"]);
  });
});

describe("tainted-path: a plain-name field of the form class the view builds", () => {
  const forms = {
    "theme/forms.py": "from django import forms\n\nclass AddTemplateForm(forms.Form):\n    template_name = forms.RegexField(label='Template Name', regex=r'^[a-z][0-9a-z_-]+$', max_length=16)\n\nclass RenameForm(forms.Form):\n    template_name = forms.CharField()\n",
    "helpdesk/models.py": "from django.db import models\n\nclass EmailTemplate(models.Model):\n    template_name = models.CharField(max_length=100)\n",
  };
  const view = (signature: string, build: string) => `import os
from django.conf import settings
from .forms import AddTemplateForm, RenameForm

def add_template(request${signature}):
    form = ${build}
    if form.is_valid():
        template_name = form.cleaned_data['template_name'].strip()
        path = os.path.join(settings.THEME_ROOT, 'templates', 'default-%s.html' % template_name)
        with open(path, 'w') as f:
            f.write('')
`;
  const lines = (signature: string, build: string) => runRule(rule, view(signature, build), "theme/views.py", forms).findings.map((f) => f.line);

  it("is no finding when the view builds a form class whose field is a plain name, directly or through a form_class parameter, though another class names a text field so", () => {
    expect(lines("", "AddTemplateForm(request.POST or None)")).toEqual([]);
    expect(lines(", form_class=AddTemplateForm", "form_class(request.POST or None)")).toEqual([]);
  });

  it("stays reported for the form class whose field is text, or a form class the view does not name", () => {
    expect(lines("", "RenameForm(request.POST or None)")).toEqual([10]);
    expect(lines(", form_class=RenameForm", "form_class(request.POST or None)")).toEqual([10]);
    expect(lines(", form_class=None", "form_class(request.POST or None)")).toEqual([10]);
  });
});

describe("tainted-path in views only superusers reach", () => {
  const open = "    return FileResponse(default_storage.open(filename, 'rb'))\n";
  const conf = (code: string, context: Record<string, string> = {}) => runRule(rule, h + code, "files/views.py", context).findings.map((f) => f.confidence);
  it("is low confidence when the view refuses every non-superuser before using the path", () => {
    expect(conf("from django.core.exceptions import PermissionDenied\ndef raw(request, filename):\n    if not filename or filename.startswith('/'):\n        raise PermissionDenied\n    if not request.user.is_superuser:\n        raise PermissionDenied\n" + open)).toEqual(["low"]);
  });
  it("is low confidence under a superuser test, or a project decorator whose body lets only superusers through", () => {
    expect(conf("from django.contrib.auth.decorators import user_passes_test\n@user_passes_test(lambda u: u.is_superuser)\ndef raw(request, filename):\n" + open)).toEqual(["low"]);
    const decorators = "from functools import wraps\nfrom django.core.exceptions import PermissionDenied\n\ndef superuser_required(view):\n    @wraps(view)\n    def inner(request, *args, **kwargs):\n        if not request.user.is_superuser:\n            raise PermissionDenied\n        return view(request, *args, **kwargs)\n    return inner\n";
    expect(conf("from files.decorators import superuser_required\n@superuser_required\ndef raw(request, filename):\n" + open, { "files/decorators.py": decorators })).toEqual(["low"]);
    expect(conf("class Raw(SuperuserRequiredMixin, View):\n    def get(self, request, filename):\n" + open.replace("    ", "        "))).toEqual(["low"]);
  });
  it("keeps its confidence behind a staff check, a decorator of that name that checks staff, or a check after the use", () => {
    expect(conf("from django.core.exceptions import PermissionDenied\ndef raw(request, filename):\n    if not request.user.is_staff:\n        raise PermissionDenied\n" + open)).toEqual(["medium"]);
    expect(conf("from django.contrib.auth.decorators import user_passes_test\n@user_passes_test(lambda u: u.is_staff or u.is_superuser)\ndef raw(request, filename):\n" + open)).toEqual(["medium"]);
    const staffDecorator = "def superuser_required(view):\n    def inner(request, *args, **kwargs):\n        if not request.user.is_staff:\n            raise PermissionDenied\n        return view(request, *args, **kwargs)\n    return inner\n";
    expect(conf("from files.decorators import superuser_required\n@superuser_required\ndef raw(request, filename):\n" + open, { "files/decorators.py": staffDecorator })).toEqual(["medium"]);
    expect(conf("from django.core.exceptions import PermissionDenied\ndef raw(request, filename):\n    f = default_storage.open(filename, 'rb')\n    if not request.user.is_superuser:\n        raise PermissionDenied\n    return FileResponse(f)\n")).toEqual(["medium"]);
    expect(conf("from django.core.exceptions import PermissionDenied\ndef raw(request, filename):\n    if not request.user.is_superuser:\n        print('not a superuser')\n" + open)).toEqual(["medium"]);
  });
});
