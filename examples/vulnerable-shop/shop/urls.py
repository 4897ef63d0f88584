from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("catalog/", include("catalog.urls")),
    path("orders/", include("orders.urls")),
    path("api/", include("api.urls")),
]

# Uploaded product images, served by Django itself.
# expect: media-served-by-django
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.DEBUG:
    # ok: media-served-by-django
    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
