"""Synthetic data for load tests and benchmarks: marked as sample, never written to fixtures/.

Each app makes its own sample rows (salons.sample, consultations.sample); this command, in the
site layer, only calls them.
"""

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from carenet.community import sample as sample_startups
from carenet.directory.models import Area
from carenet.events import sample as sample_events
from consultations import sample as sample_consultations
from salons import sample as sample_places
from salons.models import Kind, Salon


class Command(BaseCommand):
    help = "試験用の架空の通いの場を追加します（サンプルと明示し、fixtures/ には書きません）。"

    def add_arguments(self, parser):
        parser.add_argument("--places", type=int, default=0, help="追加する通いの場の数")
        parser.add_argument("--consultations", type=int, default=0, help="追加する相談の数")
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
        self, *args, places, consultations, events, startups, clear, seed, dry_run, **options
    ):
        if not settings.DEBUG:
            # Sample data has no place in a live database, and --clear deletes.
            raise CommandError(
                "make_sample_data は開発・試験用です（DEBUG=1 のときだけ使えます）。"
            )
        if min(places, consultations, events, startups) < 0:
            raise CommandError(
                "--places・--consultations・--events・--startups は0以上の数にしてください。"
            )
        areas = list(Area.objects.select_related("municipality"))
        if (places or events) and not (areas and Kind.objects.exists()):
            raise CommandError("先にシードデータを読み込んでください（地域と種類が必要です）。")
        if dry_run:
            existing = Salon.objects.filter(is_sample=True).count()
            self.stdout.write(
                f"dry run: sample places now {existing}; would clear={clear}, add {places}"
            )
            return
        with transaction.atomic():
            rng = random.Random(seed)
            if clear:
                self.clear()
            created = sample_places.make(places, areas, rng)
            made = sample_consultations.make(consultations, areas, rng)
            held = sample_events.make(events, areas, rng)
            started = sample_startups.make(startups, areas, rng)
        self.stdout.write(self.style.SUCCESS(f"added {created} sample places"))
        if events:
            self.stdout.write(self.style.SUCCESS(f"added {held} sample events"))
        if consultations:
            self.stdout.write(self.style.SUCCESS(f"added {made} sample consultations"))
        if startups:
            self.stdout.write(self.style.SUCCESS(f"added {started} sample start-up groups"))

    def clear(self):
        gone, kept = sample_consultations.clear()
        deleted = sample_places.clear()
        events = sample_events.clear()
        groups = sample_startups.clear()
        self.stdout.write(
            f"deleted {deleted} sample places, {events} sample events, {groups} sample start-up "
            f"groups and {gone} sample consultations"
        )
        if kept:
            self.stdout.write(
                f"kept {kept} sample consultations that staff have opened (access log)"
            )
