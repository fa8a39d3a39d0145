from django.conf import settings
from django.utils.functional import SimpleLazyObject

from carenet.directory.models import Contact, Municipality


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        # Lazy: a page that never shows the phone numbers never queries them.
        "help_lines": SimpleLazyObject(lambda: list(Contact.objects.help_lines())),
        # The header's city links: a new city is a row, not a template change.
        "header_cities": SimpleLazyObject(lambda: list(Municipality.objects.only("name", "slug"))),
    }
