"""python manage.py import_places FILE --city mitaka [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carenet.directory.models import Municipality
from salons.importing import MAX_BYTES, PlaceImport


class Command(BaseCommand):
    help = (
        "通いの場をCSVファイルから取り込みます。すべての行が正しいときだけ、まとめて保存します"
        "（列は README「通いの場の一括取り込み (CSV)」）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSVファイル（UTF-8 または Shift_JIS）")
        parser.add_argument("--city", required=True, help="市のURL名（mitaka、tama など）")
        parser.add_argument("--dry-run", action="store_true", help="何も保存せず、結果だけ表示する")

    def handle(self, *args, file, city, dry_run, **options):
        municipality = Municipality.objects.filter(slug=city).first()
        if municipality is None:
            raise CommandError(f"「{city}」という市はありません。")
        path = Path(file)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)  # one byte more: "too big" is the import's to say
        except OSError as error:
            raise CommandError(f"ファイルを開けません: {error}") from error
        plan = PlaceImport(data, municipality).check()
        if plan.errors:
            for problem in plan.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"取り込めませんでした（{len(plan.errors)}件の問題）。何も保存していません。"
            )
        for row in plan.rows:
            changed = f"（{'・'.join(row.changed)}）" if row.changed else ""
            self.stdout.write(f"{row.number}行目 {row.action_label}{changed} {row.name}")
        if dry_run:
            self.stdout.write(f"{plan.counts_text()}（--dry-run: 保存していません）")
            return
        plan.apply()
        self.stdout.write(self.style.SUCCESS(f"{municipality.name}: {plan.counts_text()}"))
