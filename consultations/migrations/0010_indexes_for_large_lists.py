"""Indexes for a city's million cases: the lists' order, the years, the person search."""

from django.db import migrations, models

# The same expression as carenet.common.search.HoldsPersonKey, or the planner will not use it.
PERSON_KEYS = (
    "CREATE INDEX IF NOT EXISTS consultation_person_keys ON consultations_consultation "
    "USING gin (string_to_array(person_index, ' '))"
)


def person_keys_index(apps, schema_editor):
    # GIN exists only on PostgreSQL; SQLite reads every row's index with LIKE, as it always did.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PERSON_KEYS)


def drop_person_keys_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS consultation_person_keys")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0009_access_log_rights"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                fields=["municipality", "urgent", "received_at", "id"],
                name="consultation_city_list",
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                fields=["area", "urgent", "received_at", "id"], name="consultation_area_list"
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                fields=["municipality", "received_at", "area", "channel", "id", "updated_at"],
                name="consultation_city_year",
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(fields=["area", "received_at"], name="consultation_area_received"),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                fields=["municipality", "follow_up_on"], name="consultation_city_due"
            ),
        ),
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(fields=["area", "follow_up_on"], name="consultation_area_due"),
        ),
        migrations.RunPython(person_keys_index, drop_person_keys_index, elidable=False),
    ]
