"""/salons/ counts at most CappedPaginator.cap places: a common word nationwide matches tens of
thousands, and counting or ranking them all is what made the search slow (decision 0018)."""

import pytest

from carenet.common.pagination import CappedPaginator
from salons.models import Salon
from tests.queries import count_queries

pytestmark = pytest.mark.django_db

SEARCH = "/salons/"


@pytest.fixture
def cap(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    return 3


def slugs(response):
    return [salon.slug for salon in response.context["salons"]]


def test_a_list_over_the_cap_says_so_and_asks_to_narrow_it(client, cap):
    assert Salon.objects.listed().count() > cap
    response = client.get(SEARCH)
    assert response.status_code == 200
    paginator = response.context["paginator"]
    assert paginator.over_cap and paginator.count == cap and paginator.num_pages == 1
    assert len(slugs(response)) == cap
    page = response.content.decode()
    assert f"{cap}か所より多く見つかりました" in page
    assert "市や地域、曜日をえらんで、しぼってください" in page


def test_over_the_cap_a_search_keeps_the_lists_own_order(client, cap):
    # 「センター」 ranks places named after a centre first; past the cap the list keeps its
    # usual order (city, area, name), which an index walks and stops at the page.
    ranked = list(Salon.objects.listed().search("センター").values_list("slug", flat=True))
    assert len(ranked) > cap
    listed_first = [
        slug
        for slug in Salon.objects.listed()
        .order_by(*Salon._meta.ordering)
        .values_list("slug", flat=True)
        if slug in ranked
    ][:cap]
    assert listed_first != ranked[:cap], "the two orders must differ for this test to prove one"
    assert slugs(client.get(SEARCH, {"q": "センター"})) == listed_first


def test_within_the_cap_the_count_is_exact_and_closest_names_come_first(client):
    response = client.get(SEARCH, {"q": "サロン"})
    paginator = response.context["paginator"]
    expected = Salon.objects.listed().search("サロン")
    assert not paginator.over_cap and paginator.count == expected.count()
    first = response.context["salons"][0]
    assert "サロン" in first.name
    assert "より多く見つかりました" not in response.content.decode()


def test_a_capped_list_reads_the_same_number_of_queries_as_a_short_one(client, cap):
    assert Salon.objects.listed().search("しんなか").count() <= cap
    short = count_queries(client, f"{SEARCH}?q=しんなか")
    capped = count_queries(client, f"{SEARCH}?q=サロン")
    assert short == capped
