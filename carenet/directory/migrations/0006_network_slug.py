from django.db import migrations, models


def fill_slugs(apps, schema_editor):
    # Existing rows get a plain slug staff can rename; the seed fixture brings readable ones.
    # (The column is added without an index, so that PostgreSQL's "_like" index is made once.)
    Network = apps.get_model("carenet", "Network")
    for network in Network.objects.filter(slug__isnull=True):
        network.slug = f"network-{network.pk}"
        network.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("carenet", "0005_municipality_places_stated_total")]

    operations = [
        migrations.AddField(
            model_name="network",
            name="slug",
            field=models.SlugField(db_index=False, max_length=100, null=True, verbose_name="URL名"),
        ),
        migrations.AddField(
            model_name="historicalnetwork",
            name="slug",
            field=models.SlugField(db_index=False, max_length=100, null=True, verbose_name="URL名"),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="network",
            name="slug",
            field=models.SlugField(
                help_text="ローマ字。公開ページのURLになります。",
                max_length=100,
                unique=True,
                verbose_name="URL名",
            ),
        ),
        migrations.AlterField(
            model_name="historicalnetwork",
            name="slug",
            field=models.SlugField(
                db_index=True,
                help_text="ローマ字。公開ページのURLになります。",
                max_length=100,
                verbose_name="URL名",
            ),
        ),
    ]
