"""Where an event happens, in words: a directory venue, a hall the directory does not hold
(imported rows, another city's), or online. Shared by the feeds, JSON-LD and the open data."""

from django.utils.translation import gettext as _


def place_name(event):
    if event.venue_id:
        return event.venue.name
    if event.place_name:
        return event.place_name
    return _("オンライン") if event.is_online else ""


def place_address(event):
    """The full address (東京都三鷹市…): a venue's is within its city, an imported one is whole."""
    if event.venue_id:
        return event.venue.full_address
    return event.place_address


def location_words(event):
    return " ".join(part for part in (place_name(event), place_address(event)) if part)
