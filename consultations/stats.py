"""Yearly counts by 年度 with no personal data: month × topic × channel × area."""

from collections import Counter

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from carenet.common.dates import fiscal_year_range
from carenet.common.spreadsheet import csv_response
from consultations.models import Consultation

UNSORTED = "（未分類）"
NO_AREA = "（地域未選択）"
FISCAL_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


def _by_month(consultations, year):
    first, last = fiscal_year_range(year)
    return consultations.filter(received_at__date__range=(first, last)).annotate(
        month=TruncMonth("received_at")
    )


def yearly_rows(consultations, year):
    """[(month, area, channel, topic, count)], one query. A consultation counts once per topic."""
    channels = dict(Consultation.Channel.choices)
    rows = (
        _by_month(consultations, year)
        .values("month", "area__name", "channel", "topics__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("month", "area__name", "channel", "topics__name")
    )
    return [
        (
            row["month"].month,
            row["area__name"] or NO_AREA,
            str(channels.get(row["channel"], row["channel"])),
            row["topics__name"] or UNSORTED,
            row["count"],
        )
        for row in rows
    ]


def pivot(rows, column):
    """{label: [count per fiscal month]} for one dimension (1 = area, 2 = channel, 3 = topic)."""
    table = {}
    for row in rows:
        table.setdefault(row[column], Counter())[row[0]] += row[4]
    return {
        label: [counts.get(m, 0) for m in FISCAL_MONTHS] for label, counts in sorted(table.items())
    }


def consultations_per_month(consultations, year):
    """Consultations (not topics) per fiscal month."""
    rows = _by_month(consultations, year).values("month").annotate(n=Count("pk")).order_by()
    by_month = Counter()
    for row in rows:
        by_month[row["month"].month] += row["n"]
    return [by_month.get(m, 0) for m in FISCAL_MONTHS]


def as_csv(rows, year):
    """The yearly rows as a download for Excel (carenet.common.spreadsheet: BOM, no formulas)."""
    header = [_("年度"), _("月"), _("地域"), _("受付方法"), _("相談の種類"), _("件数")]
    return csv_response(f"consultations-{year}.csv", header, ([year, *row] for row in rows))
