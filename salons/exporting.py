"""Places as a CSV with the import's columns: what is exported reads back unchanged."""

from carenet.common.spreadsheet import csv_response
from salons.importing.cells import STATUS_LABELS
from salons.importing.plan import schedule_key
from salons.importing.reading import COLUMNS
from salons.schedule_text import ScheduleTextError, parse_schedule_text

RULE_SEPARATOR = "／"


def schedule_text(schedule):
    """The schedule in words, or "" when the words would not read back as the same rule.

    Such a rule cannot pass Schedule.clean() (a monthly rule with a weekday and no week, described
    as 「火曜日（第何週かは要確認）」): writing nothing is safer than a wrong schedule. Times stay
    13:30〜15:00 (clock=True): a file is also read by other programs, not only by the import.
    """
    words = schedule.describe(clock=True)
    try:
        rules = parse_schedule_text(words)
    except ScheduleTextError:
        return ""
    if len(rules) != 1:
        return ""
    read_back = type(schedule).from_rule(rules[0], valid_from=schedule.valid_from)
    return words if schedule_key(read_back) == schedule_key(schedule) else ""


def place_row(salon):
    schedules = list(salon.schedules.all())
    venue, contact = salon.venue, salon.contact
    start = next((s.valid_from for s in schedules if s.valid_from), None)
    cells = {
        "管理番号": salon.external_id,
        "名称": salon.name,
        "よみがな": salon.name_kana,
        "種類": salon.kind.name,
        "地域": salon.area.name if salon.area_id else "",
        "会場": venue.name if venue else "",
        "住所": venue.address if venue else "",
        "緯度": venue.latitude if venue else None,
        "経度": venue.longitude if venue else None,
        "日程": RULE_SEPARATOR.join(filter(None, (schedule_text(s) for s in schedules))),
        "開始日": start.isoformat() if start else "",
        "問い合わせ先": contact.label if contact else "",
        "電話": contact.phone if contact else "",
        "参加費": salon.fee,
        "定員": salon.capacity,
        "状態": STATUS_LABELS[salon.status],
        "運営": salon.organiser_name,
        "内容": salon.description,
        "出典": salon.source,
        "出典の日付": salon.source_date,
        "URL名": salon.slug,
    }
    return [cells[column] for column in COLUMNS]


def place_rows(queryset):
    places = queryset.select_related("kind", "area", "venue", "contact", "network")
    return (place_row(salon) for salon in places.prefetch_related("schedules"))


def places_csv_response(filename, queryset):
    """A download of the places, formula-safe and readable in Excel (csv_response)."""
    return csv_response(filename, COLUMNS, place_rows(queryset))
