"""The filters residents use on every list of the directory: words, city, and area."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from carenet.directory.forms import AreaChoiceField
from carenet.directory.models import Area, Municipality


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


def offer_places(fields, data):
    """Narrows a form's city and area menus to what a resident can use (see `offered`). What is
    valid stays the same: the chosen value is always among the choices."""
    city_slug = data.get("city", "")
    fields["city"].queryset = Municipality.objects.offered(city_slug)
    fields["area"].queryset = Area.objects.offered(city_slug, data.get("area", ""))


class WhereAndWordsFilterSet(django_filters.FilterSet):
    """Words (kana and width folded), a city, an area with the districts it holds.

    The queryset must offer `search(words)` and `in_area(area)`.
    """

    q = django_filters.CharFilter(
        label=_("ことばで探す"),
        method="search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("例: 体操、井の頭")}),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("市"),
        field_name="municipality",
        to_field_name="slug",
        queryset=Municipality.objects.all(),
        empty_label=_("すべての市"),
    )
    area = AreaFilter(
        label=_("地域"),
        method="in_area",
        queryset=Area.objects.select_related("municipality"),
        empty_label=_("すべての地域"),
    )

    @property
    def form(self):
        if not hasattr(self, "_form"):
            offer_places(super().form.fields, self.data)
        return self._form

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_area(self, queryset, name, value):
        return queryset.in_area(value)
