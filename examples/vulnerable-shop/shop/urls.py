from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("catalog/", include("catalog.urls")),
    path("orders/", include("orders.urls")),
    path("api/", include("api.urls")),
]

# Uploaded invoices and spec sheets, served by Django itself in production too.
urlpatterns += [
    # expect: media-served-by-django
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

# static() adds nothing unless DEBUG is on.
# ok: media-served-by-django
urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
