from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("products", views.ProductViewSet, basename="product")
router.register("orders", views.OrderViewSet, basename="order")
router.register("coupons", views.CouponViewSet, basename="coupon")

urlpatterns = [
    path("", include(router.urls)),
    path("coupons/redeem/", views.redeem_coupon, name="redeem-coupon"),
    path("me/orders/", views.my_orders, name="my-orders"),
]
