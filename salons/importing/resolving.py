"""How an import turns the names in a row into rows of the directory (PlaceImport's half).

Kinds and areas must exist and be the city's; venues and contacts are matched by name (and
phone), or made new once however many rows name them; 運営 is a network of the city or text.
"""

from django.utils.translation import gettext as _

from carenet.directory.models import Contact, Venue
from salons.importing import cells
from salons.models import Salon


class NameResolver:
    """Expects city, city_data, today, new_venues, new_venue_areas, venue_claims, new_contacts
    and _error(row, column, message) from PlaceImport."""

    def _resolve_kind(self, row, salon, values):
        if row.kind_text is None:
            if salon is None:
                self._error(row, "種類", _("新しい通いの場には「種類」の列が必要です。"))
            return
        if not row.kind_text:
            self._error(row, "種類", _("種類を書いてください。"))
            return
        kind, reason = self.city_data.kind(row.kind_text, salon.kind if salon else None)
        if kind is not None:
            values["kind"] = kind
        elif reason[0] == "other_city":
            self._error(
                row,
                "種類",
                _("「%(value)s」は%(city)sの種類です。")
                % {"value": row.kind_text, "city": reason[1]},
            )
        else:
            self._error(
                row,
                "種類",
                _("「%(value)s」という種類はありません（使える種類: %(kinds)s）。")
                % {"value": row.kind_text, "kinds": reason[1]},
            )

    def _resolve_area(self, row, values):
        if row.area_text is None:
            return
        if not row.area_text:
            values["area"] = None
            return
        area, other_city = self.city_data.area(row.area_text)
        if area is not None:
            values["area"] = area
        elif other_city:
            self._error(
                row,
                "地域",
                _("「%(value)s」は%(other)sの地域です。%(city)sの地域を書いてください。")
                % {"value": row.area_text, "other": other_city, "city": self.city.name},
            )
        else:
            self._error(
                row,
                "地域",
                _("「%(value)s」という地域は%(city)sにありません。")
                % {"value": row.area_text, "city": self.city.name},
            )

    def _resolve_organiser(self, row, salon, values):
        text = row.organiser_text
        if text is None:
            return
        network = self.city_data.network(text, salon.network if salon else None) if text else None
        values["network"] = network
        values["organiser"] = "" if network else text

    def _status(self, row, salon, values):
        if row.status:
            return row.status
        if salon is not None:
            return salon.status  # an empty cell never undoes a confirmation
        if cells.source_is_stale(values.get("source_date") or "", self.today):
            return Salon.Status.UNCONFIRMED
        return Salon.Status.ACTIVE

    def _resolve_venue(self, row, salon):
        """The venue the row names (a Venue, or the key of a new one); its cells are claims
        on that venue, and two rows may not claim different values for it."""
        wish = row.venue
        if wish is None:
            return None if row.has_venue_column else (salon.venue if salon else None)
        venue = self.city_data.venue(wish.name, salon.venue if salon else None)
        target = venue.pk if venue else cells.fold(wish.name)
        if venue is None and target not in self.new_venues:
            area = row.fields.get("area")
            self.new_venues[target] = Venue(municipality=self.city, name=wish.name)
            self.new_venue_areas[target] = area
        claims = self.venue_claims.setdefault(target, {})
        for name, value in wish.details.items():
            if name not in claims:
                claims[name] = (value, row.number)
            elif claims[name][0] != value:
                self._error(
                    row,
                    wish.columns[name],
                    _("%(row)s行目と同じ会場に、違う値が書かれています。")
                    % {"row": claims[name][1]},
                )
        return venue or target

    def _venue_detail_changes(self, row, venue):
        """The venue cells of this row that change an existing venue."""
        if not isinstance(venue, Venue) or row.venue is None:
            return set()
        claims = self.venue_claims.get(venue.pk, {})
        return {
            row.venue.columns[name]
            for name, (value, number) in claims.items()
            if number == row.number and getattr(venue, name) != value
        }

    def _resolve_contact(self, row, salon):
        wish = row.contact
        if wish is None:
            return None if row.has_contact_column else (salon.contact if salon else None)
        contact = self.city_data.contact(wish.label, wish.phone, salon.contact if salon else None)
        if contact is not None:
            return contact
        key = (cells.fold(wish.label), wish.phone or "")
        self.new_contacts.setdefault(
            key, Contact(municipality=self.city, label=wish.label, phone=wish.phone or "")
        )
        return key

    def _contact_changes(self, row, current):
        wish = row.contact
        if wish is None or current is None:
            return {"問い合わせ先"} | ({"電話"} if wish and wish.phone else set())
        changed = set()
        if current.label != wish.label:
            changed.add("問い合わせ先")
        if wish.phone is not None and current.phone != wish.phone:
            changed.add("電話")
        return changed or {"問い合わせ先"}
