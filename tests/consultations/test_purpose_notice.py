"""The first purpose notice (利用目的の通知): in the seed for development and tests, by migration
for a production install, and the same text both ways."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from consultations.models import PurposeNotice
from tests.conftest import load_seed

pytestmark = pytest.mark.django_db


def seed_notices():
    rows = json.loads((settings.BASE_DIR / "fixtures" / "consultations.json").read_text())
    return [
        {**row["fields"], "effective_from": dt.date.fromisoformat(row["fields"]["effective_from"])}
        for row in rows
        if row["model"] == "consultations.purposenotice"
    ]


def test_the_seed_alone_gives_residents_a_notice_to_agree_to(client, fixed_today):
    # As after a flush (the browser suite): no migration runs again, the seed must be enough.
    PurposeNotice.objects.all().delete()
    load_seed()
    notice = PurposeNotice.current()
    assert notice is not None and notice.version == "2026-1"
    body = client.get("/consult/").content.decode()
    assert notice.text.splitlines()[0] in body


def test_migrate_writes_the_same_first_notice_as_the_seed():
    # A production install gets its notice from migration 0002 and never loads the seed.
    PurposeNotice.objects.all().delete()
    migration = MigrationLoader(None).disk_migrations["consultations", "0002_first_purpose_notice"]
    (create,) = migration.operations
    create.code(apps, None)
    written = list(PurposeNotice.objects.values("version", "text", "effective_from"))
    assert written == seed_notices()
    assert len(written) == 1
