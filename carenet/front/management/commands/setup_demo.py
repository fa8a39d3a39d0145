"""What `make run` does after migrating: seed data into an empty database, and demo logins."""

import csv
import io
import json
import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from carenet.directory.models import Area, Municipality
from coordinators.models import Coordinator, StaffProfile
from coordinators.roles import sync_roles
from salons.models import Kind, Organiser, Salon

# The kinds that the places from public sources need (fixtures/places/README.md).
PUBLIC_SOURCE_KINDS = "fixtures/kinds_public_sources.json"
SEED_FIXTURES = [
    "fixtures/carenet.json",
    "fixtures/salons.json",
    PUBLIC_SOURCE_KINDS,
    "fixtures/coordinators.json",
    "fixtures/consultations.json",
    "fixtures/community.json",
]
# Real places from public sources, imported after the seed (fixtures/places/README.md).
PUBLIC_SOURCE_PLACES = [
    ("fixtures/places/mitaka-public-sources.csv", "mitaka"),
    ("fixtures/places/tama-public-sources.csv", "tama"),
]
DEFAULT_DEMO_PASSWORD = "carenet-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    label: str
    city: str
    scope: str | None  # None: no staff profile, so no consultations
    role: str
    areas: tuple = ()
    coordinator_area: str = ""  # the directory coordinator of this area, if any
    tama_layer: int | None = None


DEMO_ACCOUNTS = [
    DemoAccount(
        "demo-mitaka",
        "三鷹市 スーパーバイザー",
        "mitaka",
        StaffProfile.Scope.CITY,
        "city_supervisor",
    ),
    DemoAccount(
        "demo-inokashira",
        "井の頭 地域福祉コーディネーター",
        "mitaka",
        StaffProfile.Scope.AREAS,
        "area_coordinator",
        areas=("inokashira",),
        coordinator_area="inokashira",
    ),
    DemoAccount(
        "demo-osawa",
        "大沢 地域福祉コーディネーター",
        "mitaka",
        StaffProfile.Scope.AREAS,
        "area_coordinator",
        areas=("osawa",),
        coordinator_area="osawa",
    ),
    DemoAccount(
        "demo-tama", "多摩市 スーパーバイザー", "tama", StaffProfile.Scope.CITY, "city_supervisor"
    ),
    DemoAccount(
        "demo-tama-atago",
        "多摩市 第2層生活支援コーディネーター（愛宕・乞田・貝取）",
        "tama",
        StaffProfile.Scope.AREAS,
        "area_coordinator",
        areas=("atago-kotta-kaitori",),
        tama_layer=2,
    ),
    DemoAccount("demo-admin", "名簿の管理（全市・共通データ）", "", None, "directory_admin"),
    DemoAccount("demo-access", "アカウント管理", "", None, "access_admin"),
]
# A 世話人 (volunteer organiser) of one seed place: not staff, opens /staff/places/ only.
DEMO_ORGANISER = ("demo-sewanin", "デモ世話人（ふれあいサロン・井の頭）", "fureai-salon-inokashira")


def reset_demo_organiser(password):
    username, name, place_slug = DEMO_ORGANISER
    salon = Salon.objects.get(slug=place_slug)
    organiser = Organiser.objects.filter(user__username=username).first()
    if organiser is None:
        organiser = Organiser.objects.create_with_account(
            username, password, salon.municipality, name, note="開発用のデモアカウント"
        )
    else:
        organiser.user.set_password(password)
        organiser.user.is_active = True
        organiser.user.save()
    salon.organisers.add(organiser)
    return organiser


class Command(BaseCommand):
    help = "空のデータベースにシードデータを入れ、開発用のデモアカウントを作ります（DEBUG時）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="何をするかだけ表示する")

    def handle(self, *args, dry_run, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo は開発用です（DEBUG=1 のときだけ使えます）。")
        needs_seed = not Municipality.objects.exists()
        names = ", ".join(a.username for a in DEMO_ACCOUNTS)
        if dry_run:
            self.stdout.write(f"dry run: load seed={needs_seed}, reset demo logins {names}")
            return
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        with transaction.atomic():
            if needs_seed:
                call_command(
                    "loaddata", *[settings.BASE_DIR / f for f in SEED_FIXTURES], verbosity=0
                )
                self.stdout.write("loaded the seed data")
            else:
                # Staff edits made in the admin survive a restart.
                self.stdout.write("kept the existing data")
            self.import_public_source_places()
            # Every other municipality of Japan, public data: the prefecture pages list them.
            call_command("load_municipalities", verbosity=0)
            roles = sync_roles()
            for account in DEMO_ACCOUNTS:
                self.reset_account(account, password, roles[account.role])
            reset_demo_organiser(password)
        self.stdout.write(self.style.SUCCESS("demo staff logins (development only):"))
        for account in DEMO_ACCOUNTS:
            where = "/staff/" if account.scope else "/admin/"
            self.stdout.write(f"  {account.username} / {password}  {account.label} ({where})")
        username, label, _slug = DEMO_ORGANISER
        self.stdout.write(f"  {username} / {password}  {label} (/staff/places/)")
        if settings.OTP_DEVELOPMENT_BYPASS:
            self.stdout.write(
                "second factor: skipped for development (OTP_DEVELOPMENT_BYPASS=1); "
                "`make run OTP_DEVELOPMENT_BYPASS=0` asks for it"
            )

    def import_public_source_places(self):
        """The places of fixtures/places/ after the seed, once. A city that already holds one of
        a file's 管理番号 keeps what it has: staff may have confirmed or corrected those places."""
        self.ensure_public_source_kinds()  # a database seeded before they existed
        imported, skipped = [], []
        for name, city in PUBLIC_SOURCE_PLACES:
            path = settings.BASE_DIR / name
            with path.open(encoding="utf-8-sig", newline="") as handle:
                ids = [row["管理番号"] for row in csv.DictReader(handle) if row["管理番号"]]
            places = Salon.objects.filter(municipality__slug=city, external_id__in=ids)
            if places.exists():
                continue
            try:
                with transaction.atomic():
                    call_command(
                        "import_places",
                        str(path),
                        city=city,
                        stdout=io.StringIO(),
                        stderr=io.StringIO(),
                    )
            except CommandError:
                skipped.append(name)
                continue
            imported.append(places)
        if imported or skipped:
            count = sum(places.count() for places in imported)
            unconfirmed = sum(places.filter(status="unconfirmed").count() for places in imported)
            line = f"imported {count} places from public sources ({unconfirmed} 未確認)"
            if skipped:
                line += f"; not imported: {', '.join(skipped)} (run import_places to see why)"
            self.stdout.write(line)

    def ensure_public_source_kinds(self):
        path = settings.BASE_DIR / PUBLIC_SOURCE_KINDS
        for row in json.loads(path.read_text(encoding="utf-8")):
            fields = dict(row["fields"])
            Kind.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)

    def reset_user(self, username, password):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = False  # roles, never a superuser, for daily work
        user.is_active = True
        user.email = f"{username}@example.invalid"
        user.set_password(password)
        user.save()
        return user

    def reset_account(self, account, password, group):
        user = self.reset_user(account.username, password)
        user.groups.set([group])
        if account.scope is None:
            StaffProfile.objects.filter(user=user).delete()
            return
        city = Municipality.objects.get(slug=account.city)
        coordinator = None
        if account.coordinator_area:
            coordinator = Coordinator.objects.filter(
                areas__municipality=city, areas__slug=account.coordinator_area
            ).first()
        elif account.tama_layer:
            coordinator = Coordinator.objects.filter(
                municipality=city, layer=account.tama_layer
            ).first()
        StaffProfile.objects.filter(coordinator=coordinator).exclude(user=user).update(
            coordinator=None
        )
        profile, _ = StaffProfile.objects.update_or_create(
            user=user,
            defaults={"municipality": city, "scope": account.scope, "coordinator": coordinator},
        )
        profile.areas.set(Area.objects.filter(municipality=city, slug__in=account.areas))
