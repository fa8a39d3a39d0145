import pytest

from coordinators.models import Coordinator

pytestmark = pytest.mark.django_db


def test_coordinators_are_listed_by_city_with_readings(client):
    response = client.get("/coordinators/")
    body = response.content.decode()
    assert response.status_code == 200
    for coordinator in Coordinator.objects.exclude(family_name=""):
        assert (
            f"<ruby>{coordinator.family_name}<rp>（</rp><rt>{coordinator.family_name_kana}</rt>"
            in body
        )
    assert body.index("三鷹市") < body.index("多摩市")


def test_coordinators_show_their_roles_and_layers(client):
    body = client.get("/coordinators/").content.decode()
    assert "地域福祉コーディネーター" in body
    assert "第1層生活支援コーディネーター" in body
    assert "第2層生活支援コーディネーター" in body
    assert "地域福祉コーディネーター兼務" in body


def test_each_mitaka_coordinator_links_to_their_area(client):
    body = client.get("/coordinators/").content.decode()
    hamada = body.split("<rt>はまだ</rt>", 1)[1].split("</article>", 1)[0]
    assert 'href="/mitaka/areas/inokashira/"' in hamada
    assert "0422-76-1271" in hamada


def test_unpublished_names_are_not_invented(client):
    for coordinator in Coordinator.objects.filter(municipality__slug="tama"):
        assert coordinator.family_name == ""
    body = client.get("/coordinators/").content.decode()
    assert "None" not in body


def test_coordinator_page_query_count_is_fixed(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/coordinators/")
