"""Raw copies of the database, for backup_db and restore_db (a leading _: not a command itself).

Raw on purpose: the personal fields are stored encrypted, and a copy of the tables keeps them so.
`dumpdata` would read them through the models and write them out decrypted.
PostgreSQL: pg_dump's custom format and pg_restore. SQLite: the sqlite3 online backup API.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

# connection settings -> libpq's variables: no password on a command line (`ps` would show it).
PG_SETTINGS = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}
EXTENSIONS = {"postgresql": "dump", "sqlite": "sqlite3"}


def supported(connection):
    if connection.vendor not in EXTENSIONS:
        raise CommandError(f"{connection.vendor} is not supported: PostgreSQL or SQLite only.")
    return connection.vendor


def row_counts(connection):
    """{table: rows} for every table of the database."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def pg_environment(connection):
    env = dict(os.environ)
    settings = connection.settings_dict
    for key, variable in PG_SETTINGS.items():
        if settings.get(key):
            env[variable] = str(settings[key])
    for key, variable in PG_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(key):
            env[variable] = str(settings["OPTIONS"][key])
    env["PGDATABASE"] = settings["NAME"]
    return env


def run(command, env, **kwargs):
    try:
        result = subprocess.run(command, env=env, stderr=subprocess.PIPE, text=True, **kwargs)
    except FileNotFoundError as error:
        raise CommandError(
            f"{command[0]} not found: install the PostgreSQL client tools."
        ) from error
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def new_backup_file(directory, vendor):
    """A new, empty file only its owner may read: DIR/carenet-<vendor>-<local time>.<ext>.part."""
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = directory / f"carenet-{vendor}-{stamp}.{EXTENSIONS[vendor]}"
    if final.exists():
        raise CommandError(f"{final} exists already: wait a second and run again.")
    part = final.with_name(final.name + ".part")
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return part, final


def back_up(connection, part):
    """Writes the copy into `part`, which exists, empty, with mode 0600."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(part)
        try:
            with target:
                connection.connection.backup(target)
            check_sqlite(target, part)
        finally:
            target.close()
    else:
        env = pg_environment(connection)
        with open(part, "wb") as out:
            run(["pg_dump", "--format=custom", "--no-password"], env, stdout=out)
        run(["pg_restore", "--list", str(part)], env, stdout=subprocess.DEVNULL)  # readable?
    with open(part, "rb") as written:
        os.fsync(written.fileno())


def check_sqlite(database, path):
    try:
        [(result,)] = database.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise CommandError(f"{path} is not a readable SQLite database: {error}") from error
    if result != "ok":
        raise CommandError(f"{path} fails SQLite's quick check: {result}")


def restore(connection, path, replace):
    """Copies the backup at `path` into the database; `replace`: over the tables already there."""
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            check_sqlite(source, path)
            connection.ensure_connection()
            # The backup API replaces the target's every page: nothing of the old database stays.
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        command = [
            "pg_restore",
            "--no-password",
            "--no-owner",  # the restoring role (the one that runs migrate) owns the tables
            "--no-privileges",  # grants are given again with grant_app_role
            "--exit-on-error",
            "--single-transaction",  # all of it, or nothing
            f"--dbname={connection.settings_dict['NAME']}",
        ]
        if replace:
            command += ["--clean", "--if-exists"]
        connection.close()
        run([*command, str(path)], pg_environment(connection), stdout=subprocess.DEVNULL)
