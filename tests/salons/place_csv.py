"""Place CSV files for the import and export tests, built from varied, realistic rows."""

import csv
import io

MITAKA_AREAS = ["井の頭", "新川中原", "seibu", "東部", "renjaku", "三鷹駅周辺", "大沢"]
# Every way of writing a schedule that the issue lists, full-width digits too.
SCHEDULES = [
    ("毎月第2木曜日 14:00〜16:00", ""),
    ("奇数月第1火曜日 午後1時30分～3時", ""),
    ("第2・第4水曜日 午前10時〜", ""),
    ("毎週月曜日", ""),
    ("隔週金曜日", "2026-04-03"),
    ("年10回 第3木曜日", ""),
    ("第１月曜日　１３：３０～１５：００", ""),
    ("毎月第2木曜日 14:00〜16:00／毎週月曜日", ""),
    ("", ""),
]
KINDS = ["サロン", "認知症カフェ", "cafe", "相談サロン"]
CAPACITIES = ["20", "２０人", "15名", ""]
SOURCE_DATES = ["2026-05", "2025", "2026-10-01", ""]
HEADER = [
    "管理番号",
    "名称",
    "よみがな",
    "種類",
    "地域",
    "会場",
    "住所",
    "日程",
    "開始日",
    "問い合わせ先",
    "電話",
    "参加費",
    "定員",
    "状態",
    "運営",
    "内容",
    "出典",
    "出典の日付",
]


def place_row(number):
    schedule, start = SCHEDULES[number % len(SCHEDULES)]
    existing_venue = number % 3 == 0
    return {
        "管理番号": f"M{number:03d}",
        "名称": f"地域のつどい {number}",
        "よみがな": f"ちいきのつどい {number}",
        "種類": KINDS[number % len(KINDS)],
        "地域": MITAKA_AREAS[number % len(MITAKA_AREAS)],
        "会場": "井の頭コミュニティ・センター" if existing_venue else f"つどい会館 {number % 7}",
        "住所": "" if existing_venue else f"下連雀{number % 7 + 1}-1-1",
        "日程": schedule,
        "開始日": start,
        "問い合わせ先": "三鷹市 地域福祉課" if number % 2 else "つどいの会",
        "電話": "0422-29-9235" if number % 2 else "0422-00-0000",
        "参加費": "100円" if number % 4 else "無料",
        "定員": CAPACITIES[number % len(CAPACITIES)],
        "状態": "休止中" if number % 25 == 0 else "",
        "運営": "ケアネット・井の頭" if number % 5 == 0 else "つどいの会",
        "内容": "おしゃべりと体操。\nお茶とお菓子があります。",
        "出典": "三鷹市社会福祉協議会の一覧",
        "出典の日付": SOURCE_DATES[number % len(SOURCE_DATES)],
    }


def to_csv(rows, header=None, encoding="utf-8-sig", newline="\r\n"):
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    return out.getvalue().encode(encoding)
