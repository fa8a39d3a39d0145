"""A backup restores every row: consultations with their records, history and access log, events
with sign-ups, places. Raw copies (pg_dump / SQLite's backup API), so the personal fields stay
encrypted in the file; restored into a new, empty database and compared table by table in SQL."""

import os
import stat
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections

from carenet.events.models import Application
from consultations.models import AccessLog, Consultation, ContactLog, Referral
from salons.models import Salon
from tests.conftest import load_seed, make_consultation, make_staff
from tests.events.factories import make_event

# The copy is read by another connection (pg_dump), so the rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

TABLES_THAT_MUST_HAVE_ROWS = [
    Consultation._meta.db_table,
    Consultation.history.model._meta.db_table,
    ContactLog._meta.db_table,
    ContactLog.history.model._meta.db_table,
    Referral._meta.db_table,
    AccessLog._meta.db_table,
    Application._meta.db_table,
    Salon._meta.db_table,
    Salon.history.model._meta.db_table,
]


@pytest.fixture
def network(transactional_db):
    """Consultations with contact logs, referrals, history and access log; an event; places."""
    from carenet.directory.models import Municipality

    if not Municipality.objects.exists():  # transaction=True flushes the seed with the rows
        load_seed()
    coordinator = make_staff("co-ops", "mitaka", "areas", ["inokashira"])
    place = Salon.objects.order_by("pk").first()
    for number in range(3):
        case = make_consultation(
            "inokashira",
            name=f"井の頭 花子{number}",
            name_kana="いのかしら はなこ",
            phone="0422-11-2233",
        )
        case.summary = f"{case.summary}（{number}回目の電話）"
        case.save()  # a second history row
        ContactLog.objects.create(
            consultation=case,
            method="phone",
            what_happened="電話で様子を伺った。",
            staff=coordinator,
        )
        Referral.objects.create(consultation=case, salon=place, outcome_note="見学の予定")
        AccessLog.record(coordinator, [case], AccessLog.Via.STAFF)
    event = make_event(slug="ops-backup", capacity=2)
    for number in range(3):  # two seats and one on the waiting list
        Application.take(event, name=f"申込 太郎{number}", phone=f"0422{number:06d}")
    place.name = f"{place.name}（改称）"
    place.save()
    return coordinator


def every_row(db):
    """{table: Counter of rows} for every table, read in SQL through `db` (a database wrapper)."""
    with db.cursor() as cursor:
        tables = db.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)}")
            rows[table] = Counter(tuple(map(comparable, row)) for row in cursor.fetchall())
    return rows


def comparable(value):
    if isinstance(value, dict | list):
        return repr(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def back_up(tmp_path):
    out = StringIO()
    call_command("backup_db", output=tmp_path / "backups", stdout=out)
    print(out.getvalue())  # the drill's numbers: rows, MB, seconds (pytest -s shows them)
    [path] = (tmp_path / "backups").iterdir()
    return path, out.getvalue()


class EmptyDatabase:
    """A new database beside the test one: a new SQLite file, or a new PostgreSQL database."""

    def __init__(self, tmp_path):
        source = connection.settings_dict
        if connection.vendor == "sqlite":
            self.name = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.name}"
        else:
            self.name = f"{source['NAME']}_restored"
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.name)}")
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(self.name)}")
            login = quote(source["USER"] or "")
            if source["PASSWORD"]:
                login += ":" + quote(source["PASSWORD"])
            self.url = (
                f"postgres://{login}@{source['HOST'] or 'localhost'}:{source['PORT'] or 5432}/"
                f"{self.name}"
            )
        self.wrapper = type(connections["default"])({**source, "NAME": self.name}, alias="restored")

    def restore(self, path, *extra):
        """Runs `manage.py restore_db` as the operator would, against this database."""
        env = {**os.environ, "DATABASE_URL": self.url, "DEBUG": "1"}
        return subprocess.run(
            [sys.executable, "manage.py", "restore_db", str(path), *extra],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def drop(self):
        self.wrapper.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.name)} WITH (FORCE)"
                )


@pytest.fixture
def empty_database(tmp_path):
    database = EmptyDatabase(tmp_path)
    yield database
    database.drop()


def test_a_backup_restored_into_an_empty_database_has_every_row_history_and_access_log(
    network, tmp_path, empty_database
):
    before = every_row(connection)
    for table in TABLES_THAT_MUST_HAVE_ROWS:
        assert before[table], f"{table} has no rows: the test would prove nothing for it"
    path, said = back_up(tmp_path)
    assert f"{sum(map(lambda c: c.total(), before.values()))} rows" in said

    restored = empty_database.restore(path)
    print(restored.stdout)
    assert restored.returncode == 0, restored.stderr
    after = every_row(empty_database.wrapper)
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], f"{table} differs after the restore"


def test_the_backup_file_is_readable_by_its_owner_only_and_named_with_the_time(network, tmp_path):
    path, _ = back_up(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    vendor, extension = (
        ("sqlite", "sqlite3") if connection.vendor == "sqlite" else ("postgresql", "dump")
    )
    assert path.name.startswith(f"carenet-{vendor}-20") and path.suffix == f".{extension}"
    assert not list(path.parent.glob("*.part"))


def readable(path):
    """The backup's data as bytes to search: the SQLite file, or the dump as pg_restore reads it
    (pg_dump's custom format is compressed)."""
    if connection.vendor == "sqlite":
        return path.read_bytes()
    return subprocess.run(
        ["pg_restore", "--data-only", "--file=-", str(path)], capture_output=True, check=True
    ).stdout


def test_the_backup_keeps_the_personal_fields_encrypted(network, tmp_path):
    path, _ = back_up(tmp_path)
    content = readable(path)
    assert "井の頭 花子0".encode() not in content
    assert "電話で様子を伺った".encode() not in content
    # ...while the same rows are in it: the place's new name is not personal, and not encrypted.
    assert "（改称）".encode() in content


def test_restore_refuses_a_database_that_has_tables_and_changes_nothing(network, tmp_path):
    path, _ = back_up(tmp_path)
    make_consultation("osawa", name="あとから 追加")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_db", str(path), stdout=StringIO())
    assert Consultation.objects.count() == 4


def test_restore_with_force_replaces_the_database_with_the_backup(network, tmp_path):
    path, _ = back_up(tmp_path)
    before = every_row(connection)
    make_consultation("osawa", name="あとから 追加")
    call_command("restore_db", str(path), force=True, stdout=StringIO())
    assert every_row(connection) == before


def test_restore_of_a_file_that_is_no_backup_says_so_and_changes_nothing(tmp_path, empty_database):
    bad = tmp_path / "not-a-backup.dump"
    bad.write_bytes(b"this is not a database")
    restored = empty_database.restore(bad)
    assert restored.returncode != 0
    assert "Traceback" not in restored.stderr
    assert empty_database.wrapper.introspection.table_names() == []


@pytest.mark.django_db  # nothing committed to read: no flush needed
def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore_db", str(Path(tmp_path) / "nowhere.dump"), stdout=StringIO())


def test_backing_up_a_database_with_no_tables_refuses_and_writes_no_file(tmp_path):
    # A mistyped DATABASE_URL must not produce a good-looking, empty backup.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'typo.sqlite3'}", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", "backup_db", "--output", str(tmp_path / "out")],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "has no tables" in result.stderr
    assert not (tmp_path / "out").exists()
