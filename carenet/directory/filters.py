"""The filters residents use on every list of the directory: words, city, and area."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from carenet.directory.forms import AreaChoiceField
from carenet.directory.models import Area, Municipality


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


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

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_area(self, queryset, name, value):
        return queryset.in_area(value)
