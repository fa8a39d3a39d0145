"""Re-encrypt every personal field under the newest key, and rebuild the keyed name index.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS, restart, run this, check with
``--check`` that no value needs an older key, then remove the older key and restart.
After a change of SEARCH_INDEX_KEY, this rebuilds the index that name search reads.
"""

import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from carenet.common.crypto import encrypted_fields, opens_with_newest_key
from carenet.common.search import PersonIndexed


def encrypted_models():
    return [model for model in apps.get_models() if encrypted_fields(model)]


def stored_tokens(model, fields):
    """Every stored token of ``fields``, as it is in the table (not decrypted)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)}")
        for row in cursor:
            yield from row


class Command(BaseCommand):
    help = "Re-encrypts personal fields under the newest key; rebuilds the name index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing: count the values that still need an older key (exit 1 if any).",
        )
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, check=False, batch=500, **options):
        started = time.monotonic()
        total = 0
        for model in encrypted_models():
            fields = encrypted_fields(model)
            if check:
                count = sum(not opens_with_newest_key(t) for t in stored_tokens(model, fields))
                self.stdout.write(f"{model._meta.label}: {count} values need an older key")
            else:
                count = self.reencrypt(model, fields, batch)
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
            total += count
        seconds = time.monotonic() - started
        if check and total:
            raise CommandError(f"{total} values still need an older key: run reencrypt first.")
        self.stdout.write(self.style.SUCCESS(f"{total} in all, {seconds:.1f} s"))

    def reencrypt(self, model, fields, batch):
        manager = model._default_manager
        names = [field.name for field in fields]
        indexed = issubclass(model, PersonIndexed)
        if indexed:
            names.append("person_index")
        keys = list(manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(keys), batch):
            with transaction.atomic():
                # Locked while read and written back, so that no edit in between is undone.
                rows = list(manager.select_for_update().filter(pk__in=keys[start : start + batch]))
                if indexed:
                    for row in rows:
                        row.index_person()
                manager.bulk_update(rows, names)
        return len(keys)
