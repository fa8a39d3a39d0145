# Places get a folded copy of their name, よみがな and description, searched by the place search.

from django.db import migrations, models

from carenet.common.search import folded

BATCH = 2000


def fill(apps, schema_editor):
    Salon = apps.get_model("salons", "Salon")
    batch = []
    rows = Salon.objects.only("name", "name_kana", "description").order_by("pk")
    for salon in rows.iterator(chunk_size=BATCH):
        salon.search_text = folded(salon.name, salon.name_kana, salon.description)
        batch.append(salon)
        if len(batch) == BATCH:
            Salon.objects.bulk_update(batch, ["search_text"])
            batch = []
    Salon.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('salons', '0003_directory_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='salon',
            name='search_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
