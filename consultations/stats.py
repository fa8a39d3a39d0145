"""Yearly counts by 年度 with no personal data: month × topic × channel × area."""

import datetime as dt
import hashlib
from collections import Counter

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from carenet.common.dates import fiscal_year_range
from carenet.common.spreadsheet import csv_response
from carenet.directory.models import Area
from consultations.models import Consultation, Topic

UNSORTED = "（未分類）"
NO_AREA = "（地域未選択）"
FISCAL_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


def _by_month(consultations, year):
    # A range of instants, not received_at__date: a date cast per row cannot use the index
    # on (municipality, received_at), and with a million cases that scan was the page's time.
    first, last = fiscal_year_range(year)
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return consultations.filter(received_at__gte=start, received_at__lt=end).annotate(
        month=TruncMonth("received_at")
    )


def _counts(consultations, year):
    """[(month, area id, channel, topic id, count)] of the cases, cached until they change.

    Over a city's year of cases the grouped query takes about a second (the topic links are
    joined in), so its answer is kept for a day under a key made of the scope (the query's
    SQL: city, areas, assignee), the year, and what any change to a counted case changes: the
    number of the year's cases and the latest save among them. A new case, an edit (save()
    moves updated_at, a topic edit in the admin comes with one) or a deletion makes a new
    key at once; both are read from the index on (municipality, received_at, …, updated_at).
    """
    cases = _by_month(consultations, year)
    mark = cases.aggregate(n=Count("*"), last=Max("updated_at"))
    scope = hashlib.sha256(str(consultations.order_by().values("pk").query).encode()).hexdigest()
    last = mark["last"].timestamp() if mark["last"] else 0
    key = f"consultation-stats:{scope}:{year}:{mark['n']}:{last}"
    counts = cache.get(key)
    if counts is None:
        counts = list(
            cases.values_list("month", "area", "channel", "topics")
            .annotate(count=Count("*"))
            .order_by()
        )
        cache.set(key, counts, 24 * 60 * 60)
    return counts


def yearly_rows(consultations, year):
    """[(month, area, channel, topic, count)], sorted. A consultation counts once per topic.

    One grouped query on the ids (its index holds all it reads on PostgreSQL), then the few
    area and topic names: joining the names in would make the database carry them per case.
    A group has each (case, topic) pair once, so a plain count is a count of cases.
    """
    channels = dict(Consultation.Channel.choices)
    counts = _counts(consultations, year)
    areas = dict(Area.objects.filter(pk__in={row[1] for row in counts}).values_list("pk", "name"))
    topics = dict(Topic.objects.values_list("pk", "name")) if counts else {}
    rows = [
        (
            month.month,
            areas.get(area, NO_AREA),
            str(channels.get(channel, channel)),
            topics.get(topic, UNSORTED),
            count,
            # The order the rows always had: month, then names, unnamed ones last.
            (
                month,
                area is None,
                areas.get(area, ""),
                channel,
                topic is None,
                topics.get(topic, ""),
            ),
        )
        for month, area, channel, topic, count in counts
    ]
    return [row[:5] for row in sorted(rows, key=lambda row: row[5])]


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
