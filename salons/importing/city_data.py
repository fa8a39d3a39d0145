"""What an import compares a file with: one city's places and the rows they point at.

Loaded once per import, in a fixed number of queries however long the file is; each row is then
matched in memory.
"""

from collections import defaultdict

from django.db.models import Q

from carenet.directory.models import Area, Contact, Network, Venue
from salons.importing.cells import fold
from salons.models import Kind, Salon, SalonAlias


def _first_preferring(candidates, current):
    """The current row if it is among the candidates (a round trip keeps it), else the first."""
    if current is not None and any(c.pk == current.pk for c in candidates):
        return current
    return candidates[0] if candidates else None


class CityData:
    def __init__(self, city, file_slugs):
        self.city = city
        self.places = list(
            Salon.objects.filter(municipality=city)
            .select_related("venue", "contact", "network")
            .prefetch_related("schedules")
            .order_by("pk")
        )
        self.by_external_id = {p.external_id: p for p in self.places if p.external_id}
        self.by_slug = {p.slug: p for p in self.places}
        self.kinds = list(Kind.objects.select_related("municipality").order_by("order", "pk"))
        self.areas = list(Area.objects.order_by("municipality__order", "order", "pk"))
        self.venues = _by_key(Venue.objects.filter(municipality=city).order_by("pk"), "name")
        contacts = list(Contact.objects.filter(municipality=city).order_by("pk"))
        self.contacts = contacts
        self.networks = _by_key(Network.objects.filter(municipality=city).order_by("pk"), "name")
        # Slugs are unique across cities, and old slugs (aliases) still lead to their place.
        prefix = f"{city.slug}-"
        taken = Q(slug__in=file_slugs) | Q(slug__startswith=prefix)
        self.slug_owners = dict(Salon.objects.filter(taken).values_list("slug", "municipality_id"))
        self.alias_owners = dict(SalonAlias.objects.filter(taken).values_list("slug", "salon_id"))

    def kind(self, value, current):
        """(kind, None) or (None, reason); a kind of another city is named as such."""
        key = fold(value)
        found = [k for k in self.kinds if key in (fold(k.slug), fold(k.name))]
        allowed = [k for k in found if k.municipality_id in (None, self.city.pk)]
        if allowed:
            return _first_preferring(allowed, current), None
        if found:
            return None, ("other_city", found[0].municipality.name)
        return None, (
            "unknown",
            "、".join(k.name for k in self.kinds if k.municipality_id in (None, self.city.pk)),
        )

    def area(self, value):
        """(area, None) or (None, the city whose area it is / None when nobody has it)."""
        key = fold(value)
        found = [a for a in self.areas if key in (fold(a.slug), fold(a.name))]
        mine = [a for a in found if a.municipality_id == self.city.pk]
        if mine:
            return mine[0], None
        return None, (found[0].municipality.name if found else None)

    def venue(self, name, current):
        return _first_preferring(self.venues.get(fold(name), []), current)

    def network(self, name, current):
        return _first_preferring(self.networks.get(fold(name), []), current)

    def contact(self, label, phone, current):
        """Matched by label and phone; by label alone when the file has no 電話 column."""
        found = [
            c
            for c in self.contacts
            if fold(c.label) == fold(label) and (phone is None or fold(c.phone) == fold(phone))
        ]
        return _first_preferring(found, current)


def _by_key(queryset, field):
    grouped = defaultdict(list)
    for row in queryset:
        grouped[fold(getattr(row, field))].append(row)
    return grouped
