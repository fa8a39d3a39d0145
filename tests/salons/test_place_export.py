"""CSV export of places (public and admin), its round trip through the import, and who may import
in the admin (issue #9)."""

import datetime as dt

import pytest

from carenet.common.spreadsheet import csv_text
from carenet.directory.models import Area, Municipality
from salons.admin_import import PlaceImportConfirmForm
from salons.exporting import place_rows
from salons.importing import COLUMNS, PlaceImport
from salons.models import Salon, Schedule
from tests.salons.place_csv import place_row, to_csv

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/salons/salon/import/"


def export(queryset):
    return csv_text(COLUMNS, place_rows(queryset)).encode("utf-8")


def many_rules_place():
    base = Salon.objects.get(slug="fureai-salon-inokashira")
    salon = Salon.objects.create(
        municipality=base.municipality,
        area=base.area,
        kind=base.kind,
        name="=いろいろ",
        slug="iroiro",
    )
    rules = [
        {"frequency": "weekly", "interval": 2, "weekday": 5, "valid_from": dt.date(2026, 4, 3)},
        {"frequency": "monthly", "weekday": 2, "week_of_month": 1, "months": "1,3,5,7,9,11"},
        {"frequency": "monthly", "weekday": 4, "week_of_month": 3, "times_per_year": 10},
        {"frequency": "monthly", "weekday": 3, "week_of_month": -1, "start_time": dt.time(10)},
    ]
    for rule in rules:
        Schedule.objects.create(salon=salon, **({"valid_from": dt.date(2026, 4, 3)} | rule))
    return salon


@pytest.mark.parametrize("city", ["mitaka", "tama"])
def test_exporting_the_seed_and_importing_it_back_changes_nothing(city, fixed_today):
    municipality = Municipality.objects.get(slug=city)
    plan = PlaceImport(export(Salon.objects.filter(municipality=municipality)), municipality)
    plan.check()
    assert plan.errors == []
    assert plan.counts["new"] == plan.counts["changed"] == 0
    assert plan.counts["unchanged"] == Salon.objects.filter(municipality=municipality).count()


def test_a_place_with_several_schedules_round_trips_unchanged(fixed_today):
    salon = many_rules_place()
    data = export(Salon.objects.filter(pk=salon.pk))
    assert (
        "隔週 金曜日／奇数月 第1火曜日／年10回 第3木曜日／毎月 最終水曜日 10:00〜" in data.decode()
    )
    assert "'=いろいろ" in data.decode()  # neutralised for Excel
    plan = PlaceImport(data, salon.municipality).check()
    assert [(r.action, r.changed) for r in plan.rows] == [("unchanged", [])]


def test_the_export_keeps_clock_times_and_a_place_across_noon_round_trips(fixed_today):
    # Pages say 「午前10時〜午後1時」; the file keeps 10:00〜13:00 for the programs that read it.
    salon = many_rules_place()
    salon.schedules.update(start_time=dt.time(10), end_time=dt.time(13))
    data = export(Salon.objects.filter(pk=salon.pk))
    assert "毎月 最終水曜日 10:00〜13:00" in data.decode() and "午前" not in data.decode()
    assert salon.schedule_words()[-1] == "毎月 最終水曜日 午前10時〜午後1時"
    plan = PlaceImport(data, salon.municipality).check()
    assert [(r.action, r.changed) for r in plan.rows] == [("unchanged", [])]


def test_a_file_with_the_pages_words_imports_as_the_same_schedule(fixed_today):
    salon = many_rules_place()
    salon.schedules.update(start_time=dt.time(13, 30), end_time=dt.time(15))
    data = export(Salon.objects.filter(pk=salon.pk)).decode()
    words = data.replace("13:30〜15:00", "午後1時30分〜3時")
    assert words != data
    plan = PlaceImport(words.encode("utf-8"), salon.municipality).check()
    assert [(r.action, r.changed) for r in plan.rows] == [("unchanged", [])]


def test_a_schedule_the_engine_cannot_describe_is_left_out_not_crashed_on(fixed_today):
    salon = many_rules_place()
    broken = Schedule.objects.create(salon=salon, frequency="monthly", weekday=2)  # no week
    assert broken.describe() == "毎月 火曜日（第何週かは要確認）"
    text = export(Salon.objects.filter(pk=salon.pk)).decode()
    assert "None" not in text


def test_public_csv_lists_published_places_without_unconfirmed_or_samples(client):
    hidden = many_rules_place()
    hidden.status = Salon.Status.UNCONFIRMED
    hidden.save()
    sample = Salon.objects.get(slug="shinnaka-salon")
    sample.is_sample = True
    sample.save()
    response = client.get("/mitaka/places.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8-sig")
    assert "fureai-salon-inokashira" in body and "salon-osawa" in body  # 休止中 stays
    assert "iroiro" not in body and "shinnaka-salon" not in body
    assert "daredemo-cafe-atago" not in body  # another city's


def test_public_csv_of_an_unknown_city_is_404_and_the_city_page_links_it(client):
    assert client.get("/nowhere/places.csv").status_code == 404
    assert 'href="/mitaka/places.csv"' in client.get("/mitaka/").content.decode()


def test_admin_export_action_writes_only_rows_the_user_may_view(mitaka_client):
    tama_place = Salon.objects.get(slug="daredemo-cafe-atago")
    mine = Salon.objects.get(slug="fureai-salon-inokashira")
    response = mitaka_client.post(
        "/admin/salons/salon/",
        {"action": "export_csv", "_selected_action": [mine.pk, tama_place.pk]},
    )
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert mine.slug in body and tama_place.slug not in body


# --- The admin upload: who may, and the preview → 取り込む round ---


def upload(client, rows, city):
    data = to_csv(rows)
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("places.csv", data, content_type="text/csv")
    return client.post(IMPORT_URL, {"city": city.pk, "file": file})


def test_whole_city_staff_preview_then_import_into_their_city(mitaka_client, fixed_today):
    mitaka = Municipality.objects.get(slug="mitaka")
    assert "CSVから取り込む" in mitaka_client.get("/admin/salons/salon/").content.decode()
    response = upload(mitaka_client, [place_row(n) for n in range(3)], mitaka)
    assert response.status_code == 200
    assert [r.action for r in response.context["plan"].rows] == ["new"] * 3
    assert not Salon.objects.filter(external_id="M000").exists()  # a preview saves nothing
    payload = response.context["payload"]
    response = mitaka_client.post(IMPORT_URL, {"payload": payload})
    assert response.status_code == 302
    assert Salon.objects.filter(municipality=mitaka, external_id__startswith="M").count() == 3
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["三鷹市の通いの場を取り込みました（新規 3・変更 0・変更なし 0）。"]


def test_whole_city_staff_cannot_put_places_into_another_citys_areas(mitaka_client, fixed_today):
    mitaka, tama = (Municipality.objects.get(slug=s) for s in ("mitaka", "tama"))
    rows = [place_row(1) | {"地域": "愛宕・乞田・貝取"}]
    response = upload(mitaka_client, rows, mitaka)
    assert "多摩市の地域です" in response.content.decode()
    assert "payload" not in response.context
    response = upload(mitaka_client, [place_row(1)], tama)  # nor choose Tama
    assert response.context["form"].errors["city"]
    assert not Salon.objects.filter(external_id="M001").exists()
    assert not Salon.objects.filter(
        area__in=Area.objects.filter(municipality=tama), name__startswith="地域のつどい"
    ).exists()


def test_a_tampered_or_someone_elses_payload_is_refused(
    mitaka_client, mitaka_supervisor, tama_supervisor
):
    mitaka = Municipality.objects.get(slug="mitaka")
    data = to_csv([place_row(1)])
    good = PlaceImportConfirmForm.sign(mitaka_supervisor, mitaka, data)
    others = PlaceImportConfirmForm.sign(tama_supervisor, mitaka, data)
    for payload in (good[:-2] + "xx", others):
        response = mitaka_client.post(IMPORT_URL, {"payload": payload})
        assert response.status_code == 200
        assert "確認できません" in response.content.decode()
    assert not Salon.objects.filter(external_id="M001").exists()


def test_area_coordinator_cannot_open_or_post_the_import_page(inokashira_client):
    mitaka = Municipality.objects.get(slug="mitaka")
    assert inokashira_client.get(IMPORT_URL).status_code == 403
    assert upload(inokashira_client, [place_row(1)], mitaka).status_code == 403
    assert not Salon.objects.filter(external_id="M001").exists()
    assert "CSVから取り込む" not in inokashira_client.get("/admin/salons/salon/").content.decode()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(IMPORT_URL, {}).status_code == 302


def test_import_page_refuses_other_methods(mitaka_client):
    assert mitaka_client.put(IMPORT_URL).status_code == 405
