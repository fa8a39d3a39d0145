"""Synthetic data for load tests and benchmarks: marked as sample, never written to fixtures/.

Each app makes its own sample rows (salons.sample, consultations.sample, …); this command, in
the site layer, only calls them, times each step and prints its speed.
"""

import random
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from carenet.common.page_cache import bump_generation
from carenet.community import sample as sample_startups
from carenet.directory import sample as sample_areas
from carenet.directory.models import Municipality
from carenet.events import sample as sample_events
from consultations import sample as sample_consultations
from salons import sample as sample_places
from salons.models import Kind, Salon


class Command(BaseCommand):
    help = (
        "試験用の架空の通いの場・相談などを追加します"
        "（サンプルと明示し、fixtures/ には書きません）。"
        "--national で全国の市区町村に 145,641 か所を散らします。大量に作るため、"
        "サンプルの行には変更履歴（history）を残しません。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--places",
            type=int,
            default=None,
            help="追加する通いの場の数（--national のときは既定で全国の数 "
            f"{sample_places.NATIONAL_PLACES:,}）",
        )
        parser.add_argument(
            "--national",
            action="store_true",
            help="全国の市区町村に通いの場を散らす（地域のない市には【サンプル】の地区を作る）",
        )
        parser.add_argument(
            "--consultations",
            type=int,
            default=0,
            help="追加する相談の数（職員のいる市の実在の地域だけに入れます）",
        )
        parser.add_argument(
            "--events", type=int, default=0, help="追加するイベント（Web申込つき）の数"
        )
        parser.add_argument(
            "--startups", type=int, default=0, help="追加する近トレの立ち上げ（多摩市）の数"
        )
        parser.add_argument("--clear", action="store_true", help="先に既存のサンプルを削除する")
        parser.add_argument("--seed", type=int, default=0, help="乱数の種（同じ種なら同じ内容）")
        parser.add_argument("--dry-run", action="store_true", help="何をするかだけ表示する")

    def handle(
        self,
        *args,
        places,
        national,
        consultations,
        events,
        startups,
        clear,
        seed,
        dry_run,
        **options,
    ):
        if not settings.DEBUG:
            # Sample data has no place in a live database, and --clear deletes.
            raise CommandError(
                "make_sample_data は開発・試験用です（DEBUG=1 のときだけ使えます）。"
            )
        if places is None:
            places = sample_places.NATIONAL_PLACES if national else 0
        if min(places, consultations, events, startups) < 0:
            raise CommandError(
                "--places・--consultations・--events・--startups は0以上の数にしてください。"
            )
        areas = list(sample_areas.real_areas().select_related("municipality").order_by("pk"))
        if (places or events) and not (areas and Kind.objects.exists()):
            raise CommandError("先にシードデータを読み込んでください（地域と種類が必要です）。")
        served = sample_consultations.served_areas() if consultations else []
        if consultations and not served:
            raise CommandError(
                "相談を入れる地域がありません（職員のいる市の実在の地域が必要です）。"
            )
        if dry_run:
            existing = Salon.objects.filter(is_sample=True).count()
            where = "over every municipality" if national else "in the real areas"
            self.stdout.write(
                f"dry run: sample places now {existing}; would clear={clear}, add {places} "
                f"{where} and {consultations} consultations"
            )
            return
        if national:
            self.load_municipalities()
        self.started = time.monotonic()
        with transaction.atomic():
            rng = random.Random(seed)
            if clear:
                self.clear()
            if national:
                created, added_areas, empty = self.step(
                    "places (national)",
                    lambda progress: sample_places.make_national(places, rng, seed, progress),
                )
                self.stdout.write(
                    f"added {added_areas} sample areas; {empty} municipalities have no place"
                )
            else:
                created = self.step(
                    "places", lambda progress: sample_places.make(places, areas, rng, progress)
                )
            made = self.step(
                "consultations",
                lambda progress: sample_consultations.make(consultations, served, rng, progress),
            )
            held = sample_events.make(events, areas, rng)
            started = sample_startups.make(startups, areas, rng)
            committing = time.monotonic()
        # PostgreSQL checks the deferred foreign keys of every new row here: a minute a million.
        self.stdout.write(f"commit: {time.monotonic() - committing:.1f}s")
        bump_generation()  # bulk_create sends no signals: the stored public pages are out of date
        self.analyze()
        self.stdout.write(self.style.SUCCESS(f"added {created} sample places"))
        if events:
            self.stdout.write(self.style.SUCCESS(f"added {held} sample events"))
        if consultations:
            self.stdout.write(self.style.SUCCESS(f"added {made} sample consultations"))
        if startups:
            self.stdout.write(self.style.SUCCESS(f"added {started} sample start-up groups"))
        self.stdout.write(f"total {time.monotonic() - self.started:.1f}s")

    def load_municipalities(self):
        """Every municipality first: the national spread is over all 1,741."""
        if Municipality.objects.count() >= sample_places.NATIONAL_MUNICIPALITIES:
            return
        if "load_municipalities" not in get_commands():
            raise CommandError(
                "--national には全国の市区町村が必要です。"
                "manage.py load_municipalities が見つかりません。"
            )
        self.step("municipalities", lambda progress: self.run_loader())

    def run_loader(self):
        call_command("load_municipalities", stdout=self.stdout)
        return Municipality.objects.count()

    def step(self, label, work):
        """Runs ``work(progress)``, printing its progress (about every tenth) and its speed."""
        started = time.monotonic()
        shown = [0]

        def progress(done, total):
            if done * 10 // total > shown[0] * 10 // total or done == total:
                shown[0] = done
                elapsed = time.monotonic() - started
                self.stdout.write(
                    f"  {label}: {done:,}/{total:,} in {elapsed:.1f}s "
                    f"({done / max(elapsed, 1e-6):,.0f} rows/s)"
                )

        result = work(progress)
        count = result[0] if isinstance(result, tuple) else result
        elapsed = time.monotonic() - started
        if count:
            self.stdout.write(
                f"{label}: {count:,} in {elapsed:.1f}s ({count / max(elapsed, 1e-6):,.0f} rows/s)"
            )
        return result

    def analyze(self):
        """PostgreSQL plans from its statistics: after a bulk load they describe empty tables,
        and a page that uses an index with the right figures scans instead (seconds, not ms)."""
        if connection.vendor != "postgresql":
            return
        analyzing = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"analyze: {time.monotonic() - analyzing:.1f}s")

    def clear(self):
        gone, kept = self.step("clear consultations", lambda progress: sample_consultations.clear())
        groups = self.step("clear start-up groups", lambda progress: sample_startups.clear())
        events = self.step("clear events", lambda progress: sample_events.clear())
        deleted = self.step("clear places", lambda progress: sample_places.clear())
        areas = self.step("clear sample areas", lambda progress: sample_areas.clear_areas())
        self.stdout.write(
            f"deleted {deleted} sample places, {areas} sample areas, {events} sample events, "
            f"{groups} sample start-up groups and {gone} sample consultations"
        )
        if kept:
            self.stdout.write(
                f"kept {kept} sample consultations that staff have opened (access log)"
            )
        confirmed = Salon.objects.filter(is_sample=True).count()
        if confirmed:
            self.stdout.write(f"kept {confirmed} sample places that staff have confirmed")
