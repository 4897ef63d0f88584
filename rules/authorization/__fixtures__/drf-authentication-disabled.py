# path: payments/api.py
from rest_framework import generics
from rest_framework.authentication import TokenAuthentication
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import PaymentSerializer


class PaymentCreateView(generics.CreateAPIView):
    serializer_class = PaymentSerializer
    # expect: drf-authentication-disabled
    authentication_classes = []
    permission_classes = [IsAuthenticated]


class RefundView(APIView):
    # ok: drf-authentication-disabled
    authentication_classes = [TokenAuthentication]

    def post(self, request):
        return Response(status=202)


class ObtainTokenView(APIView):
    # ok: drf-authentication-disabled
    authentication_classes = ()
    permission_classes = [AllowAny]

    def post(self, request):
        return Response({"token": "..."})


@api_view(["POST"])
# expect: drf-authentication-disabled
@authentication_classes([])
@permission_classes([AllowAny])
def payment_status(request):
    return Response({"ok": True})


@api_view(["POST"])
# ok: drf-authentication-disabled
@authentication_classes([])
def stripe_webhook(request):
    return Response(status=200)
