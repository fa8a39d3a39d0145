"""What `make run` does after migrating: seed data into an empty database, and a demo login."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from carenet.models import Municipality

SEED_FIXTURES = ["fixtures/carenet.json", "fixtures/salons.json", "fixtures/coordinators.json"]
DEFAULT_DEMO_PASSWORD = "carenet-demo-2026"
DEMO_USERNAME = "demo-admin"


class Command(BaseCommand):
    help = "空のデータベースにシードデータを入れ、開発用のデモアカウントを作ります（DEBUG時）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="何をするかだけ表示する")

    def handle(self, *args, dry_run, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo は開発用です（DEBUG=1 のときだけ使えます）。")
        needs_seed = not Municipality.objects.exists()
        if dry_run:
            self.stdout.write(f"dry run: load seed={needs_seed}, reset demo login {DEMO_USERNAME}")
            return
        with transaction.atomic():
            if needs_seed:
                call_command(
                    "loaddata", *[settings.BASE_DIR / f for f in SEED_FIXTURES], verbosity=0
                )
                self.stdout.write("loaded the seed data")
            else:
                # Staff edits made in the admin survive a restart.
                self.stdout.write("kept the existing data")
            password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
            user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"demo staff login: {DEMO_USERNAME} / {password}  (/admin/, development only)"
            )
        )
