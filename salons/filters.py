import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from carenet.directory.models import Area, Municipality
from salons.models import Kind, Salon, Schedule


class SalonFilter(django_filters.FilterSet):
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
    area = django_filters.ModelChoiceFilter(
        label=_("地域"),
        method="in_area",
        to_field_name="slug",
        queryset=Area.objects.select_related("municipality"),
        empty_label=_("すべての地域"),
    )
    kind = django_filters.ModelChoiceFilter(
        label=_("種類"),
        to_field_name="slug",
        queryset=Kind.objects.all(),
        empty_label=_("すべての種類"),
    )
    weekday = django_filters.ChoiceFilter(
        label=_("曜日"),
        choices=Schedule.WEEKDAYS,
        method="on_weekday",
        empty_label=_("すべての曜日"),
    )

    class Meta:
        model = Salon
        fields = ["q", "city", "area", "kind", "weekday"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_area(self, queryset, name, value):
        return queryset.in_area(value)

    def on_weekday(self, queryset, name, value):
        return queryset.meeting_on_weekday(int(value))
