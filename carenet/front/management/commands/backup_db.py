"""A raw copy of the database into a new file only its owner can read (README, Operations)."""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ._database_copies import back_up, new_backup_file, row_counts, supported


class Command(BaseCommand):
    help = (
        "Backs up the database as a raw copy (pg_dump's custom format, or SQLite's backup API) "
        "into DIR/carenet-<vendor>-<time>.<ext>, mode 0600. The personal fields stay encrypted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="directory (default: backups)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output, database, **options):
        connection = connections[database]
        vendor = supported(connection)
        started = time.monotonic()
        counts = row_counts(connection)
        if not counts:
            raise CommandError(
                f"{connection.settings_dict['NAME']} has no tables: nothing to back up "
                "(is DATABASE_URL the right database?)."
            )
        part, final = new_backup_file(output, vendor)
        try:
            back_up(connection, part)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        os.replace(part, final)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"backed up {connection.settings_dict['NAME']} ({vendor}): {len(counts)} tables, "
            f"{sum(counts.values())} rows, {final.stat().st_size / 1e6:.2f} MB in {seconds:.2f} s"
        )
        self.stdout.write(str(final))
        return None
