import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./tainted-command.js";

const h = "import os\nimport shlex\nimport subprocess\n";

testRule(rule, {
  valid: [
    { name: "argument list without a shell", code: h + "def v(request):\n    subprocess.run(['convert', request.POST['f'], 'out.png'])\n" },
    { name: "quoted for the shell", code: h + "def v(request):\n    os.system('ls ' + shlex.quote(request.GET['d']))\n" },
    { name: "shlex.join of an argument list", code: h + "def v(request):\n    subprocess.run('git log ' + shlex.join(['--author', request.GET['a']]), shell=True)\n" },
    { name: "constant command", code: h + "def v(request):\n    subprocess.run('ls -l', shell=True)\n" },
    { name: "list variable with a fixed program", code: h + "def v(request):\n    cmd = ['git', 'log', request.GET['ref']]\n    subprocess.check_output(cmd)\n" },
    {
      name: "argument list built with append after a fixed program",
      code: h + "def v(request):\n    opts = [python_executable(), 'manage.py', 'export']\n    if request.POST.get('t'):\n        opts.append('--type=%s' % request.POST['t'])\n    opts.extend([request.POST['a']])\n    subprocess.Popen(opts)\n",
    },
  ],
  invalid: [
    { name: "os.system", code: h + "def v(request):\n    host = request.GET['host']\n    os.system('ping -c 1 ' + host)\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "shell=True", code: h + "def v(request):\n    subprocess.run(f\"tar czf {request.POST['name']}.tgz data\", shell=True)\n", errors: [{ messageId: "fromSource", line: 5 }] },
    { name: "tainted program", code: h + "def v(request):\n    tool = request.GET['tool']\n    subprocess.run([tool, '--version'])\n", errors: [{ messageId: "fromVariable", line: 6 }] },
    { name: "append to an empty list fills the program", code: h + "def v(request):\n    cmd = []\n    cmd.append(request.GET['tool'])\n    subprocess.run(cmd)\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "append after insert at the front", code: h + "def v(request):\n    cmd = ['ls']\n    cmd.insert(0, request.GET['tool'])\n    cmd.append('-l')\n    subprocess.run(cmd)\n", errors: [{ messageId: "fromSource", line: 8 }] },
    { name: "appended list joined for a shell", code: h + "def v(request):\n    cmd = ['ls']\n    cmd.append(request.GET['d'])\n    subprocess.run(' '.join(cmd), shell=True)\n", errors: [{ messageId: "fromSource", line: 7 }] },
    { name: "appended list whose first item is request data", code: h + "def v(request):\n    cmd = [request.GET['tool']]\n    cmd.append('-l')\n    subprocess.run(cmd)\n", errors: [{ messageId: "fromVariable", line: 7 }] },
    { name: "os.popen via helper", code: h + "def run(cmd):\n    return os.popen(cmd).read()\ndef v(request):\n    return run('whois ' + request.GET['d'])\n", errors: [{ messageId: "fromSource", line: 5 }] },
  ],
});

describe("tainted-command in views only superusers reach", () => {
  const view = (check: string) => "import subprocess\nfrom django.core.exceptions import PermissionDenied\n\ndef run(request):\n" + check + "    subprocess.run(request.POST['cmd'], shell=True)\n";
  const conf = (check: string) => runRule(rule, view(check), "ops/views.py").findings.map((f) => f.confidence);
  it("is low confidence after a check that refuses every non-superuser", () => {
    expect(conf("    if not request.user.is_active or not request.user.is_superuser:\n        raise PermissionDenied\n")).toEqual(["low"]);
  });
  it("keeps its confidence after a staff check or a login check", () => {
    expect(conf("    if not request.user.is_staff:\n        raise PermissionDenied\n")).toEqual([rule.confidence]);
    expect(conf("    if not request.user.is_authenticated:\n        raise PermissionDenied\n")).toEqual([rule.confidence]);
  });
});
