"""Synthetic places for load tests and benchmarks: every one is flagged and named as sample."""

import uuid
from decimal import Decimal

from carenet.directory.models import Venue
from salons.models import Kind, Salon, Schedule

SAMPLE_PREFIX = "【サンプル】"
# Near the middle of each seed city, so that the demo map (/map/) has crowds to group. Places of
# another city get no point and are listed under the map instead.
CITY_MIDDLES = {"mitaka": (35.6836, 139.5597), "tama": (35.6369, 139.4463)}
SPREAD = 0.015  # degrees either way: about 1.5 km


def make(count, areas, rng):
    """Adds ``count`` places spread over ``areas``, each with one schedule; returns how many."""
    if not count:
        return 0
    kinds = list(Kind.objects.all())
    salons = []
    for number in range(1, count + 1):
        area = rng.choice(areas)
        salons.append(
            Salon(
                municipality=area.municipality,
                area=area,
                kind=rng.choice(kinds),
                name=f"{SAMPLE_PREFIX}{area.name}の通いの場 {number}",
                slug=f"sample-{uuid.uuid4().hex[:12]}",
                description="負荷試験用の架空のデータです。実在しません。",
                venue_note="サンプル会場（実在しません）",
                status=rng.choices(list(Salon.Status), weights=[88, 8, 2, 2])[0],
                is_sample=True,
                source="make_sample_data",
            )
        )
    venues = [_venue(salon, rng) for salon in salons]
    Venue.objects.bulk_create(venues, batch_size=500)
    for salon, venue in zip(salons, venues, strict=True):
        salon.venue = venue
    Salon.objects.bulk_create(salons, batch_size=500)
    Schedule.objects.bulk_create([_schedule(salon, rng) for salon in salons], batch_size=500)
    return len(salons)


def clear():
    """Deletes the sample places nobody has confirmed; returns how many went.

    A confirmation is part of the trail (PlaceCheck, append-only): those samples stay.
    """
    unchecked = Salon.objects.filter(is_sample=True, checks__isnull=True)
    deleted = unchecked.delete()[1].get("salons.Salon", 0)
    Venue.objects.filter(name__startswith=SAMPLE_PREFIX, salons__isnull=True).delete()
    return deleted


def _venue(salon, rng):
    """A made-up building for a sample place, named as sample, near the middle of its city."""
    middle = CITY_MIDDLES.get(salon.municipality.slug)
    point = {}
    if middle:
        point = {
            "latitude": Decimal(f"{middle[0] + rng.uniform(-SPREAD, SPREAD):.6f}"),
            "longitude": Decimal(f"{middle[1] + rng.uniform(-SPREAD, SPREAD):.6f}"),
        }
    return Venue(
        municipality=salon.municipality,
        area=salon.area,
        name=f"{SAMPLE_PREFIX}{salon.name.removeprefix(SAMPLE_PREFIX)}の会場",
        source="make_sample_data",
        **point,
    )


def _schedule(salon, rng):
    weekly = rng.random() < 0.3
    start_hour = rng.choice([10, 13, 14])
    return Schedule(
        salon=salon,
        frequency=Schedule.Frequency.WEEKLY if weekly else Schedule.Frequency.MONTHLY,
        weekday=rng.randint(1, 7),
        week_of_month=None if weekly else rng.choice([1, 2, 3, 4, -1]),
        months=rng.choice(["", "", "", "1,3,5,7,9,11", "2,4,6,8,10,12"]) if not weekly else "",
        start_time=f"{start_hour}:00",
        end_time=f"{start_hour + 2}:00",
        skip_holidays=rng.random() < 0.5,
    )
