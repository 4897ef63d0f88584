from rest_framework import status, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated
from rest_framework.response import Response

from catalog.models import Product
from orders.models import Coupon, Order

from .serializers import CouponSerializer, OrderSerializer, ProductSerializer


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    # ok: drf-allow-any-on-write
    permission_classes = [AllowAny]


class OrderViewSet(viewsets.ModelViewSet):
    serializer_class = OrderSerializer
    # expect: drf-allow-any-on-write
    permission_classes = [AllowAny]

    def get_queryset(self):
        return Order.objects.all()


class CouponViewSet(viewsets.ModelViewSet):
    queryset = Coupon.objects.all()
    serializer_class = CouponSerializer
    # expect: drf-authentication-disabled
    authentication_classes = []
    permission_classes = [IsAdminUser]


@api_view(["POST"])
# expect: drf-allow-any-on-write
@permission_classes([AllowAny])
def redeem_coupon(request):
    coupon = Coupon.objects.filter(code=request.data.get("code")).first()
    if coupon is None:
        return Response(status=status.HTTP_404_NOT_FOUND)
    return Response({"percent_off": coupon.percent_off})


@api_view(["GET"])
# ok: drf-allow-any-on-write
@permission_classes([IsAuthenticated])
def my_orders(request):
    orders = Order.objects.filter(customer=request.user)
    return Response(OrderSerializer(orders, many=True).data)
