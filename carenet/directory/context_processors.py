from django.conf import settings
from django.utils.functional import SimpleLazyObject

from carenet.directory.models import Contact, Municipality

# The numbers the last page of this process showed: the 503 page's copy when the database is gone
# and the shared cache holds none (`manage.py remember_help_lines` keeps one there).
_last_shown_help_lines = []


def last_shown_help_lines():
    return list(_last_shown_help_lines)


def _help_lines():
    lines = list(Contact.objects.help_lines())
    _last_shown_help_lines[:] = lines
    return lines


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        # Lazy: a page that never shows the phone numbers never queries them.
        "help_lines": SimpleLazyObject(_help_lines),
        # The header's city links: a new city is a row, not a template change.
        "header_cities": SimpleLazyObject(
            lambda: list(Municipality.objects.taking_part().only("name", "slug"))
        ),
    }
