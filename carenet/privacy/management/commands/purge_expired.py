"""Run daily (cron): personal data past its retention period goes; the counts stay.

Closed consultations more than CONSULTATION_RETENTION_YEARS after they were closed are
anonymised with their history, contact logs and referrals; 近トレ start-up groups that
ended as long ago lose their representative's data; event applications
EVENT_APPLICANT_RETENTION_DAYS after their event lose their names and phones. All in one
transaction, recorded per city in a PurgeRecord (counts, never names). Running it again
changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from carenet.common.dates import local_today
from carenet.directory.models import Municipality
from carenet.privacy.erasure import describe, purge_expired


class Command(BaseCommand):
    help = (
        "保存期間を過ぎた相談（終結から一定年数）を匿名化し、変更履歴・対応記録・つなぎ先を削除します。"
        "終わったイベントの申込者の個人情報も削除します。件数は集計に残ります。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="件数だけ表示し、何も変えない")

    def handle(self, *args, dry_run, **options):
        years = settings.CONSULTATION_RETENTION_YEARS
        days = settings.EVENT_APPLICANT_RETENTION_DAYS
        counts = purge_expired(local_today(), years, days, dry_run=dry_run)
        names = dict(Municipality.objects.filter(pk__in=counts).values_list("pk", "name"))
        prefix = "[dry run] " if dry_run else ""
        for city, count in sorted(counts.items()):
            self.stdout.write(f"{prefix}{names[city]}: {describe({city: count})}")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{prefix}{sum(c['consultations'] for c in counts.values())} consultations and "
            f"{sum(c['applications'] for c in counts.values())} applications and "
            f"{sum(c['startup_groups'] for c in counts.values())} start-up groups {verb} purged "
            f"(consultations and ended groups {years} years after closing, applications "
            f"{days} days after the event)"
        )
