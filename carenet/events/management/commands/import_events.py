"""python manage.py import_events FILE [--city mitaka] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carenet.directory.models import Municipality
from carenet.events.opendata import EventImport
from salons.importing import MAX_BYTES


class Command(BaseCommand):
    help = (
        "自治体標準オープンデータセットの「イベント一覧」CSVを取り込みます（今の列・古い列のどちらも）。"
        "すべての行が読めたときだけ、まとめて保存します。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSVファイル（UTF-8 または Shift_JIS）")
        parser.add_argument(
            "--city",
            help="市のURL名（mitaka、tama など）。"
            "なければ「都道府県コード又は市区町村コード」の列で決めます",
        )
        parser.add_argument("--dry-run", action="store_true", help="何も保存せず、結果だけ表示する")

    def handle(self, *args, file, city, dry_run, **options):
        municipality = None
        if city:
            municipality = Municipality.objects.filter(slug=city).first()
            if municipality is None:
                raise CommandError(f"「{city}」という市はありません。")
        try:
            with Path(file).open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)  # one byte more: "too big" is the import's to say
        except OSError as error:
            raise CommandError(f"ファイルを開けません: {error}") from error
        plan = EventImport(data, municipality).check()
        if plan.errors:
            for problem in plan.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"取り込めませんでした（{len(plan.errors)}件の読めない行）。何も保存していません。"
            )
        for event in plan.events:
            rows = "・".join(str(number) for number in event.row_numbers)
            changed = f"（{'・'.join(event.changed_labels)}）" if event.changed else ""
            self.stdout.write(f"{rows}行目 {event.action_label}{changed} {event.title}")
        if dry_run:
            self.stdout.write(f"{plan.counts_text()}（--dry-run: 保存していません）")
            return
        plan.apply()
        self.stdout.write(self.style.SUCCESS(plan.counts_text()))
