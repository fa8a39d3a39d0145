"""Sends again the notices whose mail failed (`notice_failed`): web consultation requests still 受付
and 近トレ inquiries still 相談. Scheduled every 10 minutes (README, Operations).

A sent notice clears the flag, so the request leaves the staff page's "not announced" list; a notice
that fails again keeps it, and is tried on the next run. Lives in the site layer, the one layer that
may import both consultations and community work.
"""

import logging

from django.core.management.base import BaseCommand, CommandError

from carenet.community.models import StartupGroup
from carenet.community.services import notify
from consultations.models import Consultation
from consultations.services import notify_council

logger = logging.getLogger("carenet.notifications")


def retry(queryset, send, label):
    sent = failed = 0
    for item in queryset.order_by("pk"):
        try:
            send(item)
        except Exception:
            logger.exception("Could not send the notice of %s %s again", label, item.pk)
            failed += 1
        else:
            # Not an edit by anyone: the version and the history stay as they are.
            type(item).objects.filter(pk=item.pk).update(notice_failed=False)
            sent += 1
    return sent, failed


class Command(BaseCommand):
    help = "送れなかった通知メール（Webの相談依頼・近トレの相談）を送り直します。"

    def handle(self, *args, **options):
        results = {
            "consultations": retry(
                Consultation.objects.unannounced(), notify_council, "consultation"
            ),
            "start-up inquiries": retry(
                StartupGroup.objects.filter(notice_failed=True, stage=StartupGroup.Stage.INQUIRY),
                notify,
                "start-up inquiry",
            ),
        }
        for label, (sent, failed) in results.items():
            self.stdout.write(f"{label}: {sent} sent, {failed} still failing")
        if any(failed for _, failed in results.values()):
            # A non-zero exit, so that cron's mail or the scheduler's alert shows it.
            raise CommandError("some notices could not be sent: the mail server may be down")
