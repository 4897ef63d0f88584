from django.conf import settings
from django.http import HttpResponse


class SecurityHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["X-Content-Type-Options"] = "nosniff"
        # ok: csp-unsafe-source
        response["X-Frame-Options"] = "DENY"
        # expect: csp-unsafe-source
        response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.example.com"
        return response


def embed(request):
    # ok: csp-unsafe-source
    response = HttpResponse("<p>hi</p>", headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})
    return response


def widget(request):
    response = HttpResponse("...")
    # expect: csp-unsafe-source
    response.headers["Content-Security-Policy"] = "default-src 'self' 'unsafe-eval'"
    # ok: csp-unsafe-source
    response.headers["Content-Security-Policy-Report-Only"] = "script-src 'unsafe-inline'"
    return response
