# Venues get a folded copy of their name and address, searched by the place search.

from django.db import migrations, models

from carenet.common.search import folded

BATCH = 2000


def fill(apps, schema_editor):
    Venue = apps.get_model("carenet", "Venue")
    batch = []
    for venue in Venue.objects.only("name", "address").order_by("pk").iterator(chunk_size=BATCH):
        venue.search_text = folded(venue.name, venue.address)
        batch.append(venue)
        if len(batch) == BATCH:
            Venue.objects.bulk_update(batch, ["search_text"])
            batch = []
    Venue.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('carenet', '0002_directory_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='venue',
            name='search_text',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
