from django.db import migrations

from carenet.common.search import ShortPieceIndexes


class Migration(migrations.Migration):
    # Words of one or two characters (会館) cannot use the trigram indexes of 0010 (decision 0018).
    dependencies = [
        ("carenet", "0010_search_text_trigram_indexes"),
    ]

    operations = [
        ShortPieceIndexes(
            [
                ("carenet_venue_search_pieces", "carenet_venue", "search_text"),
                ("carenet_area_search_pieces", "carenet_area", "search_text"),
            ]
        ),
    ]
