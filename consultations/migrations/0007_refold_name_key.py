from django.db import migrations, models

from carenet.common.search import folded


def refold_names(apps, schema_editor):
    # The key now folds small kana and long vowels and keeps the reading of a name in kanji:
    # 「ユーコ」 finds 「ゆうこ」, and 「たなか」 finds 田中 when nobody typed a reading.
    consultation = apps.get_model("consultations", "Consultation")
    rows = list(consultation.objects.only("pk", "name", "name_kana"))
    for row in rows:
        row.name_key = folded(row.name, row.name_kana)
    consultation.objects.bulk_update(rows, ["name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0006_consultation_notice_failed")]

    operations = [
        migrations.AlterField(
            model_name="consultation",
            name="name_key",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(refold_names, migrations.RunPython.noop),
    ]
