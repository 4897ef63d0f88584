import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./login-on-get.js";

const head = "from django.contrib.auth import login\nfrom django.shortcuts import get_object_or_404\n";

testRule(rule, {
  valid: [
    { name: "POST only", code: head + "from django.views.decorators.http import require_POST\n@require_POST\ndef login_as(request, user_pk):\n    user = get_object_or_404(User, pk=user_pk)\n    login(request, user)\n" },
    { name: "require_http_methods", code: head + "from django.views.decorators.http import require_http_methods\n@require_http_methods(['POST'])\ndef login_as(request, user_pk):\n    user = get_object_or_404(User, pk=user_pk)\n    login(request, user)\n" },
    { name: "method checked in the view", code: head + "def login_as(request, user_pk):\n    if request.method != 'POST':\n        return HttpResponseNotAllowed(['POST'])\n    user = get_object_or_404(User, pk=user_pk)\n    login(request, user)\n" },
    { name: "login after authenticate", code: head + "from django.contrib.auth import authenticate\ndef sign_in(request):\n    user = authenticate(request, username=request.POST['u'], password=request.POST['p'])\n    login(request, user)\n" },
    { name: "activation link checks a token", code: head + "def activate(request, uid, token):\n    user = get_object_or_404(User, pk=uid)\n    if not default_token_generator.check_token(user, token):\n        raise Http404\n    login(request, user)\n" },
    { name: "activation link with a key compared by the view", code: head + "def activate(request, uid, key):\n    user = get_object_or_404(User, pk=uid)\n    if user.profile.activation_key != key:\n        raise Http404\n    login(request, user)\n" },
    { name: "magic link with a token in the query string", code: head + "def magic(request, uid):\n    user = get_object_or_404(User, pk=uid)\n    if request.GET.get('token') != user.profile.login_token:\n        raise Http404\n    login(request, user)\n" },
    { name: "a fixed user", code: head + "def auto(request):\n    login(request, User.objects.get(username='admin'))\n" },
    { name: "class-based post handler", code: head + "class LoginAs(View):\n    def post(self, request, user_pk):\n        user = get_object_or_404(User, pk=user_pk)\n        login(request, user)\n" },
    { name: "a local login function", code: "def login(request, user):\n    pass\ndef login_as(request, user_pk):\n    user = User.objects.get(pk=user_pk)\n    login(request, user)\n" },
    { name: "user created by the view", code: head + "def demo(request):\n    user = create_temporary_user(request)\n    login(request, user)\n" },
  ],
  invalid: [
    {
      name: "log in as the URL's user on GET",
      code: head + "@login_required\ndef trainer_login(request, user_pk):\n    user = get_object_or_404(User, pk=user_pk)\n    login(request, user, 'django.contrib.auth.backends.ModelBackend')\n    return redirect('home')\n",
      errors: [{ messageId: "loginOnGet", line: 4, messageIncludes: "`user_pk` (line 6)" }],
    },
    {
      name: "aliased login, user picked by the query string",
      code: "from django.contrib.auth import login as django_login\ndef switch(request):\n    target = User.objects.get(username=request.GET['as'])\n    django_login(request, target)\n",
      errors: [{ messageId: "loginOnGet", line: 2 }],
    },
    {
      name: "login through the auth module",
      code: "from django.contrib import auth\ndef switch(request):\n    target = User.objects.get(username=request.GET['as'])\n    auth.login(request, target)\n",
      errors: [{ messageId: "loginOnGet", line: 2 }],
    },
    {
      name: "class-based get handler",
      code: head + "class LoginAs(View):\n    def get(self, request, *args, **kwargs):\n        user = get_object_or_404(User, pk=self.kwargs['pk'])\n        login(request, user)\n",
      errors: [{ messageId: "loginOnGet", line: 4 }],
    },
  ],
});
