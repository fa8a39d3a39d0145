import datetime as dt

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from carenet.directory.filters import WhereAndWordsFilterSet
from carenet.events.models import Event

MONTH_FORMAT = "%Y-%m"


class EventFilter(WhereAndWordsFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("種類"), choices=Event.Kind.choices, empty_label=_("すべての種類")
    )
    month = django_filters.CharFilter(
        label=_("月"),
        method="in_month",
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-12"}),
    )

    class Meta:
        model = Event
        fields = ["q", "city", "area", "kind", "month"]

    def in_month(self, queryset, name, value):
        try:
            first = dt.datetime.strptime(value.strip(), MONTH_FORMAT).date()
        except ValueError:
            return queryset.none()
        after = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return queryset.between(first, after - dt.timedelta(days=1))
