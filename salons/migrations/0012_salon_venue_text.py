from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from carenet.common.search import ShortPieceIndexes, TrigramIndexes


def copy_venue_texts(apps, schema_editor):
    Salon = apps.get_model("salons", "Salon")
    Venue = apps.get_model("carenet", "Venue")
    text = Venue.objects.filter(pk=OuterRef("venue_id")).values("search_text")[:1]
    Salon.objects.filter(venue__isnull=False).update(
        venue_text=Coalesce(Subquery(text), Value(""))
    )


class Migration(migrations.Migration):
    # A place's venue's words in the place's own row (decision 0018): 「会館 さくら」 over 48,000
    # venues called 会館 took 0.8 s as a list of venue ids.
    dependencies = [
        ("carenet", "0011_search_short_piece_indexes"),
        ("salons", "0011_search_short_piece_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="salon",
            name="venue_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(copy_venue_texts, migrations.RunPython.noop),
        TrigramIndexes([("salons_salon_venue_trgm", "salons_salon", "venue_text")]),
        ShortPieceIndexes([("salons_salon_venue_pieces", "salons_salon", "venue_text")]),
    ]
