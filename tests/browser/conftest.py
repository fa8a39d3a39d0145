"""Browser tests: Playwright's sync API driving Debian's Chromium against Django's live server."""

import io
import os
import threading
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from carenet.directory.models import Municipality
from tests.conftest import load_seed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OneRequestAtATime:
    """The live server's app, answering one request at a time.

    With in-memory SQLite every server thread shares the test's one connection: two requests at
    once (a list's forty QR images) now and then broke one of them, and a request still running
    when a test ended locked a table against the flush ("database table is locked")."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                # Django's request_finished (closing the request's database work) runs here.
                if hasattr(response, "close"):
                    response.close()

    def wait_until_idle(self):
        with self.lock:
            pass


@pytest.fixture(scope="session")
def live_server(live_server):
    httpd = live_server.thread.httpd
    httpd.set_app(OneRequestAtATime(httpd.get_app()))
    return live_server


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def seeded(transactional_db):
    # live_server tests flush the database after each test: load the seed again where it is gone
    # (the seed holds the first purpose notice too, so residents can consent).
    if not Municipality.objects.exists():
        load_seed()


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def block_other_hosts(context, blocked=None):
    """Tests never reach the internet: map tiles and anything else off the live server fail.

    `blocked` (a list) collects the URLs refused, for tests that want to see them."""

    def route(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            if blocked is not None:
                blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)


@pytest.fixture
def page(browser, live_server, seeded):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    block_other_hosts(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    # A request the page sent before it closed may still be running: let it end before the flush.
    live_server.thread.httpd.get_app().wait_until_idle()


@pytest.fixture
def demo_accounts(seeded, settings):
    """`setup_demo` (DEBUG only, so DEBUG is on for the command alone): the demo staff exactly
    as a newcomer gets them, each working through its role group alone."""
    from django.contrib.auth import get_user_model

    debug, settings.DEBUG = settings.DEBUG, True
    try:
        call_command("setup_demo", stdout=io.StringIO())
    finally:
        settings.DEBUG = debug
    accounts = {
        user.username: user
        for user in get_user_model().objects.filter(username__startswith="demo-", is_staff=True)
    }
    for user in accounts.values():
        # The tests grant nothing of their own.
        assert not user.is_superuser, user
        assert not user.user_permissions.exists(), user
        assert user.groups.count() == 1, user
    return accounts
