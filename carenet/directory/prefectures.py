"""The 47 prefectures: their codes, names, addresses on the site, and where their offices stand
(for placing sample data).

Public facts, rounded: the latitude and longitude of each prefectural office (都道府県庁所在地)
as published by the Geospatial Information Authority of Japan (国土地理院「都道府県庁の経緯度」,
https://www.gsi.go.jp/KOKUJYOHO/CENTER/kendata/) to about 100 m. Used only to put sample
venues near their prefecture, never as a real address.
"""

from typing import NamedTuple


class Prefecture(NamedTuple):
    code: str  # the first two digits of its municipalities' 全国地方公共団体コード
    name: str
    slug: str  # its page: /prefectures/<slug>/
    latitude: float  # of its office
    longitude: float


PREFECTURES = (
    Prefecture("01", "北海道", "hokkaido", 43.0642, 141.3469),
    Prefecture("02", "青森県", "aomori", 40.8244, 140.7400),
    Prefecture("03", "岩手県", "iwate", 39.7036, 141.1527),
    Prefecture("04", "宮城県", "miyagi", 38.2689, 140.8719),
    Prefecture("05", "秋田県", "akita", 39.7186, 140.1024),
    Prefecture("06", "山形県", "yamagata", 38.2404, 140.3633),
    Prefecture("07", "福島県", "fukushima", 37.7503, 140.4676),
    Prefecture("08", "茨城県", "ibaraki", 36.3418, 140.4468),
    Prefecture("09", "栃木県", "tochigi", 36.5658, 139.8836),
    Prefecture("10", "群馬県", "gunma", 36.3911, 139.0608),
    Prefecture("11", "埼玉県", "saitama", 35.8572, 139.6489),
    Prefecture("12", "千葉県", "chiba", 35.6051, 140.1233),
    Prefecture("13", "東京都", "tokyo", 35.6895, 139.6917),
    Prefecture("14", "神奈川県", "kanagawa", 35.4478, 139.6425),
    Prefecture("15", "新潟県", "niigata", 37.9026, 139.0236),
    Prefecture("16", "富山県", "toyama", 36.6953, 137.2113),
    Prefecture("17", "石川県", "ishikawa", 36.5947, 136.6256),
    Prefecture("18", "福井県", "fukui", 36.0652, 136.2216),
    Prefecture("19", "山梨県", "yamanashi", 35.6642, 138.5684),
    Prefecture("20", "長野県", "nagano", 36.6513, 138.1810),
    Prefecture("21", "岐阜県", "gifu", 35.3912, 136.7223),
    Prefecture("22", "静岡県", "shizuoka", 34.9769, 138.3831),
    Prefecture("23", "愛知県", "aichi", 35.1802, 136.9066),
    Prefecture("24", "三重県", "mie", 34.7303, 136.5086),
    Prefecture("25", "滋賀県", "shiga", 35.0045, 135.8686),
    Prefecture("26", "京都府", "kyoto", 35.0214, 135.7556),
    Prefecture("27", "大阪府", "osaka", 34.6863, 135.5200),
    Prefecture("28", "兵庫県", "hyogo", 34.6913, 135.1830),
    Prefecture("29", "奈良県", "nara", 34.6851, 135.8329),
    Prefecture("30", "和歌山県", "wakayama", 34.2260, 135.1675),
    Prefecture("31", "鳥取県", "tottori", 35.5036, 134.2383),
    Prefecture("32", "島根県", "shimane", 35.4723, 133.0505),
    Prefecture("33", "岡山県", "okayama", 34.6618, 133.9344),
    Prefecture("34", "広島県", "hiroshima", 34.3966, 132.4596),
    Prefecture("35", "山口県", "yamaguchi", 34.1859, 131.4714),
    Prefecture("36", "徳島県", "tokushima", 34.0658, 134.5593),
    Prefecture("37", "香川県", "kagawa", 34.3401, 134.0434),
    Prefecture("38", "愛媛県", "ehime", 33.8417, 132.7657),
    Prefecture("39", "高知県", "kochi", 33.5597, 133.5311),
    Prefecture("40", "福岡県", "fukuoka", 33.6064, 130.4183),
    Prefecture("41", "佐賀県", "saga", 33.2494, 130.2988),
    Prefecture("42", "長崎県", "nagasaki", 32.7448, 129.8737),
    Prefecture("43", "熊本県", "kumamoto", 32.7898, 130.7417),
    Prefecture("44", "大分県", "oita", 33.2382, 131.6126),
    Prefecture("45", "宮崎県", "miyazaki", 31.9111, 131.4239),
    Prefecture("46", "鹿児島県", "kagoshima", 31.5602, 130.5581),
    Prefecture("47", "沖縄県", "okinawa", 26.2124, 127.6809),
)
BY_CODE = {prefecture.code: prefecture for prefecture in PREFECTURES}
BY_NAME = {prefecture.name: prefecture for prefecture in PREFECTURES}
BY_SLUG = {prefecture.slug: prefecture for prefecture in PREFECTURES}

# The 20 designated cities (政令指定都市), by code: the largest cities, with the most places.
DESIGNATED_CITIES = frozenset(
    {
        "011002",  # 札幌市
        "041009",  # 仙台市
        "111007",  # さいたま市
        "121002",  # 千葉市
        "141003",  # 横浜市
        "141305",  # 川崎市
        "141500",  # 相模原市
        "151009",  # 新潟市
        "221007",  # 静岡市
        "221309",  # 浜松市
        "231002",  # 名古屋市
        "261009",  # 京都市
        "271004",  # 大阪市
        "271403",  # 堺市
        "281000",  # 神戸市
        "331007",  # 岡山市
        "341002",  # 広島市
        "401005",  # 北九州市
        "401307",  # 福岡市
        "431001",  # 熊本市
    }
)


def office_of(code):
    """(latitude, longitude) of the office of the prefecture a municipality code is in, or None."""
    prefecture = BY_CODE.get((code or "")[:2])
    return (prefecture.latitude, prefecture.longitude) if prefecture else None


def is_tokyo_ward(code):
    """Tokyo's 23 special wards (特別区): 131016 千代田区 … 131237 江戸川区."""
    return bool(code) and code.startswith("131") and "101" <= code[2:5] <= "123"


# (region, first code, last code): how the prefectures are grouped where they are all listed.
REGIONS = (
    ("北海道・東北", "01", "07"),
    ("関東", "08", "14"),
    ("中部", "15", "23"),
    ("近畿", "24", "30"),
    ("中国・四国", "31", "39"),
    ("九州・沖縄", "40", "47"),
)


def by_region():
    """[(region, [prefecture, …]), …] in code order."""
    return [
        (region, [p for p in PREFECTURES if first <= p.code <= last])
        for region, first, last in REGIONS
    ]
