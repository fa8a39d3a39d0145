"""Two app servers that share PostgreSQL and Redis are one site (issue #12).

Two gunicorn processes run on their own ports with one environment, the test process's: the same
keys, the pytest-django test database and the same Redis. A visitor is a small cookie jar sent to
either server, with the Host, Origin and X-Forwarded-For a load balancer in front of both would
pass on. The rows a test writes are committed (transactional tests), so the servers see them.

The servers run with DEBUG=1, as `make test` sets it: with DEBUG off they would need collected
static files and HTTPS-only cookies, and neither decides where sessions, limits or pages live.
PostgreSQL and Redis only: SQLite and a cache per process are not shared between servers.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode

import gunicorn
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from carenet.common.page_cache import GENERATION_KEY, HEADER, HIT, MISS
from carenet.common.text import long_date
from carenet.directory.models import Municipality
from consultations.models import Consultation
from salons.models import PlaceCheck, Salon
from tests.conftest import load_seed, make_staff
from tests.consultations.test_resident_request import valid

SHARED_CACHE = "carenet.cache.FailSafeRedisCache"
if connection.vendor != "postgresql" or settings.CACHES["default"]["BACKEND"] != SHARED_CACHE:
    pytest.skip(
        "two app servers can share only PostgreSQL and Redis: run with "
        "DATABASE_URL=postgres://… and CACHE_URL=redis://… (this run has "
        f"{connection.vendor} and {settings.CACHES['default']['BACKEND']})",
        allow_module_level=True,
    )

pytestmark = pytest.mark.django_db(transaction=True)

SITE_HOST = "localhost"  # the public name the balancer passes on, the same to every server
BALANCER_PROXIES = "1"  # TRUSTED_PROXY_COUNT: the balancer appends the client to X-Forwarded-For
STAFF_PASSWORD = "pw-Test-12345"  # make_staff's
PLACE = "fureai-salon-inokashira"  # a seed place in 井の頭
PLACE_URL = f"/salons/{PLACE}/"
PUBLIC_PAGES = ["/", "/salons/", PLACE_URL, "/mitaka/"]
START_SECONDS = 40


# --- The servers ---


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The test database (test_<name>), which only exists once pytest-django has made it."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    login = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{login}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def server_environment():
    """What every app server gets: the same keys, database and cache as the test process."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carenet.settings",
        "DEBUG": "1",
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "SEARCH_INDEX_KEY": settings.SEARCH_INDEX_KEY,
        "DATABASE_URL": database_url(),
        "CACHE_URL": settings.CACHES["default"]["LOCATION"],
        # The page cache on, as it is by default with Redis, whatever this run says.
        "PAGE_CACHE_SECONDS": str(settings.PAGE_CACHE_SECONDS or 600),
        "CONSULT_RATE": settings.CONSULT_RATE,
        "TRUSTED_PROXY_COUNT": BALANCER_PROXIES,
        "LOG_LEVEL": "WARNING",
    }
    env.pop("OTP_DEVELOPMENT_BYPASS", None)  # staff give a real second factor
    return env


class AppServer:
    def __init__(self, name, env, log_dir):
        self.name, self.port = name, free_port()
        self.log = log_dir / f"gunicorn-{name}.log"
        command = [sys.executable, "-m", "gunicorn", "carenet.wsgi", "-w", "1", "--timeout", "30"]
        if gunicorn.version_info >= (27,):  # not the one control socket every gunicorn shares
            command.append("--no-control-socket")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "-b", f"127.0.0.1:{self.port}"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def __repr__(self):
        return f"server {self.name} (:{self.port})"

    def wait_until_answering(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self} exited {self.process.returncode}:\n{self.log_tail()}")
            try:
                if Visitor().get(self, "/").status == 200:
                    return
            except OSError:
                pass  # not listening yet
            time.sleep(0.2)
        pytest.fail(f"{self} did not answer within {START_SECONDS} s:\n{self.log_tail()}")

    def log_tail(self):
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn's master stops its worker on SIGTERM

    def wait_stopped(self):
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    env = server_environment()
    log_dir = tmp_path_factory.mktemp("app-servers")
    started = []
    try:
        for name in "AB":
            started.append(AppServer(name, env, log_dir))
        for server in started:
            server.wait_until_answering()
        yield started
    finally:
        for server in started:
            server.stop()
        for server in started:
            server.wait_stopped()


@pytest.fixture
def seeded(transactional_db):
    """A transactional test empties the database after it: the seed comes back where it is gone."""
    if not Municipality.objects.exists():
        load_seed()


# --- A browser behind the balancer ---


class Answer:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read().decode()

    @property
    def location(self):
        return self.headers.get("Location", "")

    @property
    def cache(self):
        return self.headers.get(HEADER)


class Visitor:
    """One browser: its cookies go to whichever server answers, as behind a load balancer."""

    def __init__(self, address="203.0.113.10", **cookies):
        self.address, self.cookies = address, dict(cookies)

    def request(self, server, method, path, form=None):
        headers = {"Host": SITE_HOST, "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{SITE_HOST}"
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            answer = Answer(conn.getresponse())
        finally:
            conn.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def get(self, server, path):
        return self.request(server, "GET", path)

    def post(self, server, path, form, page):
        """Sends a form with the token of the page it is on, as a browser does."""
        return self.request(server, "POST", path, {**form, "csrfmiddlewaretoken": form_token(page)})


def form_token(page):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    assert match, f"no form token on the page:\n{page.body[:500]}"
    return match.group(1)


def staff_with_authenticator(username, areas=("inokashira",)):
    user = make_staff(username, "mitaka", "areas", list(areas))
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def sign_in(visitor, server, user, device):
    """The password, then the authenticator app's code, on the real pages of `server`."""
    login = visitor.get(server, "/staff/login/")
    password = visitor.post(
        server, "/staff/login/", {"username": user.username, "password": STAFF_PASSWORD}, login
    )
    assert password.status == 302, password.body[:500]
    # Signed in by the password alone, every staff page sends to the second factor first.
    second_factor = visitor.get(server, password.location)
    assert (second_factor.status, second_factor.location) == (302, "/staff/otp/?next=/staff/")
    page = visitor.get(server, second_factor.location)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    verified = visitor.post(server, "/staff/otp/", {"token": code, "next": "/staff/"}, page)
    assert (verified.status, verified.location) == (302, "/staff/"), verified.body[:500]


# --- The same pages ---


def test_both_servers_serve_the_same_public_pages(servers, seeded):
    a, b = servers
    # A cookie of no meaning keeps the page cache out of it: each server renders the page itself.
    visitor = Visitor(probe="1")
    for path in PUBLIC_PAGES:
        from_a, from_b = visitor.get(a, path), visitor.get(b, path)
        assert (from_a.status, from_b.status) == (200, 200), path
        assert (from_a.cache, from_b.cache) == ("bypass", "bypass"), path
        assert from_a.body == from_b.body, path
    # Without it, the page one server stores is the page the other serves.
    reader = Visitor()
    stored, served = reader.get(a, PLACE_URL), reader.get(b, PLACE_URL)
    assert (stored.cache, served.cache) == (MISS, HIT)
    assert served.body == stored.body and served.headers["ETag"] == stored.headers["ETag"]


# --- One session ---


def test_a_session_made_on_one_server_holds_on_the_other_until_signed_out_on_either(
    servers, seeded
):
    a, b = servers
    user, device = staff_with_authenticator("co-two-servers")
    staff = Visitor()
    sign_in(staff, a, user, device)
    home = staff.get(b, "/staff/")
    assert home.status == 200 and "ログアウト" in home.body
    cookies_before = dict(staff.cookies)
    out = staff.post(b, "/staff/logout/", {}, home)
    assert out.status == 302 and "sessionid" not in staff.cookies
    # The old cookie, sent again (a copy kept by anyone), opens nothing on either server.
    replayed = Visitor(**cookies_before)
    for server in (a, b):
        answer = replayed.get(server, "/staff/")
        assert (answer.status, answer.location) == (302, "/staff/login/?next=/staff/"), server


# --- One count of the residents' forms ---


def allowed_per_window(rate):
    return int(rate.split("/")[0])  # "5/h": five forms, the sixth is refused


def send_consultation(visitor, server, number):
    page = visitor.get(server, "/consult/")
    assert page.status == 200
    return visitor.post(server, "/consult/", valid(name=f"三鷹 はな{number}"), page)


def test_the_residents_form_limit_is_counted_across_both_servers(servers, seeded):
    limit = allowed_per_window(settings.CONSULT_RATE)
    resident = Visitor(address="203.0.113.20")
    answers = []
    for number in range(limit + 2):  # A, B, A, … : the balancer's round robin
        server = servers[number % 2]
        answers.append((server.name, send_consultation(resident, server, number)))
    accepted, refused = answers[:limit], answers[limit:]
    assert [answer.status for _name, answer in accepted] == [302] * limit
    assert {name for name, _answer in accepted} == {"A", "B"}
    # The form that crosses the limit is refused, and the next one too, on either server.
    assert {name for name, _answer in refused} == {"A", "B"}
    for _name, answer in refused:
        assert answer.status == 429 and "しばらくしてからお試しください" in answer.body
    assert Consultation.objects.count() == limit
    # Counted per client address, not for the balancer: a neighbour is still welcome.
    neighbour = send_consultation(Visitor(address="203.0.113.21"), servers[0], limit + 2)
    assert neighbour.status == 302
    assert Consultation.objects.count() == limit + 1


def test_a_form_sent_to_one_server_and_replayed_to_the_other_is_stored_once(servers, seeded):
    a, b = servers
    resident = Visitor(address="203.0.113.30")
    page = resident.get(a, "/consult/")
    form = valid()
    assert resident.post(a, "/consult/", form, page).status == 302
    replay = resident.post(b, "/consult/", form, page)  # the same signed token, the other server
    assert replay.status == 200 and "すでに送信されています" in replay.body
    assert Consultation.objects.count() == 1


# --- Never each other's stale pages ---


def warm(reader, servers, path):
    """The page is stored: the first server renders it, every later request is a hit."""
    answers = [reader.get(servers[0], path)] + [reader.get(server, path) for server in servers]
    assert [answer.cache for answer in answers] == [MISS, HIT, HIT]
    return answers[0].body


def test_a_place_changed_in_the_database_is_new_on_both_servers_at_once(servers, seeded):
    a, b = servers
    reader = Visitor()
    salon = Salon.objects.get(slug=PLACE)
    old_name, new_name = salon.name, "二台目の試験で名前を変えた通いの場"
    assert old_name in warm(reader, servers, PLACE_URL)
    generation = cache.get(GENERATION_KEY)
    salon.name = new_name
    salon.save()  # committed at once: the signal moves the generation in the shared Redis on
    assert cache.get(GENERATION_KEY) != generation
    for server in (b, a):
        page = reader.get(server, PLACE_URL)
        assert page.status == 200 and new_name in page.body and old_name not in page.body, server
    assert reader.get(b, PLACE_URL).cache == HIT  # and stored again, the new page


def test_a_place_confirmed_through_one_server_is_seen_on_the_other_at_once(servers, seeded):
    a, b = servers
    reader = Visitor()
    assert "に確認" not in warm(reader, [b, a], PLACE_URL)
    user, device = staff_with_authenticator("co-two-servers")
    staff = Visitor(address="203.0.113.40")
    sign_in(staff, a, user, device)
    confirmed = staff.post(
        a, f"/staff/places/{PLACE}/confirm/", {"method": "visit"}, staff.get(a, "/staff/")
    )
    assert (confirmed.status, confirmed.location) == (302, "/staff/#worklist")
    seen = f"{long_date(PlaceCheck.objects.get(salon__slug=PLACE).confirmed_on)}に確認"
    for server in (b, a):
        page = reader.get(server, PLACE_URL)
        assert seen in page.body, server
