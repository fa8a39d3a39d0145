"""The 「文字を大きく」 switch: a plain link, so that it works with script off and in any browser.

GET /display/text-size/?size=large&next=/salons/ remembers the choice in a cookie and sends the
visitor back to the page they were on. It changes nothing but the visitor's own display, so it
needs no CSRF token (a forged link can at most make someone's text larger or smaller), and the
page that carries the link stays the same for everyone, as a shared cache needs.
"""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from carenet.common.text_size import COOKIE_MAX_AGE, COOKIE_NAME, LARGE, NORMAL


def safe_next(request):
    """`next` when it leads back into this site; the home page otherwise."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("carenet:home")


@require_safe
def switch_text_size(request):
    response = HttpResponseRedirect(safe_next(request))
    size = request.GET.get("size")
    if size == LARGE:
        response.set_cookie(
            COOKIE_NAME,
            LARGE,
            max_age=COOKIE_MAX_AGE,
            path="/",
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    elif size == NORMAL:
        response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
    # Unknown sizes change nothing. The redirect (with or without its Set-Cookie) is never stored
    # by a cache: the next visitor must not get this visitor's cookie.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
