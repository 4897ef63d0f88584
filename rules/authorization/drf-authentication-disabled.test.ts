import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./drf-authentication-disabled.js";

const drf = "from rest_framework.views import APIView\n";
const deco = "from rest_framework.decorators import api_view, authentication_classes\n";

testRule(rule, {
  valid: [
    { name: "authentication classes set", code: drf + "from rest_framework.authentication import TokenAuthentication\nclass V(APIView):\n    authentication_classes = [TokenAuthentication]\n" },
    { name: "default authentication", code: drf + "class V(APIView):\n    def post(self, request): ...\n" },
    { name: "login view by name", code: drf + "class ObtainTokenView(APIView):\n    authentication_classes = []\n" },
    { name: "webhook function by name", code: deco + "@api_view(['POST'])\n@authentication_classes([])\ndef stripe_webhook(request): ...\n" },
    { name: "decorator with classes", code: deco + "from rest_framework.authentication import SessionAuthentication\n@api_view(['POST'])\n@authentication_classes([SessionAuthentication])\ndef pay(request): ...\n" },
    { name: "not a DRF module", code: "class V:\n    authentication_classes = []\n" },
    { name: "local decorator of the same name", code: "from rest_framework.views import APIView\ndef authentication_classes(x):\n    return lambda f: f\n@authentication_classes([])\ndef pay(request): ...\n" },
    { name: "read-only list view", code: "from rest_framework import generics\nclass PublicArticles(generics.ListAPIView):\n    authentication_classes = []\n" },
    { name: "APIView with only get()", code: drf + "class Status(APIView):\n    authentication_classes = []\n    def get(self, request): ...\n" },
    { name: "GET-only function view", code: deco + "@api_view(['GET'])\n@authentication_classes([])\ndef status(request): ...\n" },
    { name: "contact form by name", code: drf + "class ContactView(APIView):\n    authentication_classes = []\n    def post(self, request): ...\n" },
  ],
  invalid: [
    { name: "read-only viewset with a write action", code: "from rest_framework import viewsets\nfrom rest_framework.decorators import action\nclass Items(viewsets.ReadOnlyModelViewSet):\n    authentication_classes = []\n    @action(detail=True, methods=['post'])\n    def archive(self, request, pk=None): ...\n", errors: [{ messageId: "authenticationDisabled", line: 4 }] },
    { name: "APIView with get() and post()", code: drf + "class Items(APIView):\n    authentication_classes = []\n    def get(self, request): ...\n    def post(self, request): ...\n", errors: [{ messageId: "authenticationDisabled", line: 3 }] },
    { name: "function view accepting GET and POST", code: deco + "@api_view(['GET', 'POST'])\n@authentication_classes([])\ndef items(request): ...\n", errors: [{ messageId: "authenticationDisabled", line: 3 }] },
    { name: "empty list on a class", code: drf + "class TransferView(APIView):\n    authentication_classes = []\n", errors: [{ messageId: "authenticationDisabled", line: 3, messageIncludes: "`TransferView`" }] },
    { name: "empty tuple on a viewset", code: "from rest_framework import viewsets\nclass Orders(viewsets.ModelViewSet):\n    authentication_classes = ()\n", errors: [{ messageId: "authenticationDisabled", line: 3 }] },
    { name: "decorator with an empty list", code: deco + "@api_view(['POST'])\n@authentication_classes([])\ndef pay(request): ...\n", errors: [{ messageId: "authenticationDisabled", line: 3, messageIncludes: "`pay`" }] },
    { name: "decorator through the module", code: "from rest_framework import decorators\n@decorators.api_view(['POST'])\n@decorators.authentication_classes(())\ndef pay(request): ...\n", errors: [{ messageId: "authenticationDisabled", line: 3 }] },
  ],
});
