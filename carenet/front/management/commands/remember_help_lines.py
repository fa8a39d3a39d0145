"""Copies the help lines into the cache, so the 503 page has phone numbers while the database is
down. Scheduled every 10 minutes with retry_notices (README, Operations)."""

from django.core.management.base import BaseCommand

from carenet.front.unavailable import remember_help_lines


class Command(BaseCommand):
    help = "相談窓口の電話番号をキャッシュに写します（データベース停止中の503ページ用）。"

    def handle(self, *args, **options):
        lines = remember_help_lines()
        self.stdout.write(f"remembered {len(lines)} help lines in the cache")
