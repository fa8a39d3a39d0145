from django.db import migrations

from carenet.common.search import TrigramIndexes


class Migration(migrations.Migration):
    # A place is found by its venue's, area's or network's words (docs/decisions/0012): each
    # table's folded column gets its own trigram index on PostgreSQL (decision 0018).
    dependencies = [
        ("carenet", "0009_municipality_takes_part"),
    ]

    operations = [
        TrigramIndexes(
            [
                ("carenet_venue_search_trgm", "carenet_venue", "search_text"),
                ("carenet_area_search_trgm", "carenet_area", "search_text"),
                ("carenet_initiative_search_trgm", "carenet_initiative", "search_text"),
            ]
        ),
    ]
