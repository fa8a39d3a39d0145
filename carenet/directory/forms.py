"""Forms and fields of the directory."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from carenet.directory.models import Area, Venue
from carenet.directory.widgets import PointPickerInput

# Japan, generously: from 与那国島 and 沖ノ鳥島 to 択捉島 and 南鳥島.
LATITUDE_RANGE = (Decimal(20), Decimal(46))
LONGITUDE_RANGE = (Decimal(122), Decimal(154))


class VenueAdminForm(forms.ModelForm):
    """A venue's point: both numbers or neither, and within Japan."""

    class Meta:
        model = Venue
        fields = [
            "municipality",
            "area",
            "name",
            "name_kana",
            "postal_code",
            "address",
            "phone",
            "opening_hours",
            "access",
            "latitude",
            "longitude",
            "source",
        ]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "longitude": PointPickerInput(),
        }

    def clean(self):
        cleaned = super().clean()
        latitude = cleaned.get("latitude")
        longitude = cleaned.get("longitude")
        if self.has_error("latitude") or self.has_error("longitude"):
            return cleaned
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(
                missing,
                _("緯度と経度は両方とも入力するか、両方とも空にしてください。"),
            )
            return cleaned
        if latitude is not None and not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
            self.add_error(
                "latitude",
                _("緯度は20〜46の範囲で入力してください（日本国内の位置。例: 35.683）。"),
            )
        if longitude is not None and not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
            self.add_error(
                "longitude",
                _("経度は122〜154の範囲で入力してください（日本国内の位置。例: 139.560）。"),
            )
        return cleaned


class AreaChoiceField(forms.ModelChoiceField):
    """An area chosen by its Area.filter_key (「inokashira」, 「tama/sakuragaoka」): area slugs are
    unique only within a city, and the keys of the areas that existed before stay as they were."""

    def prepare_value(self, value):
        if isinstance(value, Area):
            return value.filter_key
        return super().prepare_value(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        # PostgreSQL refuses NUL in a query: never a real area.
        area = None if "\x00" in str(value) else self.queryset.by_filter_key(str(value))
        if area is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return area
