import { pythonModuleName } from "./imports.js";
import { sessionWriterFunctions } from "./session-writes.js";
import { pathGuardFunctions, redirectGuardFunctions } from "./redirect-guards.js";
import { ssrfGuardFunctions } from "./ssrf-guards.js";
import { superuserDecoratorNames } from "./superuser-checks.js";
import { permissionTestNames } from "./permission-checks.js";
import { yamlLoaderClasses, type YamlLoaderKind } from "./yaml-loaders.js";
import { boundedCleanedFields } from "./bounded-form-fields.js";
import { positionalUrlCaptures } from "./positional-url-params.js";
import type { SourceFile } from "./types.js";
import { modelFacts, type ModelFacts } from "./model-fields.js";
import { userModelFacts, type UserModelFacts } from "./user-model.js";
import { formFacts, type FormFacts } from "./form-fields.js";
import { adminClassFacts, type AdminClassFacts } from "./admin-columns.js";
import { viewRoutes } from "./view-routes.js";

/**
 * Where a template's context value comes from, as far as the view that renders it shows:
 * `request` (request data), `html` (already-safe HTML: format_html, render_to_string, escape, a sanitiser),
 * `number` (a count, a length, a numeric literal), `constant` (text the developer wrote, such as a literal an
 * `{% include ... with key="value" %}` passes), or `other` (seen, but its origin is not known).
 */
export type ContextOrigin = "request" | "html" | "number" | "constant" | "other";

/**
 * A small project index built from the Python files handed in (pure: file texts only). It links templates to
 * the context the views give them, and class-based views to how the URL conf routes them.
 */
export interface ProjectIndex {
  /** Template name (as written in the view, e.g. `shop/basket.html`) → context key → origin. */
  templates: Record<string, Record<string, ContextOrigin>>;
  /** View class name → `bare` when some URL pattern routes `X.as_view()` undecorated, `guarded` when only wrapped in a decorator call. */
  views: Record<string, "bare" | "guarded">;
  /** Top-level functions that check permissions (raise PermissionDenied, call has_perm): a view calling one is checked. */
  permissionHelpers: string[];
  /**
   * Form fields whose `clean_<field>()` checks the value is a local URL (`url_has_allowed_host_and_scheme`,
   * `is_safe_url`, or `startswith("/")` with `startswith("//")` refused): `cleaned_data[field]` is a safe redirect.
   */
  redirectSafeFields: string[];
  /**
   * Form fields whose value passed a check of its own: a `clean_<field>()` that can raise `ValidationError`, or a
   * `forms.*Field` whose value is a number, date, choice, slug or UUID. Keyed by field name across the project.
   */
  validatedFields: string[];
  /** Top-level functions that verify a secret or signature (constant-time compare, HMAC, signing, JWT). */
  secretCheckHelpers: string[];
  /**
   * Top-level functions that run Django's CSRF check themselves (`CsrfViewMiddleware(...).process_view(request, ...)`,
   * `csrf_protect(view)(request)`), which a csrf_exempt view may call on the path that acts for the user.
   * Optional: indexes built before it existed leave it out.
   */
  csrfCheckHelpers?: string[];
  /**
   * Some module uses an API that Django added in 2.0 or later (`django.urls.path`/`re_path`, `@admin.display`,
   * `models.JSONField`, `DEFAULT_AUTO_FIELD`): the project runs Django 2.0+, where `allow_tags` has no effect.
   */
  djangoAtLeast2?: boolean;
  /**
   * Field names that every form, model or serializer field declaration of the project declares as a `FilePathField`:
   * a cleaned value under such a key is one of the files Django listed under the field's `path`, not text the client wrote.
   */
  filePathFields?: string[];
  /**
   * Field names that every field declaration of the project (forms, models, serializers) declares as a field whose
   * cleaned value holds neither `/`, `\\` nor `.`: an `IntegerField`, `SlugField` or `UUIDField`, or a `RegexField`
   * whose anchored pattern (`^[a-z][0-9a-z_-]+$`) admits none of them. Optional: older indexes leave it out.
   */
  plainNameFields?: string[];
  /**
   * Form classes of the project (by class name) -> their fields declared in the class body so (see `plainNameFields`):
   * read where a view names its form class (`form_class=AddTemplateForm`) and the field name alone is ambiguous.
   * A field some class of that name declares otherwise is left out.
   */
  plainNameFormFields?: Record<string, string[]>;
  /** Methods (`def is_authorized(self)`) whose body verifies a secret or signature. Optional: older indexes leave it out. */
  secretCheckMethods?: string[];
  /**
   * Top-level functions (helpers, decorators) that look a record up by a secret the request carries in its body or
   * query (`Token.objects.get(key=request.POST["token"])`, see `looksUpByRequestSecret`); `replacesUser` when they
   * also make the record's user the request's (`request.user = token.user`). Optional: older indexes leave them out.
   */
  requestSecretLookups?: { helpers: string[]; replacesUser: string[] };
  /** Top-level functions that only write the caller's session or cookies (see `sessionWriterFunctions`). Optional: older indexes leave it out. */
  sessionWriters?: string[];
  /**
   * Project functions and methods that check a URL parameter is local (`url_has_allowed_host_and_scheme`,
   * `is_safe_url`, `django.urls.resolve`, or `startswith("/")` with `startswith("//")`): see `redirect-guards.ts`.
   */
  redirectGuards?: string[];
  /** Project functions that check with `safe_join` that a path stays inside a folder (see `pathGuardFunctions`). */
  pathGuards?: string[];
  /** Project functions and methods that refuse a URL whose host is an internal address (see `ssrf-guards.ts`). */
  ssrfGuards?: string[];
  /**
   * URL parameters that every URL pattern of the project capturing them limits to fixed words
   * (`(?P<action>default_for_(billing|shipping))`) or digits (`(?P<year>\d{4})`, `<int:year>`): no text an
   * attacker can shape. `pk` and `id` are left out (DRF routers capture them as any text, unseen in the code).
   */
  boundedUrlParams: string[];
  /**
   * URL parameters that every URL pattern of the project capturing them limits to characters that carry no markup:
   * letters, digits and `_ . - @ + : ~ ,` (`(?P<kind>[a-z0-9._]+)`, `(?P<name>\w+)`, `<slug:...>`, `<int:...>`,
   * `<uuid:...>`). Such a value cannot open a tag or an attribute. Optional: older indexes leave it out.
   */
  markupFreeUrlParams?: string[];
  /**
   * Views some module wraps in `csrf_exempt(...)` (`csrf_exempt(views.hook)`, `csrf_exempt(Hook.as_view())`), by
   * the name of the class or function that defines them → what that definition shows (see `csrfViewEvidence`).
   * Optional: indexes built before it existed, or by callers that do not need it, leave it out.
   */
  exemptViews?: Record<string, CsrfViewEvidence>;
  /**
   * DRF permission classes of the project (a `has_permission`/`has_object_permission` method or a permission base)
   * → true when the class or a project ancestor implements `has_object_permission` (or extends `DjangoObjectPermissions`).
   */
  permissionClasses?: Record<string, boolean>;
  /**
   * Project middleware classes that extend one of Django's security middleware classes and keep its checks (every
   * override of a `process_*`/`__call__`/private method calls `super()`): dotted path from the file's path
   * (`src.shop.middleware.TenantCsrfMiddleware`) -> the Django class's name (`CsrfViewMiddleware`).
   */
  securityMiddlewareSubclasses?: Record<string, string>;
  /** Every class the project defines at module level (so a base class out of the index reads as unknown). */
  knownClasses?: string[];
  /** Project classes that descend from DRF's `GenericAPIView` (generic views, `GenericViewSet`, `ModelViewSet`...). */
  genericViewClasses?: string[];
  /** Project classes whose `get_queryset()` (their own or a project ancestor's) filters by the requesting user or tenant. */
  scopedQuerysetClasses?: string[];
  /**
   * Top-level functions that load an object by an id parameter (`get_object_or_404(M, pk=pk)`): `scoped` when
   * the query is also tied to the requesting user (`user=request.user`), `unscoped` otherwise.
   */
  objectLoaders?: Record<string, "scoped" | "unscoped">;
  /**
   * Top-level functions taking `request` first that are helpers, not views: no URLconf the index read names
   * them, and another module calls them. Empty when the index read no URLconf (then nothing is known).
   */
  helperFunctions?: string[];
  /**
   * File path -> module-level functions taking `request` first that no URLconf routes and that only other project code
   * calls, read per module (see `view-routes.ts`): helpers, whose other parameters are what their callers pass, not
   * URL captures. Left out when the index read no URLconf.
   */
  helperViews?: Record<string, string[]>;
  /**
   * File path -> module-level view-shaped functions (`def name(request, ...)`) and view classes that nothing in the
   * project refers to in code: no URLconf routes them (a commented-out URL line does not count), no code calls or names
   * them. Only when the caller handed in the whole project and its `ROOT_URLCONF` module is among the files.
   */
  unreferencedViews?: Record<string, string[]>;
  /**
   * Python files of apps whose URLconf the project includes only inside `if settings.DEBUG:`
   * (`urlpatterns += [path("development/", include("proj.development.urls"))]`) and nowhere else: their views
   * are reachable only on a development server.
   */
  debugOnlyPaths?: string[];
  /** Views (function or class names) that URLconfs route only inside `if settings.DEBUG:` blocks and nowhere else. */
  debugOnlyViews?: string[];
  /**
   * Every name some URL pattern of the project captures (`(?P<slug>...)`, `<int:pk>`). Left out when the index read
   * no URLconf (then nothing is known). A view parameter no pattern captures is filled in by something else, such
   * as a decorator that loads the object.
   */
  capturedUrlParams?: string[];
  /**
   * Template context keys that every assignment in the project (`context["k"] = v`, `{"k": v}`) gives a constant: a
   * literal, or `self.<attr>` where every assignment of `<attr>` anywhere is a literal (a view's class attribute
   * such as `orientation = "rows"`). Optional: indexes built before it existed leave it out.
   */
  constantContextKeys?: string[];
  /**
   * Some URL pattern routes any path (`re_path(r"^.*$", ...)`, `re_path(r"^(?P<path>.*)", ...)`, `path("<path:p>", ...)`):
   * then `django.urls.resolve()` accepts `//evil.example/` too and is no check that a redirect stays on the site.
   */
  catchAllRoute?: boolean;
  /** Names of model fields declared as `FileField`/`ImageField` (or a subclass named so) anywhere in the project. */
  fileFields?: string[];
  /**
   * Model classes of the project → what each field can hold (markup-free by type, choices or a strict validator;
   * a file; text; a relation to another model) and which methods only return numbers. See `model-fields.ts`.
   * Optional: indexes built before it existed leave it out.
   */
  models?: Record<string, ModelFacts>;
  /**
   * Whether the project's user model keeps Django's validated username (see `UserModelFacts`): `user.username` then
   * holds only letters, digits and `@.+-_`. Optional: indexes built before it existed leave it out (nothing known).
   */
  userModel?: UserModelFacts;
  /**
   * Form classes of the project → their fields' kinds (a closed set of choices, a bounded value, or text) and whether
   * they add fields under names taken from their input. See `form-fields.ts`. Optional: older indexes leave it out.
   */
  forms?: Record<string, FormFacts>;
  /**
   * Models of the project whose primary key holds text (a `primary_key=True` field that is not an auto, integer or
   * UUID field), with the classes that extend them, the `related_name`s of their foreign keys and their default
   * reverse managers (`course_set`): an exact `pk`/`id` lookup on them proves nothing about the value's characters.
   */
  textKeyModels?: string[];
  /**
   * View function name -> the URL parameters that every route to it the index read captures with a pattern that
   * admits neither `/` nor `\\` (`[\\w.@+-]+`, `<slug:...>`, `<int:...>`, a module constant such as a username
   * regex): `"/" + value` is then a path on this site, since browsers read `/\\evil.example` as `//evil.example` and
   * `[^/]+` or `<str:...>` let a backslash through. Views routed only by patterns the index cannot read are left out.
   */
  segmentUrlParams?: Record<string, string[]>;
  /**
   * View function name -> the URL parameters that every route to it the index read captures with a non-empty
   * pattern that admits no `/` (`<str:...>`, `<slug:...>`, `<int:...>`, `<uuid:...>`, `[^/]+`): on a POSIX server
   * such a value is at most one path component (`..` included). Views routed by patterns not read are left out.
   * Optional: indexes built before it existed leave it out.
   */
  componentUrlParams?: Record<string, string[]>;
  /**
   * View function name -> the URL parameters that every route to it the index read captures with a non-empty pattern
   * that admits neither `/`, `\\` nor `.` (`\\d+`, `\\w+`, `[_\\d]+`, `<int:...>`, `<slug:...>`, `<uuid:...>`): such a value
   * is neither a folder separator nor `..`, so no path built from it leaves the folder it is joined to.
   * Optional: indexes built before it existed leave it out.
   */
  plainNameUrlParams?: Record<string, string[]>;
  /**
   * Project classes → which HTTP methods they answer, following project bases and Django's own views (see
   * `DJANGO_VIEW_HANDLERS`): `safe` for a view (it reaches Django's `View`) where no class on the way defines a
   * handler of an unsafe method (`post`, `put`, `patch`, `delete`, a `dispatch` of its own that does not hand over
   * to `super().dispatch`) and every base is known, so a POST gets 405; `neutral` for a mixin that adds no handler
   * (its subclasses decide); `unsafe` when some class on the way handles an unsafe method. Classes with a base out
   * of sight are left out (unknown). Optional: indexes built before it existed leave it out.
   */
  viewHandlers?: Record<string, ViewHandlers>;
  /**
   * Project classes that set `permission_classes` (themselves or through the first project base that does) to a
   * literal list of classes, none of them `AllowAny`: a DRF action declaring none of its own runs under them.
   * Optional: indexes built before it existed leave it out.
   */
  protectedViewsets?: string[];
  /** The project's PyYAML loader classes by name, safe or not (see `yamlLoaderClasses`). */
  yamlLoaders?: Record<string, YamlLoaderKind>;
  /**
   * Classes of the modules that mention the admin → their bases and the names their bodies spell as strings: which
   * methods of an admin class some option (`list_display`, `readonly_fields`...) shows (see `admin-columns.ts`).
   * Optional: indexes built before it existed leave it out.
   */
  adminClasses?: Record<string, AdminClassFacts>;
  /**
   * Decorators the project defines that let only superusers through (see `superuserDecoratorNames`), by name: a view
   * under one is for the site's fully trusted users. Optional: indexes built before it existed leave it out.
   */
  superuserDecorators?: string[];
  /**
   * Top-level functions whose every `return` is a privilege test (see `permissionTestNames`): `is_reviewer(user)`
   * returning `user.has_perm(...)`. Optional: indexes built before it existed leave it out.
   */
  permissionTests?: string[];
}

/** Whether a class answers unsafe methods (see `ProjectIndex.viewHandlers`). */
export type ViewHandlers = "safe" | "neutral" | "unsafe";

/** The answer of a class from those of its bases: unsafe wins, then out of sight, then a view. */
export function joinViewHandlers(a: ViewHandlers | "unknown", b: ViewHandlers | "unknown"): ViewHandlers | "unknown" {
  if (a === "unsafe" || b === "unsafe") return "unsafe";
  if (a === "unknown" || b === "unknown") return "unknown";
  return a === "safe" || b === "safe" ? "safe" : "neutral";
}

/**
 * Django's class-based views and mixins by name → whether they answer an unsafe method. Display views (`View`,
 * `TemplateView`, `DetailView`, `ListView`, the date archives) define `get` at most, so a POST gets 405;
 * `RedirectView` answers POST with its own `get`, which a cross-site GET reaches anyway. The mixins add no handler.
 * The form views (`ProcessFormView` and its subclasses), `DeletionMixin` and the auth form views handle POST.
 */
export const DJANGO_VIEW_HANDLERS: ReadonlyMap<string, ViewHandlers> = new Map<string, ViewHandlers>([
  ...[
    "View", "TemplateView", "RedirectView", "DetailView", "ListView", "ArchiveIndexView", "YearArchiveView", "MonthArchiveView",
    "WeekArchiveView", "DayArchiveView", "TodayArchiveView", "DateDetailView", "BaseDetailView", "BaseListView", "BaseDateListView",
    "BaseArchiveIndexView", "BaseYearArchiveView", "BaseMonthArchiveView", "BaseWeekArchiveView", "BaseDayArchiveView",
    "BaseTodayArchiveView", "BaseDateDetailView",
  ].map((n) => [n, "safe"] as const),
  ...[
    "ContextMixin", "TemplateResponseMixin", "SingleObjectMixin", "SingleObjectTemplateResponseMixin", "MultipleObjectMixin",
    "MultipleObjectTemplateResponseMixin", "YearMixin", "MonthMixin", "DayMixin", "WeekMixin", "DateMixin", "FormMixin", "ModelFormMixin",
    "LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin", "AccessMixin",
  ].map((n) => [n, "neutral"] as const),
  ...[
    "ProcessFormView", "BaseFormView", "FormView", "BaseCreateView", "CreateView", "BaseUpdateView", "UpdateView", "DeletionMixin",
    "BaseDeleteView", "DeleteView", "LoginView", "LogoutView", "PasswordChangeView", "PasswordResetView", "PasswordResetConfirmView",
  ].map((n) => [n, "unsafe"] as const),
]);

const UNSAFE_HANDLER = /^[ \t]+(?:async[ \t]+)?def[ \t]+(?:post|put|patch|delete)[ \t]*\(|^[ \t]+(?:post|put|patch|delete)[ \t]*=/m;
const SAFE_HTTP_METHODS = /^[ \t]+http_method_names[ \t]*=[ \t]*[[(]((?:[ \t]*["'](?:get|head|options|trace)["'][ \t]*,?)+)[\])]/im;

/**
 * What a class's own body says about the methods it answers: `unsafe` when it defines a handler of an unsafe method
 * or a `dispatch` that does not call `super().dispatch` (it answers every method itself); `safe` when it limits
 * `http_method_names` to safe methods; undefined when its bases decide.
 */
export function ownViewHandlers(block: string): ViewHandlers | undefined {
  if (UNSAFE_HANDLER.test(block)) return "unsafe";
  const dispatch = methodBody(block, "dispatch");
  if (dispatch !== undefined && !/\.dispatch\(/.test(dispatch)) return "unsafe";
  if (SAFE_HTTP_METHODS.test(block)) return "safe";
  return undefined;
}

/**
 * What a view's code says about CSRF: `secret` (it checks a token or signature a cross-site form cannot send, or
 * authenticates with REST framework authentication classes), `drf` (a REST framework view: its `as_view()` is
 * csrf-exempt already and SessionAuthentication checks CSRF itself), `session` (it acts with the session's user),
 * or `other` (nothing either way).
 */
export type CsrfViewEvidence = "secret" | "drf" | "session" | "other";

// A REST framework style API view authenticates every request with its `authentication_classes`.
const API_AUTHENTICATION = /\bauthentication_classes\s*=|\bdef get_authenticators\(/;
/** A token in a header (`Authorization`, `X-...-Token`): machine callers, not the browser's cookies. */
export const HEADER_TOKEN = /\bHTTP_AUTHORIZATION\b|["']Authorization["']|\bHTTP_X_[A-Z_]*(?:TOKEN|KEY|SIGNATURE|SECRET|AUTH)[A-Z_]*\b|["']X-[\w-]*(?:Token|Key|Signature|Secret|Auth)[\w-]*["']/i;
/** What CSRF protects: actions taken with the cookie credentials of the browser's user (the user, the session, login checks). */
export const USES_COOKIE_CREDENTIALS =
  /\brequest\.(?:user|session|auth)\b|\blogin\(|\blogout\(|\b(?:login_required|permission_required|user_passes_test|staff_member_required)\b|\b(?:LoginRequired|PermissionRequired|UserPassesTest)Mixin\b/;
// python-social-auth's `do_complete(...)` (social_core.actions) and allauth's OAuth callback views finish a social
// login whose OAuth `state` parameter the library verifies.
const SOCIAL_AUTH_CALLBACK = /\bdo_complete\(|\bOAuth2?CallbackView\b|\.complete_login\(/;
// A view under python-social-auth's `@psa(...)` (which loads the backend and its strategy) that hands the request to
// social_django's own `complete` view: the callback step, csrf_exempt in social_django itself.
const PSA_DECORATOR = /^[ \t]*@(?:[\w.]*\.)?psa\(/m;
const PSA_COMPLETE = /\bcomplete\(\s*request\b/;
// REST framework's views: `as_view()` returns a csrf-exempt view, and SessionAuthentication enforces CSRF itself.
const DRF_VIEW_BASES = /^class\s+\w+\s*\([^)]*\b(?:\w*APIView|\w*ViewSet|ViewSetMixin)\b/m;

// `csrf_protect` (or the middleware's `process_view`) applied inside the exempt view's own code.
const CHECKS_CSRF_ITSELF = /\bcsrf_protect\b|\bCsrfViewMiddleware\b|\.process_view\(/;
// A helper that runs Django's CSRF check: the middleware's (or REST framework's `CSRFCheck`) `process_view` called on a
// request, or `csrf_protect` applied to a view. Bounded, so a long module costs linear time.
const RUNS_CSRF_CHECK = /\b(?:CsrfViewMiddleware|CSRFCheck)\b[^]{0,400}?\.process_view\(|\bcsrf_protect\(/;

// The SAML libraries (python3-saml's `onelogin.saml2`, pysaml2's `saml2`, djangosaml2), imported by the view's module.
const SAML_LIBRARY = /^[ \t]*(?:from|import)[ \t]+(?:onelogin\.saml2|saml2|djangosaml2)\b/m;
// A SAML endpoint's work: the library's calls that verify a signed message from the identity provider
// (python3-saml's `process_response`/`process_slo`, pysaml2's `parse_authn_request_response`/`parse_logout_request...`),
// or reading the message (`request.POST["SAMLResponse"]`) in a module that has a SAML library to verify it.
const SAML_MESSAGE = /\.(?:process_response|process_slo|parse_authn_request_response|parse_logout_request_response|parse_logout_request|handle_logout_request)\(|["']SAML(?:Response|Request)["']/;
// `request.is_ajax()`, `request.headers["X-Requested-With"]`, `@require_ajax`/`@ajax_required`: a custom header that
// browsers only let same-origin scripts set.
const REQUIRES_CUSTOM_HEADER = /\.is_ajax\(\)|\bHTTP_X_REQUESTED_WITH\b|["']x-requested-with["']|^[ \t]*@[\w.]*(?:require_ajax|ajax_required|ajax_only)\b/im;

/**
 * The CSRF evidence of a view's code (a function with its decorators, or a whole class); `module` is the text of the
 * module that defines it, when known (what it imports).
 */
export function csrfViewEvidence(code: string, index?: ProjectIndex, module?: string): CsrfViewEvidence {
  if (SECRET_CHECK.test(code) || API_AUTHENTICATION.test(code)) return "secret";
  // A signature checked by a project helper one hop away: likely authenticated, worth a look rather than a comment.
  if (usesHelper(index?.secretCheckHelpers, code)) return "other";
  if (DRF_VIEW_BASES.test(code)) return "drf";
  // A social login callback: providers POST back (`form_post`), and the OAuth `state` parameter the library checks
  // stands in for the CSRF token (python-social-auth's own `complete` view is csrf_exempt): worth a look.
  if (SOCIAL_AUTH_CALLBACK.test(code) || (PSA_DECORATOR.test(code) && PSA_COMPLETE.test(code))) return "other";
  // The view runs Django's CSRF check itself (exempt only to answer a failure its own way), or demands a header a
  // cross-site form cannot send (`X-Requested-With`): worth a look rather than a comment.
  // So does a project helper one hop away that runs it (`_enforce_csrf(request)` on the path that acts for the user,
  // as an OpenID Connect provider's authorization or logout endpoint does: the spec has relying parties POST to them).
  if (CHECKS_CSRF_ITSELF.test(code) || usesHelper(index?.csrfCheckHelpers, code) || REQUIRES_CUSTOM_HEADER.test(code)) return "other";
  // A SAML assertion consumer or single logout service: the identity provider POSTs `SAMLResponse`/`SAMLRequest`
  // cross-site by design (HTTP-POST binding), and the signed message, verified by the SAML library, authenticates the
  // request. Worth a look rather than a comment. Reading `SAMLResponse` with no SAML library in the module is not enough.
  if (module !== undefined && SAML_MESSAGE.test(code) && SAML_LIBRARY.test(module)) return "other";
  // Credentials sent with each request replace the session's user (`request.user = authenticate(request,
  // username=request.POST["user"], password=request.POST["password"])`) and no session is opened with them
  // (`login()`): a cross-site form would have to know the victim's password. Worth a look, not a comment.
  if (PASSWORD_FROM_REQUEST.test(code) && !/\blogin\(/.test(code)) return "other";
  // Likewise a per-user secret the request carries in its body or query, looked up to find whose request it is
  // (`request.user = Token.objects.get(key=request.POST["token"]).user`), here or in a helper or decorator one hop away.
  if (actsAsRequestSecretUser(code, index)) return "other";
  if (HEADER_TOKEN.test(code) || !USES_COOKIE_CREDENTIALS.test(code)) return "other";
  // A view whose only tie to the browser's credentials is storing its own keys in the session (a sort order, a
  // display choice): a forged request changes that visitor's preference, not anything done as the user.
  return USES_COOKIE_CREDENTIALS.test(code.replace(SESSION_KEY_WRITE, "")) ? "session" : "other";
}

// `request.user = authenticate(request, username=..., password=request.POST.get("password"))`: the view acts as the user
// whose password came with the request, not as the session's (one that only checks some posted password and then
// acts as `request.user` can be fed the attacker's own credentials).
const PASSWORD_FROM_REQUEST = /\brequest\.user\s*=\s*(?:[\w.]+\.)?authenticate\([^]{0,300}?\bpassword\s*=\s*(?:self\.)?request\.(?:POST|GET|data|body|headers|META)\b/;

// A secret the request carries by name (`"token"`, `"api_key"`, `"secret"`; not the CSRF token itself), read from its body
// or query: `request.POST["token"]`, `request.GET.get("key")`, `json.loads(request.body)["token"]`, or a name bound to one
// of those (`data = json.loads(request.body)`, then `data.get("token")`).
const SECRET_NAME = String.raw`["'](?![\w-]{0,60}csrf)[\w-]{0,60}?(?:token|Token|TOKEN|key|Key|KEY|secret|Secret|SECRET)[\w-]{0,60}["']`;
const REQUEST_BODY_DATA = String.raw`(?:self\.)?request\.(?:POST|GET|data|query_params)\b|json\.loads\(\s*(?:self\.)?request\.body\b[^()\n]*\)`;
const REQUEST_DATA_NAME = new RegExp(String.raw`^[ \t]*(\w+)[ \t]*=[ \t]*(?:${REQUEST_BODY_DATA})`, "gm");
// Bounded, so a long argument list or word costs linear time.
const LOOKUP_CALL = String.raw`(?:\.(?:get|filter|get_or_none)|\bget_object_or_404|\bget_list_or_404)\([^()]{0,300}?\b\w{0,40}?(?:token|Token|key|Key|secret|Secret)\w{0,40}(?:__i?exact)?\s*=\s*`;
// `request.user = ...` from anything but the request's own user.
const REPLACES_REQUEST_USER = /\brequest\.user\s*=(?!=)\s*(?!request\b)/;

/**
 * True when `code` looks a record up by a secret the request carries in its body or query, passed as a lookup keyword
 * named for a secret (`Token.objects.filter(token=token)`, `get_object_or_404(ApiKey, key=request.GET["key"])`):
 * a per-user credential a cross-site form cannot know.
 */
export function looksUpByRequestSecret(code: string): boolean {
  if (!/\b(?:token|Token|key|Key|secret|Secret)\w*(?:__i?exact)?\s*=/.test(code)) return false;
  const containers = [...code.matchAll(REQUEST_DATA_NAME)].map((m) => m[1]);
  const source = String.raw`(?:${REQUEST_BODY_DATA}${containers.length ? String.raw`|\b(?:${containers.join("|")})` : ""})\s*(?:\[\s*|\.get\(\s*)${SECRET_NAME}`;
  const secrets = [...code.matchAll(new RegExp(String.raw`^[ \t]*(\w+)[ \t]*=[ \t]*(?:${source})`, "gm"))].map((m) => m[1]);
  const value = String.raw`(?:${source}${secrets.length ? String.raw`|\b(?:${secrets.join("|")})\b(?!\s*[.(\[])` : ""})`;
  return new RegExp(LOOKUP_CALL + value).test(code);
}

/** True when `code` calls one of the named project functions, or decorates with it (`@token_required`). */
function usesHelper(names: readonly string[] | undefined, code: string): boolean {
  return (names ?? []).some((name) => new RegExp(String.raw`\b${name}\(|^[ \t]*@(?:\w+\.)*${name}\b`, "m").test(code));
}

/**
 * The view acts as the user a secret of the request names: it (or a helper one hop away) looks a record up by a secret
 * the request carries, and it (or that helper) replaces `request.user` with the record's.
 */
function actsAsRequestSecretUser(code: string, index: ProjectIndex | undefined): boolean {
  const lookups = index?.requestSecretLookups;
  if (usesHelper(lookups?.replacesUser, code)) return true;
  return REPLACES_REQUEST_USER.test(code) && (looksUpByRequestSecret(code) || usesHelper(lookups?.helpers, code));
}

// `request.session["k"] = ...`, `del request.session["k"]`, `"k" in request.session`: the view's own keys, written.
const SESSION_KEY_WRITE = /\brequest\.session\[[^\]\n]+\]\s*=(?!=)|\bdel\s+request\.session\[[^\]\n]+\]|\bin\s+request\.session\b/g;

// `csrf_exempt(views.hook)`, `csrf_exempt(HookView.as_view())`: the name of the wrapped view's definition.
const CSRF_EXEMPT_WRAP = /\bcsrf_exempt\(\s*(?:[\w]+\.)*(\w+)\s*(?:\.as_view\(|\))/g;

const TEMPLATE_NAME = /["']([\w./-]+\.(?:html?|txt|xml|jinja2?|j2))["']/g;
const RENDERING = /\b(?:render|render_to_string|TemplateResponse|render_to_response|get_template|select_template|template_name|html_template_name|text_template_name)\b/;
const REQUEST_DATA =
  /\b(?:self\.)?request\.(?:GET|POST|body|data|query_params|COOKIES|META|FILES|headers|path|path_info|get_full_path|build_absolute_uri)\b|\bcleaned_data\b|\bself\.kwargs\b/;
const SAFE_HTML = /^(?:[\w.]*\.)?(?:format_html|format_html_join|render_to_string|escape|conditional_escape|json_script|clean|linebreaks|urlize|highlight|sanitize|reverse|reverse_lazy|get_absolute_url)\(|^(?:\w+\.)*(?:as_p|as_div|as_table|as_ul|render|label_tag|as_widget|as_hidden)\(/;
const NUMBER = /^(?:-?\d[\d_.]*|len\(.*\)|int\(.*\)|float\(.*\)|round\(.*\)|[\w.]+\.count\(\)|(?:True|False|None))$/;
const DICT_ENTRY = /["'](\w+)["']\s*:\s*([^,}\n]+)/g;
const SUBSCRIPT_SET = /\b\w+\[["'](\w+)["']\]\s*=\s*([^\n]+)/g;
const KEYWORD_ENTRY = /\b(\w+)\s*=\s*([^,()\n]+(?:\([^()\n]*\))?)/g;
const AS_VIEW = /\b(\w+)\.as_view\(/g;
// URL routing calls, and Django decorators that check nothing about the user, when they wrap `X.as_view()`.
const NOT_ACCESS_WRAPPER = new Set([
  "path", "re_path", "url", "include", "csrf_exempt", "csrf_protect", "ensure_csrf_cookie", "never_cache", "cache_page",
  "cache_control", "vary_on_cookie", "vary_on_headers", "gzip_page", "xframe_options_exempt", "xframe_options_deny",
  "xframe_options_sameorigin", "require_GET", "require_POST", "require_safe", "require_http_methods", "atomic",
  "non_atomic_requests", "sensitive_post_parameters", "sensitive_variables", "condition", "etag", "last_modified",
]);

/**
 * True when `X.as_view()` is wrapped in a call of a project function (`installation_incomplete(X.as_view())`):
 * a decorator applied where the view is routed, which may check access out of this module's sight.
 */
function projectWrapper(before: string): boolean {
  const m = /(?<![\w.])([\w.]+)\(\s*$/.exec(before);
  if (!m) return false;
  const name = m[1].slice(m[1].lastIndexOf(".") + 1);
  return !NOT_ACCESS_WRAPPER.has(name) && !/^[A-Z]/.test(name);
}
const WRAPPING_DECORATOR = /\b(?:\w*_required|user_passes_test|\w*decorat\w*|never_cache\(\s*\w*_required)\(\s*$/;

/**
 * Spans of URLconf calls that apply a list of decorators to the patterns that follow
 * (`decorated_patterns([login_required, can_edit], path(...), ...)`, a common project helper), when the list
 * holds at least one decorator that is not about caching, CSRF or HTTP methods: the views routed inside are
 * wrapped by it. Each span runs from the call's opening parenthesis to its closing one.
 */
function decoratorListSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/(?<![\w.])([\w.]+)\(\s*\[([^\][()]*(?:\([^()]*\)[^\][()]*)*)\]\s*,/g)) {
    const callee = m[1].slice(m[1].lastIndexOf(".") + 1);
    if (NOT_ACCESS_WRAPPER.has(callee)) continue;
    const names = [...m[2].matchAll(/(?<![\w.])([A-Za-z_][\w.]*)\s*(?:\([^()]*\))?\s*(?:,|$)/g)].map((d) => d[1].slice(d[1].lastIndexOf(".") + 1));
    if (!names.length || names.every((n) => NOT_ACCESS_WRAPPER.has(n))) continue;
    const open = m.index! + m[0].indexOf("(");
    const close = closingIndex(text, open);
    if (close < 0) continue;
    spans.push([open, close]);
    // `decorated_patterns([...], *map_urls)`: the patterns of a module list given with `*` are wrapped too,
    // where the list is built (`map_urls = [...]`, `map_urls += [...]`, `map_urls.append(...)`).
    for (const splat of text.slice(open, close).matchAll(/\*\s*([A-Za-z_]\w*)\b/g)) {
      const name = splat[1];
      for (const b of text.matchAll(new RegExp(`^[ \\t]*${name}[ \\t]*(?:\\+?=[ \\t]*\\[|\\.(?:append|extend)\\()`, "gm"))) {
        const start = b.index! + b[0].length - 1;
        const end = closingIndex(text, start);
        if (end > start) spans.push([start, end]);
      }
    }
  }
  return spans;
}

// `from django_cradmin import crapp`, `from cradmin_legacy import crapp`: django-cradmin's app URLs.
const CRADMIN_CRAPP = /^[ \t]*(?:from\s+(?:django_cradmin|cradmin_legacy)\s+import\s+[^\n]*\bcrapp\b|import\s+(?:django_cradmin|cradmin_legacy)\.crapp\b)/m;
// A method of Django's admin site (`admin.site.register_view(...)`, `self.admin_site.register_url(...)`): Django's
// own `AdminSite` methods take no view but `admin_view`, so one that does is an extension (django-adminplus's
// `register_view`, a project's `register_url`) whose URLs the site's `get_urls()` serves through `admin_view()`.
const ADMIN_SITE_CALL = /(?<![\w.])(?:[\w.]*\.)?(?:admin\.site|admin_site)\.\w+\(/g;

/**
 * Spans of calls that route views through a site that checks access itself: django-cradmin's `crapp.Url(...)`
 * in an app's `appurls` (the cradmin instance serving the app wraps every view in its `cradminview` /
 * `has_access_to_cradmin_instance` decorators: login and a role from `get_rolequeryset()`), and methods of
 * Django's admin site that take a view (staff login through `admin_view`). Each span runs from the call's
 * opening parenthesis to its closing one.
 */
export function accessCheckingSiteSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const calls = [...text.matchAll(ADMIN_SITE_CALL)];
  if (CRADMIN_CRAPP.test(text)) calls.push(...text.matchAll(/(?<![\w.])crapp\.Url\(/g));
  for (const m of calls) {
    const open = m.index! + m[0].length - 1;
    const close = closingIndex(text, open);
    if (close > open) spans.push([open, close]);
  }
  return spans;
}

/** Index of the bracket closing the one at `open` (`(` or `[`), or -1. */
function closingIndex(text: string, open: number): number {
  const pairs: Record<string, string> = { "(": ")", "[": "]" };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[") stack.push(pairs[c]);
    else if (c === ")" || c === "]") {
      if (stack.pop() !== c) return -1;
      if (!stack.length) return i;
    }
  }
  return -1;
}

/** How a context value expression reads: request data, safe HTML, a number, or unknown. */
export function originOf(expression: string): ContextOrigin {
  const v = expression.trim().replace(/,$/, "").trim();
  if (REQUEST_DATA.test(v)) return "request";
  if (NUMBER.test(v)) return "number";
  if (SAFE_HTML.test(v)) return "html";
  return "other";
}

const RANK: Record<ContextOrigin, number> = { request: 3, other: 2, html: 1, number: 0, constant: 0 };

const TEMPLATE_FILE = /\.(?:html?|txt|xml|jinja2?|j2)$/;
const INCLUDE_TAG = /\{%-?\s*include\s+["']([^"']+)["']([^%]*?)-?%\}/g;
const INCLUDE_ARG = /(?<!\w)(\w+)\s*=\s*("[^"]*"|'[^']*'|[^\s"']+)/g;

/** Where a value an `{% include %}` passes comes from: a literal, request data, or another context value. */
function includeValueOrigin(value: string): ContextOrigin {
  if (/^(?:"[^"]*"|'[^']*'|-?\d+(?:\.\d+)?|True|False|None)$/.test(value)) return "constant";
  return TEMPLATE_REQUEST_DATA.test(value) ? "request" : "other";
}

/** The weakest origin of two assignments to the same key: request data wins, then unknown. */
function worse(a: ContextOrigin | undefined, b: ContextOrigin): ContextOrigin {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

/** Where each top-level statement (function, class, decorator) of a module starts. */
function topLevelStarts(text: string): number[] {
  return [...text.matchAll(/^(?:async\s+def|def|class|@)\b/gm)].map((m) => m.index!);
}

/** The text of the top-level statement (function or class, with its decorators) around `offset`. */
function enclosingBlock(text: string, offset: number, starts: number[] = topLevelStarts(text)): string {
  let lo = 0;
  let hi = starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const start = at < 0 ? 0 : starts[at];
  const end = at + 1 < starts.length ? starts[at + 1] : text.length;
  return text.slice(start, end);
}

/** A top-level definition with its decorators, up to the next top-level statement. */
function definitionBlock(text: string, offset: number, starts: number[]): string {
  let start = offset;
  // Decorators sit right above the definition.
  for (;;) {
    const prev = text.lastIndexOf("\n", start - 2);
    const line = text.slice(prev + 1, start - 1);
    if (start === 0 || !line.startsWith("@")) break;
    start = prev + 1;
  }
  const next = starts.find((s) => s > offset);
  return text.slice(start, next ?? text.length);
}

/** Builds the index from the project's Python files. */
export function buildProjectIndex(files: readonly SourceFile[], options: { wholeProject?: boolean } = {}): ProjectIndex {
  const index: ProjectIndex = { templates: {}, views: {}, permissionHelpers: [], redirectSafeFields: [], validatedFields: [], secretCheckHelpers: [], boundedUrlParams: [] };
  const classes = new Map<string, ClassFacts>();
  const loaders: Record<string, "scoped" | "unscoped"> = {};
  // Words of every URLconf, and `def name(request, ...)` per file, for telling views from helpers.
  const urlconfWords = new Set<string>();
  let urlconfs = 0;
  // Modules `include()`d by URLconfs inside `if settings.DEBUG:` blocks, and outside them.
  const includedUnderDebug = new Set<string>();
  const includedElsewhere = new Set<string>();
  // View names routed by `path("...", views.name)` inside `if settings.DEBUG:` blocks, and outside them.
  const routedUnderDebug = new Set<string>();
  const routedElsewhere = new Set<string>();
  const requestFunctions = new Map<string, Set<string>>();

  // URL parameter name -> whether every capture of it seen so far is bounded.
  const urlParams = new Map<string, boolean>();
  const markupFree = new Map<string, boolean>();
  const validated = new Set<string>();
  const secretHelpers = new Set<string>();
  const csrfHelpers = new Set<string>();
  const secretMethods = new Set<string>();
  const secretLookups = new Set<string>();
  const secretLookupUsers = new Set<string>();
  // Field name -> whether every declaration of it seen so far is a FilePathField.
  const fieldTypes = new Map<string, boolean>();
  // Field name -> whether every declaration of it seen so far cleans to a value without `/`, `\\` or `.`.
  const plainFields = new Map<string, boolean>();
  // Class name -> field name -> whether every declaration of it in a class of that name cleans to a plain name.
  const classPlainFields = new Map<string, Map<string, boolean>>();
  const redirectFields = new Set<string>();
  const helpers = new Set<string>();
  const superuserDecorators = new Set<string>();
  const permissionTests = new Set<string>();
  // Included template name -> what each `{% include %}` of it passes (a key left out comes from the includer's context).
  const includes = new Map<string, Map<string, ContextOrigin>[]>();
  for (const file of files) {
    if (TEMPLATE_FILE.test(file.path) && file.text.includes("include")) {
      for (const m of file.text.matchAll(INCLUDE_TAG)) {
        const site = new Map<string, ContextOrigin>();
        const withArgs = /^\s*with\s+([\s\S]*?)(?:\s+only)?\s*$/.exec(m[2]);
        for (const a of withArgs?.[1].matchAll(INCLUDE_ARG) ?? []) site.set(a[1], includeValueOrigin(a[2]));
        const list = includes.get(m[1]) ?? [];
        list.push(site);
        includes.set(m[1], list);
      }
      continue;
    }
    if (!file.path.endsWith(".py")) continue;
    const text = file.text;
    let starts: number[] | undefined;
    /** Adds to `into` the module's top-level functions whose own text (decorators included) `test` matches. */
    const functionsMatching = (test: RegExp, into: Set<string>): void => {
      for (const m of text.matchAll(/^def (\w+)\(/gm)) {
        starts ??= topLevelStarts(text);
        if (test.test(enclosingBlock(text, m.index!, starts))) into.add(m[1]);
      }
    };
    if (RENDERING.test(text)) {
      starts = topLevelStarts(text);
      const blocks = new Map<string, string[]>();
      for (const m of text.matchAll(TEMPLATE_NAME)) {
        const lineStart = text.lastIndexOf("\n", m.index!) + 1;
        const lineEnd = text.indexOf("\n", m.index!);
        const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
        if (!RENDERING.test(line) && !/^\s*["']/.test(line)) continue;
        const list = blocks.get(m[1]) ?? [];
        list.push(enclosingBlock(text, m.index!, starts));
        blocks.set(m[1], list);
      }
      for (const [name, list] of blocks) {
        const keys = (index.templates[name] ??= {});
        for (const block of list) {
          for (const re of [DICT_ENTRY, SUBSCRIPT_SET]) {
            for (const e of block.matchAll(re)) keys[e[1]] = worse(keys[e[1]], originOf(e[2]));
          }
          // `render(request, "x.html", dict(a=..., b=...))` and `extra_context=dict(...)`.
          for (const d of block.matchAll(/\bdict\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
            for (const e of d[1].matchAll(KEYWORD_ENTRY)) keys[e[1]] = worse(keys[e[1]], originOf(e[2]));
          }
        }
      }
    }
    if (text.includes("def clean_")) {
      for (const m of text.matchAll(/^([ \t]+)def clean_(\w+)\(self\)/gm)) {
        const rest = text.slice(m.index! + m[0].length);
        const end = rest.search(new RegExp(`\\n${m[1]}(?:def |@)|\\n\\S`));
        const body = end < 0 ? rest : rest.slice(0, end);
        if (LOCAL_URL_CHECK.test(body) || (/startswith\(\s*["']\/["']\s*\)/.test(body) && /startswith\(\s*["']\/\/["']\s*\)/.test(body))) redirectFields.add(m[2]);
        if (/\braise\s+(?:[\w.]*\.)?ValidationError\b/.test(body)) validated.add(m[2]);
      }
    }
    if (text.includes("forms.")) for (const m of text.matchAll(BOUNDED_FORM_FIELD)) validated.add(m[1]);
    if (!index.djangoAtLeast2 && DJANGO_2_API.test(text)) index.djangoAtLeast2 = true;
    if (text.includes("Field(")) {
      // Top-level classes of the file in order: a declaration belongs to the last one that starts before it.
      const classStarts = [...text.matchAll(/^class\s+(\w+)\s*[(:]/gm)];
      let at = -1;
      for (const m of text.matchAll(FIELD_DECLARATION)) {
        fieldTypes.set(m[1], (fieldTypes.get(m[1]) ?? true) && m[2] === "FilePathField");
        const plain = plainNameDeclaration(m[2], text.slice(m.index! + m[0].length, m.index! + m[0].length + 400));
        plainFields.set(m[1], (plainFields.get(m[1]) ?? true) && plain);
        while (at + 1 < classStarts.length && classStarts[at + 1].index! < m.index!) at++;
        const cls = at >= 0 ? classStarts[at][1] : undefined;
        if (!cls) continue;
        const fields = classPlainFields.get(cls) ?? classPlainFields.set(cls, new Map()).get(cls)!;
        fields.set(m[1], (fields.get(m[1]) ?? true) && plain);
      }
    }
    if (text.includes("(?P<") || /<\w+:\w+>|<\w+>/.test(text)) {
      for (const [name, bounded, plain] of urlCaptures(text)) {
        urlParams.set(name, (urlParams.get(name) ?? true) && bounded);
        markupFree.set(name, (markupFree.get(name) ?? true) && plain);
      }
    }
    if (SECRET_CHECK.test(text)) {
      functionsMatching(SECRET_CHECK, secretHelpers);
      for (const m of text.matchAll(/^([ \t]+)def (\w+)\(\s*self\b/gm)) {
        const rest = text.slice(m.index! + m[0].length);
        const end = rest.search(new RegExp(`\\n(?!${m[1]}[ \\t]|[ \\t]*\\n)`));
        // HTTP handlers and dunders are called everywhere, not as checks.
        if (/^(?:__\w+__|get|post|put|patch|delete|head|options|dispatch)$/.test(m[2])) continue;
        if (SECRET_CHECK.test(end < 0 ? rest : rest.slice(0, end))) secretMethods.add(m[2]);
      }
    }
    if (RUNS_CSRF_CHECK.test(text)) functionsMatching(RUNS_CSRF_CHECK, csrfHelpers);
    if (/(?:key|Key|token|Token|secret|Secret)\w*(?:__i?exact)?\s*=/.test(text) && /\brequest\.(?:POST|GET|data|query_params|body)\b/.test(text)) {
      for (const m of text.matchAll(/^def (\w+)\(/gm)) {
        starts ??= topLevelStarts(text);
        const block = enclosingBlock(text, m.index!, starts);
        if (!looksUpByRequestSecret(block)) continue;
        secretLookups.add(m[1]);
        if (REPLACES_REQUEST_USER.test(block)) secretLookupUsers.add(m[1]);
      }
    }
    if (PERMISSION_CHECK.test(text)) functionsMatching(PERMISSION_CHECK, helpers);
    if (text.includes("class ")) collectClasses(text, classes);
    for (const name of superuserDecoratorNames(text)) superuserDecorators.add(name);
    for (const name of permissionTestNames(text)) permissionTests.add(name);
    if (text.includes("urlpatterns")) {
      debugIncludes(text, includedUnderDebug, includedElsewhere, routedUnderDebug, routedElsewhere);
      urlconfs++;
      if (CATCH_ALL_ROUTE.test(text)) index.catchAllRoute = true;
      for (const w of text.matchAll(/\w+/g)) urlconfWords.add(w[0]);
    }
    for (const m of text.matchAll(/^(?:async\s+)?def (\w+)\(\s*request\b/gm)) {
      const paths = requestFunctions.get(m[1]) ?? new Set<string>();
      paths.add(file.path);
      requestFunctions.set(m[1], paths);
    }
    if (ID_LOOKUP.test(text)) {
      for (const m of text.matchAll(/^def (\w+)\(([^)]*)\)/gm)) {
        starts ??= topLevelStarts(text);
        const kind = loaderKind(enclosingBlock(text, m.index!, starts), parameterNames(m[2]));
        if (kind) loaders[m[1]] = loaders[m[1]] === "unscoped" ? "unscoped" : kind;
      }
    }
    if (text.includes(".as_view(")) {
      const spans = [...(text.includes("urlpatterns") ? decoratorListSpans(text) : []), ...accessCheckingSiteSpans(text)];
      for (const m of text.matchAll(AS_VIEW)) {
        const lineStart = text.lastIndexOf("\n", m.index!) + 1;
        const before = text.slice(lineStart, m.index!);
        const inDecoratedGroup = spans.some(([a, b]) => m.index! > a && m.index! < b);
        const guarded = inDecoratedGroup || WRAPPING_DECORATOR.test(before) || /\b\w*_required\(|\buser_passes_test\(|\bpermission_required\(/.test(before) || projectWrapper(before);
        index.views[m[1]] = index.views[m[1]] === "bare" || !guarded ? "bare" : "guarded";
      }
    }
  }
  // View parameters routes fill from unnamed groups (`re_path(r"^s/(\w+)$", views.show)` -> `show(request, name)`).
  if (urlconfs) {
    for (const [name, body] of positionalUrlCaptures(files)) {
      urlParams.set(name, (urlParams.get(name) ?? true) && isBoundedPattern(body));
      markupFree.set(name, (markupFree.get(name) ?? true) && isMarkupFreePattern(body));
    }
  }
  for (const [name, sites] of includes) {
    const keys = (index.templates[name] ??= {});
    const names = new Set(sites.flatMap((site) => [...site.keys()]));
    for (const k of names) for (const site of sites) keys[k] = worse(keys[k], site.get(k) ?? "other");
  }
  index.permissionHelpers = [...helpers].sort();
  if (superuserDecorators.size) index.superuserDecorators = [...superuserDecorators].sort();
  if (permissionTests.size) index.permissionTests = [...permissionTests].sort();
  index.redirectSafeFields = [...redirectFields].sort();
  index.validatedFields = [...validated].sort();
  index.boundedUrlParams = [...urlParams].filter(([name, bounded]) => bounded && name !== "pk" && name !== "id").map(([name]) => name).sort();
  index.markupFreeUrlParams = [...markupFree].filter(([name, plain]) => plain && name !== "pk" && name !== "id").map(([name]) => name).sort();
  index.secretCheckHelpers = [...secretHelpers].sort();
  if (csrfHelpers.size) index.csrfCheckHelpers = [...csrfHelpers].sort();
  const sessionWriters = sessionWriterFunctions(files);
  if (sessionWriters.length) index.sessionWriters = sessionWriters;
  const yamlLoaders = yamlLoaderClasses(files);
  if (Object.keys(yamlLoaders).length) index.yamlLoaders = yamlLoaders;
  const redirectGuards = redirectGuardFunctions(files);
  if (redirectGuards.length) index.redirectGuards = redirectGuards;
  const pathGuards = pathGuardFunctions(files);
  if (pathGuards.length) index.pathGuards = pathGuards;
  const ssrfGuards = ssrfGuardFunctions(files);
  if (ssrfGuards.length) index.ssrfGuards = ssrfGuards;
  index.secretCheckMethods = [...secretMethods].sort();
  if (secretLookups.size) index.requestSecretLookups = { helpers: [...secretLookups].sort(), replacesUser: [...secretLookupUsers].sort() };
  index.filePathFields = [...fieldTypes].filter(([, only]) => only).map(([name]) => name).sort();
  const plainNames = [...plainFields].filter(([, only]) => only).map(([name]) => name).sort();
  if (plainNames.length) index.plainNameFields = plainNames;
  const plainByClass = [...classPlainFields].map(([c, f]) => [c, [...f].filter(([, ok]) => ok).map(([name]) => name).sort()] as const).filter(([, f]) => f.length);
  if (plainByClass.length) index.plainNameFormFields = Object.fromEntries(plainByClass);
  // Second pass: the definitions of the views wrapped in csrf_exempt, once every helper above is known.
  const wrapped = new Set<string>();
  for (const file of files) {
    if (file.path.endsWith(".py") && file.text.includes("csrf_exempt(")) for (const m of file.text.matchAll(CSRF_EXEMPT_WRAP)) wrapped.add(m[1]);
  }
  if (wrapped.size) {
    const exempt: Record<string, CsrfViewEvidence> = {};
    for (const file of files) {
      if (!file.path.endsWith(".py")) continue;
      let starts: number[] | undefined;
      for (const m of file.text.matchAll(/^(?:async\s+def|def|class)\s+(\w+)/gm)) {
        if (!wrapped.has(m[1])) continue;
        starts ??= topLevelStarts(file.text);
        const evidence = csrfViewEvidence(definitionBlock(file.text, m.index!, starts), index, file.text);
        // Two definitions of one name that disagree: which one the URLconf means is not known.
        exempt[m[1]] = exempt[m[1]] === undefined || exempt[m[1]] === evidence ? evidence : "other";
      }
    }
    index.exemptViews = exempt;
  }
  Object.assign(index, classIndex(classes));
  index.viewHandlers = viewHandlerIndex(classes);
  index.protectedViewsets = protectedViewsetIndex(classes);
  index.objectLoaders = loaders;
  index.helperFunctions = urlconfs ? calledHelpers(files, requestFunctions, urlconfWords) : [];
  const routes = urlconfs ? viewRoutes(files, options) : undefined;
  if (routes && Object.keys(routes.helpers).length) index.helperViews = routes.helpers;
  if (routes?.unreferenced && Object.keys(routes.unreferenced).length) index.unreferencedViews = routes.unreferenced;
  const debugOnly = debugOnlyPaths(files, includedUnderDebug, includedElsewhere);
  if (debugOnly.length) index.debugOnlyPaths = debugOnly;
  const debugViews = [...routedUnderDebug].filter((v) => !routedElsewhere.has(v)).sort();
  if (debugViews.length) index.debugOnlyViews = debugViews;
  if (urlconfs) index.capturedUrlParams = [...new Set([...urlParams.keys(), ...routerCaptures(files)])].sort();
  index.constantContextKeys = constantContextKeys(files);
  index.fileFields = modelFileFields(files);
  index.textKeyModels = textKeyModels(files);
  if (urlconfs) [index.segmentUrlParams, index.componentUrlParams, index.plainNameUrlParams] = segmentUrlParams(files);
  index.models = modelFacts(files);
  index.userModel = userModelFacts(files, index.models);
  // Fields whose every declaration, in a model (read by a ModelForm) or a form, cleans to a bounded value.
  index.validatedFields = [...new Set([...index.validatedFields, ...boundedCleanedFields(files, index.models)])].sort();
  index.forms = formFacts(files, index.models);
  index.adminClasses = adminClassFacts(files);
  const middleware = securityMiddlewareSubclasses(files);
  if (Object.keys(middleware).length) index.securityMiddlewareSubclasses = middleware;
  return index;
}

const SECURITY_MIDDLEWARE = new Map([
  ["CsrfViewMiddleware", "django.middleware.csrf"],
  ["SecurityMiddleware", "django.middleware.security"],
  ["XFrameOptionsMiddleware", "django.middleware.clickjacking"],
]);

/**
 * `ProjectIndex.securityMiddlewareSubclasses`: classes whose base is one of Django's security middleware classes
 * (imported from its module, or named through it), or a project class that is one, and whose own overrides of the
 * methods that do the checking (`process_request`, `process_view`, `process_response`, `__call__`, private helpers
 * such as `_reject` or `_origin_verified`) all call `super()`. An override that does not may switch the check off.
 */
function securityMiddlewareSubclasses(files: readonly SourceFile[]): Record<string, string> {
  interface Candidate { module: string; name: string; bases: string[]; keepsChecks: boolean; django?: string }
  const byName = new Map<string, Candidate[]>();
  const all: Candidate[] = [];
  for (const file of files) {
    if (!file.path.endsWith(".py") || !/Middleware\b/.test(file.text) || !file.text.includes("class ")) continue;
    const text = file.text;
    const module = pythonModuleName(file.path);
    const starts = topLevelStarts(text);
    for (const m of text.matchAll(/^class (\w+)\(([^)]*)\)\s*:/gm)) {
      const bases = m[2].split(",").map((b) => b.trim()).filter((b) => /^[\w.]+$/.test(b));
      const block = enclosingBlock(text, m.index!, starts);
      const c: Candidate = { module, name: m[1], bases, keepsChecks: keepsChecks(block) };
      for (const b of bases) {
        const last = b.slice(b.lastIndexOf(".") + 1);
        const home = SECURITY_MIDDLEWARE.get(last);
        if (!home) continue;
        // `django.middleware.csrf.CsrfViewMiddleware`, `csrf.CsrfViewMiddleware` or the bare name, imported from Django.
        const imported = b.includes(".")
          ? `.${home}.${last}`.endsWith(`.${b}`)
          : [...text.matchAll(new RegExp(`^[ \\t]*from[ \\t]+${home.replace(/\./g, "\\.")}[ \\t]+import[ \\t]+(\\([^)]*\\)|[^\\n]*)`, "gm"))].some((i) => new RegExp(`\\b${last}\\b(?![ \\t]+as\\b)`).test(i[1]));
        if (imported) c.django = last;
      }
      all.push(c);
      const list = byName.get(c.name) ?? [];
      list.push(c);
      byName.set(c.name, list);
    }
  }
  const memo = new Map<Candidate, string | undefined>();
  const root = (c: Candidate, depth: number): string | undefined => {
    if (memo.has(c)) return memo.get(c);
    memo.set(c, undefined); // a cycle proves nothing
    let r: string | undefined;
    if (c.keepsChecks && depth < 8) {
      if (c.django) r = c.django;
      else {
        for (const b of c.bases) {
          const found = (byName.get(b.slice(b.lastIndexOf(".") + 1)) ?? []).filter((p) => p !== c).map((p) => root(p, depth + 1));
          // A base name two project classes share must lead to the same Django class in both.
          if (found.length && found.every((x) => x !== undefined && x === found[0])) r = found[0];
          if (r) break;
        }
      }
    }
    memo.set(c, r);
    return r;
  };
  const out: Record<string, string> = {};
  for (const c of all) {
    const r = root(c, 0);
    if (r) out[`${c.module}.${c.name}`] = r;
  }
  return out;
}

/** Whether every override in a class block of a checking method (`process_*`, `__call__`, `_private`) calls `super()`. */
function keepsChecks(block: string): boolean {
  for (const m of block.matchAll(/^([ \t]+)(?:async[ \t]+)?def[ \t]+(\w+)\(/gm)) {
    const name = m[2];
    if (!/^(?:process_\w+|__call__|_(?!_)\w+)$/.test(name)) continue;
    const rest = block.slice(m.index! + m[0].length);
    const end = rest.search(new RegExp(`\\n${m[1]}(?:(?:async[ \\t]+)?def |@|class )|\\n\\S`));
    if (!/\bsuper\(/.test(end < 0 ? rest : rest.slice(0, end))) return false;
  }
  return true;
}

// `if settings.DEBUG:` / `if DEBUG and settings.X:` at the start of a line: a block that only runs on a development server.
const DEBUG_IF = /^([ \t]*)if\s+(?:settings\.)?DEBUG\s*(?:and\b[^:\n]*)?:[ \t]*(?:#.*)?$/gm;
const INCLUDE_MODULE = /\binclude\(\s*(?:\(\s*)?["']([\w.]+)["']/g;

// `path("x/", views.name)`, `re_path(r"...", Name.as_view())`: the routed view's name.
const ROUTED_VIEW = /\b(?:path|re_path|url)\(\s*r?["'][^"'\n]*["']\s*,\s*(?:[\w]+\.)*(\w+)(?:\.as_view\([^)]*\))?\s*[,)]/g;

/**
 * Sorts a URLconf's `include("a.b.urls")` modules and routed view names into those inside `if settings.DEBUG:`
 * blocks and the rest.
 */
function debugIncludes(text: string, underDebug: Set<string>, elsewhere: Set<string>, viewsUnderDebug: Set<string>, viewsElsewhere: Set<string>): void {
  const blocks: [number, number][] = [];
  for (const m of text.matchAll(DEBUG_IF)) {
    const indent = m[1].length;
    const start = m.index! + m[0].length;
    let end = text.length;
    const lines = /\n([ \t]*)(\S)/g;
    lines.lastIndex = start;
    for (let l = lines.exec(text); l; l = lines.exec(text)) {
      if (l[1].length <= indent && l[2] !== "#" && l[2] !== ")" && l[2] !== "]") {
        end = l.index;
        break;
      }
    }
    blocks.push([start, end]);
  }
  const inside = (at: number) => blocks.some(([a, b]) => at >= a && at < b);
  for (const m of text.matchAll(INCLUDE_MODULE)) (inside(m.index!) ? underDebug : elsewhere).add(m[1]);
  for (const m of text.matchAll(ROUTED_VIEW)) if (m[1] !== "include") (inside(m.index!) ? viewsUnderDebug : viewsElsewhere).add(m[1]);
}

/** The Python files beside URLconf modules that only DEBUG-guarded blocks include (the app's views, forms...). */
function debugOnlyPaths(files: readonly SourceFile[], underDebug: Set<string>, elsewhere: Set<string>): string[] {
  const out: string[] = [];
  for (const module of underDebug) {
    if (elsewhere.has(module)) continue;
    const stem = module.split(".").join("/");
    const urlconf = files.find((f) => f.path === `${stem}.py` || f.path.endsWith(`/${stem}.py`));
    if (!urlconf) continue;
    const dir = urlconf.path.slice(0, urlconf.path.lastIndexOf("/") + 1);
    // Only a URLconf inside an app of its own (`proj/development/urls.py`), not the project's root URLconf folder.
    if (!dir || files.some((f) => f.path !== urlconf.path && f.path.startsWith(dir) && f.path.endsWith(".py") && /^[ \t]*urlpatterns\b/m.test(f.text) && /\binclude\(/.test(f.text))) continue;
    for (const f of files) if (f.path.startsWith(dir) && f.path.endsWith(".py") && !f.path.slice(dir.length).includes("/")) out.push(f.path);
  }
  return [...new Set(out)].sort();
}

/** Request-taking functions no URLconf names that a module other than their own calls with arguments. */
function calledHelpers(files: readonly SourceFile[], defs: Map<string, Set<string>>, routed: Set<string>): string[] {
  const candidates = new Set([...defs.keys()].filter((name) => !routed.has(name)));
  if (!candidates.size) return [];
  const out = new Set<string>();
  for (const file of files) {
    if (!file.path.endsWith(".py")) continue;
    // `name(request, x)`: a call with arguments (the `def` line itself is in its own file).
    for (const m of file.text.matchAll(/(?<![\w.])(\w+)\(\s*[\w*]/g)) {
      if (candidates.has(m[1]) && !defs.get(m[1])?.has(file.path)) out.add(m[1]);
    }
  }
  return [...out].sort();
}

/**
 * True when the index shows the top-level function `name` (of the file at `path`, when given) is a helper other
 * project code calls, not a routed view.
 */
export function isHelperFunction(index: ProjectIndex | undefined, name: string, path?: string): boolean {
  if (index?.helperFunctions?.includes(name)) return true;
  return path !== undefined && !!index?.helperViews && Object.prototype.hasOwnProperty.call(index.helperViews, path) && index.helperViews[path].includes(name);
}

/** True when nothing in the project refers to the view-shaped function or class `name` of the file at `path` (see `unreferencedViews`). */
export function isUnreferencedView(index: ProjectIndex | undefined, path: string, name: string): boolean {
  return !!index?.unreferencedViews && Object.prototype.hasOwnProperty.call(index.unreferencedViews, path) && index.unreferencedViews[path].includes(name);
}

/** What one project class says about DRF: its base names and the methods that matter for object access. */
interface ClassFacts {
  bases: string[];
  /** The class sets `permission_classes`: true when to a literal list of classes without `AllowAny`. */
  setsPermissions: boolean | undefined;
  handlers: ViewHandlers | "unknown" | undefined;
  objectPermission: boolean;
  permission: boolean;
  scopedQueryset: boolean;
}

const GENERIC_ROOT = /^(?:GenericAPIView|GenericViewSet|ModelViewSet|ReadOnlyModelViewSet|(?:List|Create|Retrieve|Update|Destroy)\w*APIView)$/;
const OBJECT_PERMISSION_ROOT = /^(?:DjangoObjectPermissions|ObjectPermissions)$/;
const PERMISSION_ROOT = /^(?:BasePermission|IsAuthenticated|IsAdminUser|AllowAny|IsAuthenticatedOrReadOnly|DjangoModelPermissions\w*|DjangoObjectPermissions|ObjectPermissions)$/;
/** A `get_queryset()` that ties the rows to the requesting user or tenant. */
export const QUERYSET_SCOPE = /\brequest\.user\b|\buser\b|organi[sz]ation|tenant|owner|member|get_current_user|for_user|get_authorized|get_objects_for_user|account/;
const ID_LOOKUP = /\bget_object_or_404\(|\.objects\.(?:get|filter)\(/;

function parameterNames(list: string): string[] {
  return list.split(",").map((p) => p.trim().replace(/[:=].*$/s, "").trim()).filter((p) => /^\w+$/.test(p));
}

/**
 * How a function loads an object by one of its parameters: `scoped` when the query also ties it to a user
 * (`user=request.user`, `owner=user`), `unscoped` when an id keyword takes a parameter and nothing ties it, or
 * undefined when it loads nothing by a parameter.
 */
export function loaderKind(block: string, params: string[]): "scoped" | "unscoped" | undefined {
  const ids = params.filter((p) => !["self", "cls", "request", "user"].includes(p));
  if (!ids.length) return undefined;
  const idKw = new RegExp(`[(,]\\s*(?:pk|id|\\w+_id|slug|uuid)\\s*=\\s*(?:${ids.join("|")})\\b`);
  if (!idKw.test(block)) return undefined;
  return /[(,]\s*\w*(?:user|owner)\w*\s*=\s*(?:self\.)?(?:request\.)?user\b|\brequest\.user\.\w+\.(?:get|filter)\(/.test(block) ? "scoped" : "unscoped";
}

/** The body of method `name` inside a class block, up to the next member at the same indentation. */
function methodBody(block: string, name: string): string | undefined {
  const m = new RegExp(`^([ \\t]+)def ${name}\\(`, "m").exec(block);
  if (!m) return undefined;
  const rest = block.slice(m.index + m[0].length);
  const end = rest.search(new RegExp(`\\n${m[1]}(?:def |@|class )|\\n\\S`));
  return end < 0 ? rest : rest.slice(0, end);
}

function collectClasses(text: string, out: Map<string, ClassFacts>): void {
  const starts = topLevelStarts(text);
  for (const m of text.matchAll(/^class (\w+)(?:\(([^)]*)\))?\s*:/gm)) {
    const bases = (m[2] ?? "").split(",").map((b) => b.trim().replace(/^.*\./, "")).filter((b) => /^\w+$/.test(b) && !b.includes("="));
    const block = enclosingBlock(text, m.index!, starts);
    const queryset = methodBody(block, "get_queryset");
    const perms = /^[ \t]+permission_classes[ \t]*(?::[^=\n]*)?=[ \t]*(.*)$/m.exec(block);
    const facts: ClassFacts = {
      bases,
      setsPermissions: perms ? protectingList(block.slice(perms.index + perms[0].length - perms[1].length)) : undefined,
      handlers: ownViewHandlers(block),
      objectPermission: /^[ \t]+def has_object_permission\(/m.test(block),
      permission: /^[ \t]+def has_(?:object_)?permission\(/m.test(block),
      scopedQueryset: queryset !== undefined && QUERYSET_SCOPE.test(queryset),
    };
    const prev = out.get(m[1]);
    // The same name in two modules: keep what either says (the evidence is per name).
    const handlers = !prev ? facts.handlers : prev.handlers === "unsafe" || facts.handlers === "unsafe" ? "unsafe" : prev.handlers === facts.handlers ? facts.handlers : "unknown";
    const setsPermissions = prev && (prev.setsPermissions === false || facts.setsPermissions === false) ? false : (prev?.setsPermissions ?? facts.setsPermissions);
    out.set(m[1], prev ? { bases: [...prev.bases, ...bases], handlers, setsPermissions, objectPermission: prev.objectPermission || facts.objectPermission, permission: prev.permission || facts.permission, scopedQueryset: prev.scopedQueryset || facts.scopedQueryset } : facts);
  }
}

/** Inherited facts, following base names through the project's classes. */
/** Whether `text` starts with a literal list or tuple of class names, none of them `AllowAny`. */
function protectingList(text: string): boolean {
  const m = /^[[(]([^\])]*)[\])]/.exec(text);
  if (!m) return false;
  const items = m[1].split(",").map((i) => i.replace(/#.*$/gm, "").trim()).filter(Boolean);
  return items.length > 0 && items.every((i) => /^[\w.]+$/.test(i) && !/(?:^|\.)AllowAny$/.test(i));
}

/** `ProjectIndex.protectedViewsets`: the class's own `permission_classes`, else the first project base's that sets them. */
function protectedViewsetIndex(classes: Map<string, ClassFacts>): string[] {
  const memo = new Map<string, boolean | undefined | "pending">();
  const resolve = (name: string, depth: number): boolean | undefined => {
    const cached = memo.get(name);
    if (cached === "pending") return undefined;
    if (memo.has(name)) return cached as boolean | undefined;
    const facts = classes.get(name);
    if (!facts || depth > 16) return undefined;
    if (facts.setsPermissions !== undefined) return facts.setsPermissions;
    memo.set(name, "pending");
    let r: boolean | undefined;
    for (const b of facts.bases) {
      if (b === name) continue;
      r = resolve(b, depth + 1);
      if (r !== undefined) break;
    }
    memo.set(name, r);
    return r;
  };
  return [...classes.keys()].filter((n) => resolve(n, 0) === true).sort();
}

/** `ProjectIndex.viewHandlers`: each project class's answer, following project bases and Django's views by name. */
function viewHandlerIndex(classes: Map<string, ClassFacts>): Record<string, ViewHandlers> {
  const memo = new Map<string, ViewHandlers | "unknown" | "pending">();
  const resolve = (name: string, depth: number): ViewHandlers | "unknown" => {
    const cached = memo.get(name);
    // A cycle adds nothing of its own.
    if (cached === "pending") return "neutral";
    if (cached) return cached;
    const facts = classes.get(name);
    if (!facts) return name === "object" ? "neutral" : (DJANGO_VIEW_HANDLERS.get(name) ?? "unknown");
    if (facts.handlers) return facts.handlers;
    if (depth > 16) return "unknown";
    memo.set(name, "pending");
    let r: ViewHandlers | "unknown" = "neutral";
    // `class ThankYouView(views.ThankYouView)`: a library class of the same name, out of sight.
    for (const b of facts.bases) r = joinViewHandlers(r, b === name ? "unknown" : resolve(b, depth + 1));
    memo.set(name, r);
    return r;
  };
  const out: Record<string, ViewHandlers> = {};
  for (const name of [...classes.keys()].sort()) {
    const r = resolve(name, 0);
    if (r !== "unknown") out[name] = r;
  }
  return out;
}

function classIndex(classes: Map<string, ClassFacts>): Pick<ProjectIndex, "permissionClasses" | "genericViewClasses" | "scopedQuerysetClasses" | "knownClasses"> {
  const memo = new Map<string, { generic: boolean; objectPermission: boolean; permission: boolean; scoped: boolean }>();
  const resolve = (name: string, depth: number): { generic: boolean; objectPermission: boolean; permission: boolean; scoped: boolean } => {
    const cached = memo.get(name);
    if (cached) return cached;
    const facts = classes.get(name);
    const r = {
      generic: GENERIC_ROOT.test(name),
      objectPermission: OBJECT_PERMISSION_ROOT.test(name) || !!facts?.objectPermission,
      permission: PERMISSION_ROOT.test(name) || !!facts?.permission,
      scoped: !!facts?.scopedQueryset,
    };
    if (facts && depth < 16) {
      memo.set(name, r); // a cycle reads the facts found so far
      for (const b of facts.bases) {
        if (b === name) continue;
        const p = resolve(b, depth + 1);
        r.generic ||= p.generic;
        r.objectPermission ||= p.objectPermission;
        r.permission ||= p.permission;
        r.scoped ||= p.scoped;
      }
    }
    memo.set(name, r);
    return r;
  };
  const permissionClasses: Record<string, boolean> = {};
  const generic: string[] = [];
  const scoped: string[] = [];
  for (const name of [...classes.keys()].sort()) {
    const r = resolve(name, 0);
    if (r.permission || r.objectPermission) permissionClasses[name] = r.objectPermission;
    if (r.generic) generic.push(name);
    if (r.scoped) scoped.push(name);
  }
  return { permissionClasses, genericViewClasses: generic, scopedQuerysetClasses: scoped, knownClasses: [...classes.keys()].sort() };
}

const LOCAL_URL_CHECK = /\b(?:url_has_allowed_host_and_scheme|is_safe_url)\(/;

// A regex group of fixed words (letters, digits, `_`, `-`, escaped punctuation, alternatives) or of digits only.
const FIXED_WORDS = /^(?:[\w-]|\\[./-]|\(\?:|[()|])+$/;
const DIGITS = /^(?:\\d|\[0-9\])(?:\+|\{\d+(?:,\d*)?\})$/;

/** Whether a regex group body matches only fixed words or digits (see `ProjectIndex.boundedUrlParams`). */
function isBoundedPattern(body: string): boolean {
  return !/[*+?{}[\]]/.test(body.replace(/\(\?:/g, "")) ? FIXED_WORDS.test(body) : DIGITS.test(body);
}

// A regex group body that can only match letters, digits and `_ . - @ + : ~ ,`: literal word characters, `\w`, `\d`,
// escaped punctuation of that set, and non-negated character classes of those, with groups, alternation and quantifiers.
const MARKUP_FREE_CLASS_ITEM = /^(?:[\w.@+:~,-]|\\[wd.@+:~,-])*$/;
function isMarkupFreePattern(body: string): boolean {
  const classes: string[] = [];
  const rest = body.replace(/\[(\^?)((?:\\.|[^\]\\[])*)\]/g, (_, neg: string, inner: string) => {
    classes.push(neg ? "^" : inner);
    return "C";
  });
  if (classes.some((c) => c === "^" || !MARKUP_FREE_CLASS_ITEM.test(c))) return false;
  return /^(?:[\w]|\\[wd.@+:~,-]|\(\?:|[()|*+?]|\{\d+(?:,\d*)?\}|[-@:~,])*$/.test(rest.replace(/^\^|\$$/g, ""));
}

/**
 * A group whose whole body is the one `%s` of its literal, filled from a string constant of the same module
 * (`'^(?P<username>%s)/$' % user_pattern` with `user_pattern = '[\\w.@+-]+'`): that constant's text. Anything else
 * is returned as it stands, and a placeholder is neither bounded nor markup-free.
 */
function percentConstant(text: string, body: string, end: number): string {
  if (body !== "%s") return body;
  const lineStart = text.lastIndexOf("\n", end) + 1;
  const rest = /^([^'"\n]*)['"]\s*%\s*([A-Za-z_]\w*)\b(?!\s*[.(\[])/.exec(text.slice(end));
  const before = text.slice(lineStart, end);
  // Exactly one placeholder in the literal's line, so the constant fills this group.
  if (!rest || (before + rest[1]).split("%s").length !== 2) return body;
  const defs = [...text.matchAll(new RegExp(`^${rest[2]}\\s*=\\s*[rR]?(['"])([^'"\\n]*)\\1\\s*(?:#.*)?$`, "gm"))];
  return defs.length === 1 ? defs[0][2] : body;
}

/** The URL parameters the strings of a module capture, each with whether this capture is bounded and whether it is markup-free. */
function urlCaptures(text: string): [string, boolean, boolean][] {
  const out: [string, boolean, boolean][] = [];
  for (const m of text.matchAll(/\(\?P<(\w+)>/g)) {
    // The group's body, up to its closing parenthesis.
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    for (; i < text.length && depth > 0 && text[i] !== "\n"; i++) {
      if (text[i] === "\\") i++;
      else if (text[i] === "(") depth++;
      else if (text[i] === ")") depth--;
    }
    const body = depth === 0 ? percentConstant(text, text.slice(start, i - 1), i) : text.slice(start, i - 1);
    out.push([m[1], depth === 0 ? isBoundedPattern(body) : DIGITS.test(body), depth === 0 && isMarkupFreePattern(body)]);
  }
  // `path()` converters: `<int:year>` and `<uuid:key>` are bounded, `<slug:...>`, `<str:...>`, `<path:...>` and `<name>` are not.
  for (const m of text.matchAll(/<(?:(\w+):)?(\w+)>/g)) {
    if (text.slice(m.index! - 2, m.index!) === "?P" || !/["'][^"'\n]*$/.test(text.slice(Math.max(0, m.index! - 200), m.index!))) continue;
    out.push([m[2], m[1] === "int" || m[1] === "uuid", m[1] === "int" || m[1] === "uuid" || m[1] === "slug"]);
  }
  return out;
}

/**
 * True when a taint source is a view parameter (`URL parameter \`name\``) that no URL pattern the index read
 * captures: the URLconf does not fill it in. False when the index read no URLconf.
 */
export function isUncapturedUrlParam(index: ProjectIndex | undefined, source: string): boolean {
  const m = /^URL parameter `(\w+)`$/.exec(source);
  return !!m && !!index?.capturedUrlParams && !index.capturedUrlParams.includes(m[1]);
}

/** True when `param` of the view function `view` stays within one path segment on every route to it (see `segmentUrlParams`). */
export function isSegmentUrlParam(index: ProjectIndex | undefined, view: string, param: string): boolean {
  return !!index?.segmentUrlParams && Object.prototype.hasOwnProperty.call(index.segmentUrlParams, view) && index.segmentUrlParams[view].includes(param);
}

/** True when `param` of the view function `view` holds no `/` on every route to it (see `componentUrlParams`). */
export function isComponentUrlParam(index: ProjectIndex | undefined, view: string, param: string): boolean {
  return !!index?.componentUrlParams && Object.prototype.hasOwnProperty.call(index.componentUrlParams, view) && index.componentUrlParams[view].includes(param);
}

/** True when `param` of the view function `view` holds no `/`, `\\` or `.` on every route to it (see `plainNameUrlParams`). */
export function isPlainNameUrlParam(index: ProjectIndex | undefined, view: string, param: string): boolean {
  return !!index?.plainNameUrlParams && Object.prototype.hasOwnProperty.call(index.plainNameUrlParams, view) && index.plainNameUrlParams[view].includes(param);
}

/** The URL parameter a taint source names: `URL parameter \`name\``, `self.kwargs["name"]` or `self.kwargs.get("name")`. */
function urlParamName(source: string): string | undefined {
  const m = /^URL parameter `(\w+)`$|self\.kwargs(?:\[\s*["'](\w+)["']\s*\]|\.get\(\s*["'](\w+)["'])/.exec(source);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** True when a taint source is a URL parameter that every URL pattern capturing it keeps free of markup (see `markupFreeUrlParams`). */
export function isMarkupFreeUrlParam(index: ProjectIndex | undefined, source: string): boolean {
  const name = urlParamName(source);
  return name !== undefined && (index?.markupFreeUrlParams ?? []).includes(name);
}

/** True when a taint source is a URL parameter that every URL pattern capturing it bounds (see `boundedUrlParams`). */
export function isBoundedUrlParam(index: ProjectIndex | undefined, source: string): boolean {
  const name = urlParamName(source);
  return name !== undefined && (index?.boundedUrlParams ?? []).includes(name);
}

/** APIs Django added in 2.0 or later: `from django.urls import path`/`re_path`, `@admin.display` (3.2), `models.JSONField` (3.1), `DEFAULT_AUTO_FIELD` (3.2). */
const DJANGO_2_API =
  /\bfrom\s+django\.urls\s+import\s+(?:\([^)]*\b(?:re_)?path\b[^)]*\)|[^\n(]*\b(?:re_)?path\b)|\bdjango\.urls\.(?:re_)?path\(|@admin\.display\b|\bmodels\.JSONField\(|^DEFAULT_AUTO_FIELD\s*=/m;

/** A field declared in a class body: `path = forms.FilePathField(...)`, `name = models.CharField(...)`. */
const FIELD_DECLARATION = /^[ \t]+(\w+)\s*=\s*(?:[\w.]*\.)?(\w+Field)\(/gm;

// Fields whose cleaned value is a number, a slug or a UUID: no `/`, `\\` or `.`.
const PLAIN_NAME_FIELD_CLASSES = new Set(["IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField", "SlugField", "UUIDField"]);

/**
 * Whether a field declaration (its class and the text after its opening parenthesis) cleans to a value without
 * `/`, `\\` or `.`: one of `PLAIN_NAME_FIELD_CLASSES`, or a `RegexField` whose pattern is anchored at both ends
 * (`RegexValidator` searches, so an unanchored pattern says nothing about the rest of the value), has no `|`, and
 * admits none of them.
 */
function plainNameDeclaration(cls: string, args: string): boolean {
  if (PLAIN_NAME_FIELD_CLASSES.has(cls)) return true;
  if (cls !== "RegexField") return false;
  // The pattern: the first argument, or the `regex=` keyword (the first one after the parenthesis is the field's own).
  const m = /^\s*([rR]?)("[^"\n]*"|'[^'\n]*')/.exec(args) ?? /(?:^|[,(\s])regex\s*=\s*([rR]?)("[^"\n]*"|'[^'\n]*')/.exec(args);
  const re = m?.[2].slice(1, -1);
  if (!re || re.includes("|") || (!m![1] && re.includes("\\"))) return false;
  const body = /^(?:\^|\\A)([^]*?)(?:\$|\\Z)$/.exec(re)?.[1];
  return body !== undefined && body !== "" && !admitsPathCharacter(body);
}

/** True when a taint source reads a form field every declaration of which cleans to a plain name (see `plainNameFields`). */
export function isPlainNameField(index: ProjectIndex | undefined, source: string): boolean {
  const field = cleanedField(source);
  return field !== undefined && (index?.plainNameFields ?? []).includes(field);
}

/** True when a sink reads the key of a form's cleaned data that the project only declares as a `FilePathField`. */
export function isFilePathField(index: ProjectIndex | undefined, key: string | undefined): boolean {
  return key !== undefined && (index?.filePathFields ?? []).includes(key);
}

/** A form field whose cleaned value is a number, date, time, UUID, slug, IP address or one of fixed choices. */
const BOUNDED_FORM_FIELD =
  /^[ \t]+(\w+)\s*=\s*forms\.(?:IntegerField|FloatField|DecimalField|BooleanField|NullBooleanField|DateField|DateTimeField|TimeField|DurationField|UUIDField|SlugField|GenericIPAddressField|ChoiceField|TypedChoiceField|MultipleChoiceField|TypedMultipleChoiceField|ModelChoiceField|ModelMultipleChoiceField)\(/gm;

/** The form field a taint source reads (`form.cleaned_data["x"]`, `.get("x")`), if it names one. */
function cleanedField(source: string): string | undefined {
  const m = /cleaned_data(?:\[\s*["'](\w+)["']\s*\]|\.get\(\s*["'](\w+)["'])/.exec(source);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** True when a taint source reads a form field that passed its own validation (see `validatedFields`). */
export function isValidatedField(index: ProjectIndex | undefined, source: string): boolean {
  const field = cleanedField(source);
  return field !== undefined && (index?.validatedFields ?? []).includes(field);
}

/** True when a taint source reads a form field whose clean method only lets local URLs through. */
export function isRedirectSafeField(index: ProjectIndex | undefined, source: string): boolean {
  const field = cleanedField(source);
  return field !== undefined && (index?.redirectSafeFields ?? []).includes(field);
}

/** Code that checks the caller's permissions: DRF's and Django's checks, or raising a permission error. */
export const PERMISSION_CHECK = /\braise\s+(?:[\w.]*\.)?(?:PermissionDenied|NotAuthenticated)\b|\.has_perms?\(|\bcheck_object_permissions\(|\bcheck_permissions\(|\bget_objects_for_user\(/;

/** Verifying a secret or a signature: constant-time comparison, HMAC, Django's signing, vendor SDKs, JWT. */
export const SECRET_CHECK =
  /\b(?:constant_time_compare|compare_digest)\s*\(|\bhmac\.new\(|\bsigning\.(?:loads|Signer|TimestampSigner)\b|\b(?:TimestampSigner|Signer)\([^)]*\)\.unsign|\.construct_event\(|\bjwt\.decode\(/;

/** True when `code` calls a project method (`signed.is_authorized()`) whose body verifies a secret or signature. */
export function callsSecretCheckMethod(index: ProjectIndex | undefined, code: string): boolean {
  return (index?.secretCheckMethods ?? []).some((name) => new RegExp(`\\.${name}\\(`).test(code));
}

/** True when the code calls a project helper (one hop away) that verifies a secret or signature. */
export function callsSecretCheckHelper(index: ProjectIndex | undefined, code: string): boolean {
  return (index?.secretCheckHelpers ?? []).some((name) => new RegExp(`\\b${name}\\(`).test(code));
}

/** True when the code checks permissions itself or calls a project helper that does (one hop). */
export function checksPermissions(index: ProjectIndex | undefined, code: string): boolean {
  if (PERMISSION_CHECK.test(code)) return true;
  return (index?.permissionHelpers ?? []).some((name) => new RegExp(`\\b${name}\\(`).test(code));
}

// templateContext's answers by index templates and path (the template rules ask for every value of a template), and
// where each template name comes in the index's own order.
const templateContexts = new WeakMap<ProjectIndex["templates"], { order: Map<string, number>; byPath: Map<string, Readonly<Record<string, ContextOrigin>> | undefined> }>();

/**
 * The context keys the project's views give the template at `path` (a file path such as `app/templates/app/x.html`):
 * those of every indexed name that is the path or ends it after a `/`, merged in the index's order. Found once per
 * index and path: callers read the answer, never change it.
 */
export function templateContext(index: ProjectIndex | undefined, path: string): Readonly<Record<string, ContextOrigin>> | undefined {
  if (!index) return undefined;
  let cache = templateContexts.get(index.templates);
  if (!cache) templateContexts.set(index.templates, (cache = { order: new Map(Object.keys(index.templates).map((name, i) => [name, i])), byPath: new Map() }));
  if (cache.byPath.has(path)) return cache.byPath.get(path);
  // The names that can match: the path itself and each of its tails after a `/`.
  const tails = [path];
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) tails.push(path.slice(i + 1));
  const matching: [number, string][] = [];
  for (const name of tails) {
    const at = cache.order.get(name);
    if (at !== undefined) matching.push([at, name]);
  }
  matching.sort((x, y) => x[0] - y[0]);
  let found: Record<string, ContextOrigin> | undefined;
  for (const [, name] of matching) {
    found ??= {};
    for (const [k, o] of Object.entries(index.templates[name])) found[k] = worse(found[k], o);
  }
  cache.byPath.set(path, found);
  return found;
}

/** Request data written straight in a template expression (`request.GET.q`, `request.path`). */
export const TEMPLATE_REQUEST_DATA = /^request\.(?:GET|POST|COOKIES|META|path|path_info|get_full_path|headers|body)\b/;

/**
 * The evidence for a template value: `request` (request data, directly or through the view's context), `safe`
 * (the view gave safe HTML or a number), or `unseen` (no view in sight gives it).
 */
export function templateValueOrigin(index: ProjectIndex | undefined, path: string, expression: string): ContextOrigin | "unseen" {
  // `QueryDict.urlencode` percent-encodes every character that means something in HTML or JavaScript.
  if (/^request\.(?:GET|POST)\.urlencode$/.test(expression)) return "number";
  if (TEMPLATE_REQUEST_DATA.test(expression)) return "request";
  const keys = templateContext(index, path);
  const root = expression.split(/[.|\s]/)[0];
  return keys?.[root] ?? "unseen";
}

/**
 * A finding's confidence from the code it saw: `high` when the flagged code reads request data itself,
 * `low` when the value's origin is out of sight (a parameter, an attribute, another function's result).
 */
export function confidenceFromCode(code: string): "high" | "low" {
  return REQUEST_DATA.test(code) ? "high" : "low";
}

const LITERAL_VALUE = /^(?:"[^"\\\n]*"|'[^'\\\n]*'|-?\d[\d_.]*|True|False|None)$/;
// `name = value` at the start of a line (also `self.name = value`), or `name=value` as a keyword argument.
const NAME_ASSIGNMENT = /(?:^[ \t]*|[(,][ \t]*)(?:self\.|cls\.)?(\w+)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*([^\n]*)/gm;

/** The value of an assignment as written, without a trailing comment, comma or closing bracket. */
function assignedValue(raw: string): string {
  const hash = raw.search(/\s#/);
  let v = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
  while (v && ",)]}".includes(v[v.length - 1])) v = v.slice(0, -1).trimEnd();
  return v;
}

/**
 * Context keys every project assignment gives a constant (see `ProjectIndex.constantContextKeys`). A name assigned
 * anything but a literal anywhere (including `self.name = ...` in a method, or `name=...` as a keyword) is not constant.
 */
function constantContextKeys(files: readonly SourceFile[]): string[] {
  const literalNames = new Map<string, boolean>();
  const keys = new Map<string, string[]>();
  for (const file of files) {
    if (!file.path.endsWith(".py")) continue;
    const text = file.text;
    for (const m of text.matchAll(NAME_ASSIGNMENT)) {
      const literal = LITERAL_VALUE.test(assignedValue(m[2]));
      literalNames.set(m[1], (literalNames.get(m[1]) ?? true) && literal);
    }
    for (const re of [SUBSCRIPT_SET, DICT_ENTRY]) {
      for (const m of text.matchAll(re)) {
        const list = keys.get(m[1]) ?? [];
        list.push(assignedValue(m[2]));
        keys.set(m[1], list);
      }
    }
  }
  const constant = (v: string) => {
    if (LITERAL_VALUE.test(v)) return true;
    const attr = /^(?:self|cls)\.(\w+)$/.exec(v)?.[1];
    return attr !== undefined && literalNames.get(attr) === true;
  };
  // A key also passed as a keyword (`update(key=value)`, `dict(key=...)`) or bound as a name must be literal there too.
  return [...keys].filter(([k, values]) => values.every(constant) && literalNames.get(k) !== false).map(([k]) => k).sort();
}

/** True when a template expression is a bare context key every assignment in the project gives a constant. */
export function isConstantContextKey(index: ProjectIndex | undefined, expression: string): boolean {
  return /^\w+$/.test(expression) && !!index?.constantContextKeys?.includes(expression);
}

const FILE_FIELD_DECLARATION = /^[ \t]+(\w+)\s*=\s*(?:[\w.]+\.)?\w*(?:FileField|ImageField)\(/gm;

/** Model fields declared as file or image fields (see `ProjectIndex.fileFields`). */
function modelFileFields(files: readonly SourceFile[]): string[] {
  const out = new Set<string>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || !/(?:FileField|ImageField)\(/.test(file.text)) continue;
    for (const m of file.text.matchAll(FILE_FIELD_DECLARATION)) out.add(m[1]);
  }
  return [...out].sort();
}

// Primary keys whose lookups Django converts with int() or uuid.UUID(): anything else left in the value raises first.
const NUMERIC_OR_UUID_KEY = /^(?:Small|Big)?AutoField$|^(?:Positive)?(?:Small|Big)?IntegerField$|^UUIDField$/;

// A module-level string constant, maybe split over adjacent literals in parentheses: raw literals, or ones without escapes.
const STRING_CONSTANT = /^([A-Za-z_]\w*)\s*=\s*(\(\s*)?((?:(?:[rR][fF]?|[fF][rR]?)?(?:"[^"\n]*"|'[^'\n]*')(?:[ \t]*(?:#[^\n]*)?(?:\n[ \t]*)?))+)(\))?[ \t]*(?:#.*)?$/gm;
// One route: `re_path(r"^(?P<u>...)/$", views.name` / `path("<slug:u>/", name` (the view as a dotted name), also with
// a pattern formatted with `%` (`r"^%s/(?P<id>\d+)/$" % urlpath`).
const ROUTE = /\b(re_path|path|url)\(\s*((?:[rR][fF]?|[fF][rR]?)?)("[^"\n]*"|'[^'\n]*')(\s*%\s*(?:[\w.]+|\([^()\n]*\)))?\s*,\s*([\w.]+)\s*[,)]/g;
// A `%` placeholder of a formatted pattern (`%s`, `%(name)s`, `%d`); `%%` is a literal percent sign.
const PERCENT_PLACEHOLDER = /%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdirfxXoeEgGc]|%%/g;

/** The text of string literals written next to each other; undefined when one has escapes whose value would differ. */
function literalsText(src: string): string | undefined {
  let out = "";
  for (const m of src.matchAll(/((?:[rR][fF]?|[fF][rR]?)?)("[^"\n]*"|'[^'\n]*')/g)) {
    const body = m[2].slice(1, -1);
    if (!/[rR]/.test(m[1]) && body.includes("\\")) return undefined;
    out += body;
  }
  return out;
}

/** Whether a regular expression (a capture's body) can match text holding `/` or `\\` (only `/` with `slashOnly`). */
export function admitsSlash(re: string, slashOnly = false): boolean {
  return admitsAnyOf(re, slashOnly ? ["/"] : ["/", "\\"]);
}

/** Whether a regular expression (a capture's body) can match text holding `/`, `\\` or `.`: a path separator or `..`. */
export function admitsPathCharacter(re: string): boolean {
  return admitsAnyOf(re, ["/", "\\", "."]);
}

/** Whether a regular expression can match text holding one of `chars` (true when some part of it is not read here). */
function admitsAnyOf(re: string, chars: string[]): boolean {
  // Lookarounds match no text.
  const body = re.replace(/\(\?<?[=!](?:[^()\\]|\\.)*\)/g, "");
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      const e = body[++i];
      if (e === "b" || e === "B") continue;
      if (e === undefined || /[SWD]/.test(e) || e === "x" || e === "u" || e === "N" || /\d/.test(e) || chars.includes(e)) return true;
      continue;
    }
    if (c === "." || chars.includes(c)) return true;
    if (c === "[") {
      let j = i + 1;
      const negated = body[j] === "^";
      if (negated) j++;
      const members: string[] = [];
      for (; j < body.length && (body[j] !== "]" || j === i + 1 + (negated ? 1 : 0)); j++) {
        if (body[j] === "\\") members.push(body[j] + (body[++j] ?? ""));
        else members.push(body[j]);
      }
      if (j >= body.length) return true;
      i = j;
      const has = (ch: string) => members.some((m, k) => m === ch || m === `\\${ch}` || (members[k + 1] === "-" && members[k + 2] !== undefined && rangeHas(m, members[k + 2], ch)));
      const broad = members.some((m) => /^\\[SWDxuN0-9]$/.test(m));
      if (negated ? !chars.every(has) : broad || chars.some(has)) return true;
    }
  }
  return false;
}

/** Whether a capture can be empty (then `"/" + value + rest` may start with `rest`); true when the pattern is not readable here. */
function matchesEmpty(re: string): boolean {
  try {
    return new RegExp(`^(?:${re})$`).test("");
  } catch {
    return true;
  }
}

function rangeHas(from: string, to: string, ch: string): boolean {
  const a = from.startsWith("\\") ? from.slice(1) : from;
  const b = to.startsWith("\\") ? to.slice(1) : to;
  return a.length === 1 && b.length === 1 && a.charCodeAt(0) <= ch.charCodeAt(0) && ch.charCodeAt(0) <= b.charCodeAt(0);
}

/** The named groups of a regular expression, name -> body. */
function namedGroups(re: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of re.matchAll(/\(\?P<(\w+)>/g)) {
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    for (; i < re.length && depth > 0; i++) {
      if (re[i] === "\\") i++;
      else if (re[i] === "[") {
        for (i++; i < re.length && re[i] !== "]"; i++) if (re[i] === "\\") i++;
      } else if (re[i] === "(") depth++;
      else if (re[i] === ")") depth--;
    }
    out.push([m[1], depth === 0 ? re.slice(start, i - 1) : "."]);
  }
  return out;
}

/** See `ProjectIndex.segmentUrlParams` and `ProjectIndex.componentUrlParams` (the second map). */
function segmentUrlParams(files: readonly SourceFile[]): [Record<string, string[]>, Record<string, string[]>, Record<string, string[]>] {
  // Module constants by name, read when a formatted pattern names one; a name defined twice with different text is not known.
  const known = new Map<string, { text: string; formatted: boolean } | null>();
  const constant = (name: string): { text: string; formatted: boolean } | null => {
    if (known.has(name)) return known.get(name)!;
    let found: { text: string; formatted: boolean } | null | undefined;
    const at = new RegExp(`^${name}\\s*=`, "m");
    for (const file of files) {
      if (!file.path.endsWith(".py") || !file.text.includes(name)) continue;
      const start = at.exec(file.text)?.index;
      if (start === undefined) continue;
      STRING_CONSTANT.lastIndex = 0;
      const m = STRING_CONSTANT.exec(file.text.slice(start));
      let value: { text: string; formatted: boolean } | null = null;
      if (m && m.index === 0 && !!m[2] === !!m[4]) {
        const text = literalsText(m[3]);
        const formatted = /(?:^|[\s(])[rR]?[fF]/.test(m[3]);
        // Mixing formatted and plain literals: which braces are placeholders is not worked out here.
        value = text === undefined || (formatted && /(?:^|\s)[rR]?["']/.test(m[3])) ? null : { text, formatted };
      }
      found = found === undefined ? value : found && value && found.text === value.text && found.formatted === value.formatted ? found : null;
    }
    known.set(name, found ?? null);
    return found ?? null;
  };
  const expand = (text: string, formatted: boolean, depth = 0): string | undefined => {
    if (!formatted) return text;
    let out = "";
    let last = 0;
    for (const m of text.matchAll(/\{\{|\}\}|\{(\w+)\}|[{}]/g)) {
      out += text.slice(last, m.index);
      last = m.index! + m[0].length;
      // `{{` and `}}` stand for braces; any other brace (`{x:>3}`, `{a.b}`) is not read here.
      if (m[0] === "{{" || m[0] === "}}") out += m[0][0];
      else if (!m[1]) return undefined;
      else {
        const value = depth < 4 ? constant(m[1]) : undefined;
        const inner = value ? expand(value.text, value.formatted, depth + 1) : undefined;
        if (inner === undefined) return undefined;
        out += inner;
      }
    }
    return out + text.slice(last);
  };
  // View name -> param -> every route so far keeps it within one path segment (and, in `components`, holds no `/`;
  // in `names`, holds neither `/`, `\\` nor `.`).
  const views = new Map<string, Map<string, boolean>>();
  const components = new Map<string, Map<string, boolean>>();
  const names = new Map<string, Map<string, boolean>>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || !/\b(?:re_path|path|url)\(/.test(file.text)) continue;
    for (const m of file.text.matchAll(ROUTE)) {
      const view = m[5].split(".").pop()!;
      const formatted = /[fF]/.test(m[2]);
      const raw = m[3].slice(1, -1);
      // `"^%s/(?P<id>\d+)/$" % urlpath`: what a placeholder becomes is not read, so a capture holding one is not
      // known; one written wholly in the literal is (the placeholder's text cannot reopen a group of the same name).
      const percent = m[4] !== undefined && !formatted;
      let pattern = (!/[rR]/.test(m[2]) && raw.includes("\\")) || (m[4] !== undefined && formatted) ? undefined : expand(raw, formatted);
      if (pattern !== undefined && percent) pattern = pattern.replace(PERCENT_PLACEHOLDER, (p) => (p === "%%" ? "%" : "\u0000"));
      const params = new Map<string, boolean>();
      const parts = new Map<string, boolean>();
      const plain = new Map<string, boolean>();
      if (pattern === undefined) params.set("*", false), parts.set("*", false), plain.set("*", false);
      else if (m[1] === "path") {
        // A placeholder inside `<...>` of a formatted path() is not read.
        if (/<[^>]*\u0000/.test(pattern)) params.set("*", false), parts.set("*", false), plain.set("*", false);
        for (const c of pattern.matchAll(/<(?:(\w+):)?(\w+)>/g)) {
          params.set(c[2], c[1] === "int" || c[1] === "slug" || c[1] === "uuid");
          parts.set(c[2], c[1] === undefined || c[1] === "str" || c[1] === "int" || c[1] === "slug" || c[1] === "uuid");
          plain.set(c[2], c[1] === "int" || c[1] === "slug" || c[1] === "uuid");
        }
      } else {
        for (const [name, body] of namedGroups(pattern)) {
          const empty = body.includes("\u0000") || matchesEmpty(body);
          params.set(name, !admitsSlash(body) && !empty);
          parts.set(name, !admitsSlash(body, true) && !empty);
          plain.set(name, !admitsPathCharacter(body) && !empty);
        }
      }
      for (const [map, found] of [[views, params], [components, parts], [names, plain]] as const) {
        const known = map.get(view);
        if (!known) map.set(view, found);
        else {
          for (const [name, free] of known) known.set(name, free && found.get(name) === true);
          for (const name of found.keys()) if (!known.has(name)) known.set(name, false);
        }
      }
    }
  }
  // A view named in a URLconf more often than the routes read above (a pattern held in a variable, a helper that
  // builds routes) may be routed by a pattern not read: nothing is known of it.
  const mentions = new Map<string, number>();
  const routed = new Map<string, number>();
  for (const file of files) {
    if (!file.path.endsWith(".py") || !/\b(?:re_path|path|url)\(/.test(file.text)) continue;
    for (const m of file.text.matchAll(ROUTE)) {
      const view = m[5].split(".").pop()!;
      routed.set(view, (routed.get(view) ?? 0) + 1);
    }
    if (!file.text.includes("urlpatterns")) continue;
    const code = file.text.replace(/^(?:from\s+\S+\s+)?import\s+(?:\([^)]*\)|[^\n]*)/gm, "");
    for (const m of code.matchAll(/(?<![\w"'])(\w+)\s*[,)]/g)) if (views.has(m[1])) mentions.set(m[1], (mentions.get(m[1]) ?? 0) + 1);
  }
  const read = (map: Map<string, Map<string, boolean>>) => {
    const out: Record<string, string[]> = {};
    for (const [view, params] of map) {
      if (params.get("*") === false || (mentions.get(view) ?? 0) > (routed.get(view) ?? 0)) continue;
      const free = [...params].filter(([, ok]) => ok).map(([name]) => name).sort();
      if (free.length) out[view] = free;
    }
    return out;
  };
  return [read(views), read(components), read(names)];
}

/** See `ProjectIndex.textKeyModels`. */
function textKeyModels(files: readonly SourceFile[]): string[] {
  const out = new Set<string>();
  const models = files.filter((f) => f.path.endsWith(".py") && !/(?:^|\/)migrations\//.test(f.path));
  for (const file of models) {
    const text = file.text;
    if (!text.includes("primary_key")) continue;
    for (const m of text.matchAll(/\bprimary_key\s*=\s*True\b/g)) {
      // The field declaration the keyword belongs to, and the class that declares it.
      const before = text.slice(Math.max(0, m.index! - 400), m.index!);
      const decl = [...before.matchAll(/^[ \t]+\w+\s*=\s*(?:[\w.]+\.)?(\w+)\(/gm)].pop();
      const cls = [...text.slice(0, m.index!).matchAll(/^class\s+(\w+)/gm)].pop();
      if (decl && cls && !NUMERIC_OR_UUID_KEY.test(decl[1])) out.add(cls[1]);
    }
  }
  if (!out.size) return [];
  // Subclasses inherit the key (abstract bases, multi-table children).
  const bases = new Map<string, string[]>();
  for (const file of models) {
    if (!file.text.includes("class ")) continue;
    for (const c of file.text.matchAll(/^class\s+(\w+)\s*\(([^)]*)\)\s*:/gm)) bases.set(c[1], c[2].split(",").map((b) => b.trim().split(".").pop() ?? ""));
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, bs] of bases) {
      if (!out.has(name) && bs.some((b) => out.has(b))) {
        out.add(name);
        changed = true;
      }
    }
  }
  const related = new Set<string>();
  for (const file of models) {
    if (!file.text.includes("related_name")) continue;
    const classes = [...file.text.matchAll(/^class\s+(\w+)\s*\(/gm)];
    classes.forEach((c, i) => {
      if (!out.has(c[1])) return;
      const body = file.text.slice(c.index!, classes[i + 1]?.index ?? file.text.length);
      for (const m of body.matchAll(/\brelated_name\s*=\s*["'](\w+)["']/g)) related.add(m[1]);
    });
  }
  for (const name of [...out]) related.add(`${name.toLowerCase()}_set`);
  return [...out, ...related].sort();
}

/**
 * True when a template expression is the stored name of a model's file (`doc.attachment.name`, `.url`): a storage
 * path built by `upload_to` and the storage's `get_valid_name()`, not text a user typed for display.
 */
export function isStoredFileName(index: ProjectIndex | undefined, expression: string): boolean {
  // `obj.<field>.name`: the field read from an object (a bare `media.name` is some context value's own name).
  const m = /^\w+(?:\.\w+)*\.(\w+)\.(?:name|url|path)$/.exec(expression.trim());
  return !!m && !!index?.fileFields?.includes(m[1]);
}

/**
 * Names REST framework routers capture without a pattern in the code: `pk`, the `format` suffix, and each viewset's
 * `lookup_field`/`lookup_url_kwarg`.
 */
function routerCaptures(files: readonly SourceFile[]): string[] {
  const out = new Set(["pk", "format"]);
  for (const file of files) {
    if (!file.path.endsWith(".py") || !file.text.includes("lookup_")) continue;
    for (const m of file.text.matchAll(/\blookup_(?:field|url_kwarg)\s*=\s*["'](\w+)["']/g)) out.add(m[1]);
  }
  return [...out];
}

// A route that starts by matching anything: `.*`/`.+` (maybe in a named group) or a `<path:...>` converter.
const CATCH_ALL_ROUTE = /\b(?:re_path|url)\(\s*r?["']\^?(?:\(\?P<\w+>)?\.[*+]|\bpath\(\s*["']<path:\w+>/;
