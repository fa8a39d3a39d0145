"""make_sample_data at national shape: places over every municipality, consultations in bulk,
and --clear taking them all away again (but what staff have touched, and the seed)."""

import io
import random
import statistics
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from carenet.directory.models import Area, Municipality, Venue
from carenet.directory.sample import SOURCE, real_areas, sample_areas
from consultations import sample as sample_consultations
from consultations.models import AccessLog, Consultation, ContactLog
from salons import sample as sample_places
from salons.models import PlaceCheck, Salon, Schedule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_data_allowed")]

PLACES = 3000


def run(*args, **kwargs):
    out = io.StringIO()
    call_command("make_sample_data", *args, stdout=out, **kwargs)
    return out.getvalue()


def valid_code(first_five):
    """A 全国地方公共団体コード with its check digit (三鷹市 13204 → 132047)."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return f"{first_five}{(11 - total % 11) % 10}"


@pytest.fixture
def country(monkeypatch):
    """60 more municipalities beside the seed's two: a designated city, two Tokyo wards, and
    市, 町 and 村 over many prefectures; the command is told that this is all of Japan."""
    cities = [
        Municipality(code="141003", prefecture="神奈川県", name="横浜市", slug="t-yokohama"),
        Municipality(code="131016", prefecture="東京都", name="千代田区", slug="t-chiyoda"),
        Municipality(code="131041", prefecture="東京都", name="新宿区", slug="t-shinjuku"),
    ]
    for number in range(57):
        prefecture = number % 47 + 1
        suffix = "市" if number % 3 == 0 else "町" if number % 3 == 1 else "村"
        cities.append(
            Municipality(
                code=valid_code(f"{prefecture:02d}{600 + number:03d}"),
                prefecture=f"県{prefecture}",
                name=f"試験{number}{suffix}",
                slug=f"t-city-{number}",
            )
        )
    Municipality.objects.bulk_create(cities)
    monkeypatch.setattr(sample_places, "NATIONAL_MUNICIPALITIES", Municipality.objects.count())
    return Municipality.objects.all()


def places_by_city():
    counts = dict(
        Salon.objects.filter(is_sample=True)
        .values_list("municipality")
        .annotate(n=Count("pk"))
        .values_list("municipality", "n")
    )
    return {city: counts.get(city.pk, 0) for city in Municipality.objects.all()}


def seed_rows():
    """How many rows of the seed there are: sample data must never change these."""
    return {
        "places": Salon.objects.filter(is_sample=False).count(),
        "schedules": Schedule.objects.filter(salon__is_sample=False).count(),
        "venues": Venue.objects.exclude(source=SOURCE).count(),
        "areas": real_areas().count(),
        "consultations": Consultation.objects.filter(is_sample=False).count(),
    }


def test_national_spread_has_a_long_tail_and_the_exact_total(country):
    output = run(national=True, places=PLACES, seed=4)
    counts = places_by_city()
    assert sum(counts.values()) == PLACES
    assert f"added {PLACES} sample places" in output
    assert max(counts.values()) >= 5 * statistics.median(counts.values())
    assert 0 < list(counts.values()).count(0) < len(counts) // 10
    yokohama = Municipality.objects.get(code="141003")
    assert counts[yokohama] == max(counts.values())
    assert all(counts[city] > 0 for city in country.filter(slug__in=["mitaka", "tama"]))


def test_spread_leaves_42_of_1741_municipalities_without_places():
    rng = random.Random(0)
    suffixes = ["市"] * 792 + ["町"] * 743 + ["村"] * 183 + ["区"] * 23
    cities = [
        Municipality(pk=n, code=f"{n:06d}", name=f"試験{suffix}")
        for n, suffix in enumerate(suffixes, start=1)
    ]
    counts = sample_places.spread(cities, sample_places.NATIONAL_PLACES, rng, keep={1})
    assert sum(counts.values()) == 145_641
    assert list(counts.values()).count(0) == 42
    assert counts[cities[0]] > 0
    assert 20 <= statistics.median(counts.values()) <= 90  # a few dozen in most


def test_every_national_sample_is_marked_and_every_venue_has_a_point(country):
    run(national=True, places=PLACES, seed=2)
    places = Salon.objects.filter(is_sample=True).select_related("venue", "area")
    assert places.count() == PLACES
    for place in places:
        assert place.name.startswith("【サンプル】") and place.source == SOURCE
        assert place.venue.name.startswith("【サンプル】") and place.venue.source == SOURCE
        assert place.venue.latitude is not None and place.venue.longitude is not None
        assert place.area.municipality_id == place.municipality_id
    # The reading and the folded search text are what save() would have filled in.
    for place in {place.name: place for place in places}.values():
        fresh = Salon(name=place.name, description=place.description)
        fresh.fill_reading()
        fresh.fold_search_text()
        assert (place.name_kana, place.search_text, place.name_key) == (
            fresh.name_kana,
            fresh.search_text,
            fresh.name_key,
        )
    assert not Venue.objects.filter(source=SOURCE, latitude__isnull=True).exists()
    # Every city has area pages now; the ones made here are all marked sample.
    assert not Municipality.objects.filter(areas__isnull=True).exists()
    made = sample_areas()
    assert made.exists()
    assert all(a.name.startswith("【サンプル】") and a.slug.startswith("sample-") for a in made)
    counts = Schedule.objects.filter(salon__is_sample=True).values("salon").annotate(n=Count("pk"))
    assert {row["n"] for row in counts} <= {1, 2}
    assert Salon.objects.filter(is_sample=True).search("ｻﾝﾌﾟﾙ").count() == PLACES


def test_seed_cities_keep_only_their_real_areas_and_get_places_in_them(country):
    seed_cities = Q(municipality__slug__in=["mitaka", "tama"])
    real = set(real_areas().filter(seed_cities).values_list("pk", flat=True))
    run(national=True, places=PLACES, seed=3)
    assert not sample_areas().filter(seed_cities).exists()
    used = set(Salon.objects.filter(seed_cities, is_sample=True).values_list("area", flat=True))
    assert used and used <= real


def test_national_spread_is_the_same_for_the_same_seed(country):
    def made():
        return Counter(
            Salon.objects.filter(is_sample=True).values_list(
                "municipality", "area__slug", "name", "status", "venue__latitude"
            )
        )

    run(national=True, places=500, seed=9)
    first = made()
    run(clear=True)
    run(national=True, places=500, seed=9)
    assert made() == first


def test_bulk_consultations_decrypt_to_sample_values_and_are_found_by_name():
    run(consultations=400, seed=5)
    samples = list(Consultation.objects.filter(is_sample=True).prefetch_related("topics"))
    assert len(samples) == 400
    assert {c.name for c in samples} <= {"", *sample_consultations.SAMPLE_NAMES}
    assert {c.summary for c in samples} <= set(sample_consultations.SUMMARIES)
    assert all(c.topics.all() for c in samples)
    assert all(c.follow_up_on is None for c in samples if c.status == "closed")
    hanako = {c.pk for c in samples if c.name == "サンプル 花子"}
    assert hanako
    for words in ("サンプル 花子", "さんぷる はなこ", "ｻﾝﾌﾟﾙ ﾊﾅｺ"):
        found = Consultation.objects.matching_name(words).values_list("pk", flat=True)
        assert set(found) == hanako, words
    # Bulk samples get no history row (see the command's help).
    assert not Consultation.history.filter(is_sample=True).exists()


def test_consultations_go_only_to_real_areas_of_cities_with_staff(country):
    run(national=True, places=500, consultations=300, seed=6)
    served = set(real_areas().filter(municipality__slug__in=["mitaka", "tama"]))
    used = {c.area for c in Consultation.objects.filter(is_sample=True).select_related("area")}
    assert used and used <= served


def test_clear_removes_bulk_samples_but_what_staff_touched_and_never_the_seed(
    country, inokashira_coordinator
):
    before = seed_rows()
    run(national=True, places=PLACES, consultations=300, seed=7)
    opened, logged = Consultation.objects.filter(is_sample=True)[:2]
    AccessLog.record(inokashira_coordinator, [opened], AccessLog.Via.ADMIN)
    ContactLog.objects.create(consultation=logged, method="phone", what_happened="サンプル")
    confirmed = Salon.objects.filter(is_sample=True).first()
    PlaceCheck.objects.create(salon=confirmed, confirmed_on="2026-11-01", method="phone")

    output = run(clear=True)

    assert "kept 1 sample consultations" in output
    assert list(Consultation.objects.filter(is_sample=True)) == [opened]
    assert not ContactLog.objects.filter(consultation_id=logged.pk).exists()
    assert (
        not Consultation.topics.through.objects.exclude(consultation__is_sample=False)
        .exclude(consultation=opened)
        .exists()
    )
    assert list(Salon.objects.filter(is_sample=True)) == [confirmed]
    assert Schedule.objects.filter(salon=confirmed).exists()
    assert list(Venue.objects.filter(source=SOURCE)) == [confirmed.venue]
    assert not sample_areas().exists()
    assert seed_rows() == before
    assert AccessLog.objects.filter(consultation=opened).count() == 1


def test_national_dry_run_changes_nothing(country):
    before = (Salon.objects.count(), Area.objects.count())
    output = run(national=True, dry_run=True)
    assert "dry run" in output and "145641" in output
    assert (Salon.objects.count(), Area.objects.count()) == before


def test_national_loads_every_municipality_first():
    assert Municipality.objects.count() < sample_places.NATIONAL_MUNICIPALITIES
    run(national=True, places=2000, seed=1)
    assert Municipality.objects.count() == sample_places.NATIONAL_MUNICIPALITIES
    assert Salon.objects.filter(is_sample=True).count() == 2000
    assert not Municipality.objects.filter(areas__isnull=True).exists()


def test_national_refuses_without_the_municipality_loader(monkeypatch):
    from carenet.front.management.commands import make_sample_data

    monkeypatch.setattr(make_sample_data, "get_commands", lambda: {})
    with pytest.raises(CommandError, match="load_municipalities"):
        run(national=True, places=10)
    assert not Salon.objects.filter(is_sample=True).exists()
