import django_filters
from django.utils.translation import gettext_lazy as _

from carenet.directory.filters import WhereAndWordsFilterSet
from salons.models import Kind, Salon, Schedule


class SalonFilter(WhereAndWordsFilterSet):
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

    def on_weekday(self, queryset, name, value):
        return queryset.meeting_on_weekday(int(value))
