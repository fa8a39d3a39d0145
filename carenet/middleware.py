import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.utils.cache import add_never_cache_headers

STAFF_PREFIXES = ("/admin/", "/staff/")
SIGNED_IN_AT = "signed_in_at"


class NoStoreForStaffMiddleware:
    """Pages with personal data must never sit in a browser's or a proxy's cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(STAFF_PREFIXES) or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


def stamp_sign_in(sender, request, user, **kwargs):
    """user_logged_in: the session remembers when its user signed in."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = time.time()


class SessionMaxAgeMiddleware:
    """A staff session ends SESSION_MAX_HOURS after sign-in, however active it is.

    The idle timeout alone lets a session that is used every few minutes (or a stolen cookie kept
    warm) live for ever. A session without the stamp predates it, and is ended too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            max_age = settings.SESSION_MAX_HOURS * 3600
            if not isinstance(signed_in_at, int | float) or time.time() - signed_in_at > max_age:
                logout(request)
        return self.get_response(request)


class RejectNulInQueryMiddleware:
    """A NUL character in the query string is never a real search or filter: 400, in Japanese.

    PostgreSQL refuses NUL in a query, so every view that searches would otherwise answer 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("NUL in the query string")
        return self.get_response(request)
