"""Shared test set-up: the seed data, loaded once per test session, and small factories."""

import datetime as dt

import pytest
from django.core.management import call_command

from carenet.front.management.commands.setup_demo import SEED_FIXTURES


def load_seed():
    call_command("loaddata", *SEED_FIXTURES, verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_seed()


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """The public page cache is off unless a test is about it (tests/project/test_page_cache.py,
    test_two_app_servers.py): other tests read `response.context`, which a stored page has not,
    and prepare rows with queryset updates, which send no signal to move its generation."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a page stored in an earlier test showed rows that
    test's rollback has since taken away (the page cache's generation never heard of it)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sample_data_allowed(settings):
    """make_sample_data runs with DEBUG only; pytest runs with DEBUG off."""
    settings.DEBUG = True


@pytest.fixture
def today():
    """A fixed 'today' for pages whose content depends on the date (2026-11-22, a Sunday)."""
    return dt.date(2026, 11, 22)


@pytest.fixture
def fixed_today(monkeypatch, today):
    """Pins 'today' everywhere the app asks for it (timezone.localdate() with no argument)."""
    from django.utils import timezone

    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return today if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return today


# --- The cast: staff with the access the issue describes, and their consultations ---


def make_staff(username, city, scope, areas=(), **extra):
    from django.contrib.auth import get_user_model

    from carenet.directory.models import Area, Municipality
    from coordinators.models import StaffProfile
    from coordinators.roles import role_group

    user = get_user_model().objects.create_user(
        username, f"{username}@example.invalid", "pw-Test-12345", is_staff=True, **extra
    )
    profile = StaffProfile.objects.create(
        user=user, municipality=Municipality.objects.get(slug=city), scope=scope
    )
    profile.areas.set(Area.objects.filter(municipality__slug=city, slug__in=areas))
    user.groups.add(role_group("city_supervisor" if scope == "city" else "area_coordinator"))
    return user


def make_account(username, role, **extra):
    """A staff account with a role and no staff profile (directory or access administration)."""
    from django.contrib.auth import get_user_model

    from coordinators.roles import role_group

    user = get_user_model().objects.create_user(
        username, f"{username}@example.invalid", "pw-Test-12345", is_staff=True, **extra
    )
    user.groups.add(role_group(role))
    return user


def sign_in(client, user):
    """Signs a staff member in as they really arrive: password, then their second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def mitaka_supervisor(db):
    return make_staff("sv-mitaka", "mitaka", "city")


@pytest.fixture
def inokashira_coordinator(db):
    return make_staff("co-inokashira", "mitaka", "areas", ["inokashira"])


@pytest.fixture
def osawa_coordinator(db):
    return make_staff("co-osawa", "mitaka", "areas", ["osawa"])


@pytest.fixture
def tama_supervisor(db):
    return make_staff("sv-tama", "tama", "city")


@pytest.fixture
def tama_layer2_coordinator(db):
    return make_staff("co-tama-atago", "tama", "areas", ["atago-kotta-kaitori"])


# The same people, signed in (password and second factor) on the test client.


@pytest.fixture
def mitaka_client(client, mitaka_supervisor):
    return sign_in(client, mitaka_supervisor)


@pytest.fixture
def inokashira_client(client, inokashira_coordinator):
    return sign_in(client, inokashira_coordinator)


@pytest.fixture
def osawa_client(client, osawa_coordinator):
    return sign_in(client, osawa_coordinator)


@pytest.fixture
def tama_client(client, tama_supervisor):
    return sign_in(client, tama_supervisor)


def make_consultation(area_slug, name="はまだ テスト", **fields):
    from carenet.directory.models import Area
    from consultations.models import Consultation

    area = Area.objects.select_related("municipality").get(slug=area_slug)
    values = {
        "municipality": area.municipality,
        "area": area,
        "requester": "self",
        "name": name,
        "channel": "phone",
        "summary": "テスト用の相談です。",
    }
    values.update(fields)
    return Consultation.objects.create(**values)


@pytest.fixture
def inokashira_case(db):
    return make_consultation("inokashira", name="井の頭 花子", name_kana="いのかしら はなこ")


@pytest.fixture
def osawa_case(db):
    return make_consultation("osawa", name="大沢 太郎", name_kana="おおさわ たろう")


@pytest.fixture
def tama_case(db):
    return make_consultation("atago-kotta-kaitori", name="愛宕 一郎", name_kana="あたご いちろう")
