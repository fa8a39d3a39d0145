"""Search by name and by reading, blind to hiragana/katakana and full/half width."""

import pytest
from django.urls import reverse

from carenet.common.text import search_key
from tests.conftest import make_consultation, sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("はまだ", "ハマダ"),
        ("はまだ", "ﾊﾏﾀﾞ"),
        ("ＡＢＣ", "abc"),
        ("濱田 花子", "濱田花子"),
        ("ヴィータ", "ゔぃーた"),
    ],
)
def test_search_key_folds_kana_and_width(a, b):
    assert search_key(a) == search_key(b)


@pytest.mark.parametrize("term", ["はまだ", "ハマダ", "ﾊﾏﾀﾞ", "濱田", "はまだ　はなこ", "ハナコ"])
def test_admin_finds_a_name_however_it_is_typed(client, mitaka_supervisor, term):
    case = make_consultation("inokashira", name="濱田 花子", name_kana="はまだ はなこ")
    make_consultation("inokashira", name="別の 人", name_kana="べつの ひと")
    sign_in(client, mitaka_supervisor)
    response = client.get(reverse("admin:consultations_consultation_changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [case]


def test_admin_finds_a_consultation_by_number(client, mitaka_supervisor):
    case = make_consultation("inokashira")
    sign_in(client, mitaka_supervisor)
    for term in (str(case.pk), f"No.{case.pk}"):
        response = client.get(reverse("admin:consultations_consultation_changelist"), {"q": term})
        assert case in list(response.context["cl"].result_list)


def test_admin_filters_due_or_overdue(client, mitaka_supervisor):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    late = make_consultation("inokashira", follow_up_on=today - dt.timedelta(days=1))
    make_consultation("inokashira", follow_up_on=today + dt.timedelta(days=1))
    sign_in(client, mitaka_supervisor)
    response = client.get(reverse("admin:consultations_consultation_changelist"), {"due": "due"})
    assert list(response.context["cl"].result_list) == [late]
