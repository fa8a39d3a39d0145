"""schema.org data for search engines and maps, embedded as JSON-LD.

Apps build plain dicts (salons: a place's next meetings; events: an event's sessions); this module
gives the shared pieces and the one safe way to put them in a page.
"""

import datetime as dt
import json
import re
import unicodedata

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from carenet.common.ical import TOKYO

SCHEMA = "https://schema.org"
SCHEDULED = f"{SCHEMA}/EventScheduled"
CANCELLED = f"{SCHEMA}/EventCancelled"
POSTPONED = f"{SCHEMA}/EventPostponed"
OFFLINE = f"{SCHEMA}/OfflineEventAttendanceMode"
ONLINE = f"{SCHEMA}/OnlineEventAttendanceMode"

# As Django's json_script: inside <script>, "</script>" or "<!--" in a title must not end or
# change the element. Escaped as \u003C …, which JSON readers turn back into the same text.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_FREE = {"無料", "0円", "なし", "無し", "参加費無料"}
_YEN = re.compile(r"^(\d{1,6})円$")


def json_ld_script(data):
    """<script type="application/ld+json">…</script>, safe whatever text the data holds."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def when(day, time):
    """2026-12-01 (all day) or 2026-12-01T13:30:00+09:00."""
    if time is None:
        return day.isoformat()
    return dt.datetime.combine(day, time, TOKYO).isoformat()


def date_range(day, start_time, end_time):
    dates = {"startDate": when(day, start_time)}
    if start_time and end_time and end_time > start_time:
        dates["endDate"] = when(day, end_time)
    return dates


def postal_address(municipality, street, postal_code=""):
    address = {
        "@type": "PostalAddress",
        "addressCountry": "JP",
        "addressRegion": municipality.prefecture,
        "addressLocality": municipality.name,
        "streetAddress": street,
    }
    if postal_code:
        address["postalCode"] = postal_code
    return address


def venue_place(venue):
    """A directory venue as a schema.org Place (its address is within its city)."""
    place = {"@type": "Place", "name": venue.name}
    if venue.address:
        place["address"] = postal_address(venue.municipality, venue.address, venue.postal_code)
    if venue.latitude is not None and venue.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return place


def offers(fee, url):
    """An Offer only for a fee that says a price plainly (「無料」「300円」); other words
    (「実費」「材料費300円程度」) stay on the page, not guessed into a number."""
    text = unicodedata.normalize("NFKC", fee or "").replace(",", "").replace(" ", "")
    if text in _FREE:
        price = "0"
    elif match := _YEN.match(text):
        price = match.group(1)
    else:
        return None
    return {"@type": "Offer", "price": price, "priceCurrency": "JPY", "url": url}


def organization(name):
    return {"@type": "Organization", "name": name} if name else None


def compact(data):
    """Drops empty values, so that the data says only what is known."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
