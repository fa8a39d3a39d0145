"""The disclosure a supervisor hands over prints from Chromium on A4, in Japanese, with every
record the request concerns (browser test)."""

import pytest

from carenet.privacy.models import RightsRequest
from tests.browser.staff_login import sign_in_staff
from tests.browser.test_print import assert_a4_pages, flat, pdf_text, print_pdf
from tests.conftest import make_staff
from tests.privacy.helpers import full_case

pytestmark = pytest.mark.browser


def test_the_disclosure_prints_on_a4_with_the_person_s_records(page, live_server, tmp_path):
    supervisor = make_staff("sv-print", "mitaka", "city")
    cases = [full_case("inokashira", name="印刷 花子"), full_case("osawa", name="印刷 花子")]
    rights_request = RightsRequest.objects.create(
        municipality=supervisor.staff_profile.municipality,
        kind=RightsRequest.Kind.DISCLOSURE,
        requester_name="印刷 花子",
        handled_by=supervisor,
    )
    rights_request.consultations.add(*cases)
    sign_in_staff(page, live_server, supervisor)
    url = f"{live_server.url}/staff/privacy/{rights_request.pk}/disclosure/"
    pdf = print_pdf(page, url, tmp_path / "disclosure.pdf")
    assert assert_a4_pages(pdf) >= 1
    text = flat(pdf_text(pdf))
    assert "保有個人情報の開示" in text and "印刷花子様" in text
    for case in cases:
        assert f"No.{case.pk}" in text
    assert "娘さんに電話した" in text and "地域包括支援センター" in text
    assert "印刷用のページです" not in text  # the screen-only note does not print
