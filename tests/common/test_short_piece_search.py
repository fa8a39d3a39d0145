"""Words of one or two characters (体操, 会館, 茶) on PostgreSQL: trigrams cannot serve them, so
the folded columns have an index of their pieces (ShortPieceIndexes, decision 0018). The index
must answer exactly what `contains` answers, and the searches must be able to use it."""

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carenet.common.search import SHORT_PIECES
from carenet.directory.models import Area, Venue
from salons.models import Salon

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the piece indexes are made on PostgreSQL only"
    ),
]

# Kana, kanji, the long vowel mark, latin, digits and the whitespace folded text holds.
LETTERS = "あいう体操茶アー会館a1"
TEXT = st.text(alphabet=LETTERS + " \n", max_size=30)
KEY = st.text(alphabet=LETTERS, min_size=1, max_size=2)


def pieces_hold(text, key):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {SHORT_PIECES}(%s) @> ARRAY[%s]::text[] IS TRUE", [text, key])
        return cursor.fetchone()[0]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, key=KEY)
def test_a_texts_pieces_hold_a_short_word_exactly_when_the_text_does(text, key):
    assert pieces_hold(text, key) == (key in text), (text, key)


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("介護予防体操", "体操", True),
        ("介護予防体操", "操", True),
        ("たい\nそう", "いそ", False),  # never across two fields
        ("", "茶", False),
        ("お茶会", "茶", True),
    ],
)
def test_pieces_of_known_texts(text, key, expected):
    assert pieces_hold(text, key) is expected


@pytest.mark.parametrize(
    ("model", "column", "index"),
    [
        (Salon, "search_text", "salons_salon_search_pieces"),
        (Salon, "venue_text", "salons_salon_venue_pieces"),
        (Venue, "search_text", "carenet_venue_search_pieces"),
        (Area, "search_text", "carenet_area_search_pieces"),
    ],
)
@pytest.mark.parametrize("word", ["体操", "茶"])
def test_a_short_word_search_can_use_the_piece_index(model, column, index, word):
    # With so few rows the planner would scan; forbidding the scan shows the index fits the query.
    query = model._base_manager.filter(**{f"{column}__folded_contains": word}).values("pk")
    sql, params = query.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


@pytest.mark.parametrize("word", ["さろ", "ん", "井", "いの", "館", "茶"])  # folded: hiragana
def test_a_short_word_finds_what_contains_finds(word):
    found = 0
    for model in (Salon, Venue, Area):
        by_pieces = set(model._base_manager.filter(search_text__folded_contains=word))
        by_like = set(model._base_manager.filter(search_text__contains=word))
        assert by_pieces == by_like, (model, word)
        found += len(by_like)
    if word != "茶":  # no seeded place, venue or area holds 茶: nothing is found, by both
        assert found, f"the seed holds {word}: the comparison must not be between empty sets"
