# path: api/views.py
from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Order, Product
from .serializers import OrderSerializer, ProductSerializer, SignupSerializer


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    # ok: drf-allow-any-on-write
    permission_classes = [permissions.AllowAny]

    # expect: drf-allow-any-on-write
    @action(detail=True, methods=["post"], permission_classes=[permissions.AllowAny])
    def review(self, request, pk=None):
        return Response(status=201)


class OrderViewSet(viewsets.ModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # expect: drf-allow-any-on-write
    permission_classes = (permissions.AllowAny,)


class SignupView(generics.CreateAPIView):
    serializer_class = SignupSerializer
    # ok: drf-allow-any-on-write
    permission_classes = [permissions.AllowAny]


class CartView(APIView):
    # expect: drf-allow-any-on-write
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        return Response(request.session.get("cart", []))

    def post(self, request):
        return Response(status=204)


class MyOrders(mixins.ListModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = OrderSerializer
    # ok: drf-allow-any-on-write
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Order.objects.filter(customer=self.request.user)


@api_view(["GET"])
# ok: drf-allow-any-on-write
@permission_classes([permissions.AllowAny])
def health(request):
    return Response({"ok": True})


@api_view(["POST", "DELETE"])
# expect: drf-allow-any-on-write
@permission_classes([permissions.AllowAny])
def coupon(request, code):
    return Response(status=204)
