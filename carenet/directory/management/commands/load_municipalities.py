"""Loads every municipality of Japan from the shipped list (carenet/directory/data/).

Upserts by 全国地方公共団体コード: missing municipalities are created, an existing one only has
a blank name, reading or prefecture filled in. A slug already in the database never changes
(printed QR codes carry it), nor does anything staff wrote about the seed cities.
"""

import csv
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from carenet.directory.models import Municipality
from carenet.directory.models.cities import is_valid_local_government_code
from carenet.directory.prefectures import BY_NAME

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "municipalities.csv"
REQUIRED_COLUMNS = ("code", "prefecture", "name", "name_kana", "slug")
FILLED_IF_BLANK = ("name", "name_kana", "prefecture")
SLUG_PATTERN = re.compile(r"[a-z0-9-]+")
MAX_ERRORS_SHOWN = 20


def slug_is_free(slug):
    """A city's slug is a top-level path (/mitaka/): it must reach the city page, and nothing
    of the site may live under it (/areas/…, /salons/…, /prefectures/… are the site's own)."""
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return False
    try:
        resolve(f"/{slug}/any-page/")
    except Resolver404:
        return match.view_name == "carenet:municipality-detail"
    return False


def read_rows(path):
    """The file's rows, checked one by one and against each other; a list of errors if any."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                return [], [_("列が足りません: %(columns)s") % {"columns": ", ".join(missing)}]
            rows = [(number, row) for number, row in enumerate(reader, start=2)]
    except FileNotFoundError:
        return [], [_("ファイルが見つかりません: %(path)s") % {"path": path}]
    except UnicodeDecodeError:
        return [], [_("ファイルをUTF-8として読めません: %(path)s") % {"path": path}]

    errors, seen_codes, seen_slugs = [], {}, {}
    slug_length = Municipality._meta.get_field("slug").max_length
    for number, row in rows:
        values = {c: (row.get(c) or "").strip() for c in REQUIRED_COLUMNS}
        row.update(values)
        code, prefecture, slug = values["code"], values["prefecture"], values["slug"]

        def error(message, number=number):
            errors.append(_("%(line)s行目: %(message)s") % {"line": number, "message": message})

        if not is_valid_local_government_code(code):
            error(
                _(
                    "コード「%(code)s」は6桁の全国地方公共団体コードではありません（検査数字が合いません）。"
                )
                % {"code": code}
            )
        elif code in seen_codes:
            error(
                _("コード「%(code)s」が%(first)s行目と重なっています。")
                % {"code": code, "first": seen_codes[code]}
            )
        else:
            seen_codes[code] = number
        if prefecture not in BY_NAME:
            error(_("「%(name)s」は都道府県名ではありません。") % {"name": prefecture})
        elif BY_NAME[prefecture].code != code[:2]:
            error(
                _("コード「%(code)s」は%(name)sのコードではありません。")
                % {"code": code, "name": prefecture}
            )
        if not values["name"]:
            error(_("市区町村名が空です。"))
        if not SLUG_PATTERN.fullmatch(slug) or len(slug) > slug_length:
            error(
                _(
                    "URL名「%(slug)s」は半角英小文字・数字・ハイフンで%(max)s文字までにしてください。"
                )
                % {"slug": slug, "max": slug_length}
            )
        elif not slug_is_free(slug):
            error(
                _("URL名「%(slug)s」はサイトのほかのページのアドレスと重なります。")
                % {"slug": slug}
            )
        elif slug in seen_slugs:
            error(
                _("URL名「%(slug)s」が%(first)s行目と重なっています。")
                % {"slug": slug, "first": seen_slugs[slug]}
            )
        else:
            seen_slugs[slug] = number
    return rows, errors


class Command(BaseCommand):
    help = "全国の市区町村の一覧（CSV）を読み込みます。コードで照合し、URL名は変えません。"

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE), help="読み込むCSVファイル")
        parser.add_argument("--dry-run", action="store_true", help="数を数えるだけで保存しない")

    def handle(self, *args, file, dry_run, **options):
        rows, errors = read_rows(file)
        if not errors:
            with transaction.atomic():
                created, updated, unchanged, errors = self.upsert(rows, dry_run=dry_run)
        if errors:
            shown = "\n".join(errors[:MAX_ERRORS_SHOWN])
            more = len(errors) - MAX_ERRORS_SHOWN
            if more > 0:
                shown += "\n" + _("ほかに%(count)s件") % {"count": more}
            raise CommandError(
                _("%(file)s を読み込めませんでした。何も保存していません。\n%(errors)s")
                % {"file": file, "errors": shown}
            )
        summary = _("新規 %(created)s件、更新 %(updated)s件、変更なし %(unchanged)s件") % {
            "created": len(created),
            "updated": len(updated),
            "unchanged": unchanged,
        }
        if dry_run:
            summary = _("（試行のみ・保存していません）") + summary
        self.stdout.write(summary)

    def upsert(self, rows, dry_run):
        existing = {m.code: m for m in Municipality.objects.all()}
        slugs_in_use = {m.slug: m for m in existing.values()}
        created, updated, unchanged, errors = [], [], 0, []
        for number, row in rows:
            city = existing.get(row["code"])
            if city is None:
                holder = slugs_in_use.get(row["slug"])
                if holder is not None:
                    errors.append(
                        _("%(line)s行目: URL名「%(slug)s」は%(name)s（%(code)s）が使っています。")
                        % {
                            "line": number,
                            "slug": row["slug"],
                            "name": holder.name,
                            "code": holder.code,
                        }
                    )
                    continue
                created.append(Municipality(**{field: row[field] for field in REQUIRED_COLUMNS}))
                continue
            blanks = [f for f in FILLED_IF_BLANK if not getattr(city, f) and row[f]]
            for field in blanks:
                setattr(city, field, row[field])
            if blanks:
                updated.append(city)
            else:
                unchanged += 1
        if errors or dry_run:
            return created, updated, unchanged, errors
        reason = _("全国の市区町村一覧から読み込み")
        bulk_create_with_history(
            created, Municipality, batch_size=500, default_change_reason=reason
        )
        if updated:
            bulk_update_with_history(
                updated,
                Municipality,
                list(FILLED_IF_BLANK),
                batch_size=500,
                default_change_reason=reason,
            )
        return created, updated, unchanged, errors
