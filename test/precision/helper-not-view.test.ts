import { runRule } from "../helpers/test-rule.js";
import openRedirect from "../../rules/data-flow/open-redirect.js";
import siblingProtection from "../../rules/authorization/view-missing-sibling-protection.js";

// A module-level function taking `request` first is a view only when nothing shows it is a helper: the project's
// URLconfs do not name it and another module calls it with arguments, or it is private, or its own module calls it.
const helperModule = `from django.shortcuts import redirect

def get_result_response(request, result):
    return redirect(result)
`;
const caller = `from moderation.views import get_result_response

def thread(request, pk):
    return get_result_response(request, "/threads/")
`;

describe("a helper whose first parameter is request is not a view", () => {
  const run = (context: Record<string, string>) => runRule(openRedirect, helperModule, "moderation/views.py", context).findings.map((f) => f.line);

  it("stays silent when no URLconf names it and another module calls it", () => {
    const urls = `from django.urls import path\nfrom threads import views\n\nurlpatterns = [path("t/<int:pk>/", views.thread)]\n`;
    expect(run({ "threads/views.py": caller, "threads/urls.py": urls })).toEqual([]);
  });

  it("still reports it when a URLconf routes it (a view that is also called elsewhere)", () => {
    const urls = `from django.urls import path\nfrom moderation import views\n\nurlpatterns = [path("r/<path:result>/", views.get_result_response)]\n`;
    expect(run({ "threads/views.py": caller, "moderation/urls.py": urls })).toEqual([4]);
  });

  it("still reports it when the index read no URLconf (nothing is known)", () => {
    expect(run({ "threads/views.py": caller })).toEqual([4]);
  });
});

describe("private or module-called functions are not function views for the authorization rules", () => {
  const siblings = `from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from .models import Note

@login_required
def a(request, pk):
    return render(request, "n.html", {"n": get_object_or_404(Note, pk=pk, owner=request.user)})

@login_required
def b(request, pk):
    return render(request, "n.html", {"n": get_object_or_404(Note, pk=pk, owner=request.user)})

@login_required
def c(request, pk):
    return _render_note(request, pk)
`;
  const lines = (code: string) => runRule(siblingProtection, code).findings.map((f) => f.line);

  it("skips an underscore helper the protected views call", () => {
    expect(lines(siblings + `
def _render_note(request, pk):
    note = Note.objects.get(pk=pk)
    return render(request, "n.html", {"n": note})
`)).toEqual([]);
  });

  it("skips a public helper other functions of the module call with arguments", () => {
    expect(lines(siblings.replace("_render_note(request, pk)", "render_note(request, pk)") + `
def render_note(request, pk):
    note = Note.objects.get(pk=pk)
    return render(request, "n.html", {"n": note})
`)).toEqual([]);
  });

  it("still reports an unprotected view nobody calls", () => {
    expect(lines(siblings.replace("return _render_note(request, pk)", "return render(request, \"n.html\", {})") + `
def delete_note(request, pk):
    Note.objects.filter(pk=pk).delete()
    return render(request, "done.html")
`)).toEqual([17]);
  });
});
