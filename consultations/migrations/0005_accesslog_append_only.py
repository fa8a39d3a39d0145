"""On PostgreSQL the access trail refuses UPDATE and DELETE, whoever asks.

The application's own database role also lacks those privileges (README, Production); this
trigger holds even for the table's owner, so that a mistaken or malicious query cannot rewrite
who read which consultation.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION consultations_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'consultations_accesslog is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER consultations_accesslog_append_only
    BEFORE UPDATE OR DELETE ON consultations_accesslog
    FOR EACH ROW EXECUTE FUNCTION consultations_accesslog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS consultations_accesslog_append_only ON consultations_accesslog;
DROP FUNCTION IF EXISTS consultations_accesslog_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0004_accesslog_purpose_and_export")]

    operations = [migrations.RunPython(install, uninstall)]
