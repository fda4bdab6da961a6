"""The platform's own middleware: response headers, and the idle timeout of sessions."""

import time

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


class SessionRefreshMiddleware:
    """Move the end of a session (``SESSION_COOKIE_AGE`` after the last request) without
    writing it on every request: at most once in ``SESSION_REFRESH_SECONDS``.

    Saving on every request (``SESSION_SAVE_EVERY_REQUEST``) would cost each signed-in page a
    database write and commit; this way the idle timeout is exact to the minute.
    """

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Without a session cookie there is nothing to refresh (and nothing is loaded here).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        session = request.session
        if session.is_empty() or not set(session.keys()) - {self.KEY}:
            # Signed out in this request, or a cookie of a session that is over: nothing to
            # keep alive (and no new session for the visitor).
            return response
        now = int(time.time())
        if session.modified or now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[self.KEY] = now  # SessionMiddleware saves it, with a new end
        return response


def mark_session_refreshed(sender, request, user, **kwargs) -> None:
    """user_logged_in: a login saves the session with a new end, so the next minute's requests
    need not write it again."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionRefreshMiddleware.KEY] = int(time.time())
