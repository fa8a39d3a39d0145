"""Confirmations of a listing are a trail: on PostgreSQL the table refuses UPDATE and DELETE, whoever
asks (as the consultation access log does), and a confirmed place cannot be deleted with them."""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION salons_placecheck_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'salons_placecheck is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER salons_placecheck_append_only
    BEFORE UPDATE OR DELETE ON salons_placecheck
    FOR EACH ROW EXECUTE FUNCTION salons_placecheck_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS salons_placecheck_append_only ON salons_placecheck;
DROP FUNCTION IF EXISTS salons_placecheck_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("salons", "0006_organisers_reports_import_ids")]

    operations = [
        migrations.AlterField(
            model_name="placecheck",
            name="salon",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="checks",
                to="salons.salon",
                verbose_name="通いの場",
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
