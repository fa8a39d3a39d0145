"""How many forms one address may send in a while: the same limit for every form residents send
without signing in (/consult/, corrections, sign-ups, cancellations), each counted apart."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def resident_flood(request, group):
    """True once this address has sent more than `CONSULT_RATE` POSTs to `group`."""
    return is_ratelimited(
        request, group=group, key="ip", rate=settings.CONSULT_RATE, method="POST", increment=True
    )
