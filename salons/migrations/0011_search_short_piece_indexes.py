from django.db import migrations

from carenet.common.search import ShortPieceIndexes


class Migration(migrations.Migration):
    # Words of one or two characters (体操, 茶) cannot use the trigram index of 0009 (decision
    # 0018). At national scale this takes about 1.5 minutes on PostgreSQL.
    dependencies = [
        ("salons", "0010_schedule_by_day"),
    ]

    operations = [
        ShortPieceIndexes([("salons_salon_search_pieces", "salons_salon", "search_text")]),
    ]
