"""The shared page cache: public pages come from it, never out of date, never for the signed-in.

Runs on the local-memory cache by default and, unchanged, on PostgreSQL and Redis
(DATABASE_URL=postgres://… CACHE_URL=redis://…/7): the cache is emptied around every test.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from carenet.common import page_cache
from carenet.directory.models import Area, Contact, Municipality
from salons.models import PlaceCheck, Salon, SalonVisit, Schedule, ScheduleException
from tests.admin_forms import admin_form_data
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

PLACE = "fureai-salon-inokashira"  # in 井の頭, with a contact and a monthly schedule
PLACE_URL = f"/salons/{PLACE}/"
MARKER = b"<!-- served from the page cache -->"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def state(response):
    return response.headers.get(page_cache.HEADER)


def mark_stored_page(path, client_kwargs=None):
    """Writes MARKER into the stored copy of `path`: a response that has it came from the cache."""
    request = Client(**(client_kwargs or {})).get(path).wsgi_request
    key = page_cache.page_key(request)
    generation, status, headers, body, stored_at = cache.get(key)
    cache.set(key, (generation, status, headers, body + MARKER, stored_at))
    page_cache.local_copies.forget(key)  # this process's copy: the marked one is read again


def visit_twice(client, path):
    first = client.get(path)
    second = client.get(path)
    assert (state(first), state(second)) == ("miss", "hit")
    return second


# --- Hits ---


@pytest.mark.parametrize("path", ["/", "/salons/", PLACE_URL])
def test_a_second_anonymous_visit_is_served_from_the_cache_unchanged(
    client, path, django_assert_num_queries
):
    first = client.get(path)
    with django_assert_num_queries(0):
        second = client.get(path)
    assert first.status_code == second.status_code == 200
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content


def test_a_hit_keeps_the_headers_the_full_stack_added_and_sets_no_cookie(client):
    first = client.get(PLACE_URL)
    second = client.get(PLACE_URL)
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type", "ETag"):
        assert second[header] == first[header]
    assert "no-cache" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]
    assert not second.cookies


def test_the_query_string_is_part_of_the_key(client):
    visit_twice(client, "/salons/?city=mitaka")
    other = client.get("/salons/?city=tama")
    assert state(other) == "miss"
    assert "ふれあいサロン・井の頭" not in other.content.decode()


# --- Never out of date ---


def test_a_coordinators_edit_in_the_admin_shows_at_once(
    client, inokashira_coordinator, django_capture_on_commit_callbacks
):
    salon = Salon.objects.get(slug=PLACE)
    visit_twice(client, PLACE_URL)
    staff = sign_in(Client(), inokashira_coordinator)
    change_url = reverse("admin:salons_salon_change", args=[salon.pk])
    data = admin_form_data(staff.get(change_url))
    data["name"] = "ふれあいサロン・井の頭（新）"
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(change_url, data).status_code == 302
    response = client.get(PLACE_URL)
    assert state(response) == "miss"
    assert "ふれあいサロン・井の頭（新）" in response.content.decode()


def rename_place():
    salon = Salon.objects.get(slug=PLACE)
    salon.name = "名前を変えたサロン"
    salon.save()
    return "名前を変えたサロン"


def move_the_meeting_time():
    schedule = Schedule.objects.get(salon__slug=PLACE)
    schedule.start_time, schedule.end_time = dt.time(9, 5), dt.time(10, 55)
    schedule.save()
    return "午前9時5分"


def add_an_extra_date():
    salon = Salon.objects.get(slug=PLACE)
    ScheduleException.objects.create(
        salon=salon, date=dt.date(2026, 11, 27), kind=ScheduleException.Kind.EXTRA, note="臨時の会"
    )
    return "臨時の会"


def record_a_confirmation():
    PlaceCheck.record(
        Salon.objects.get(slug=PLACE), PlaceCheck.Method.PHONE, on=dt.date(2026, 11, 20)
    )
    return "2026年11月20日に確認"


def rename_the_area():
    area = Area.objects.get(salons__slug=PLACE)
    area.name = "改名した地区"
    area.save()
    return "改名した地区"


def rename_the_city():
    city = Municipality.objects.get(slug="mitaka")
    city.name = "改名した市"
    city.save()
    return "改名した市"


def change_the_contacts_phone():
    contact = Contact.objects.get(salons__slug=PLACE)
    contact.phone = "0422-99-1234"
    contact.save()
    return "0422-99-1234"


@pytest.mark.parametrize(
    "change",
    [
        rename_place,
        move_the_meeting_time,
        add_an_extra_date,
        record_a_confirmation,
        rename_the_area,
        rename_the_city,
        change_the_contacts_phone,
    ],
)
def test_a_change_to_what_the_place_page_shows_is_seen_at_once(
    client, fixed_today, change, django_capture_on_commit_callbacks
):
    before = visit_twice(client, PLACE_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        expected = change()
    assert expected not in before
    response = client.get(PLACE_URL)
    assert state(response) == "miss"
    assert expected in response.content.decode()


def test_a_deleted_place_is_gone_at_once(client, django_capture_on_commit_callbacks):
    visit_twice(client, PLACE_URL)
    visit_twice(client, "/salons/")
    with django_capture_on_commit_callbacks(execute=True):
        Salon.objects.get(slug=PLACE).delete()
    assert client.get(PLACE_URL).status_code == 404
    assert "ふれあいサロン・井の頭" not in client.get("/salons/").content.decode()


def test_pages_stored_before_the_commit_are_not_served_after_it(
    client, django_capture_on_commit_callbacks
):
    """Until the commit, other requests may still render and store the rows as they were: the
    bump comes after it. The writer's own transaction, which sees its changes, passes by."""
    visit_twice(client, PLACE_URL)
    with django_capture_on_commit_callbacks(execute=True):
        rename_place()
        assert state(client.get(PLACE_URL)) == "bypass"
        assert state(client.get(PLACE_URL)) == "bypass"
    response = client.get(PLACE_URL)
    assert state(response) == "miss"
    assert "名前を変えたサロン" in response.content.decode()


def test_a_transaction_bumps_once_however_many_rows_it_changes(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        for salon in Salon.objects.all()[:3]:
            salon.save()
        Schedule.objects.first().save()
    bumps = [c for c in callbacks if isinstance(c, page_cache.BumpAfterCommit)]
    assert len(bumps) == 1


def test_a_lost_generation_never_revives_old_pages(client):
    visit_twice(client, PLACE_URL)
    cache.delete(page_cache.GENERATION_KEY)  # Redis restarted, or evicted the key
    assert state(client.get(PLACE_URL)) == "miss"
    assert state(client.get(PLACE_URL)) == "hit"


def test_a_new_day_in_tokyo_is_a_new_page(client, monkeypatch):
    monkeypatch.setattr("carenet.common.dates.local_today", lambda: dt.date(2026, 11, 22))
    visit_twice(client, "/")
    monkeypatch.setattr("carenet.common.dates.local_today", lambda: dt.date(2026, 11, 23))
    assert state(client.get("/")) == "miss"


def test_counted_qr_visits_leave_the_pages_stored(client, django_capture_on_commit_callbacks):
    visit_twice(client, PLACE_URL)
    with django_capture_on_commit_callbacks(execute=True):
        SalonVisit.record(Salon.objects.get(slug=PLACE), "flyer")
    assert state(client.get(PLACE_URL)) == "hit"


# --- The visitor's display choice ---


def test_large_text_gets_its_own_page_and_never_the_other(client):
    normal = visit_twice(client, PLACE_URL).content.decode()
    large_client = Client()
    large_client.cookies["text_size"] = "large"
    large = large_client.get(PLACE_URL)
    assert state(large) == "miss"
    assert 'class="text-large"' in large.content.decode()
    assert 'class="text-large"' not in normal
    assert state(large_client.get(PLACE_URL)) == "hit"
    assert 'class="text-large"' not in client.get(PLACE_URL).content.decode()


# --- Never for the signed-in, never with a form token or a cookie ---


def test_signed_in_staff_never_get_a_stored_page(client, inokashira_coordinator):
    visit_twice(client, PLACE_URL)
    mark_stored_page(PLACE_URL)
    assert MARKER in client.get(PLACE_URL).content  # the marker shows on a hit
    staff = sign_in(Client(), inokashira_coordinator)
    response = staff.get(PLACE_URL)
    assert state(response) == "bypass"
    assert MARKER not in response.content
    assert "no-store" in response["Cache-Control"]


def test_signed_in_staff_never_store_a_page(client, inokashira_coordinator):
    staff = sign_in(Client(), inokashira_coordinator)
    assert state(staff.get(PLACE_URL)) == "bypass"
    assert state(staff.get(PLACE_URL)) == "bypass"
    assert state(client.get(PLACE_URL)) == "miss"


def test_any_session_cookie_passes_the_cache_by(client, settings):
    visit_twice(client, PLACE_URL)
    mark_stored_page(PLACE_URL)
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    response = client.get(PLACE_URL)
    assert state(response) == "bypass"
    assert MARKER not in response.content


def test_a_waiting_message_cookie_passes_the_cache_by(client):
    visit_twice(client, "/")
    client.cookies["messages"] = "anything"
    assert state(client.get("/")) == "bypass"


@pytest.mark.parametrize(
    "path", ["/consult/", f"/salons/{PLACE}/report/", "/staff/login/", "/admin/login/"]
)
def test_pages_with_a_form_token_are_never_stored(client, path):
    first = client.get(path)
    assert first.status_code == 200
    assert state(first) == "bypass"
    assert state(client.get(path)) == "bypass"


def test_a_page_with_a_form_token_is_never_stored_even_if_listed_by_mistake(client, settings):
    settings.PUBLIC_PAGE_CACHE_VIEWS = [*settings.PUBLIC_PAGE_CACHE_VIEWS, "salons:salon-report"]
    path = f"/salons/{PLACE}/report/"
    assert state(client.get(path)) == "bypass"
    assert state(client.get(path)) == "bypass"  # now with the CSRF cookie


def test_a_response_that_sets_a_cookie_is_never_stored(client, monkeypatch):
    from salons import views

    real = views.SalonDetailView.get

    def get_and_set_cookie(self, request, *args, **kwargs):
        response = real(self, request, *args, **kwargs)
        response.set_cookie("seen", "1")
        return response

    monkeypatch.setattr(views.SalonDetailView, "get", get_and_set_cookie)
    assert state(client.get(PLACE_URL)) == "bypass"
    client.cookies.clear()
    assert state(client.get(PLACE_URL)) == "bypass"


def test_a_visit_from_a_printed_qr_code_is_still_counted(client):
    salon = Salon.objects.get(slug=PLACE)
    visit_twice(client, PLACE_URL)
    for _ in range(2):
        response = client.get(PLACE_URL, {"src": "flyer"})
        assert state(response) == "bypass"
    assert SalonVisit.objects.get(salon=salon, source="flyer").count == 2


def test_forms_and_posts_are_never_served_from_the_cache(client):
    visit_twice(client, "/salons/")
    assert state(client.post("/salons/")) == "bypass"


# --- Conditional GET ---


def test_a_matching_etag_gets_a_304_without_a_body(client):
    stored = client.get(PLACE_URL)
    etag = stored["ETag"]
    for _ in range(2):  # on the full stack's store, then on a hit
        response = client.get(PLACE_URL, headers={"if-none-match": etag})
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag


def test_a_stale_etag_gets_the_new_page(client, django_capture_on_commit_callbacks):
    etag = client.get(PLACE_URL)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        rename_place()
    response = client.get(PLACE_URL, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_last_modified_gives_a_304_too(client):
    last_modified = client.get(PLACE_URL)["Last-Modified"]
    response = client.get(PLACE_URL, headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_head_is_answered_from_the_stored_page(client):
    body = client.get(PLACE_URL).content
    response = client.head(PLACE_URL)
    assert state(response) == "hit"
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) == len(body)


# --- Faults ---

DEAD_REDIS = {
    "default": {
        "BACKEND": "carenet.cache.FailSafeRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.mark.parametrize("path", ["/", "/salons/", PLACE_URL])
def test_pages_answer_and_pass_the_cache_by_while_redis_is_down(
    client, settings, path, django_capture_on_commit_callbacks
):
    settings.CACHES = DEAD_REDIS
    try:
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200
            assert state(response) == "bypass"
        with django_capture_on_commit_callbacks(execute=True):
            rename_place()  # a save does not fail for the lost bump
    finally:
        cache.close()


def test_off_unless_the_cache_is_shared(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert state(client.get("/")) == "bypass"


def test_the_cache_reads_again_after_redis_dropped_its_connection(settings):
    if settings.CACHES["default"]["BACKEND"] != "carenet.cache.FailSafeRedisCache":
        pytest.skip("needs Redis (CACHE_URL=redis://…)")
    cache.set("page-cache-test", 1)
    assert cache.get_many(["page-cache-test"]) == {"page-cache-test": 1}
    cache._cache.get_client().client_kill_filter(_type="normal", skipme=True)  # a restart
    assert cache.get_many(["page-cache-test"]) == {"page-cache-test": 1}


# --- This process's own copies of the pages it served ---


def test_a_hit_on_this_processs_copy_reads_only_the_generation(client, monkeypatch):
    visit_twice(client, PLACE_URL)
    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(list(keys)) or get_many(keys))
    assert state(client.get(PLACE_URL)) == "hit"
    assert reads == [[page_cache.GENERATION_KEY]]


def test_another_servers_change_drops_this_processs_copy(client):
    visit_twice(client, PLACE_URL)
    # Another app server saved a place: it moved the shared generation, and no signal ran here.
    cache.incr(page_cache.GENERATION_KEY)
    assert state(client.get(PLACE_URL)) == "miss"
    assert state(client.get(PLACE_URL)) == "hit"


def test_a_copy_stored_elsewhere_is_read_from_the_shared_cache(client):
    visit_twice(client, PLACE_URL)
    page_cache.local_copies.forget()  # as a second process, which never served the page
    assert state(client.get(PLACE_URL)) == "hit"


def test_a_copy_older_than_the_page_lifetime_is_not_served(client, settings, monkeypatch):
    visit_twice(client, PLACE_URL)
    now = page_cache.time.time()
    monkeypatch.setattr(page_cache.time, "time", lambda: now + settings.PAGE_CACHE_SECONDS + 1)
    assert state(client.get(PLACE_URL)) == "miss"


def test_a_process_keeps_only_its_latest_copies():
    copies = page_cache.LocalCopies(size=2)
    for key in ("a", "b", "c"):
        copies.keep(key, (1, key))
    copies.get("b")
    copies.keep("d", (1, "d"))
    assert list(copies.pages) == ["b", "d"]
