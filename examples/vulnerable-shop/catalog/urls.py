from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.ProductListView.as_view(), name="list"),
    path("search/", views.search, name="search"),
    path("new/", views.ProductCreateView.as_view(), name="create"),
    path("<slug:slug>/", views.ProductDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.ProductUpdateView.as_view(), name="edit"),
    path("<slug:slug>/delete/", views.ProductDeleteView.as_view(), name="delete"),
]
