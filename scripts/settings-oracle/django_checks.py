"""Runs Django's own deployment security checks on a project's settings module, as production would load it.

Usage: python3 django_checks.py ROOT MODULE [PATH_DIR ...]
Prints one JSON object: {"module", "checks": [...ids], "loaded": [...repo-relative files], "env": {...}, "error"}.

- ROOT is a checkout of the project; MODULE the dotted settings module (DJANGO_SETTINGS_MODULE).
- Environment variables are unset (DEBUG-like ones included); a variable the module requires is given a
  plausible value and the import retried.
- Third-party modules that are not installed are replaced by inert stubs; checks whose settings hold a
  stubbed value are dropped (Django could not know them either).
- Pre-1.10 projects: MIDDLEWARE_CLASSES stands for MIDDLEWARE when MIDDLEWARE is absent.
"""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import re
import sys
import types

ROOT = os.path.abspath(sys.argv[1])
MODULE = sys.argv[2]
EXTRA = [os.path.join(ROOT, p) for p in sys.argv[3:]]

STRONG_KEY = "Zq8#vL2!pX7@nR4$wK9%tB6^yH3&mJ5*cF1(gD0)sA-eU_iO+oP=lQ"


class Stub:
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Stub()

    def __call__(self, *a, **k):
        return Stub()

    def __iter__(self):
        return iter(())

    def __getitem__(self, k):
        return Stub()

    def __or__(self, other):
        return Stub()

    def __mro_entries__(self, bases):
        return (object,)

    def __fspath__(self):
        return "/nonexistent-stub"

    def __str__(self):
        return "stub"


def _stub_op(self, *a):
    return Stub()


for _op in ("add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "floordiv", "mod", "rmod", "and", "rand", "ror", "xor", "neg", "pos"):
    setattr(Stub, f"__{_op}__", _stub_op)


class StubModule(types.ModuleType):
    __stub__ = True

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Stub()


STUBBED = set()


class StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        top = fullname.split(".")[0]
        if top in STUBBED or (path is None and "." not in fullname and importlib.machinery.PathFinder.find_spec(top) is None and top not in sys.builtin_module_names):
            STUBBED.add(top)
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        m = StubModule(spec.name)
        m.__path__ = []
        return m

    def exec_module(self, module):
        pass


def is_stub(v, depth=0):
    if isinstance(v, (Stub, StubModule)):
        return True
    if depth > 3:
        return False
    if isinstance(v, (list, tuple, set)):
        return any(is_stub(i, depth + 1) for i in v)
    if isinstance(v, dict):
        return any(is_stub(i, depth + 1) for i in v.values())
    return False


def plausible(name):
    n = name.upper()
    if "DEBUG" in n:
        return "False"
    if "SECRET" in n or n.endswith("_KEY") or "PASSWORD" in n or "TOKEN" in n:
        return STRONG_KEY
    if "ORIGIN" in n:
        return "https://example.com"
    if "HOST" in n and "DB" not in n and "DATABASE" not in n and "REDIS" not in n and "EMAIL" not in n:
        return "example.com"
    if "DATABASE" in n or n.startswith("DB_URL") or n.endswith("DB_URL") or n == "DB":
        return "postgres://user:pass@localhost:5432/db"
    if "REDIS" in n or "CACHE" in n or "BROKER" in n or "CELERY" in n:
        return "redis://localhost:6379/0"
    if "URL" in n or "URI" in n:
        return "https://example.com"
    if re.search(r"PORT|TIMEOUT|AGE|SECONDS|NUM|COUNT|SIZE|MAX|MIN|LIMIT|DAYS|HOURS|MINUTES", n):
        return "1"
    if "PATH" in n or "DIR" in n or "ROOT" in n:
        return "/tmp"
    return "x"


def missing_var(exc):
    text = str(exc)
    if isinstance(exc, KeyError) and exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    for pattern in (r"Set the (\w+) environment variable", r"^(\w+) not found\. Declare it", r"environment variable '?\"?(\w+)", r"'(\w+)' (?:environment )?variable", r"(\w+) (?:is|must be) (?:not set|set|required|missing)", r"The (\w+) (?:environment )?(?:variable|setting) must", r"(\w+) not found in (?:the )?environment"):
        m = re.search(pattern, text)
        if m:
            return m.group(1)
    return None


def main():
    for k in list(os.environ):
        if k not in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONDONTWRITEBYTECODE", "TMPDIR"):
            del os.environ[k]
    sys.path[:0] = [ROOT] + EXTRA
    sys.meta_path.append(StubFinder())
    given = {}
    before = set(sys.modules)
    result = {"module": MODULE, "env": given}
    from django.conf import global_settings

    for _ in range(25):
        for name in list(sys.modules):
            if name not in before:
                del sys.modules[name]
        STUBBED.clear()
        try:
            mod = importlib.import_module(MODULE)
            break
        except BaseException as exc:  # noqa: BLE001 - report any import failure
            missing_file = getattr(exc, "filename", None) if isinstance(exc, FileNotFoundError) else None
            if missing_file and os.path.abspath(missing_file).startswith(ROOT + os.sep) and not os.path.exists(missing_file):
                # A secret the deployment puts on disk (secret_key.txt): give it a plausible content.
                os.makedirs(os.path.dirname(missing_file), exist_ok=True)
                with open(missing_file, "w") as fh:
                    fh.write(STRONG_KEY)
                given["file:" + os.path.relpath(missing_file, ROOT)] = "<strong key>"
                continue
            if isinstance(exc, ValueError) and "invalid literal for int()" in str(exc) and given:
                last = list(given)[-1]
                if given[last] != "1":
                    given[last] = os.environ[last] = "1"
                    continue
            listed = re.search(r"[Mm]issing (?:required )?environment variables?:\s*([\w ,]+)", str(exc))
            names = [n.strip() for n in listed.group(1).split(",") if n.strip().isidentifier()] if listed else []
            if names and any(n not in given for n in names):
                for n in names:
                    given[n] = os.environ[n] = plausible(n)
                continue
            var = missing_var(exc)
            if var and var not in given and var.isidentifier():
                given[var] = plausible(var)
                os.environ[var] = given[var]
                continue
            result["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
            print(json.dumps(result))
            return
    else:
        result["error"] = "too many required variables"
        print(json.dumps(result))
        return

    if "split_settings" in STUBBED:
        result["error"] = "settings assembled by django-split-settings include(), which the oracle cannot run"
        print(json.dumps(result))
        return
    loaded = set()
    for name, m in list(sys.modules.items()):
        f = getattr(m, "__file__", None)
        if name not in before and f and os.path.abspath(f).startswith(ROOT + os.sep) and f.endswith(".py"):
            loaded.add(os.path.relpath(os.path.abspath(f), ROOT).replace(os.sep, "/"))
    values = {k: getattr(mod, k) for k in dir(mod) if k.isupper()}
    if "MIDDLEWARE" not in values and "MIDDLEWARE_CLASSES" in values:
        values["MIDDLEWARE"] = values["MIDDLEWARE_CLASSES"]
    stubbed = sorted(k for k, v in values.items() if is_stub(v))
    options = {k: v for k, v in values.items() if not is_stub(v)}
    from django.conf import settings

    options.setdefault("SECRET_KEY", "")
    settings.configure(**options)
    from django.core import checks

    messages = checks.run_checks(include_deployment_checks=True, tags=["security"])
    ids = sorted({m.id for m in messages if m.id and m.id.startswith("security.") and m.id not in ("security.E100", "security.E101", "security.E102")})
    # A check that reads a setting whose value came from a stubbed library is not known.
    reads = {
        "security.W001": ["MIDDLEWARE"], "security.W002": ["MIDDLEWARE"], "security.W003": ["MIDDLEWARE"],
        "security.W004": ["SECURE_HSTS_SECONDS", "MIDDLEWARE"], "security.W005": ["SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_SECONDS"],
        "security.W006": ["SECURE_CONTENT_TYPE_NOSNIFF"], "security.W008": ["SECURE_SSL_REDIRECT"], "security.W009": ["SECRET_KEY"],
        "security.W010": ["SESSION_COOKIE_SECURE"], "security.W011": ["SESSION_COOKIE_SECURE"], "security.W012": ["SESSION_COOKIE_SECURE"],
        "security.W013": ["SESSION_COOKIE_HTTPONLY"], "security.W014": ["SESSION_COOKIE_HTTPONLY"], "security.W015": ["SESSION_COOKIE_HTTPONLY"],
        "security.W016": ["CSRF_COOKIE_SECURE"], "security.W018": ["DEBUG"], "security.W019": ["X_FRAME_OPTIONS"], "security.W020": ["ALLOWED_HOSTS"],
        "security.W021": ["SECURE_HSTS_PRELOAD"], "security.W022": ["SECURE_REFERRER_POLICY"], "security.E023": ["SECURE_REFERRER_POLICY"],
    }
    unknown = [i for i in ids if any(s in stubbed for s in reads.get(i, []))]
    # Django refuses to start without a SECRET_KEY: production sets the variable the module reads.
    if not values.get("SECRET_KEY") and "security.W009" in ids:
        unknown.append("security.W009")
    result["checks"] = [i for i in ids if i not in unknown]
    result["unknown"] = unknown
    result["stubbed"] = stubbed
    result["loaded"] = sorted(loaded)
    result["stubbedModules"] = sorted(STUBBED)
    print(json.dumps(result))


main()
