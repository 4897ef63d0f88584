import type { SinkKind, TemplateLanguage } from "./types.js";
import { SINK_KINDS, kindBit } from "./types.js";

export const ALL_KINDS = (1 << SINK_KINDS.length) - 1;
const bits = (...kinds: SinkKind[]) => kinds.reduce((m, k) => m | kindBit(k), 0);

/** Attributes of a request that hold client-controlled data (Django and DRF). */
// `REQUEST` is Django's merged GET and POST (removed in 1.9). REST framework 2's `QUERY_PARAMS`/`DATA` are left out: projects that
// still use them vendor their own framework, whose checks the analysis does not see.
export const REQUEST_ATTRIBUTES = new Set(["GET", "POST", "COOKIES", "META", "headers", "body", "FILES", "data", "query_params", "REQUEST"]);

/** Methods of a request that return its body. */
export const REQUEST_READERS = new Set(["read", "readline", "readlines"]);

/** Methods whose result no longer carries the text of their receiver. */
export const CLEAN_METHODS = new Set([
  "isdigit", "isnumeric", "isdecimal", "isalpha", "isalnum", "isidentifier", "isspace", "islower", "isupper",
  "startswith", "endswith", "count", "find", "rfind", "index", "rindex", "exists", "is_valid", "__len__",
  "has_key", "__contains__",
  // An upload's temporary file: a path Django chose on the server, not the client's file name.
  "temporary_file_path",
  // A model's canonical URL, built by its own get_absolute_url() (reverse() over its fields, Django's documented
  // contract): request data that chose or updated the object (`items[i]`, `content.update(flag=...)`) does not
  // make the URL the client's.
  "get_absolute_url",
]);

/** Methods that guard their receiver when used as an `if` condition (`if q.isdigit():`). */
export const GUARD_METHODS = new Set(["isdigit", "isnumeric", "isdecimal", "isalnum", "isalpha", "isidentifier"]);

/** Methods of a clean receiver (usually a constant string) that pass their arguments' data through. */
export const STRING_BUILDERS = new Set(["join", "format", "format_map", "replace", "__add__", "__mod__"]);

/** Calls whose result is safe for the given sink kinds (ALL_KINDS: returns a clean value). */
export const SANITIZERS = new Map<string, number>([
  ["builtins.int", ALL_KINDS],
  ["builtins.float", ALL_KINDS],
  ["builtins.bool", ALL_KINDS],
  ["builtins.len", ALL_KINDS],
  ["uuid.UUID", ALL_KINDS],
  ["decimal.Decimal", ALL_KINDS],
  ["datetime.date.fromisoformat", ALL_KINDS],
  ["django.utils.text.get_valid_filename", ALL_KINDS],
  ["django.utils.text.slugify", ALL_KINDS],
  ["django.utils.html.escape", bits("html")],
  ["django.utils.html.conditional_escape", bits("html")],
  ["django.utils.html.escapejs", bits("html")],
  ["django.utils.html.strip_tags", 0],
  ["html.escape", bits("html")],
  ["bleach.clean", bits("html")],
  ["shlex.quote", bits("command")],
  ["shlex.join", bits("command")],
  ["werkzeug.utils.secure_filename", ALL_KINDS],
  ["django.utils.html.json_script", bits("html")],
  ["pipes.quote", bits("command")],
  ["os.path.basename", bits("path")],
  ["posixpath.basename", bits("path")],
  ["urllib.parse.quote", bits("header", "html", "sql")],
  ["urllib.parse.quote_plus", bits("header", "html", "sql", "command", "path", "redirect")],
  ["urllib.parse.urlencode", bits("header", "html", "sql")],
  ["django.utils.http.urlencode", bits("header", "html", "sql")],
]);

/**
 * Methods that percent-encode their receiver's data, by the kinds they make safe: `QueryDict.urlencode()`.
 * Without `safe=` it encodes `/`, `:` and `\\` too, so its output (`a=1&b=2`) is a relative reference that
 * cannot name another host or scheme, wherever it stands in a redirect target.
 */
export const ENCODING_METHODS = new Map<string, number>([["urlencode", bits("header", "html", "sql", "redirect")]]);

/**
 * Query-string builders that percent-encode `/`, `:` and `\\` by default (`quote_plus` with `safe=""`): their output
 * cannot leave the site as a redirect target unless `safe=` or `quote_via=` changes the encoding.
 */
export const QUERY_ENCODERS = new Set(["urllib.parse.urlencode", "django.utils.http.urlencode"]);

/** Calls that return (a form of) their arguments' data. */
export const PROPAGATORS = new Set([
  "builtins.str", "builtins.repr", "builtins.bytes", "builtins.format", "builtins.list", "builtins.tuple", "builtins.dict",
  "builtins.set", "builtins.sorted", "builtins.reversed", "builtins.getattr", "builtins.next", "builtins.iter",
  "os.path.join", "os.path.normpath", "os.path.abspath", "os.path.realpath", "os.path.expanduser", "os.fspath",
  "posixpath.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath",
  "base64.b64decode", "base64.urlsafe_b64decode", "base64.b64encode", "base64.decodebytes", "binascii.unhexlify",
  "codecs.decode", "zlib.decompress", "gzip.decompress",
  "builtins.compile", "json.loads", "json.dumps", "copy.copy", "copy.deepcopy", "textwrap.dedent",
  "urllib.parse.unquote", "urllib.parse.unquote_plus", "urllib.parse.urljoin", "urllib.parse.urlunparse",
  "django.utils.encoding.force_str", "django.utils.encoding.smart_str", "django.utils.encoding.force_bytes",
  "django.utils.http.urlsafe_base64_decode", "io.BytesIO", "io.StringIO",
]);

/** Conditions whose true branch proves a value safe: `if url_has_allowed_host_and_scheme(url, ...)`. */
export const GUARD_CALLS = new Map<string, number>([
  ["django.utils.http.url_has_allowed_host_and_scheme", bits("redirect")],
  ["django.utils.http.is_safe_url", bits("redirect")],
]);

/** Names of Django's redirect checks, which projects copy into their own modules. */
export const LOCAL_URL_GUARDS = new Set(["is_safe_url", "url_has_allowed_host_and_scheme"]);

export const RAW_SQL = new Set(["django.db.models.RawSQL", "django.db.models.expressions.RawSQL"]);
export const EXTRA_SQL_ARGS = ["where", "select", "tables", "order_by"];
export const CURSOR_NAME = /^(c|cur|cursor|crs|db_cursor)$|_(cur|cursor)$|^(cur|cursor)_/i;

export const MARK_SAFE = new Set(["django.utils.safestring.mark_safe", "django.utils.safestring.SafeString"]);
export const FORMAT_HTML = "django.utils.html.format_html";
export const HTTP_RESPONSE = "django.http.HttpResponse";
/** `HttpResponse` subclasses whose body is HTML too unless a content type says otherwise. */
export const HTML_RESPONSE_SUBCLASSES = new Set([
  "django.http.HttpResponseBadRequest", "django.http.HttpResponseNotFound", "django.http.HttpResponseForbidden",
  "django.http.HttpResponseServerError", "django.http.HttpResponseGone",
]);
/** Template classes that compile their first argument, by template language: request data there is server-side template injection. */
export const TEMPLATE_COMPILERS = new Map<string, TemplateLanguage>([
  ["django.template.Template", "django"], ["django.template.base.Template", "django"], ["jinja2.Template", "jinja2"], ["jinja2.environment.Template", "jinja2"],
]);
/** Methods of template engines and environments that compile a template from a string. */
export const TEMPLATE_FROM_STRING = new Set(["from_string"]);

export const SHELL_ALWAYS = new Set(["os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput", "commands.getoutput", "os.popen2", "os.popen3"]);
export const SUBPROCESS = new Set(["subprocess.call", "subprocess.run", "subprocess.Popen", "subprocess.check_call", "subprocess.check_output"]);

export const CODE_EVAL = new Set(["builtins.eval", "builtins.exec", "builtins.compile"]);

export const DESERIALIZERS = new Set([
  "pickle.loads", "pickle.load", "_pickle.loads", "_pickle.load", "cPickle.loads", "cPickle.load", "dill.loads", "dill.load",
  "marshal.loads", "marshal.load", "jsonpickle.decode", "shelve.open", "yaml.unsafe_load", "yaml.unsafe_load_all",
]);
export const YAML_LOAD = new Set(["yaml.load", "yaml.load_all"]);
export const SAFE_YAML_LOADER = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;

export const REDIRECTS = new Set(["django.shortcuts.redirect", "django.http.HttpResponseRedirect", "django.http.HttpResponsePermanentRedirect"]);

export const FILE_OPENERS = new Set(["builtins.open", "io.open", "codecs.open", "os.remove", "os.unlink", "os.rmdir", "shutil.rmtree", "os.listdir", "shutil.copy", "shutil.copyfile", "shutil.move"]);
export const STORAGE_METHODS = new Set(["open", "delete", "path", "listdir", "size"]);
export const PATHLIB_METHODS = new Set(["open", "read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "iterdir"]);
export const FILE_RESPONSE = "django.http.FileResponse";

const HTTP_VERBS = ["get", "post", "put", "patch", "delete", "head", "options"];
/** HTTP client calls: qualified name -> index of the URL argument. */
export const HTTP_CLIENTS = new Map<string, number>([
  ...HTTP_VERBS.flatMap((v) => [[`requests.${v}`, 0], [`httpx.${v}`, 0]] as [string, number][]),
  ["requests.request", 1],
  ["httpx.request", 1],
  ["httpx.stream", 1],
  ["urllib.request.urlopen", 0],
  ["urllib.request.Request", 0],
  ["urllib.request.urlretrieve", 0],
  ["urllib3.request", 1],
  ["aiohttp.request", 1],
  ["http.client.HTTPConnection", 0],
  ["http.client.HTTPSConnection", 0],
  ["socket.create_connection", 0],
]);

/** QuerySet methods whose positional arguments name fields (and lookups across relations): `order_by("owner__password")`. */
export const FIELD_NAME_METHODS = new Set(["order_by", "values", "values_list", "only", "defer", "distinct"]);

export const QUERYSET_METHODS = new Set(["create", "filter", "exclude", "get", "update", "get_or_create", "update_or_create", "aggregate", "annotate", "values"]);
export const QUERYSET_RECEIVER = /(^|\.)objects\b|queryset|_set\b|_default_manager|get_queryset\(\)/;

/** A redirect target that starts with a fixed local path (`/shop/...`) or a fixed scheme and host. */
export const SAFE_REDIRECT_HEAD = /^(\/(?=[^/\\])|[a-z][a-z0-9+.-]*:\/\/[^/?#@\\]+[/?#])/i;
/** A URL that starts with a fixed scheme and host. */
export const SAFE_URL_HEAD = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\\{%]+[/?#]/i;

/**
 * URL parameters named like numeric keys (`user_pk`, `order_id`): URLconfs capture them with `<int:...>` (or a
 * digit pattern) almost always, so they carry no text an attacker can shape. Bare `pk`/`id` stay tainted: DRF
 * routers capture `pk` as any text.
 */
export const NUMERIC_URL_PARAM = /_(pk|id)$/;

/** Modules whose functions take request data as URL parameters. */
export const VIEWS_MODULE = /(^|\/)(views|viewsets|api|apis)(\/|\.py$)|_views\.py$|(^|\/)views_\w+\.py$/;

export const RESPONSE_NAME = /^(response|resp|http_response)$/;

/** Constructors of HTTP client sessions whose request methods take a URL first. */
export const HTTP_SESSIONS = new Set(["requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient", "urllib3.PoolManager", "aiohttp.ClientSession"]);
export const SESSION_METHODS = new Map<string, number>([
  ...["get", "post", "put", "patch", "delete", "head", "options"].map((m) => [m, 0] as [string, number]),
  ["request", 1],
  ["stream", 1],
]);

/** Class-based view methods whose return value Django redirects to (`FormView`, `DeleteView`, `RedirectView`). */
export const REDIRECT_METHODS = new Set(["get_success_url", "get_redirect_url"]);

/** URL reversing: the result is a path on this site. */
export const REVERSE = new Set(["django.urls.reverse", "django.urls.reverse_lazy"]);

/**
 * Whether a URL whose known prefix is `head` (clean text before the first request value) points where
 * the code says: a fixed local path or host, or request data only after a `?` or `#`.
 */
export function fixedTarget(head: string | undefined, kind: "redirect" | "ssrf"): boolean {
  if (head === undefined) return false;
  if (/[?#]/.test(head)) return true;
  return (kind === "redirect" ? SAFE_REDIRECT_HEAD : SAFE_URL_HEAD).test(head);
}
