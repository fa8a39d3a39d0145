"""The イベント一覧 columns: the current list (as Mitaka and Tama publish now), the older
推奨データセット names that old files still use, and the address split between them."""

import re

# In this order (public-facts.md, "Open-data column lists"): what /<city>/events.csv writes.
CURRENT_COLUMNS = (
    "NO",
    "都道府県コード又は市区町村コード",
    "名称",
    "名称(カナ)",
    "名称(英字)",
    "名称(通称)",
    "サブタイトル",
    "概要",
    "説明",
    "サブイベント",
    "イベント種類",
    "URL",
    "画像URL",
    "状態",
    "対象となる産業",
    "ステージ",
    "開始日",
    "終了日",
    "開始時刻",
    "終了時刻",
    "日時備考",
    "場所名称",
    "集合場所",
    "郵便番号",
    "住所都道府県",
    "住所市区町村",
    "住所町名",
    "住所丁目以下",
    "建物名等",
    "緯度",
    "経度",
    "主催団体",
    "共催団体",
    "その他関係団体",
    "対象者",
    "定員",
    "料金(基本)",
    "料金(詳細)",
    "外国語対応",
    "申込期限日",
    "申込期限時刻",
    "申込方法",
    "アクセス方法",
    "駐車場情報",
    "駐輪場情報",
    "連絡先名称",
    "連絡先電話番号",
    "連絡先内線番号",
    "連絡先メールアドレス",
    "備考",
)

# Old (推奨データセット) and variant names → the current name. 住所 and 都道府県名/市区町村名 have
# no current twin: 住所 is a whole address, the other two only name the publisher.
OLD_NAMES = {
    "イベント名": "名称",
    "イベント名_カナ": "名称(カナ)",
    "イベント名_英語": "名称(英字)",
    "名称_カナ": "名称(カナ)",
    "名称_英字": "名称(英字)",
    "名称_通称": "名称(通称)",
    "開始時間": "開始時刻",
    "終了時間": "終了時刻",
    "開始日時特記事項": "日時備考",
    "主催者": "主催団体",
    "方書": "建物名等",
    "参加申込終了日": "申込期限日",
    "参加申込終了時間": "申込期限時刻",
    "参加申込方法": "申込方法",
}
OLD_ONLY = ("住所", "都道府県名", "市区町村名")
KNOWN = frozenset(CURRENT_COLUMNS) | frozenset(OLD_ONLY)
CODE_COLUMN = "都道府県コード又は市区町村コード"

PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|.{2,3}県)")
# A Tokyo ward (新宿区) before a city (東村山市 must not stop at 東村); a 郡's town or village.
CITY = re.compile(r"^(.{1,4}?郡.{1,4}?[町村]|.{1,4}?区|.{1,5}?市|.{1,4}?[町村])")
FIRST_DIGIT = re.compile(r"[0-9０-９]")


def column_name(name):
    """The current name for a header cell (already NFKC-folded), or None for a column we skip."""
    name = OLD_NAMES.get(name, name)
    return name if name in KNOWN else None


def split_address(address):
    """(都道府県, 市区町村, 町名, 丁目以下, 建物名等) of a whole address. Joined again they give the
    same text (join_address), so a split that guesses a boundary wrong still reads back the same."""
    rest = address.strip()
    building = ""
    for space in (" ", "\u3000"):
        if space in rest:
            rest, building = rest.split(space, 1)
            break
    prefecture = city = ""
    if match := PREFECTURE.match(rest):
        prefecture, rest = match.group(1), rest[match.end() :]
    if match := CITY.match(rest):
        city, rest = match.group(1), rest[match.end() :]
    digit = FIRST_DIGIT.search(rest)
    town, block = (rest[: digit.start()], rest[digit.start() :]) if digit else (rest, "")
    return prefecture, city, town, block, building.strip()


def join_address(prefecture, city, town, block, building=""):
    whole = f"{prefecture}{city}{town}{block}"
    return f"{whole} {building}" if building and whole else whole or building
