"""A city's events in the current イベント一覧 columns, one row per session, as the cities
publish them (/<city>/events.csv). What is written reads back through the import unchanged."""

from carenet.common.ical import absolute_url
from carenet.common.spreadsheet import csv_response
from carenet.events.models import Session
from carenet.events.opendata.columns import CURRENT_COLUMNS, split_address
from carenet.events.places import place_name

STATUS_WORDS = {"planned": "予定", "cancelled": "中止", "postponed": "延期"}


def hm(value):
    return f"{value:%H:%M}" if value else ""


def address_cells(event):
    """住所都道府県 … 建物名等: a venue's from its city and its own address, an imported hall's
    whole address split again (split_address: joined, the parts give the same text)."""
    if event.venue_id:
        venue = event.venue
        _pref, _city, town, block, building = split_address(venue.address)
        return (
            venue.postal_code,
            venue.municipality.prefecture if venue.address else "",
            venue.municipality.name if venue.address else "",
            town,
            block,
            building,
        )
    return ("", *split_address(event.place_address))


def session_status(event, session):
    if session.is_cancelled:
        return STATUS_WORDS["cancelled"]
    return STATUS_WORDS[event.status]


def session_row(number, session):
    event = session.event
    venue = event.venue if event.venue_id else None
    contact = event.contact if event.contact_id else None
    postal, pref, city, town, block, building = address_cells(event)
    cells = {
        "NO": number,
        "都道府県コード又は市区町村コード": event.municipality.code,
        "名称": event.title,
        "名称(カナ)": event.title_kana,
        "概要": event.summary,
        "説明": event.description,
        "イベント種類": event.get_kind_display(),
        "URL": event.url or absolute_url(event.get_absolute_url()),
        "状態": session_status(event, session),
        "開始日": session.date.isoformat(),
        "終了日": session.date.isoformat(),
        "開始時刻": hm(session.start_time),
        "終了時刻": hm(session.end_time),
        "日時備考": session.time_note,
        "場所名称": place_name(event),
        "郵便番号": postal,
        "住所都道府県": pref,
        "住所市区町村": city,
        "住所町名": town,
        "住所丁目以下": block,
        "建物名等": building,
        "緯度": venue.latitude if venue else None,
        "経度": venue.longitude if venue else None,
        "主催団体": event.organiser,
        "対象者": event.target,
        "定員": event.capacity,
        "料金(基本)": event.fee,
        "申込期限日": event.apply_by.isoformat() if event.apply_by else "",
        "申込期限時刻": hm(event.apply_by_time),
        "申込方法": event.how_to_apply,
        "アクセス方法": venue.access if venue else "",
        "連絡先名称": contact.label if contact else event.contact_name,
        "連絡先電話番号": contact.phone if contact else event.contact_phone,
        "連絡先メールアドレス": contact.email if contact else "",
    }
    return [cells.get(column, "") for column in CURRENT_COLUMNS]


def session_rows(events):
    """Every session of these events, by date: one query, however many events."""
    sessions = (
        Session.objects.filter(event__in=events)
        .select_related("event__municipality", "event__venue__municipality", "event__contact")
        .order_by("date", "start_time", "event__title", "pk")
    )
    return (session_row(number, session) for number, session in enumerate(sessions, start=1))


def events_csv_response(filename, events):
    return csv_response(filename, CURRENT_COLUMNS, session_rows(events))
