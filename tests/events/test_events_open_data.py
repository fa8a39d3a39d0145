"""Events as the cities' open data: /<city>/events.csv in the current イベント一覧 columns, and
import_events reading the files municipalities really publish (old and current columns)."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carenet.directory.models import Municipality
from carenet.events.models import Event, Session
from carenet.events.opendata import EventImport
from carenet.events.opendata.reading import parse_date
from tests.events.feed_factories import make_event, venue

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
MITAKA_CURRENT = DATA / "mitaka_events_current_utf8_bom.csv"
TAMA_OLD = DATA / "tama_events_old_cp932.csv"
BROKEN = DATA / "mitaka_events_broken.csv"

# public-facts.md, "Open-data column lists": イベント一覧 as the cities publish it now, in order.
PUBLISHED_COLUMNS = """
NO, 都道府県コード又は市区町村コード, 名称, 名称(カナ), 名称(英字), 名称(通称),
サブタイトル, 概要, 説明, サブイベント, イベント種類, URL, 画像URL, 状態,
対象となる産業, ステージ, 開始日, 終了日, 開始時刻, 終了時刻, 日時備考,
場所名称, 集合場所, 郵便番号, 住所都道府県, 住所市区町村, 住所町名, 住所丁目以下,
建物名等, 緯度, 経度, 主催団体, 共催団体, その他関係団体, 対象者, 定員,
料金(基本), 料金(詳細), 外国語対応, 申込期限日, 申込期限時刻, 申込方法,
アクセス方法, 駐車場情報, 駐輪場情報, 連絡先名称, 連絡先電話番号, 連絡先内線番号,
連絡先メールアドレス, 備考"""
COLUMNS = [name.strip() for name in PUBLISHED_COLUMNS.replace("\n", " ").split(",")]


def download(client, url="/mitaka/events.csv"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    return rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def import_file(path, city=None):
    plan = EventImport(path.read_bytes(), city and Municipality.objects.get(slug=city)).check()
    assert plan.errors == []
    plan.apply()
    return plan


def city_events(slug):
    return Event.objects.filter(municipality__slug=slug, external_id__gt="").with_details()


# --- /<city>/events.csv ---


def test_events_csv_has_the_50_current_columns_in_order(client):
    assert len(COLUMNS) == 50
    header, _rows = download(client)
    assert header == COLUMNS


def test_events_csv_has_a_row_per_session_of_published_real_events_only(client):
    course = make_event(
        venue=venue(),
        sessions=[(dt.date(2026, 12, d), "13:30", "15:00") for d in (3, 10, 17, 24)],
    )
    make_event(title="非公開", is_published=False)
    make_event(title="サンプル", is_sample=True)
    make_event(city="tama", title="多摩の講座")

    _header, rows = download(client)

    assert [row["名称"] for row in rows] == [course.title] * 4
    assert [row["開始日"] for row in rows] == [
        "2026-12-03",
        "2026-12-10",
        "2026-12-17",
        "2026-12-24",
    ]
    assert [row["NO"] for row in rows] == ["1", "2", "3", "4"]
    first = rows[0]
    assert first["都道府県コード又は市区町村コード"] == "132047"
    assert (first["開始時刻"], first["終了時刻"], first["終了日"]) == (
        "13:30",
        "15:00",
        "2026-12-03",
    )
    assert first["場所名称"] == "井の頭コミュニティ・センター"
    assert (first["住所都道府県"], first["住所市区町村"]) == ("東京都", "三鷹市")
    assert (first["住所町名"], first["住所丁目以下"]) == ("井の頭", "2-32-30")
    assert first["状態"] == "予定"
    assert first["イベント種類"] == "講座"
    assert first["URL"] == f"http://127.0.0.1:8000/events/{course.slug}/"


def test_events_csv_marks_cancelled_sessions_and_keeps_cells_formula_safe(client):
    make_event(
        title='=HYPERLINK("http://evil.example")',
        sessions=[
            (dt.date(2026, 12, 3), "10:00", None),
            (dt.date(2026, 12, 10), "10:00", None, Session.Status.CANCELLED),
        ],
    )
    _header, rows = download(client)
    assert [row["状態"] for row in rows] == ["予定", "中止"]
    assert rows[0]["名称"].startswith("'=")


def test_events_csv_of_an_unknown_city_is_404(client):
    assert client.get("/nowhere/events.csv").status_code == 404
    assert client.post("/mitaka/events.csv").status_code == 405


# --- import_events: the files as municipalities publish them ---


def test_current_columns_utf8_bom_file_imports_a_course_as_one_event():
    plan = import_file(MITAKA_CURRENT)

    assert plan.counts["new"] == 4
    course = city_events("mitaka").get(title="認知症サポーター養成講座")
    assert [s.date for s in course.sessions.all()] == [
        dt.date(2026, 12, 3),
        dt.date(2026, 12, 10),
        dt.date(2026, 12, 17),
        dt.date(2026, 12, 24),
    ]
    assert {(s.start_time, s.end_time) for s in course.sessions.all()} == {
        (dt.time(13, 30), dt.time(15, 30))
    }
    # A quoted 説明 over three lines, kept as written.
    assert course.description.splitlines() == [
        "認知症の人と家族を地域で支えるための講座です。",
        "4回とも出席できる方が対象です。",
        "「筆記用具」をお持ちください。",
    ]
    assert course.venue == venue()  # the directory's hall, matched by name in the city
    assert course.kind == Event.Kind.COURSE
    assert course.capacity == 20  # 「先着20名」
    assert course.fee == "無料"
    assert course.apply_by == dt.date(2026, 11, 30)
    assert course.is_published and not course.takes_online_signups
    assert course.slug.startswith("ev-mitaka-") and course.slug.isascii()
    assert course.external_id.startswith("132047-")


def test_empty_times_keep_the_words_of_the_time_note():
    import_file(MITAKA_CURRENT)
    walk = city_events("mitaka").get(title="防災ウォーク（大沢地区）")
    (session,) = walk.sessions.all()
    assert (session.start_time, session.end_time) == (None, None)
    assert session.time_note == "午後1時30分から（雨天中止）"
    assert walk.kind == Event.Kind.OTHER  # 「まち歩き」: no kind of ours says it plainly


def test_a_hall_in_another_city_is_kept_as_name_and_address():
    import_file(MITAKA_CURRENT)
    concert = city_events("mitaka").get(title="多世代交流 音楽会")
    assert concert.venue is None
    assert concert.place_name == "武蔵野市民文化会館 小ホール"
    assert concert.place_address == "東京都武蔵野市中町3-9-11"
    assert concert.kind == Event.Kind.GATHERING
    assert concert.capacity == 80


def test_a_cancelled_row_cancels_that_date_only():
    import_file(MITAKA_CURRENT)
    course = city_events("mitaka").get(title="健康づくり講座「転ばない体」")
    assert course.status == Event.Status.PLANNED
    assert [(s.date.day, s.status) for s in course.sessions.all()] == [
        (12, Session.Status.CANCELLED),
        (19, Session.Status.PLANNED),
    ]
    assert "講師の都合により中止" in course.description  # 備考 kept


def test_old_columns_cp932_file_imports_with_the_city_from_its_code():
    plan = import_file(TAMA_OLD)  # no --city: 132241 names Tama

    assert plan.counts["new"] == 3
    course = city_events("tama").get(title="生活サポーター養成講座")
    assert [s.date for s in course.sessions.all()] == [
        dt.date(2027, 1, 15),
        dt.date(2027, 1, 22),
        dt.date(2027, 1, 29),
    ]
    assert course.sessions.first().start_time == dt.time(10)
    assert course.venue.name == "愛宕かえで館"
    assert course.capacity == 20  # 「２０」
    assert course.apply_by == dt.date(2027, 1, 8)  # 「2027年1月8日」
    assert course.organiser == "多摩市社会福祉協議会"
    assert (
        course.description
        == "暮らしのちょっとした困りごとを手伝う\n生活サポーターになるための講座（全3回）"
    )
    tfpp = city_events("tama").get(title="TFPP 測定会")
    assert tfpp.kind == Event.Kind.OTHER
    assert (tfpp.place_name, tfpp.place_address) == (
        "府中の森芸術劇場 会議室",
        "東京都府中市浅間町1-2 分棟1階",
    )
    assert tfpp.sessions.get().time_note == "午後1時30分から"
    start = city_events("tama").get(title="近トレ スタート応援講座")
    assert start.sessions.get().date == dt.date(2027, 2, 12)  # 「２０２７年２月１２日」
    assert start.capacity is None  # 「なし」


def test_rows_that_cannot_be_read_are_listed_and_nothing_is_saved():
    before = Event.objects.count()
    plan = EventImport(BROKEN.read_bytes(), Municipality.objects.get(slug="mitaka")).check()

    messages = [str(problem) for problem in plan.errors]
    assert [problem.row for problem in plan.errors] == [3, 4, 5]
    assert messages[0].startswith("3行目「開始日」")
    assert "「2026-13-40」は日付として読めません" in messages[0]
    assert messages[1].startswith("4行目「開始時刻」")
    assert "「午後」は時刻として読めません" in messages[1]
    assert messages[2].startswith("5行目「都道府県コード又は市区町村コード」")
    assert "多摩市の行です" in messages[2]
    with pytest.raises(ValueError):
        plan.apply()
    assert Event.objects.count() == before


def test_importing_the_same_file_again_changes_nothing():
    import_file(MITAKA_CURRENT)
    events = list(city_events("mitaka").order_by("pk"))
    stamps = [(e.pk, e.updated_at, e.history.count()) for e in events]
    sessions = sorted(
        Session.objects.filter(event__in=events).values_list("pk", "date", "start_time")
    )

    again = import_file(MITAKA_CURRENT)

    assert again.counts == {"unchanged": 4}
    assert [
        (e.pk, e.updated_at, e.history.count()) for e in city_events("mitaka").order_by("pk")
    ] == stamps
    assert (
        sorted(Session.objects.filter(event__in=events).values_list("pk", "date", "start_time"))
        == sessions
    )


def test_a_changed_row_updates_its_event_and_keeps_its_sessions():
    import_file(MITAKA_CURRENT)
    course = city_events("mitaka").get(title="認知症サポーター養成講座")
    session_ids = [s.pk for s in course.sessions.all()]
    changed = MITAKA_CURRENT.read_bytes().decode("utf-8-sig")
    changed = changed.replace(
        "2026-12-24,2026-12-24,13:30,15:30", "2026-12-24,2026-12-24,14:00,16:00"
    )
    changed = changed.replace("先着20名", "先着25名")

    plan = EventImport(changed.encode("utf-8"), None).check()
    assert plan.errors == []
    assert plan.counts == {"changed": 1, "unchanged": 3}
    (changed_plan,) = [p for p in plan.events if p.action == "changed"]
    assert changed_plan.changed == ["capacity", "sessions"]
    assert changed_plan.changed_labels == ["定員", "開催日"]
    plan.apply()

    course = city_events("mitaka").get(pk=course.pk)
    assert course.capacity == 25
    last = course.sessions.get(date=dt.date(2026, 12, 24))
    assert (last.start_time, last.end_time) == (dt.time(14), dt.time(16))
    assert sorted(s.pk for s in course.sessions.all())[:3] == session_ids[:3]


def session_facts(rows):
    """What must survive an import and an export: names, dates, times and venues."""
    facts = []
    for row in rows:
        address = "".join(
            row.get(c, "") for c in ("住所都道府県", "住所市区町村", "住所町名", "住所丁目以下")
        )
        if row.get("建物名等"):
            address += " " + row["建物名等"]
        facts.append(
            (
                row["名称"],
                row["開始日"].replace("/", "-"),
                row["開始時刻"],
                row["終了時刻"],
                row["日時備考"],
                row["場所名称"],
                address,
            )
        )
    return sorted(facts)


def padded(day):
    """「2026/12/10」 as the export writes it: 2026-12-10."""
    return parse_date(day, "開始日").isoformat()


def test_importing_then_exporting_gives_the_same_sessions_dates_times_and_venues(client):
    import_file(MITAKA_CURRENT, city="mitaka")
    published = MITAKA_CURRENT.read_bytes().decode("utf-8-sig")
    original = list(csv.DictReader(io.StringIO(published, newline="")))
    for row in original:
        row["開始日"] = padded(row["開始日"])

    _header, exported = download(client)

    assert session_facts(exported) == session_facts(original)
    by_date = {(row["名称"], row["開始日"]): row["状態"] for row in exported}
    assert by_date[("健康づくり講座「転ばない体」", "2026-12-12")] == "中止"


def test_the_export_reads_back_through_the_import_unchanged(client):
    import_file(MITAKA_CURRENT, city="mitaka")
    import_file(TAMA_OLD, city="tama")
    make_event(venue=venue(), title="ポータルで作った講座")  # its URL: the portal's page

    # Mitaka: the portal's own event, and the imported one without a URL (written with its page
    # here): rows naming this site's pages are not imported as second copies.
    for city, own_rows in (("mitaka", 2), ("tama", 0)):
        exported = client.get(f"/{city}/events.csv").content
        plan = EventImport(exported, Municipality.objects.get(slug=city)).check()
        assert plan.errors == []
        assert {p.action for p in plan.events} == {"unchanged"}, [
            (p.title, p.changed) for p in plan.events
        ]
        assert len(plan.own_rows) == own_rows


def test_import_events_command_dry_run_saves_nothing(capsys):
    before = Event.objects.count()
    call_command("import_events", str(MITAKA_CURRENT), "--city", "mitaka", "--dry-run")
    out = capsys.readouterr().out
    assert "2・3・4・5行目 新規 認知症サポーター養成講座" in out
    assert "イベント 4件（新規 4・変更 0・変更なし 0）、開催日 8件" in out
    assert "--dry-run" in out
    assert Event.objects.count() == before


def test_import_events_command_saves_and_refuses_a_broken_file(capsys):
    call_command("import_events", str(TAMA_OLD))
    assert city_events("tama").count() == 3
    with pytest.raises(CommandError, match="何も保存していません"):
        call_command("import_events", str(BROKEN), "--city", "mitaka")
    assert "3行目「開始日」" in capsys.readouterr().err
    with pytest.raises(CommandError, match="という市はありません"):
        call_command("import_events", str(TAMA_OLD), "--city", "nowhere")


def test_a_file_without_a_name_column_is_refused_as_a_whole():
    plan = EventImport("開始日,場所\n2026-12-01,どこか\n".encode(), None).check()
    assert [str(p) for p in plan.errors] == [
        "1行目: 見出しの行に「名称」（古い形式では「イベント名」）の列がありません。"
    ]


def test_rows_without_a_city_code_need_the_city():
    data = "名称,開始日,イベント種類\n体操教室,2026-12-01,体操教室\n".encode("cp932")
    plan = EventImport(data, None).check()
    assert "市区町村コードが空です" in str(plan.errors[0])
    plan = EventImport(data, Municipality.objects.get(slug="tama")).check()
    assert plan.errors == []
    assert plan.events[0].fields["kind"] == Event.Kind.HEALTH
