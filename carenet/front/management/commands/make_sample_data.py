"""Synthetic places for load tests and benchmarks: marked as sample, never written to fixtures/."""

import random
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from carenet.directory.models import Area
from consultations import sample as sample_consultations
from salons.models import Kind, Salon, Schedule

SAMPLE_PREFIX = "【サンプル】"


class Command(BaseCommand):
    help = "試験用の架空の通いの場を追加します（サンプルと明示し、fixtures/ には書きません）。"

    def add_arguments(self, parser):
        parser.add_argument("--places", type=int, default=0, help="追加する通いの場の数")
        parser.add_argument("--consultations", type=int, default=0, help="追加する相談の数")
        parser.add_argument("--clear", action="store_true", help="先に既存のサンプルを削除する")
        parser.add_argument("--seed", type=int, default=0, help="乱数の種（同じ種なら同じ内容）")
        parser.add_argument("--dry-run", action="store_true", help="何をするかだけ表示する")

    def handle(self, *args, places, consultations, clear, seed, dry_run, **options):
        if not settings.DEBUG:
            # Sample data has no place in a live database, and --clear deletes.
            raise CommandError(
                "make_sample_data は開発・試験用です（DEBUG=1 のときだけ使えます）。"
            )
        if places < 0 or consultations < 0:
            raise CommandError("--places と --consultations は0以上の数にしてください。")
        areas = list(Area.objects.select_related("municipality"))
        kinds = list(Kind.objects.all())
        if places and not (areas and kinds):
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
            created = self.make_places(places, areas, kinds, rng)
            made = sample_consultations.make(consultations, areas, rng)
        self.stdout.write(self.style.SUCCESS(f"added {created} sample places"))
        if consultations:
            self.stdout.write(self.style.SUCCESS(f"added {made} sample consultations"))

    def clear(self):
        gone, kept = sample_consultations.clear()
        deleted = Salon.objects.filter(is_sample=True).delete()[1].get("salons.Salon", 0)
        self.stdout.write(f"deleted {deleted} sample places and {gone} sample consultations")
        if kept:
            self.stdout.write(
                f"kept {kept} sample consultations that staff have opened (access log)"
            )

    def make_places(self, count, areas, kinds, rng):
        salons = []
        for number in range(1, count + 1):
            area = rng.choice(areas)
            salons.append(
                Salon(
                    municipality=area.municipality,
                    area=area,
                    kind=rng.choice(kinds),
                    name=f"{SAMPLE_PREFIX}{area.name}の通いの場 {number}",
                    slug=f"sample-{uuid.uuid4().hex[:12]}",
                    description="負荷試験用の架空のデータです。実在しません。",
                    venue_note="サンプル会場（実在しません）",
                    status=rng.choices(list(Salon.Status), weights=[90, 8, 2])[0],
                    is_sample=True,
                    source="make_sample_data",
                )
            )
        Salon.objects.bulk_create(salons, batch_size=500)
        Schedule.objects.bulk_create(
            [self.random_schedule(salon, rng) for salon in salons], batch_size=500
        )
        return len(salons)

    @staticmethod
    def random_schedule(salon, rng):
        weekly = rng.random() < 0.3
        start_hour = rng.choice([10, 13, 14])
        return Schedule(
            salon=salon,
            frequency=Schedule.Frequency.WEEKLY if weekly else Schedule.Frequency.MONTHLY,
            weekday=rng.randint(1, 7),
            week_of_month=None if weekly else rng.choice([1, 2, 3, 4, -1]),
            months=rng.choice(["", "", "", "1,3,5,7,9,11", "2,4,6,8,10,12"]) if not weekly else "",
            start_time=f"{start_hour}:00",
            end_time=f"{start_hour + 2}:00",
            skip_holidays=rng.random() < 0.5,
        )
