"""Every tel: link on the site is written by one tag ({% tel %}): it dials the digits it shows."""

import re

import pytest
from django.template import Context, Template

from salons.models import Salon

pytestmark = pytest.mark.django_db

TEL_LINK = re.compile(r'<a (?:class="tel" )?href="tel:([^"]*)">([^<]*)</a>')

PAGES = [
    "/",  # help lines on the home page and in the footer
    "/mitaka/",  # the city's contacts
    "/tama/",
    "/mitaka/areas/inokashira/",
    "/coordinators/",
    "/consult/thanks/?city=mitaka",
    "/no-such-page/x/",  # the 404 page keeps the footer's help lines
]


def test_every_phone_link_dials_the_digits_it_shows(client):
    venue_pages = [s.get_absolute_url() for s in Salon.objects.filter(venue__phone__gt="")]
    assert venue_pages
    links = 0
    for url in PAGES + venue_pages:
        body = client.get(url).content.decode()
        found = TEL_LINK.findall(body)
        assert len(found) == body.count('href="tel:'), f"{url}: a tel: link not made by the tag"
        for href, shown in found:
            assert href == re.sub(r"\D", "", shown), f"{url}: tel:{href} for {shown}"
        links += len(found)
    assert links > len(PAGES)


def render(source, **context):
    return Template("{% load carenet_tags %}" + source).render(Context(context))


def test_the_tel_tag_writes_the_link_the_pages_had():
    assert render("{% tel p %}", p="0422-76-1271") == (
        '<a class="tel" href="tel:0422761271">0422-76-1271</a>'
    )
    assert render('{% tel p css_class="" %}', p="042-375-2990") == (
        '<a href="tel:0423752990">042-375-2990</a>'
    )


def test_the_tel_tag_escapes_what_it_shows():
    assert "<b>" not in render("{% tel p %}", p="<b>0422</b>")
