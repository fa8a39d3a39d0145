"""Two people cannot take the last seat: sign-ups racing on PostgreSQL (row lock on the event)."""

import threading

import pytest
from django.db import connection, connections

from carenet.events.models import Application
from tests.events.factories import make_event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite runs one write at a time; the race needs PostgreSQL (CI runs it there)",
    ),
]


def race(event, people):
    barrier = threading.Barrier(people)
    errors = []

    def sign_up(number):
        try:
            barrier.wait()
            Application.take(event, name=f"走る人{number}", phone=f"0422{number:06d}")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.parametrize("capacity", [1, 3])
def test_concurrent_sign_ups_never_take_more_seats_than_there_are(seeded_for_race, capacity):
    event = make_event(slug=f"race-{capacity}", capacity=capacity)
    assert race(event, 12) == []
    assert event.applications.seats_taken() == capacity
    assert event.applications.filter(status="confirmed").count() == capacity
    assert event.applications.filter(status="waiting").count() == 12 - capacity


@pytest.fixture
def seeded_for_race(db):
    # transaction=True flushes the database: the seed's areas are needed for the event.
    from carenet.directory.models import Municipality
    from tests.conftest import load_seed

    if not Municipality.objects.exists():
        load_seed()
