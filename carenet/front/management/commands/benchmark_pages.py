"""Prints how long the public pages and the staff's admin lists take, and their SQL queries.

Speed is measured here, never asserted in tests. With --places or --consultations, sample rows are
added inside a transaction that is rolled back at the end, so the database is left as it was.
The admin lists are read as the demo accounts (`setup_demo`), signed in with a second factor
made for the run and rolled back with it.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.models import Consultation
from salons.models import Salon

PAGES = [
    "/",
    "/mitaka/",
    "/mitaka/areas/inokashira/",
    "/salons/",
    "/salons/?city=tama&weekday=4",
    "/salons/?q=サロン",  # a word most places match: counted to 1,000, not ranked
    "/salons/?q=体操",  # two characters: the piece index, not a trigram
    "/salons/?q=会館+さくら",  # a word found through tens of thousands of venues
    "/salons/fureai-salon-inokashira/",
    "/coordinators/",
    "/mitaka/areas/inokashira/list/",
    "/salons/fureai-salon-inokashira/flyer/",
]

# (demo account, admin list): the lists staff open all day, as the people who open them.
# A URL name may carry a query (the filters and searches staff use); a path is read as it is.
# Ids are the seed fixtures' (area 1 井の頭, topic 8 介護).
CONSULTATIONS = "admin:consultations_consultation_changelist"
ADMIN_PAGES = [
    ("demo-mitaka", CONSULTATIONS),
    ("demo-mitaka", f"{CONSULTATIONS}?status__exact=received"),
    ("demo-mitaka", f"{CONSULTATIONS}?area__id__exact=1"),
    ("demo-mitaka", f"{CONSULTATIONS}?topics__id__exact=8"),
    ("demo-mitaka", f"{CONSULTATIONS}?due=overdue"),
    ("demo-mitaka", f"{CONSULTATIONS}?urgent__exact=1&channel__exact=web"),
    ("demo-mitaka", f"{CONSULTATIONS}?received_at__year=2026&received_at__month=3"),
    (
        "demo-mitaka",
        f"{CONSULTATIONS}?status__exact=in_progress&area__id__exact=1&topics__id__exact=8",
    ),
    ("demo-mitaka", f"{CONSULTATIONS}?o=9"),
    ("demo-mitaka", f"{CONSULTATIONS}?q=123456"),
    ("demo-mitaka", f"{CONSULTATIONS}?q=さんぷる+はなこ"),
    ("demo-mitaka", f"{CONSULTATIONS}?q=どこにもいない+名前"),
    ("demo-inokashira", CONSULTATIONS),
    ("demo-inokashira", f"{CONSULTATIONS}?status__exact=received"),
    ("demo-inokashira", f"{CONSULTATIONS}?q=さんぷる+はなこ"),
    ("demo-mitaka", "/staff/"),
    ("demo-inokashira", "/staff/"),
    ("demo-mitaka", "/staff/stats/"),
    ("demo-inokashira", "/staff/stats/"),
    ("demo-mitaka", "admin:consultations_contactlog_changelist"),
    ("demo-mitaka", "admin:salons_salon_changelist"),
    ("demo-inokashira", "admin:salons_salon_changelist"),
]


class Rollback(Exception):
    pass


def signed_in_client(username):
    """A client signed in as a demo account with a verified second factor, or None."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        return None
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


class Command(BaseCommand):
    help = "公開ページと管理画面の一覧の応答時間とSQLの回数を表示します（ベンチマーク）。"

    def add_arguments(self, parser):
        parser.add_argument("--places", type=int, default=1000, help="一時的に追加するサンプルの数")
        parser.add_argument(
            "--consultations", type=int, default=0, help="一時的に追加するサンプルの相談の数"
        )
        parser.add_argument("--repeat", type=int, default=20, help="各ページを何回読むか")

    def handle(self, *args, places, consultations, repeat, **options):
        try:
            with transaction.atomic():
                if places or consultations:
                    call_command(
                        "make_sample_data",
                        places=places,
                        consultations=consultations,
                        seed=1,
                        stdout=self.stdout,
                    )
                self.measure(repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("sample rows and benchmark sign-ins rolled back")

    def measure(self, repeat):
        self.stdout.write(
            f"{Salon.objects.count()} places and {Consultation.objects.count()} consultations "
            f"in the database, {repeat} requests a page, server time without the page cache"
        )
        # What a page costs to make: the public page cache (benchmark_load measures it) is off.
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.measure_pages(repeat)

    def measure_pages(self, repeat):
        self.stdout.write(f"{'page':60} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        client = Client(HTTP_HOST="127.0.0.1")
        for url in PAGES:
            self.report(client, url, url, repeat)
        clients = {}
        for username, name in ADMIN_PAGES:
            if username not in clients:
                clients[username] = signed_in_client(username)
            if clients[username] is None:
                self.stderr.write(f"{username} does not exist: run setup_demo first")
                continue
            url, _, query = name.partition("?")
            url = (url if url.startswith("/") else reverse(url)) + (f"?{query}" if query else "")
            self.report(clients[username], url, f"{url} ({username})", repeat)

    def report(self, client, url, label, repeat):
        client.get(url)  # warm caches and connections
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                self.stderr.write(f"{url} answered {response.status_code}")
        timings.sort()
        p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
        self.stdout.write(
            f"{label:60} {statistics.median(timings):8.1f} {p95:8.1f} {len(queries):8d}"
        )
