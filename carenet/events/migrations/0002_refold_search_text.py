from django.db import migrations

from carenet.common.search import refold


def refold_rows(apps, schema_editor):
    # The key now folds small kana and long vowels and keeps the readings of kanji.
    refold(
        apps.get_model("events", "Event"),
        ["title", "title_kana", "summary", "description", "place_name", "organiser"],
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(refold_rows, migrations.RunPython.noop)]
