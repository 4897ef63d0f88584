from django.urls import path

from . import legacy, views

app_name = "catalog"

urlpatterns = [
    path("", views.ProductListView.as_view(), name="list"),
    path("search/", views.search, name="search"),
    path("new/", views.ProductCreateView.as_view(), name="create"),
    path("v1/search/", legacy.search_v1),
    path("v1/count/", legacy.count_v1),
    path("v1/banner/", legacy.banner_v1),
    path("v1/price/", legacy.price_v1),
    path("v1/export/", legacy.export_v1),
    path("v1/coupons/", legacy.create_coupon_v1),
    path("v1/import/", legacy.import_v1),
    path("v1/continue/", legacy.continue_v1),
    path("<slug:slug>/", views.ProductDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.ProductUpdateView.as_view(), name="edit"),
    path("<slug:slug>/delete/", views.ProductDeleteView.as_view(), name="delete"),
    path("<slug:slug>/publish/", views.publish_product, name="publish"),
    path("<slug:slug>/unpublish/", views.unpublish_product, name="unpublish"),
]
