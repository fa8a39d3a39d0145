"""Run daily (cron): applicants' personal data goes a set time after their event."""

from django.conf import settings
from django.core.management.base import BaseCommand

from carenet.common.dates import local_today
from carenet.events.models import Application


class Command(BaseCommand):
    help = "イベントの終了から一定日数が過ぎた申込者の個人情報を削除します（人数は残ります）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="件数だけ表示する")

    def handle(self, *args, dry_run, **options):
        days = settings.EVENT_APPLICANT_RETENTION_DAYS
        due = Application.objects.due_for_erasure(local_today(), days)
        if dry_run:
            self.stdout.write(f"{due.count()} applications would be erased ({days} days)")
            return
        count = Application.objects.filter(pk__in=list(due.values_list("pk", flat=True)))
        erased = count.erase_personal_data()
        self.stdout.write(f"erased the personal data of {erased} applications ({days} days)")
