"""Every public page type passes axe-core and has the basic structure a screen reader relies on."""

import pytest

from tests.browser.axe_check import check_axe
from tests.browser.public_pages import open_page, public_pages

pytestmark = pytest.mark.usefixtures("fixed_today")


@public_pages
def test_page_has_no_serious_or_critical_axe_violations(page, live_server, axe, path, status):
    open_page(page, live_server, path, status)
    check_axe(page, axe, path)


@public_pages
def test_page_has_exactly_one_h1(page, live_server, path, status):
    open_page(page, live_server, path, status)
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{path} has {len(headings)} h1 elements: {headings}"
    assert headings[0].strip(), f"{path} has an empty h1"


@public_pages
def test_page_declares_japanese_language(page, live_server, path, status):
    open_page(page, live_server, path, status)
    lang = page.locator("html").get_attribute("lang")
    assert lang == "ja", f"{path}: <html lang={lang!r}>, expected 'ja'"


@public_pages
def test_page_has_one_main_landmark(page, live_server, path, status):
    open_page(page, live_server, path, status)
    main = page.get_by_role("main")
    assert main.count() == 1, f"{path} has {main.count()} main landmarks"
    assert main.is_visible(), f"{path}: the main landmark is not visible"


@public_pages
def test_body_text_is_at_least_16px(page, live_server, path, status):
    open_page(page, live_server, path, status)
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16, f"{path}: body font-size is {size}px, residents need at least 16px"
