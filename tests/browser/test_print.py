"""Printing from Chromium: flyers and area lists come out as A4 PDFs whose QR codes lead home.

Each document is printed by the browser, read back with poppler (pdfinfo, pdftotext, pdftoppm)
and its QR codes decoded with zbar, as a phone would; then the decoded URLs are followed in the
same browser against the live server (SITE_URL points there for these tests).
"""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from carenet.directory.models import Area
from salons.models import Salon
from tests.browser.public_pages import open_page
from tests.browser.staff_login import sign_in_staff
from tests.print_helpers import decode_all, png_image

A4_PTS = (595.28, 841.89)
RENDER_DPI = 150

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "salons.json"
# The database is not there at collection time: the seed file names the places instead.
SEED_SLUGS = sorted(
    record["fields"]["slug"]
    for record in json.loads(SEED.read_text(encoding="utf-8"))
    if record["model"] == "salons.salon" and not record["fields"].get("is_sample", False)
)

INOKASHIRA_PLACES = ["fureai-salon-inokashira", "sodan-salon-inokashira"]
SUSPENDED = "salon-osawa"
DATE_LABEL = re.compile(r"\d{1,2}月\d{1,2}日")

HEADING_TEXT = """h => {
  const copy = h.cloneNode(true);
  copy.querySelectorAll('rt, rp').forEach(el => el.remove());  // ruby readings are not the name
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""


@pytest.fixture(autouse=True)
def site_url(settings, live_server):
    # QR codes carry SITE_URL: point it at the live server so that the codes can be followed.
    settings.SITE_URL = live_server.url
    cache.clear()  # QR images are cached by content; never reuse one made for another server
    yield
    cache.clear()


# --- Reading a printed document back ---


def goto_ok(page, url):
    response = page.goto(url)
    status = response.status if response else None
    assert status == 200, f"{url} answered {status}"


def print_pdf(page, url, path):
    """Open `url` and print it as Chromium would, with the page size the CSS asks for."""
    goto_ok(page, url)
    return save_pdf(page, path)


def save_pdf(page, path):
    page.emulate_media(media="print")
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    return path


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def page_sizes(pdf):
    """(width, height) in points of every page, from pdfinfo."""
    info = run("pdfinfo", "-f", "1", "-l", "9999", str(pdf))
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = [
        (float(w), float(h))
        for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    ]
    assert len(sizes) == count, info
    return sizes


def assert_a4_pages(pdf, count=None):
    sizes = page_sizes(pdf)
    if count is not None:
        assert len(sizes) == count, f"{pdf.name}: {len(sizes)} pages, expected {count}"
    for number, (width, height) in enumerate(sizes, start=1):
        assert abs(width - A4_PTS[0]) <= 1 and abs(height - A4_PTS[1]) <= 1, (
            f"{pdf.name} page {number} is {width} x {height} pts, not A4"
        )
    return len(sizes)


def flat(text):
    """Text without any white space: pdftotext breaks lines wherever the print layout wraps."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf, number=None):
    pages = ["-f", str(number), "-l", str(number)] if number else []
    return run("pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-")


def page_qr_codes(pdf, tmp_path):
    """The decoded QR codes of each page, rendered as an office scanner would: [[url, ...], ...]."""
    prefix = tmp_path / pdf.stem
    run("pdftoppm", "-r", str(RENDER_DPI), "-png", str(pdf), str(prefix))
    # pdftoppm pads page numbers to the width of the page count: sort by the number, not the name.
    images = sorted(tmp_path.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(images) == len(page_sizes(pdf)), images
    return [decode_all(Image.open(image)) for image in images]


def place_url(live_server, slug, source):
    return f"{live_server.url}/salons/{slug}/?src={source}"


def heading(page):
    h1 = page.locator("h1")
    expect(h1).to_have_count(1)
    return h1.evaluate(HEADING_TEXT)


def follow(page, url):
    """Open a decoded URL as a phone would, and return the h1 of the page it lands on."""
    goto_ok(page, url)
    return heading(page)


def expected_schedule(salon):
    """What a printed entry says about when the place meets."""
    return salon.schedule_words() or ["日程は要確認"]


# --- Flyers for one place ---


def test_seed_slugs_collected_from_the_fixture_are_the_real_places(seeded):
    assert SEED_SLUGS
    assert SEED_SLUGS == sorted(
        Salon.objects.filter(is_sample=False).values_list("slug", flat=True)
    )


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_flyer_prints_on_one_a4_page_with_schedule_and_a_qr_code_that_leads_to_the_place(
    page, live_server, tmp_path, slug
):
    salon = Salon.objects.with_details().get(slug=slug)
    pdf = print_pdf(page, f"{live_server.url}/salons/{slug}/flyer/", tmp_path / f"{slug}.pdf")

    assert_a4_pages(pdf, count=1)
    text = flat(pdf_text(pdf))
    assert flat(salon.name) in text, text
    if salon.is_suspended:
        assert "休止中" in text, text
        assert "これからの開催日" not in text, text
        assert not DATE_LABEL.search(text), f"suspended flyer shows a date: {text}"
    else:
        for words in expected_schedule(salon):
            assert flat(words) in text, (words, text)
        if salon.months_unknown:
            assert "開催月は要確認" in text, text

    [codes] = page_qr_codes(pdf, tmp_path)
    assert codes == [place_url(live_server, slug, "flyer")]
    assert follow(page, codes[0]) == salon.name


def test_suspended_flyer_shows_kyushichu_and_no_dates(page, live_server, tmp_path):
    assert Salon.objects.get(slug=SUSPENDED).is_suspended  # the seed still has it suspended
    pdf = print_pdf(page, f"{live_server.url}/salons/{SUSPENDED}/flyer/", tmp_path / "osawa.pdf")
    text = flat(pdf_text(pdf))
    assert "サロンおおさわ" in text and "休止中" in text, text
    assert "これからの開催日" not in text and not DATE_LABEL.search(text), text


# --- The care network's flyer ---


def test_area_flyer_prints_on_one_a4_page_with_network_phone_and_a_qr_code_to_the_area(
    page, live_server, tmp_path
):
    pdf = print_pdf(
        page, f"{live_server.url}/mitaka/areas/inokashira/flyer/", tmp_path / "area.pdf"
    )

    assert_a4_pages(pdf, count=1)
    text = flat(pdf_text(pdf))
    assert "ケアネット・井の頭" in text, text
    assert "0422-76-1271" in text, text

    [codes] = page_qr_codes(pdf, tmp_path)
    assert codes == [f"{live_server.url}/mitaka/areas/inokashira/?src=flyer"]
    assert follow(page, codes[0]) == "井の頭（三鷹市）"


# --- 地域活動・支えあいリスト ---


def make_long_list(settings, area_slug, active=40, suspended=3, ended=2):
    """Sample places in one area: active ones enough for several pages, and some that are not."""
    area = Area.objects.select_related("municipality").get(slug=area_slug)
    # make_sample_data runs with DEBUG only (pytest runs with DEBUG off): on for the command alone,
    # so that the live server still answers as in production while the list is printed.
    debug, settings.DEBUG = settings.DEBUG, True
    try:
        call_command("make_sample_data", places=active + suspended + ended, seed=7, verbosity=0)
    finally:
        settings.DEBUG = debug
    samples = list(Salon.objects.filter(is_sample=True).order_by("pk"))
    assert len(samples) == active + suspended + ended
    statuses = (
        [Salon.Status.ACTIVE] * active
        + [Salon.Status.SUSPENDED] * suspended
        + [Salon.Status.ENDED] * ended
    )
    for number, (salon, status) in enumerate(zip(samples, statuses, strict=True), start=1):
        salon.area = area
        salon.municipality = area.municipality
        salon.status = status
        # Two-digit numbers: no name is the beginning of another, so a name is found only once.
        salon.name = f"【サンプル】{area.name}の通いの場 {number:02d}"
    Salon.objects.bulk_update(samples, ["area", "municipality", "status", "name"])


def check_area_list(page, live_server, tmp_path, area_slug, query="", follow_at_most=None):
    area = Area.objects.get(slug=area_slug)
    listed = list(Salon.objects.active().in_area(area).with_details().order_by("name"))
    left_out = list(Salon.objects.in_area(area).exclude(status=Salon.Status.ACTIVE))
    assert listed, area_slug

    pdf = print_pdf(
        page,
        f"{live_server.url}{area.url_for('area-list')}{query}",
        tmp_path / f"{area_slug}.pdf",
    )
    pages = assert_a4_pages(pdf)
    codes = page_qr_codes(pdf, tmp_path)
    decoded = [url for page_codes in codes for url in page_codes]
    expected = {place_url(live_server, salon.slug, "list") for salon in listed}
    assert len(decoded) == len(set(decoded)), "a QR code is printed twice"
    assert set(decoded) == expected, {
        "missing": expected - set(decoded),
        "unexpected": set(decoded) - expected,
    }

    texts = [flat(pdf_text(pdf, number)) for number in range(1, pages + 1)]
    for salon in listed:
        name_pages = [n for n, text in enumerate(texts, start=1) if flat(salon.name) in text]
        assert len(name_pages) == 1, f"{salon.name} is on pages {name_pages}"
        [number] = name_pages
        for words in expected_schedule(salon):
            assert flat(words) in texts[number - 1], f"{salon.name}: {words} not on page {number}"
        url = place_url(live_server, salon.slug, "list")
        assert url in codes[number - 1], f"{salon.name}: its QR code is not on page {number}"
    for salon in left_out:
        assert not any(flat(salon.name) in text for text in texts), f"{salon.name} is listed"

    by_url = {place_url(live_server, salon.slug, "list"): salon.name for salon in listed}
    to_follow = sorted(by_url)[:follow_at_most] if follow_at_most else sorted(by_url)
    for url in to_follow:
        assert follow(page, url) == by_url[url], url
    return pages


@pytest.mark.parametrize(
    ("area_slug", "query"),
    [
        pytest.param("inokashira", "", id="inokashira"),
        pytest.param("atago-kotta-kaitori", "?size=large", id="atago-large"),
    ],
)
def test_area_list_prints_a_qr_code_for_each_active_place_that_leads_to_it(
    page, live_server, tmp_path, area_slug, query
):
    check_area_list(page, live_server, tmp_path, area_slug, query)


@pytest.mark.parametrize("query", ["", "?size=large"], ids=["normal", "large"])
def test_long_area_list_runs_over_several_pages_without_splitting_an_entry(
    page, live_server, tmp_path, settings, query
):
    # 大沢 also has a suspended seed place (サロンおおさわ): it must stay off the list.
    make_long_list(settings, "osawa")
    pages = check_area_list(page, live_server, tmp_path, "osawa", query, follow_at_most=5)
    assert pages >= 3, f"only {pages} pages: the list is not long enough to test page breaks"


# --- The QR code for print shops ---


@pytest.mark.parametrize("slug", ["fureai-salon-inokashira", "sodan-salon-shinkawa-nakahara"])
def test_qr_png_is_at_least_1000px_with_a_white_quiet_zone_and_decodes_to_the_place(
    page, live_server, slug
):
    response = page.request.get(f"{live_server.url}/salons/{slug}/qr.png")
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    image = png_image(response.body())
    assert image.width >= 1000 and image.height == image.width, image.size
    assert decode_all(image) == [place_url(live_server, slug, "flyer")]

    # The module size, measured on the top edge of the top-left finder pattern (7 modules dark).
    corner = next(i for i in range(image.width) if image.getpixel((i, i)) < 128)
    run_end = next(x for x in range(corner, image.width) if image.getpixel((x, corner)) >= 128)
    module = (run_end - corner) / 7
    quiet = round(4 * module)
    assert corner >= quiet, f"quiet zone {corner / module:.1f} modules, expected 4"
    width = image.width
    for x in range(0, width, 3):
        for y in range(quiet):
            for px, py in ((x, y), (y, x), (x, width - 1 - y), (width - 1 - y, x)):
                assert image.getpixel((px, py)) > 200, f"dark pixel in the quiet zone at {(px, py)}"


# --- Printing a batch of flyers from the admin ---


@pytest.fixture
def public_qr_images(browser, page):
    """Fetch the QR images of the page without the staff session, as anyone may.

    Every signed-in request saves the session (SESSION_SAVE_EVERY_REQUEST), and the live server's
    in-memory SQLite refuses two writes at once: a batch of flyers asks for its QR images together,
    and now and then one of them answered 400 (SessionInterrupted) and printed as a broken image.
    """
    public = browser.new_context()
    page.route(
        re.compile(r"/qr\.svg(\?|$)"),
        lambda route: route.fulfill(response=public.request.get(route.request.url)),
    )
    yield
    page.unroute_all()
    public.close()


def test_admin_action_prints_the_selected_flyers_one_a4_page_each(
    page, live_server, tmp_path, django_user_model, public_qr_images
):
    django_user_model.objects.create_superuser(
        "print-admin", "print@example.invalid", "pw-Print-12345"
    )
    area = Area.objects.get(slug="inokashira")
    places = {salon.slug: salon for salon in Salon.objects.in_area(area).order_by("name")}
    assert sorted(places) == INOKASHIRA_PLACES

    # The admin's sign-in form, then the second factor (registered on this first sign-in).
    sign_in_staff(page, live_server, "print-admin", "pw-Print-12345", admin=True)
    assert page.url == live_server.url + "/admin/"

    open_page(page, live_server, f"/admin/salons/salon/?area__id__exact={area.pk}", 200)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    for salon in places.values():
        rows.filter(has=page.get_by_role("link", name=salon.name, exact=True)).locator(
            "input.action-select"
        ).check()
    page.locator("select[name=action]").select_option(
        label="選んだ通いの場のチラシをまとめて印刷する"
    )
    with page.expect_navigation(url=re.compile(r"/admin/salons/salon/flyers/\?ids=")):
        page.get_by_role("button", name="実行").click()

    pdf = save_pdf(page, tmp_path / "flyers.pdf")
    assert_a4_pages(pdf, count=2)
    codes = page_qr_codes(pdf, tmp_path)
    printed = []
    for number, page_codes in enumerate(codes, start=1):
        assert len(page_codes) == 1, f"page {number} has QR codes {page_codes}"
        [url] = page_codes
        slug = re.fullmatch(rf"{re.escape(live_server.url)}/salons/([\w-]+)/\?src=flyer", url)
        assert slug, url
        salon = places[slug.group(1)]
        # The code on a page belongs to the flyer on that page, and no other flyer is there.
        text = flat(pdf_text(pdf, number))
        assert flat(salon.name) in text, f"page {number}: {salon.name} missing"
        others = [other.name for other in places.values() if other != salon]
        assert not [name for name in others if flat(name) in text], f"page {number}: {text}"
        printed.append(salon.slug)
    assert sorted(printed) == INOKASHIRA_PLACES
    for slug in printed:
        assert follow(page, place_url(live_server, slug, "flyer")) == places[slug].name
