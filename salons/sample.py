"""Synthetic places for load tests and benchmarks: every one is flagged and named as sample.

``make`` adds places to given areas; ``make_national`` spreads places over every municipality
as Japan has them: 145,641 places in 1,699 of 1,741 municipalities (FY2022, 介護予防・日常生活
支援総合事業の実施状況調査), a few large cities with hundreds, most with a few dozen, 42 with
none. Rows are inserted in bulk (no history rows) and names come from small pools, so that
readings and search text are worked out once per distinct string.
"""

import datetime as dt
import math
import uuid
from functools import cache
from itertools import islice

from carenet.directory import sample as directory_sample
from carenet.directory.models import Area, Municipality, Venue
from carenet.directory.prefectures import DESIGNATED_CITIES, is_tokyo_ward
from carenet.directory.sample import SAMPLE_PREFIX, SOURCE
from salons.models import Kind, Salon, Schedule
from salons.models.places import place_order_key

NATIONAL_PLACES = 145_641
NATIONAL_MUNICIPALITIES = 1_741  # 792 市, 743 町, 183 村 and Tokyo's 23 wards
SHARE_WITHOUT_PLACES = 42 / 1_741
BATCH = 5000

NICKNAMES = (
    "さくら ひまわり すみれ けやき わかば 中央 東町 西町 南町 北町 本町 新町 緑が丘 旭 日の出 "
    "朝日 若竹 四季 ふれあい なかよし 寿 福寿 元気 笑顔 青葉 泉 川辺 松風 梅の木 桜坂"
).split()
ACTIVITIES = {
    "salon": (
        "いきいき百歳体操 ふれあいサロン お茶のみサロン 健康体操の会 脳トレ教室 歌声サロン "
        "手芸サロン 囲碁・将棋の会 ウォーキングの会 会食サロン"
    ).split(),
    "kintore": ["近トレ"],
    "dementia-cafe": ["オレンジカフェ", "認知症カフェ", "まちかどオレンジカフェ"],
    "cafe": ["コミュニティカフェ", "地域食堂", "まちかどカフェ"],
    "consultation": ["相談サロン", "よろず相談会"],
}
OTHER_ACTIVITIES = ["通いの場"]
KIND_WEIGHTS = {"salon": 70, "kintore": 40, "dementia-cafe": 10, "cafe": 10, "consultation": 4}
BUILDINGS = ["会館", "集会所", "公民館", "地域センター", "自治会館", "コミュニティセンター"]
DESCRIPTION = "負荷試験用の架空のデータです。実在しません。"
VENUE_NOTE = "サンプル会場（実在しません）"
STATUSES = Salon.Status.values  # active, suspended, ended, unconfirmed
STATUS_WEIGHTS = [88, 8, 2, 2]


def make(count, areas, rng, progress=None):
    """Adds ``count`` places spread over ``areas``, each with one or two schedules."""
    if not count:
        return 0
    kinds = list(Kind.objects.all())
    middles = {}

    def places():
        for _ in range(count):
            area = rng.choice(areas)
            city = area.municipality
            if city.pk not in middles:
                middles[city.pk] = directory_sample.city_middle(city)
            yield _place(city, area, _kinds_for(kinds, city), middles[city.pk], rng)

    return _insert(places(), count, progress)


def spread(cities, total, rng, keep=()):
    """{city: how many places}: a long tail as in Japan, exactly ``total`` in all.

    A city's share grows with its kind (designated city, Tokyo ward, 市, 町, 村: the names and
    codes say which) and a random factor; 42 in 1,741 of the smallest get none. Cities whose pk
    is in ``keep`` (those with real areas) always get some.
    """
    cities = sorted(cities, key=lambda city: city.code)
    weights = {city: _size(city) * rng.lognormvariate(0, 0.5) for city in cities}
    without = round(len(cities) * SHARE_WITHOUT_PLACES)
    smallest = sorted(
        (city for city in cities if city.pk not in keep), key=lambda city: weights[city]
    )
    for city in rng.sample(smallest[: max(without * 3, without)], min(without, len(smallest))):
        weights[city] = 0
    whole = sum(weights.values()) or 1
    shares = {city: total * weight / whole for city, weight in weights.items()}
    counts = {city: math.floor(share) for city, share in shares.items()}
    # Largest remainders first: the counts add up to the total exactly.
    by_remainder = sorted(cities, key=lambda city: counts[city] - shares[city])
    for city in by_remainder[: total - sum(counts.values())]:
        counts[city] += 1
    return counts


def make_national(total, rng, seed=0, progress=None):
    """Places over every municipality (see spread()); a city without areas gets a few sample
    areas first, one with real areas (the seed cities) gets its places in those.

    Returns (places, sample areas added, cities without places)."""
    cities = list(Municipality.objects.all())
    real = {}
    for area in directory_sample.real_areas().order_by("pk"):
        real.setdefault(area.municipality_id, []).append(area)
    existing = {}
    for area in Area.objects.order_by("pk"):
        existing.setdefault(area.municipality_id, []).append(area)
    counts = spread(cities, total, rng, keep=real)
    wanted = {
        city: min(12, max(2, math.ceil(counts[city] / 80)))
        for city in cities
        if city.pk not in existing
    }
    added = directory_sample.add_areas(wanted)
    kinds = list(Kind.objects.all())

    def places():
        for city in sorted(cities, key=lambda city: city.code):
            areas = real.get(city.pk) or existing.get(city.pk) or added[city.pk]
            middle = directory_sample.city_middle(city, seed)
            city_kinds = _kinds_for(kinds, city)
            for _ in range(counts[city]):
                yield _place(city, rng.choice(areas), city_kinds, middle, rng)

    made = _insert(places(), sum(counts.values()), progress)
    return made, sum(map(len, added.values())), sum(1 for count in counts.values() if not count)


def clear(progress=None):
    """Deletes the sample places nobody has confirmed, with their schedules, and the sample
    venues no place uses any more; returns how many places went.

    A confirmation is part of the trail (PlaceCheck, append-only): those samples stay, as do
    any that a report, a referral or a start-up group points at.
    """
    deleted = directory_sample.delete_in_bulk(
        directory_sample.unprotected(Salon.objects.filter(is_sample=True))
    )
    directory_sample.delete_in_bulk(
        Venue.objects.filter(name__startswith=SAMPLE_PREFIX, source=SOURCE, salons__isnull=True)
    )
    return deleted


def _size(city):
    """How large a city's share of places is, against an ordinary 市."""
    if city.code in DESIGNATED_CITIES:
        return 12
    if is_tokyo_ward(city.code):
        return 4
    return {"市": 1.6, "町": 0.55, "村": 0.18}.get(city.name[-1:], 1)


def _kinds_for(kinds, city):
    """The kinds a place of this city can be: the shared ones and the city's own (近トレ)."""
    usable = [kind for kind in kinds if kind.municipality_id in (None, city.pk)]
    return usable, [KIND_WEIGHTS.get(kind.slug, 5) for kind in usable]


def _place(city, area, kinds, middle, rng):
    """A sample place as plain values: (city, area, kind, name, status, venue name, point,
    schedules, place in lists)."""
    kind = rng.choices(*kinds)[0]
    activity = rng.choice(ACTIVITIES.get(kind.slug, OTHER_ACTIVITIES))
    name = f"{SAMPLE_PREFIX}{rng.choice(NICKNAMES)} {activity}"
    status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
    venue = f"{SAMPLE_PREFIX}{rng.choice(NICKNAMES)}{rng.choice(BUILDINGS)}"
    point = directory_sample.point_near(middle, rng)
    schedules = [_schedule(rng)]
    if rng.random() < 0.2:  # some meet twice: a weekly exercise and a monthly tea, say
        schedules.append(_schedule(rng))
    order = place_order_key(city.order, city.code, area.order)
    return city.pk, area.pk, kind.pk, name, status, venue, point, schedules, order


def _schedule(rng):
    """(frequency, weekday, week of month, months, start, end, skip holidays)."""
    weekly = rng.random() < 0.3
    start_hour = rng.choice([10, 13, 14])
    return (
        (Schedule.Frequency.WEEKLY if weekly else Schedule.Frequency.MONTHLY).value,
        rng.randint(1, 7),
        None if weekly else rng.choice([1, 2, 3, 4, -1]),
        "" if weekly else rng.choice(["", "", "", "1,3,5,7,9,11", "2,4,6,8,10,12"]),
        dt.time(start_hour),
        dt.time(start_hour + 2),
        rng.random() < 0.5,
    )


VENUE_COLUMNS = [
    *("municipality_id", "area_id", "name", "name_kana", "search_text"),
    *("latitude", "longitude", "source"),
]
SALON_COLUMNS = [
    *("municipality_id", "area_id", "kind_id", "name", "name_kana", "search_text", "name_key"),
    *("slug", "description", "venue_id", "venue_note", "status", "is_sample", "source"),
    *("place_order", "venue_text"),
]
SCHEDULE_COLUMNS = [
    *("salon_id", "frequency", "weekday", "week_of_month", "months"),
    *("start_time", "end_time", "skip_holidays"),
]


def _insert(places, total, progress):
    """Writes places, their venues and schedules in batches, never more than one in memory.

    Rows go straight to the database (directory_sample.Rows); a name is read and folded once
    (filled_like), as save() would for each row.
    """
    venues = directory_sample.Rows(Venue, VENUE_COLUMNS)
    salons = directory_sample.Rows(Salon, SALON_COLUMNS)
    schedules = directory_sample.Rows(Schedule, SCHEDULE_COLUMNS)
    times = {hour: schedules.db_value("start_time", dt.time(hour)) for hour in range(24)}

    @cache
    def place_text(name):
        return directory_sample.filled_like(Salon(name=name, description=DESCRIPTION))

    @cache
    def venue_text_of(name):
        return directory_sample.filled_like(Venue(name=name))

    def latitude(point):
        return venues.db_value("latitude", point["latitude"])

    def longitude(point):
        return venues.db_value("longitude", point["longitude"])

    done = 0
    while batch := list(islice(places, BATCH)):
        venue_ids = venues.reserve_ids(len(batch))
        salon_ids = salons.reserve_ids(len(batch))
        venue_rows, salon_rows, schedule_rows = [], [], []
        for venue_id, salon_id, values in zip(venue_ids, salon_ids, batch, strict=True):
            city, area, kind, name, status, venue, point, meets, order = values
            place, venue_text = place_text(name), venue_text_of(venue)
            venue_rows.append(
                (
                    *(venue_id, city, area, venue, venue_text["name_kana"]),
                    *(venue_text["search_text"], latitude(point), longitude(point), SOURCE),
                )
            )
            salon_rows.append(
                (
                    *(salon_id, city, area, kind, name, place["name_kana"]),
                    *(place["search_text"], place["name_key"], f"sample-{uuid.uuid4().hex[:16]}"),
                    *(DESCRIPTION, venue_id, VENUE_NOTE, status, True, SOURCE, order),
                    venue_text["search_text"],
                )
            )
            schedule_rows.extend(
                (salon_id, *rule, times[start.hour], times[end.hour], holidays)
                for *rule, start, end, holidays in meets
            )
        venues.write(venue_rows)
        salons.write(salon_rows)
        schedules.write(
            [
                (row_id, *row)
                for row_id, row in zip(
                    schedules.reserve_ids(len(schedule_rows)), schedule_rows, strict=True
                )
            ]
        )
        done += len(batch)
        if progress:
            progress(done, total)
    return done
