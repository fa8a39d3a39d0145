"""Readings (よみがな) of Japanese text, guessed by pykakasi's dictionary.

A guess is a starting point, not the truth: 井の頭 comes out いのがしら and 連光寺
れんみつでら. Staff correct what residents will see; search only needs the guess to be close.
"""

import re
import unicodedata
from functools import cache

import pykakasi
from django.utils.translation import gettext_lazy as _

_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]")


@cache
def _converter():
    # Loading the dictionary takes a moment: once a process, when first needed.
    return pykakasi.kakasi()


def has_kanji(text):
    return bool(_KANJI.search(text or ""))


def reading_of(text):
    """The hiragana reading of ``text``: 「介護予防体操」 → 「かいごよぼうたいそう」.

    The ヶ of place names (桜ヶ丘, 聖ヶ丘) is read が, which pykakasi does not always do.
    """
    if not text:
        return ""
    text = text.replace("ヶ", "が").replace("ケ丘", "が丘")
    reading = "".join(part["hira"] for part in _converter().convert(text))
    # NFKC-stable, as the imports read kana cells: an exported guess reads back unchanged.
    return unicodedata.normalize("NFKC", reading)


READING_HELP = _(
    "空のままにすると名称から自動で入ります（機械の推測です）。正しい読みに直してください。"
)


class FillsReading:
    """A model mixin: an empty reading is filled from the name when the row is saved.

    ``reading_from`` names the field read, ``reading_field`` the field filled. Staff see the
    guess in the admin and correct it; a reading they typed is never replaced.
    """

    reading_from = "name"
    reading_field = "name_kana"

    def fill_reading(self):
        if not getattr(self, self.reading_field):
            source = getattr(self, self.reading_from)
            if has_kanji(source):  # a name in kana is its own reading
                limit = self._meta.get_field(self.reading_field).max_length
                setattr(self, self.reading_field, reading_of(source)[:limit])

    def save(self, *args, **kwargs):
        self.fill_reading()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], self.reading_field}
        super().save(*args, **kwargs)
