"""Staff keep events in the admin with the same rights as places (the directory rule): an area's
coordinator adds and edits their areas' events only; another city's staff never see them."""

import pytest
from django.urls import reverse

from carenet.directory.models import Area, Municipality
from carenet.events.models import Event
from tests.admin_forms import admin_form_data
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

ADD = reverse("admin:events_event_add")


def new_event_data(client, area_slug, slug="new-course"):
    data = admin_form_data(client.get(ADD))
    area = Area.objects.get(slug=area_slug)
    data.update(
        {
            "municipality": str(Municipality.objects.get(slug="mitaka").pk),
            "area": str(area.pk),
            "kind": "course",
            "title": "子育て講座",
            "slug": slug,
            "status": "planned",
            "is_published": "on",
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-date": "2027-01-15",
            "sessions-0-start_time": "10:00",
            "sessions-0-end_time": "11:30",
            "sessions-0-status": "planned",
        }
    )
    return data


def test_an_area_coordinator_adds_an_event_with_its_dates_in_her_area(inokashira_client):
    response = inokashira_client.post(ADD, new_event_data(inokashira_client, "inokashira"))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(slug="new-course")
    assert [(s.date.isoformat(), str(s.start_time)) for s in event.sessions.all()] == [
        ("2027-01-15", "10:00:00")
    ]
    assert event.history.first().history_user.username == "co-inokashira"


def test_an_area_coordinator_cannot_put_an_event_in_another_area(inokashira_client):
    response = inokashira_client.post(ADD, new_event_data(inokashira_client, "osawa", "sneaky"))
    assert response.status_code == 200  # the form again, with the area refused
    assert not Event.objects.filter(slug="sneaky").exists()


def test_an_area_coordinator_cannot_change_another_areas_event(osawa_client):
    event = make_event()  # 井の頭
    url = reverse("admin:events_event_change", args=[event.pk])
    assert osawa_client.get(url).status_code == 200  # the city's directory is readable
    data = admin_form_data(osawa_client.get(url))
    data["title"] = "書き換え"
    assert osawa_client.post(url, data).status_code == 403
    event.refresh_from_db()
    assert event.title == "防災講座"


def test_another_citys_staff_never_see_the_event(tama_client):
    event = make_event()
    listed = tama_client.get(reverse("admin:events_event_changelist"))
    assert event not in listed.context["cl"].result_list
    response = tama_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert response.status_code == 302  # the admin's "no such object" bounce


def test_the_event_change_list_links_to_the_roster(mitaka_client):
    event = make_event()
    body = mitaka_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert f"/staff/events/{event.slug}/roster/" in body
