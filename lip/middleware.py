"""Response headers the platform sets on every response."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Switch off browser features the platform never uses (camera, microphone, location …)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateCacheMiddleware:
    """Pages for a signed-in person can hold personal data: neither browser nor proxy stores them.

    A view that sets its own Cache-Control (the admin's ``never_cache``, a public feed) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response.headers and self._signed_in(request):
            response.headers["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        # Without a session cookie nobody is signed in: no session lookup for such requests.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        return request.user.is_authenticated
