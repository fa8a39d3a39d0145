"""Prints how long the public pages take and how many SQL queries they run.

Speed is measured here, never asserted in tests. With --places, sample places are added inside a
transaction that is rolled back at the end, so the database is left as it was.
"""

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from salons.models import Salon

PAGES = [
    "/",
    "/mitaka/",
    "/areas/inokashira/",
    "/salons/",
    "/salons/?city=tama&weekday=4",
    "/salons/?q=サロン",
    "/salons/fureai-salon-inokashira/",
    "/coordinators/",
    "/areas/inokashira/list/",
    "/salons/fureai-salon-inokashira/flyer/",
]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "公開ページの応答時間とSQLの回数を表示します（ベンチマーク）。"

    def add_arguments(self, parser):
        parser.add_argument("--places", type=int, default=1000, help="一時的に追加するサンプルの数")
        parser.add_argument("--repeat", type=int, default=20, help="各ページを何回読むか")

    def handle(self, *args, places, repeat, **options):
        try:
            with transaction.atomic():
                if places:
                    call_command("make_sample_data", places=places, seed=1, stdout=self.stdout)
                self.measure(repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("sample places rolled back")

    def measure(self, repeat):
        client = Client(HTTP_HOST="127.0.0.1")
        self.stdout.write(
            f"{Salon.objects.count()} places in the database, {repeat} requests a page"
        )
        self.stdout.write(f"{'page':40} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
        for url in PAGES:
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
            p90 = timings[int(len(timings) * 0.9) - 1]
            self.stdout.write(
                f"{url:40} {statistics.median(timings):10.1f} {p90:8.1f} {len(queries):8d}"
            )
