"""Headers added for an old browser-support checklist."""


class LegacyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # expect: x-xss-protection-header
        response["X-XSS-Protection"] = "1; mode=block"
        # ok: x-xss-protection-header
        response["X-Content-Type-Options"] = "nosniff"
        return response
