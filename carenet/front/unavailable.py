"""When the database does not answer: a polite 503 with the help lines, never a stack trace.

A query that fails because the database is down or unreachable (OperationalError, InterfaceError)
is answered by `service_unavailable`: the view's exception through the middleware, an exception in
another middleware (a signed-in session is read from the database) through `handler500`. The page
is rendered without a request, so no context processor queries the database; the phone numbers come
from the copy the 500 page and `manage.py remember_help_lines` keep in the cache, or else from the
last page this process showed.
"""

import logging
import sys

from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from carenet.directory.context_processors import last_shown_help_lines
from carenet.directory.models import Contact
from carenet.front import views

logger = logging.getLogger("carenet.unavailable")

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 120


def remember_help_lines():
    """Copies the help lines into the cache, for the pages shown while the database is down."""
    lines = list(Contact.objects.help_lines())
    cache.set(views.HELP_LINES_CACHE_KEY, lines, None)
    return lines


def service_unavailable(request):
    """503: the database is down. A sent form is said to be unsaved, and the numbers to call."""
    body = loader.render_to_string(
        "503.html",
        {
            "help_lines": views.cached_help_lines() or last_shown_help_lines(),
            "was_sent": request.method == "POST",
        },
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: the 503 page when the cause is the database, else the usual 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return service_unavailable(request)
    return views.server_error(request)


class DatabaseUnavailableMiddleware:
    """A view that finds the database down answers 503 (logged as one line, not a traceback)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.warning(
            "Database unavailable, answered 503: %s %s: %s", request.method, request.path, exception
        )
        return service_unavailable(request)
