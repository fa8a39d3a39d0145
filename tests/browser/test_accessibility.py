"""Every public page type passes axe-core and has the basic structure a screen reader relies on."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.public_pages import open_page, public_pages

pytestmark = pytest.mark.usefixtures("fixed_today")

BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


@public_pages
def test_page_has_no_serious_or_critical_axe_violations(page, live_server, axe, path, status):
    open_page(page, live_server, path, status)
    results = axe.run(page)
    violations = results.response["violations"]
    # Lesser findings are shown with -rP / -s, so that they are seen without failing the build.
    minor = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
    if minor:
        print(f"axe moderate/minor findings on {path}:\n{describe(minor)}")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found serious/critical violations on {path}:\n{describe(blocking)}"


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
