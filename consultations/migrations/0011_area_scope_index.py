"""An area coordinator's count from the index alone (ConsultationQuerySet.count_visible)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("carenet", "0011_search_short_piece_indexes"),
        ("consultations", "0010_indexes_for_large_lists"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="consultation",
            index=models.Index(
                fields=["area", "municipality", "assignee"], name="consultation_area_scope"
            ),
        ),
    ]
