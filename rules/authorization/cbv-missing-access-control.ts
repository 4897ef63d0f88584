import { defineRule } from "../../src/core/analysis/define-rule.js";
import type { ImportTable } from "../../src/core/analysis/imports.js";
import type { SyntaxNode } from "../../src/core/analysis/types.js";
import { ancestry, classAttribute, classMethods, decoratorTarget, inheritedAttribute, moduleClasses, usedAsBase, type ClassInfo } from "./class-views.js";

const G = "django.views.generic.";
// Generic views that change data, with what an attacker could do through them.
const EDIT_VIEWS = new Map<string, string>([
  [`${G}UpdateView`, "edit objects"],
  [`${G}BaseUpdateView`, "edit objects"],
  [`${G}DeleteView`, "delete objects"],
  [`${G}BaseDeleteView`, "delete objects"],
  [`${G}CreateView`, "create objects"],
  [`${G}BaseCreateView`, "create objects"],
  [`${G}FormView`, "submit this form"],
  [`${G}BaseFormView`, "submit this form"],
]);

// Views whose submission does nothing by default, and the methods that give it an effect.
const FORM_ONLY = new Set([`${G}FormView`, `${G}BaseFormView`]);
const FORM_EFFECTS = new Set(["form_valid", "post", "put", "patch", "delete"]);

const AUTH_MIXINS = new Set(["LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin", "AccessMixin"].map((n) => `django.contrib.auth.mixins.${n}`));

// Django views (not mixins): an access mixin listed after one of these never runs before the view.
const GENERIC_VIEWS = new Set(
  ["View", "TemplateView", "RedirectView", "DetailView", "ListView", "FormView", "CreateView", "UpdateView", "DeleteView", "ArchiveIndexView", "YearArchiveView", "MonthArchiveView", "WeekArchiveView", "DayArchiveView", "TodayArchiveView", "DateDetailView"].map((n) => G + n),
);

// Django bases known to add no access control of their own (so they neither protect nor hide anything).
function isNeutralDjangoBase(q: string): boolean {
  return q.startsWith(G) || q === "django.contrib.messages.views.SuccessMessageMixin";
}

// Decorators from django.views.decorators.* (caching, CSRF, HTTP methods) are not access checks.
function isAccessDecorator(deco: SyntaxNode, imports: ImportTable): boolean {
  const target = decoratorTarget(deco);
  if (!imports.is(target, "django.utils.decorators.method_decorator")) {
    // Any other class or method decorator may be a project access check: assume it is.
    const q = imports.qualifyNode(target);
    return q === undefined || !q.startsWith("django.views.decorators.");
  }
  const first = deco.type === "call" ? deco.childForFieldName("arguments")?.namedChildren[0] : undefined;
  if (!first) return false;
  const wrapped = first.type === "list" || first.type === "tuple" ? first.namedChildren : [first];
  return wrapped.some((w) => {
    const q = imports.qualifyNode(decoratorTarget(w));
    return q === undefined || !q.startsWith("django.views.decorators.");
  });
}

// Text that shows a hand-written check: raising 403, testing the user, or the login redirect helpers.
const CHECK_TEXT = /PermissionDenied|HttpResponseForbidden|is_authenticated|is_anonymous|has_perms?\s*\(|is_staff|is_superuser|redirect_to_login|handle_no_permission|login_required|permission_required|user_passes_test/;
const ACCESS_METHODS = new Set(["dispatch", "test_func", "has_permission", "get_permission_required"]);
const SCOPING_METHODS = new Set(["get_queryset", "get_object"]);

function hasOwnAccessCheck(c: ClassInfo, imports: ImportTable): boolean {
  if (c.decorators.some((d) => isAccessDecorator(d, imports))) return true;
  for (const m of classMethods(c)) {
    if (ACCESS_METHODS.has(m.name)) return true;
    if (m.decorators.some((d) => isAccessDecorator(d, imports))) return true;
    const body = m.node.childForFieldName("body")?.text ?? "";
    if (SCOPING_METHODS.has(m.name) && /\.user\b/.test(body)) return true;
    if (CHECK_TEXT.test(body)) return true;
  }
  return refusesObjectOrSetup(c);
}

// `if not can_manage_object(obj, self.request): raise Http404` in `get_object()`: the object is checked against the request.
const REFUSE_ON_REQUEST = /\bif\b[^\n]*\brequest\b[^\n]*:\s*\n\s*raise\s+(?:Http404|PermissionDenied)\b/;
// `User.objects.exists()`, `get_user_model().objects.count()`, `User.objects.filter(is_superuser=True).exists()`.
const USERS_EXIST = /\b(?:\w*User\w*|get_user_model\(\))\.objects\.(?:exists\(\)|count\(\)|(?:all|filter)\([^)]*\)\.(?:exists|count)\(\))/;

/**
 * Checks a view makes besides mixins and user tests: `get_object()` refusing (404 or 403) an object under a
 * condition on the request, or a first-run setup view whose `post()` (or `dispatch()`) turns every request away
 * as soon as any user account exists.
 */
function refusesObjectOrSetup(c: ClassInfo): boolean {
  for (const m of classMethods(c)) {
    const body = m.node.childForFieldName("body");
    if (!body) continue;
    if (m.name === "get_object" && REFUSE_ON_REQUEST.test(body.text)) return true;
    if ((m.name === "post" || m.name === "dispatch") && turnsAwayOnceUsersExist(body)) return true;
  }
  return false;
}

/** An `if` on "some user exists" (at the top of the method or inside its `with` block) that returns or raises. */
function turnsAwayOnceUsersExist(body: SyntaxNode): boolean {
  for (const stmt of body.namedChildren) {
    if (stmt.type === "with_statement") {
      const inner = stmt.childForFieldName("body");
      if (inner && turnsAwayOnceUsersExist(inner)) return true;
      continue;
    }
    if (stmt.type !== "if_statement") continue;
    const cond = stmt.childForFieldName("condition")?.text ?? "";
    const leaves = stmt.childForFieldName("consequence")?.namedChildren.some((x) => x.type === "return_statement" || x.type === "raise_statement");
    if (USERS_EXIST.test(cond) && !/^not\b/.test(cond) && leaves) return true;
  }
  return false;
}

// A view that names no model, form, template or handler is a reusable base meant for subclasses elsewhere.
const CONCRETE_ATTRS = ["model", "queryset", "form_class", "fields", "template_name", "success_url", "success_message"];
const CONCRETE_METHODS = new Set(["get_queryset", "get_object", "get_form_class", "form_valid", "get_success_url", "post", "delete"]);

function isConcrete(local: ClassInfo[]): boolean {
  return local.some((c) => CONCRETE_ATTRS.some((a) => classAttribute(c, a)) || classMethods(c).some((m) => CONCRETE_METHODS.has(m.name)));
}

/** Names of views wrapped as `login_required(X.as_view())` (or similar) somewhere in the module. */
function wrappedViews(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split("\n")) {
    if (!/\b(login_required|permission_required|user_passes_test|staff_member_required)\b/.test(line)) continue;
    for (const m of line.matchAll(/\b(\w+)\.as_view\b/g)) out.add(m[1]);
  }
  // login_required(
  //     PostEdit.as_view()
  // )
  for (const m of text.matchAll(/\b(?:login_required|staff_member_required)\s*\(\s*(\w+)\.as_view\b/g)) out.add(m[1]);
  return out;
}

// Read views that serve one object picked by the URL's pk or slug.
const DETAIL_VIEWS = new Set([`${G}DetailView`, `${G}BaseDetailView`]);
// A method that sends the object's stored file: the bytes of a document, not a page about it.
const SENDS_FILE = /\bFileResponse\s*\(|\bStreamingHttpResponse\s*\(|\bopen\s*\(|Content-Disposition|X-Sendfile|X-Accel-Redirect/;

/** A method of the class that sends the file of `self.object` / `self.get_object()`, if any. */
function servesObjectFile(local: ClassInfo[]): boolean {
  return local.some((c) =>
    classMethods(c).some((m) => {
      const body = m.node.childForFieldName("body")?.text ?? "";
      return SENDS_FILE.test(body) && /\bself\.(?:object|get_object\s*\()/.test(body);
    }),
  );
}

const STAFF_AREA = /(^|\/)(admin|dashboard|staff|manage|management|backoffice)(\/|\.py$)/;

/** Another generic view of the module with no visible access check of its own. */
function uncheckedGenericView(c: ClassInfo, imports: ImportTable, classes: Map<string, ClassInfo>): boolean {
  const anc = ancestry(c, imports, classes);
  if (anc.unknown || !anc.external.some((q) => EDIT_VIEWS.has(q) || DETAIL_VIEWS.has(q) || q === `${G}ListView`)) return false;
  return !anc.external.some((q) => AUTH_MIXINS.has(q) || !isNeutralDjangoBase(q)) && !anc.local.some((x) => hasOwnAccessCheck(x, imports));
}

/**
 * True when at least one other concrete class-based view of the module (built on a Django generic view) has an
 * access mixin, a project base or decorator, or a check of its own, and such views are at least half of them.
 */
function siblingsProtected(cls: ClassInfo, imports: ImportTable, classes: Map<string, ClassInfo>): boolean {
  const bases = usedAsBase(classes);
  let views = 0;
  let protectedViews = 0;
  for (const o of classes.values()) {
    if (o === cls || bases.has(o.name) || /^(Base|Abstract)|Mixin$/.test(o.name)) continue;
    const anc = ancestry(o, imports, classes);
    if (!anc.external.some((q) => q.startsWith(G))) continue;
    views++;
    if (anc.unknown || anc.external.some((q) => AUTH_MIXINS.has(q) || !isNeutralDjangoBase(q)) || anc.local.some((x) => hasOwnAccessCheck(x, imports))) protectedViews++;
  }
  return protectedViews > 0 && 2 * protectedViews >= views;
}

const PUBLIC_FORM = /log_?in|sign_?in|sign_?up|regist|password|contact|feedback|subscri|newsletter|search|forgot|activat|invit|enquir|inquir/i;

export default defineRule({
  id: "cbv-missing-access-control",
  severity: "high",
  confidence: "medium",
  cwe: [862, 284],
  owasp: "A01:2021",
  guideSection: "authorization",
  djangoDocs: "https://docs.djangoproject.com/en/stable/topics/auth/default/#limiting-access-to-logged-in-users",
  docs: {
    what:
      "Finds class-based views built on Django's data-changing generic views (`CreateView`, `UpdateView`, `DeleteView`, `FormView` and their `Base*` forms) that have no access check, `DetailView`s that send the stored file of any object picked by the URL with no check and no user-limited queryset, and access mixins listed after the view class, where they never run (unless another Django view follows the mixin in the base list, `FormView, PermissionRequiredMixin, TemplateView`: Python's method order then puts `View.dispatch()` after the mixin's).",
    why:
      "Generic views check nothing about the user. Without `LoginRequiredMixin`, `PermissionRequiredMixin`, `UserPassesTestMixin` or a check in `dispatch()`, anyone who finds the URL can create, change or delete data.",
    example:
      "from django.views.generic import UpdateView\n\nclass PostUpdateView(UpdateView):\n    model = Post\n    fields = [\"title\", \"content\"]\n",
    good: "from django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.views.generic import UpdateView\n\nclass PostUpdateView(LoginRequiredMixin, UpdateView):\n    model = Post\n    fields = [\"title\", \"content\"]\n\n    def get_queryset(self):\n        return Post.objects.filter(author=self.request.user)\n",
    fix:
      "Put an access mixin first in the base list: `class PostUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView)`, and limit objects to the user's own in `get_queryset()` (`Post.objects.filter(author=self.request.user)`).",
    note:
      "A `FormView` that defines no `form_valid()`, `post()`, `put()`, `patch()` or `delete()` (in the class or a project base) is not reported: Django's default only redirects after validation, so submitting it changes nothing. " +
      "To avoid guesses the rule stays silent when a base class is imported from outside Django (a project or third-party mixin it cannot see), when the class has any decorator that is not one of Django's caching/CSRF/method decorators, when a method raises `PermissionDenied` or tests the user, when `get_queryset()`/`get_object()` filters by `request.user`, when `get_object()` raises `Http404`/`PermissionDenied` under a condition on the request, for first-run setup views whose `post()` turns requests away once any user exists, when the module wraps the view in `login_required(...as_view())`, for base classes (used as a base in the module, named `Base*`/`Abstract*`/`*Mixin`, or naming no model, queryset, form, fields, template or handler), and for views named like public forms (login, sign-up, password reset, contact, search, newsletter). It is also silent when a settings module of the project lists a login-required middleware in `MIDDLEWARE` (Django 5.1's `LoginRequiredMiddleware`, django-stronghold's, or a project class of that name), which sends every anonymous user to log in; the CLI reads every settings module of the scanned tree, and the app also reads the repository's settings modules when a changed file names an editing view. A `DetailView` that sends the object's file (`open()`, `FileResponse`, `Content-Disposition`) of any object is reported at medium confidence whatever the routing, since a login requirement would not stop one user reading another's file; it is low in staff areas (`admin/`, `dashboard/`...) and in modules whose other generic views show no check either (their access control lives out of sight). An editing view is commented only when a URL pattern in sight routes it undecorated and the module's other class-based views show the project checks access in the class (at least one, and at least half of them, have an access mixin, a project base, a decorator or a check of their own); a view in a module whose views check nothing in sight is listed at low confidence, since its access control lives elsewhere; views routed only through a decorator, a django-cradmin app (`crapp.Url`, whose cradmin instance requires login and a role) or a method of the admin site (served through `admin_view`), or with no route found, are listed at low confidence. Views wrapped with `login_required` in another module's URLconf can be reported anyway; suppress the finding with a reason, or turn the rule off.",
  },
  // What the rule reports needs an editing view or an access mixin, named in the module (at least in its import).
  mentions: /(?:Create|Update|Delete|Form|Detail)View|(?:LoginRequired|PermissionRequired|UserPassesTest|Access)Mixin/,
  messages: {
    missingAccessControl:
      "`{{view}}` is a `{{base}}` with no access check, so anyone who finds its URL can {{action}}. Add `LoginRequiredMixin` (or `PermissionRequiredMixin`) as the first base class, or check access in `dispatch()`.",
    fileOfAnyObject:
      "`{{view}}` is a `{{base}}` that sends the stored file of any `{{model}}` picked by the URL: no access check, and no `get_queryset()` limited to the user, so anyone who changes the id downloads another user's file (a login requirement alone would not stop it). Limit `get_queryset()` to the user's objects, or check ownership and raise `PermissionDenied`.",
    mixinAfterView:
      "`{{mixin}}` comes after `{{base}}` in the bases of `{{view}}`, so the view's `dispatch()` runs first and the check never happens. Move `{{mixin}}` to the front of the base list.",
  },
  checkModule({ root, text, imports, report, project, path }) {
    const classes = moduleClasses(root);
    const bases = usedAsBase(classes);
    let wrapped: Set<string> | undefined;
    for (const cls of classes.values()) {
      const direct = cls.bases.map((b) => imports.qualifyNode(b));
      const viewAt = direct.findIndex((q) => q !== undefined && GENERIC_VIEWS.has(q));
      const mixinAt = direct.findIndex((q, i) => i > viewAt && q !== undefined && AUTH_MIXINS.has(q));
      // A Django view listed after the mixin too (`FormView, PermissionRequiredMixin, TemplateView`): Python's method
      // order then puts `View`, which alone defines `dispatch()` among them, after the mixin, so the check runs.
      const viewAfterMixin = mixinAt > viewAt && direct.some((q, i) => i > mixinAt && q !== undefined && GENERIC_VIEWS.has(q));
      if (viewAt >= 0 && mixinAt > viewAt && !viewAfterMixin) {
        const short = (q: string) => q.slice(q.lastIndexOf(".") + 1);
        report(cls.bases[mixinAt], "mixinAfterView", { mixin: short(direct[mixinAt]!), base: short(direct[viewAt]!), view: cls.name });
        continue;
      }
      // A login-required middleware in the project's settings already sends anonymous users to log in.
      if (project.loginRequiredMiddleware) continue;
      if (bases.has(cls.name) || /^(Base|Abstract)|Mixin$/.test(cls.name) || PUBLIC_FORM.test(cls.name)) continue;
      const anc = ancestry(cls, imports, classes);
      if (anc.unknown) continue;
      const trigger = anc.external.find((q) => EDIT_VIEWS.has(q));
      const detail = anc.external.find((q) => DETAIL_VIEWS.has(q));
      if (!trigger && detail && !anc.external.some((q) => AUTH_MIXINS.has(q) || !isNeutralDjangoBase(q)) && !anc.local.some((c) => hasOwnAccessCheck(c, imports)) && servesObjectFile(anc.local)) {
        const model = inheritedAttribute(anc, "model")?.assignment.childForFieldName("right")?.text ?? /^(\w+)\.objects\b/.exec(inheritedAttribute(anc, "queryset")?.assignment.childForFieldName("right")?.text ?? "")?.[1];
        // The object comes from a queryset the view names; a user-scoped `get_queryset()` counts as a check above.
        if (model && /^\w+$/.test(model) && !anc.local.some((c) => classMethods(c).some((m) => m.name === "get_queryset" || m.name === "get_object"))) {
          // Staff areas, and modules whose other generic views show no check either, get access control from
          // somewhere out of sight (an app's get_urls, the URLconf): worth a look there, not a comment.
          const elsewhere = STAFF_AREA.test(path) || [...classes.values()].some((o) => o !== cls && uncheckedGenericView(o, imports, classes));
          report(cls.nameNode, "fileOfAnyObject", { view: cls.name, base: detail.slice(G.length), model }, { confidence: elsewhere ? "low" : "medium" });
        }
        continue;
      }
      if (!trigger) continue;
      // Django's `FormView` only redirects once the form is valid: with no `form_valid()` or handler of its own
      // (in the class or a project base), a submitted form changes nothing.
      if (FORM_ONLY.has(trigger) && !anc.local.some((c) => classMethods(c).some((m) => FORM_EFFECTS.has(m.name)))) continue;
      if (anc.external.some((q) => AUTH_MIXINS.has(q) || !isNeutralDjangoBase(q))) continue;
      if (!isConcrete(anc.local) || anc.local.some((c) => hasOwnAccessCheck(c, imports))) continue;
      wrapped ??= wrappedViews(text);
      if (wrapped.has(cls.name)) continue;
      // Only a URL pattern in sight that routes the view undecorated shows it is reachable as it is; routed
      // elsewhere (an app's get_urls, a decorator applied in another module) the finding is worth a look, not a comment.
      const routed = project.index?.views[cls.name] === "bare";
      // The module's own convention: most of its other class-based views carry an access mixin or check, this one does
      // not. Where they check nothing in sight either, access control lives elsewhere (the URLconf, a middleware).
      const convention = siblingsProtected(cls, imports, classes);
      report(cls.nameNode, "missingAccessControl", { view: cls.name, base: trigger.slice(G.length), action: EDIT_VIEWS.get(trigger)! }, routed && convention ? {} : { confidence: "low" });
    }
  },
});
