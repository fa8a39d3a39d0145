"""QR visits are filed by month and the admin shows this month's: both ask month_start()."""

import datetime as dt

import pytest
from django.urls import reverse

from salons.models import SalonVisit
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def pin_today(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda value=None, timezone=None: day)


def admin_visits(client):
    response = client.get(reverse("admin:salons_salon_changelist"), {"q": "連雀サロン"})
    (row,) = response.context["cl"].result_list
    return row.qr_visits_this_month or 0  # no visit this month: the column shows 0


def test_the_admin_shows_the_visits_of_the_month_they_were_filed_under(
    client, mitaka_supervisor, monkeypatch
):
    sign_in(client, mitaka_supervisor)
    pin_today(monkeypatch, dt.date(2026, 11, 30))
    for _ in range(2):
        client.get("/salons/renjaku-salon/?src=flyer")
    assert admin_visits(client) == 2

    pin_today(monkeypatch, dt.date(2026, 12, 1))
    assert admin_visits(client) == 0
    client.get("/salons/renjaku-salon/?src=list")
    assert admin_visits(client) == 1
    months = SalonVisit.objects.filter(salon__slug="renjaku-salon").values_list("month", "count")
    assert sorted(months) == [(dt.date(2026, 11, 1), 2), (dt.date(2026, 12, 1), 1)]
