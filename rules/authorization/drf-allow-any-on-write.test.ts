import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./drf-allow-any-on-write.js";

const drf = "from rest_framework import generics, mixins, viewsets\nfrom rest_framework.views import APIView\nfrom rest_framework.permissions import AllowAny, IsAuthenticated\n";

const THEME = (body: string) =>
  drf +
  'from rest_framework.response import Response\nfrom .forms import ThemeForm\n\nclass UpdateTheme(APIView):\n    permission_classes = (AllowAny,)\n\n    def post(self, request, *args, **kwargs):\n' +
  '        if not isinstance(request.data, dict):\n            return Response({"error": "Invalid request"}, status=400)\n        form = ThemeForm({"theme": request.data.get("theme")})\n' +
  '        if not form.is_valid():\n            return Response({"error": "bad theme"}, status=400)\n' +
  body +
  '        return Response({"message": "ok"})\n';

testRule(rule, {
  valid: [
    { name: "social login view", code: drf + "class ProviderAuthView(generics.CreateAPIView):\n    permission_classes = [AllowAny]\n" },
    { name: "validation action", code: drf + "from rest_framework.decorators import action\nclass Jobs(viewsets.ModelViewSet):\n    permission_classes = [IsAuthenticated]\n\n    @action(methods=['post'], detail=False, permission_classes=[AllowAny])\n    def validate(self, request):\n        return check(request.data)\n" },
    { name: "empty permission_classes on a read-only view", code: drf + "class Posts(generics.ListAPIView):\n    permission_classes = []\n" },
    { name: "read-only viewset", code: drf + "class Posts(viewsets.ReadOnlyModelViewSet):\n    permission_classes = [AllowAny]\n" },
    { name: "list view", code: drf + "class Posts(generics.ListAPIView):\n    permission_classes = (AllowAny,)\n" },
    { name: "AllowAny and IsAuthenticated together need both", code: drf + "class Posts(viewsets.ModelViewSet):\n    permission_classes = [AllowAny, IsAuthenticated]\n" },
    { name: "authenticated write view", code: drf + "class Posts(viewsets.ModelViewSet):\n    permission_classes = [IsAuthenticated]\n" },
    { name: "no permission_classes uses the project default", code: drf + "class Posts(viewsets.ModelViewSet):\n    queryset = Post.objects.all()\n" },
    { name: "APIView with only get", code: drf + "class Health(APIView):\n    permission_classes = [AllowAny]\n    def get(self, request):\n        return Response({'ok': True})\n" },
    { name: "registration endpoint", code: drf + "class RegisterView(generics.CreateAPIView):\n    permission_classes = [AllowAny]\n" },
    { name: "user creation endpoint", code: drf + "class UserCreateViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):\n    permission_classes = (AllowAny,)\n" },
    { name: "login endpoint", code: drf + "class LoginView(APIView):\n    permission_classes = (AllowAny,)\n    def post(self, request): ...\n" },
    { name: "get_permissions decides per action", code: drf + "class Posts(viewsets.ModelViewSet):\n    permission_classes = [AllowAny]\n    def get_permissions(self):\n        if self.action in ('list', 'retrieve'):\n            return [AllowAny()]\n        return [IsAuthenticated()]\n" },
    { name: "local AllowAny class", code: "from rest_framework import viewsets\nclass AllowAny:\n    pass\nclass Posts(viewsets.ModelViewSet):\n    permission_classes = [AllowAny]\n" },
    { name: "function view with GET only", code: "from rest_framework.decorators import api_view, permission_classes\nfrom rest_framework.permissions import AllowAny\n@api_view(['GET'])\n@permission_classes([AllowAny])\ndef ping(request): ...\n" },
    { name: "function view with default methods", code: "from rest_framework.decorators import api_view, permission_classes\nfrom rest_framework.permissions import AllowAny\n@api_view()\n@permission_classes([AllowAny])\ndef ping(request): ...\n" },
    { name: "read action with AllowAny", code: drf + "from rest_framework.decorators import action\nclass Posts(viewsets.GenericViewSet):\n    @action(detail=False, permission_classes=[AllowAny])\n    def recent(self, request): ...\n" },
    { name: "not a DRF module", code: "class Posts:\n    permission_classes = [AllowAny]\n    def post(self): ...\n" },
    { name: "a POST that only stores the caller's validated theme in their session", code: THEME('        request.session["theme"] = form.cleaned_data["theme"]\n') },
    { name: "a POST that stores the preference through a project helper of another module that only writes the session", code: THEME('        set_theme(request, form.cleaned_data["theme"])\n'), context: { "shop/theme.py": 'def set_theme(request, theme: str) -> None:\n    """Store the theme in the session."""\n    request.session["theme"] = theme\n\n\ndef other(request):\n    return 1\n' } },
    { name: "a POST that only sets a sorting cookie on its response", code: drf + "from rest_framework.response import Response\nclass SetSorting(APIView):\n    permission_classes = [AllowAny]\n    def post(self, request):\n        response = Response({'ok': True})\n        response.set_cookie('sorting', request.data.get('sorting', 'price'))\n        return response\n" },
    { name: "public contact form endpoint by name", code: "from rest_framework.decorators import api_view, permission_classes\nfrom rest_framework.permissions import AllowAny\n@api_view(['POST'])\n@permission_classes([AllowAny])\ndef contact(request): ...\n" },
  ],
  invalid: [
    { name: "a view that manages authors is not authentication", code: drf + "class AuthorViewSet(viewsets.ModelViewSet):\n    permission_classes = [AllowAny]\n", errors: [{ messageId: "allowAnyWrite", line: 5 }] },
    { name: "a view that manages auth groups is not authentication", code: drf + "class AuthGroupViewSet(viewsets.ModelViewSet):\n    permission_classes = [AllowAny]\n", errors: [{ messageId: "allowAnyWrite", line: 5 }] },
    { name: "contacts (an address book) is not a contact form", code: "from rest_framework import viewsets\nfrom rest_framework.permissions import AllowAny\nclass ContactsViewSet(viewsets.ModelViewSet):\n    permission_classes = [AllowAny]\n", errors: [{ messageId: "allowAnyWrite", line: 4 }] },
    {
      name: "model viewset",
      code: drf + "class OrderViewSet(viewsets.ModelViewSet):\n    queryset = Order.objects.all()\n    permission_classes = [AllowAny]\n",
      errors: [{ messageId: "allowAnyWrite", line: 6, messageIncludes: "POST, PUT, PATCH and DELETE" }],
    },
    {
      name: "destroy view with a tuple and dotted name",
      code: "from rest_framework import generics, permissions\nclass Remove(generics.RetrieveDestroyAPIView):\n    permission_classes = (permissions.AllowAny,)\n",
      errors: [{ messageId: "allowAnyWrite", line: 3, messageIncludes: "accepts DELETE" }],
    },
    {
      name: "generic viewset with create and update mixins",
      code: drf + "class Items(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):\n    permission_classes = [AllowAny]\n",
      errors: [{ messageId: "allowAnyWrite", line: 5, messageIncludes: "POST, PUT and PATCH" }],
    },
    {
      name: "APIView defining post and delete",
      code: drf + "class Comments(APIView):\n    permission_classes = [AllowAny]\n    def get(self, request): ...\n    def post(self, request): ...\n    def delete(self, request, pk): ...\n",
      errors: [{ messageId: "allowAnyWrite", line: 5, messageIncludes: "POST and DELETE" }],
    },
    {
      name: "ViewSet defining destroy",
      code: drf + "class Items(viewsets.ViewSet):\n    permission_classes = [AllowAny]\n    def destroy(self, request, pk=None): ...\n",
      errors: [{ messageId: "allowAnyWrite", line: 5, messageIncludes: "DELETE" }],
    },
    {
      name: "AllowAny or-ed with another permission",
      code: drf + "class Items(generics.CreateAPIView):\n    permission_classes = [AllowAny | IsAuthenticated]\n",
      errors: [{ messageId: "allowAnyWrite", line: 5 }],
    },
    {
      name: "empty permission_classes",
      code: drf + "class Items(generics.ListCreateAPIView):\n    authentication_classes = []\n    permission_classes = []\n",
      errors: [{ messageId: "noPermissions", line: 6, messageIncludes: "is empty" }],
    },
    {
      name: "empty permission_classes inherited",
      code: drf + "class Open(APIView):\n    permission_classes = ()\nclass Upload(Open):\n    def post(self, request): ...\n",
      errors: [{ messageId: "emptyInherited", line: 6, messageIncludes: "from `Open`" }],
    },
    {
      name: "inherited from a local base",
      code: drf + "class PublicAPI(APIView):\n    permission_classes = [AllowAny]\nclass Upload(PublicAPI):\n    def put(self, request): ...\n",
      errors: [{ messageId: "allowAnyInherited", line: 6, messageIncludes: "from `PublicAPI`" }],
    },
    {
      name: "write action with AllowAny",
      code: drf + "from rest_framework.decorators import action\nclass Posts(viewsets.GenericViewSet):\n    @action(detail=True, methods=['post', 'delete'], permission_classes=[AllowAny])\n    def publish(self, request, pk=None): ...\n",
      errors: [{ messageId: "allowAnyWrite", line: 6, messageIncludes: "`Posts.publish`" }],
    },
    {
      name: "function view with an empty permission list",
      code: "from rest_framework.decorators import api_view, permission_classes\n@api_view(http_method_names=['PUT'])\n@permission_classes([])\ndef replace(request): ...\n",
      errors: [{ messageId: "noPermissions", line: 3, messageIncludes: "`replace` accepts PUT" }],
    },
    {
      name: "a session write beside a model write is reported",
      code: THEME('        request.session["theme"] = form.cleaned_data["theme"]\n        Preference.objects.create(theme=form.cleaned_data["theme"])\n'),
      errors: [{ messageId: "allowAnyWrite", line: 8 }],
    },
    {
      name: "a project helper that writes the session and updates a model is no session-only helper",
      code: THEME('        set_theme(request, form.cleaned_data["theme"])\n'),
      context: { "shop/theme.py": 'def set_theme(request, theme):\n    request.session["theme"] = theme\n    Profile.objects.filter(user=request.user).update(theme=theme)\n' },
      errors: [{ messageId: "allowAnyWrite", line: 8 }],
    },
    {
      name: "a session write whose handler also runs the parent's post() is reported",
      code: THEME('        request.session["theme"] = form.cleaned_data["theme"]\n        return super().post(request, *args, **kwargs)\n'),
      errors: [{ messageId: "allowAnyWrite", line: 8 }],
    },
    {
      name: "a generic create view that also writes the session is reported",
      code: drf + "class Signals(generics.CreateAPIView):\n    permission_classes = [AllowAny]\n    def post(self, request):\n        request.session['seen'] = True\n        return Response({})\n",
      errors: [{ messageId: "allowAnyWrite", line: 5 }],
    },
    {
      name: "function view with POST",
      code: "from rest_framework.decorators import api_view, permission_classes\nfrom rest_framework.permissions import AllowAny\n@api_view(['GET', 'POST'])\n@permission_classes([AllowAny])\ndef comments(request): ...\n",
      errors: [{ messageId: "allowAnyWrite", line: 4, messageIncludes: "`comments` accepts POST" }],
    },
  ],
});

describe("drf-allow-any-on-write confidence", () => {
  const confidences = (code: string) => runRule(rule, code).findings.map((f) => f.confidence);
  it("comments on anonymous updates and deletes of stored objects", () => {
    expect(confidences(drf + "class OrderViewSet(viewsets.ModelViewSet):\n    queryset = Order.objects.all()\n    permission_classes = [AllowAny]\n")).toEqual(["medium"]);
    expect(confidences(drf + "class Items(viewsets.ViewSet):\n    permission_classes = [AllowAny]\n    def destroy(self, request, pk=None): ...\n")).toEqual(["medium"]);
    expect(confidences("from rest_framework.decorators import api_view, permission_classes\n@api_view(http_method_names=['PUT'])\n@permission_classes([])\ndef replace(request): ...\n")).toEqual(["medium"]);
  });
  it("comments on a write action on the object the URL names", () => {
    expect(confidences(drf + "from rest_framework.decorators import action\nclass Posts(viewsets.GenericViewSet):\n    @action(detail=True, methods=['post'], permission_classes=[AllowAny])\n    def publish(self, request, pk=None): ...\n")).toEqual(["medium"]);
  });
  it("lists an anonymous POST (a create, a search, a redemption) at low confidence", () => {
    expect(confidences(drf + "class Items(generics.CreateAPIView):\n    permission_classes = [AllowAny | IsAuthenticated]\n")).toEqual(["low"]);
    expect(confidences(drf + "class SearchViewSet(viewsets.GenericViewSet):\n    permission_classes = [AllowAny]\n    def create(self, request):\n        return Response(search(request.data['query']))\n")).toEqual(["low"]);
    expect(confidences("from rest_framework.decorators import api_view, permission_classes\nfrom rest_framework.permissions import AllowAny\n@api_view(['GET', 'POST'])\n@permission_classes([AllowAny])\ndef comments(request): ...\n")).toEqual(["low"]);
    expect(confidences(drf + "from rest_framework.decorators import action\nclass Posts(viewsets.GenericViewSet):\n    @action(detail=False, methods=['post'], permission_classes=[AllowAny])\n    def bulk(self, request): ...\n")).toEqual(["low"]);
  });
});

describe("drf-allow-any-on-write: handlers that turn anonymous callers away first", () => {
  const view = (destroy: string, extra = "") =>
    drf + "from django.contrib.auth.models import AnonymousUser\nfrom rest_framework.response import Response\nfrom rest_framework import status\n\n" +
    "class UserSessionApi(generics.RetrieveDestroyAPIView):\n    permission_classes = ()\n\n" +
    `    def destroy(self, request, *args, **kwargs):\n${destroy}        request.session.flush()\n        return Response(status=status.HTTP_200_OK)\n${extra}`;
  const found = (code: string) => runRule(rule, code).findings.map((f) => `${f.line}:${f.confidence}`);
  it("are not open to anyone: isinstance(AnonymousUser), not is_authenticated, is_anonymous, with a 401/403 or a DRF refusal", () => {
    expect(found(view("        if isinstance(request.user, AnonymousUser):\n            return Response(status=status.HTTP_403_FORBIDDEN)\n"))).toEqual([]);
    expect(found(view("        if not request.user.is_authenticated:\n            raise NotAuthenticated()\n"))).toEqual([]);
    expect(found(view('        """Log the caller out."""\n        if request.user.is_anonymous:\n            return Response({"detail": "login"}, status=401)\n'))).toEqual([]);
  });
  it("stay reported when the refusal comes later, answers 200, tests something else, or another write handler has none", () => {
    expect(found(view("        request.session['x'] = 1\n        if isinstance(request.user, AnonymousUser):\n            return Response(status=403)\n"))).toEqual(["9:medium"]);
    expect(found(view("        if isinstance(request.user, AnonymousUser):\n            return Response(status=200)\n"))).toEqual(["9:medium"]);
    expect(found(view("        if not request.user.is_staff:\n            return Response(status=403)\n"))).toEqual(["9:medium"]);
    expect(found(view("        if isinstance(request.user, AnonymousUser):\n            return Response(status=403)\n", "\n    def delete(self, request, *args, **kwargs):\n        return self.destroy(request, *args, **kwargs)\n"))).toEqual(["9:medium"]);
  });
});

describe("drf-allow-any-on-write: a 'me' endpoint changes only the caller's own account", () => {
  const confidences = (code: string) => runRule(rule, code).findings.map((f) => f.confidence);
  const me = (getObject: string) => `from rest_framework import mixins, viewsets
from .serializers import UserSerializer

class CurrentUserViewSet(mixins.UpdateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UserSerializer
    permission_classes = []

    def get_object(self):
${getObject}
`;
  it("is low when get_object() returns request.user (or a part of it); medium when it loads any object", () => {
    expect(confidences(me("        return self.request.user"))).toEqual(["low"]);
    expect(confidences(me("        return self.request.user.profile"))).toEqual(["low"]);
    expect(confidences(me("        return User.objects.get(pk=self.kwargs['pk'])"))).toEqual(["medium"]);
  });
});
