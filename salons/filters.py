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

    # What a search that found nothing is offered without: the day and the area narrow most.
    NARROWING = ("weekday", "area")

    def widened(self):
        """The same search without the weekday and the area, or None if it had neither."""
        if not any(self.data.get(name) for name in self.NARROWING):
            return None
        data = self.data.copy()
        for name in (*self.NARROWING, "page"):
            data.pop(name, None)
        return type(self)(data, queryset=self.queryset)

    def on_weekday(self, queryset, name, value):
        return queryset.meeting_on_weekday(int(value))
