import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-path.js";

const h = "import os\nfrom django.conf import settings\nfrom django.core.files.storage import default_storage\nfrom django.http import FileResponse\nfrom django.utils.text import get_valid_filename\n";

testRule(rule, {
  valid: [
    { name: "an allow-list check", code: h + "def v(request):\n    name = request.GET['f']\n    if name in ('a.txt', 'b.txt'):\n        return FileResponse(open(name, 'rb'))\n" },
    { name: "basename", code: h + "def v(request):\n    name = os.path.basename(request.GET['f'])\n    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, name), 'rb'))\n" },
    { name: "upload file name (Django keeps only its base name)", code: h + "def v(request):\n    up = request.FILES['doc']\n    with open('/srv/up/' + up.name, 'wb') as f:\n        f.write(up.read())\n" },
    { name: "name of an upload popped from request.FILES, joined to a temp dir", code: h + "import os, tempfile\ndef v(request):\n    files = request.FILES.pop('zip', [])\n    post = files[0]\n    path = os.path.join(tempfile.gettempdir(), post.name)\n    with open(path, 'wb') as f:\n        f.write(post.read())\n    os.remove(path)\n" },
    { name: "name of a form's uploaded file", code: h + "import os\ndef v(request):\n    form = UploadForm(request.POST, request.FILES)\n    if form.is_valid():\n        return open(os.path.join('/srv/up', form.cleaned_data['doc'].name), 'wb')\n" },
    { name: "get_valid_filename on upload name", code: h + "def v(request):\n    up = request.FILES['doc']\n    with open('/srv/up/' + get_valid_filename(up.name), 'wb') as f:\n        f.write(up.read())\n" },
    { name: "pathlib path of a basename", code: h + "from pathlib import Path\ndef v(request):\n    p = Path(settings.BASE_DIR) / 'docs' / os.path.basename(request.GET['f'])\n    return p.read_text()\n" },
    { name: "read_text on a name that is not a path", code: h + "def v(request):\n    doc = request.FILES['doc']\n    return doc.read_text()\n" },
    { name: "file by database id", code: h + "from .models import Doc\ndef v(request):\n    doc = Doc.objects.get(pk=request.GET['id'])\n    return FileResponse(open(doc.path, 'rb'))\n" },
  ],
  invalid: [
    // `startswith` compares text: `uploads/../../settings.py` starts with `uploads/`.
    { name: "a startswith check does not keep a path in its folder", code: h + "def v(request):\n    name = request.GET['f']\n    if name.startswith('uploads/'):\n        return FileResponse(open(name, 'rb'))\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "pathlib path joined with / and read later", code: h + "from pathlib import Path\ndef v(request):\n    base = Path('/srv/docs')\n    target = base / request.GET['name']\n    return target.read_text()\n",
      errors: [{ messageId: "fromVariable", line: 10 }] },
    { name: "settings.BASE_DIR / name, unlinked in place", code: h + "def v(request):\n    (settings.MEDIA_ROOT / request.POST['f']).unlink()\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "os.path.join into open", code: h + "def v(request):\n    path = os.path.join(settings.MEDIA_ROOT, request.GET['file'])\n    return FileResponse(open(path, 'rb'))\n", errors: [{ messageId: "fromVariable", line: 8 }] },
    { name: "a file name the client sends beside the upload", code: h + "def v(request):\n    up = request.FILES['doc']\n    with open('/srv/up/' + request.POST['filename'], 'wb') as f:\n        f.write(up.read())\n", errors: [{ messageId: "fromSource", line: 8 }] },
    { name: "the upload's content used as a path", code: h + "import os\ndef v(request):\n    up = request.FILES['doc']\n    return open(os.path.join('/srv/up', up.read().decode())).read()\n", errors: [{ messageId: "fromVariable", line: 9 }] },
    { name: "default_storage.open", code: h + "def v(request, name):\n    return FileResponse(default_storage.open('exports/' + name))\n", errors: [{ messageId: "fromSource", line: 7 }] },
  ],
});
