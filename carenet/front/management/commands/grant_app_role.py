"""The application's own PostgreSQL role: it reads and writes, but cannot rewrite the trails.

Run as the owner of the tables (the role that runs `migrate`), after every migrate:
    python manage.py grant_app_role carenet_app
Tables of models marked `append_only = True` (the access log, account events) get only SELECT
and INSERT: no UPDATE, DELETE or TRUNCATE, whatever the application's code does.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


def append_only_tables():
    return sorted(m._meta.db_table for m in apps.get_models() if getattr(m, "append_only", False))


class Command(BaseCommand):
    help = "アプリ用のPostgreSQLロールに権限を与えます（閲覧記録は追記と読み取りだけ）。"

    def add_arguments(self, parser):
        parser.add_argument("role", help="the login role the application connects as")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role は PostgreSQL 用です。")
        name = connection.ops.quote_name(role)
        statements = [
            f"GRANT USAGE ON SCHEMA public TO {name}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
            *(
                f"REVOKE UPDATE, DELETE, TRUNCATE ON {connection.ops.quote_name(t)} FROM {name}"
                for t in append_only_tables()
            ),
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"granted {role}: read and write; append-only: {', '.join(append_only_tables())}"
        )
