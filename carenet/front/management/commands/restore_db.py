"""Restores a backup_db file into an empty database (or, with --force, over one)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from carenet.common.page_cache import bump_generation

from ._database_copies import restore, row_counts, supported


class Command(BaseCommand):
    help = (
        "Restores a file written by backup_db into the database. Refuses a database that has "
        "tables unless --force is given (then its tables are replaced)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .dump (PostgreSQL) or .sqlite3 file from backup_db")
        parser.add_argument("--force", action="store_true", help="replace a non-empty database")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path, force, database, **options):
        connection = connections[database]
        vendor = supported(connection)
        path = Path(path)
        if not path.is_file():
            raise CommandError(f"{path}: no such backup file.")
        name = connection.settings_dict["NAME"]
        tables = connection.introspection.table_names()
        if tables and not force:
            raise CommandError(
                f"{name} is not empty ({len(tables)} tables): nothing restored. "
                "Restore into a new, empty database, or add --force to replace this one."
            )
        started = time.monotonic()
        restore(connection, path, replace=bool(tables))
        bump_generation()  # every stored public page showed the data replaced just now
        counts = row_counts(connection)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"restored {path} into {name} ({vendor}): {len(counts)} tables, "
            f"{sum(counts.values())} rows in {seconds:.2f} s"
        )
        if vendor == "postgresql":
            self.stdout.write(
                "Grants are not restored: run `manage.py grant_app_role <role>` as the owner next."
            )
