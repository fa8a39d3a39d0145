"""What a resident sees while the database is down: the polite page with the numbers to call,
readable at 360px and axe clean, and a sent consultation form that says it was not saved."""

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError
from playwright.sync_api import expect

from consultations.models import Consultation
from tests.browser.axe_check import check_axe

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def database_down(monkeypatch):
    """From the call on, every query fails in every thread (the live server's too), as queries do
    when the server has gone away; `monkeypatch.undo()` brings it back."""

    def down():
        def refuse(self, name=None):
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr(BaseDatabaseWrapper, "_cursor", refuse)

    return down


def test_a_resident_gets_the_polite_page_with_the_numbers_while_the_database_is_down(
    page, live_server, axe, database_down
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/salons/")  # the footer's numbers, as a resident saw them
    footer_numbers = page.locator("footer a[href^='tel:']").all_inner_texts()
    assert footer_numbers

    database_down()
    response = page.goto(f"{live_server.url}/salons/")
    assert response.status == 503
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("ただいまご利用いただけません")
    for number in footer_numbers:
        expect(main).to_contain_text(number)
    assert "Traceback" not in page.content()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the 503 page scrolls sideways at 360px"
    check_axe(page, axe, "the 503 page")


def test_a_consultation_sent_while_the_database_is_down_says_it_was_not_saved(
    page, live_server, database_down, monkeypatch
):
    page.goto(f"{live_server.url}/consult/")
    form = page.locator("main form")
    expect(form).to_be_visible()
    database_down()
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    expect(page.locator("main")).to_contain_text("お送りいただいた内容は、保存されていません。")
    expect(page.locator("main")).to_contain_text("お電話でご相談ください")
    monkeypatch.undo()  # the database is back: nothing of the request is in it
    assert not Consultation.objects.exists()
