"""The public site's pages: what the public see, what a partner sees more, and the public
meeting's notice before it and its summary after it."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engagement.services import consultation_create, public_meeting_record
from publishing.tests.permissions import build

pytestmark = pytest.mark.django_db
PAGES = ("front", "partners", "meetings", "plan", "reports", "have_your_say", "feeds")


def _page(world, name, user=None, query=""):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(f"publishing:{name}", kwargs={"slug": world.slug}) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_every_page_has_one_h1_no_none_and_announces_its_feeds(world):
    build(world)
    for name in PAGES:
        for user in (None, world.users["coordinator"]):
            html = _page(world, name, user)
            assert len(re.findall(r"<h1[ >]", html)) == 1, name
            text = re.sub(r"<[^>]+>", " ", html)
            assert not re.search(r"\bNone\b", text), name
            assert '<link rel="alternate" type="application/rss+xml"' in html, name
            assert '<link rel="alternate" type="application/atom+xml"' in html, name


def test_the_front_page_shows_the_public_what_is_public_and_partners_more(world):
    r = build(world)
    public = _page(world, "front")
    assert r["upcoming"]["public"].location in public
    assert r["plans"]["public"].title in public
    assert r["priorities"]["public"].name in public
    assert r["upcoming"]["partners"].location not in public
    viewer = _page(world, "front", world.users["viewer"])
    assert r["upcoming"]["partners"].location in viewer
    assert r["upcoming"]["restricted"].location not in viewer


def test_the_meetings_page_lists_the_agenda_the_meeting_page_would_show(world):
    r = build(world)
    coordinator = _page(world, "meetings", world.users["coordinator"])
    # Today the meeting page shows items only where the minutes are readable; the public site
    # reads the same selectors, so it shows the agenda exactly when the meeting page does.
    for item in r["items"].values():
        assert item.title in coordinator
    public = _page(world, "meetings")
    assert "The agenda has not been published yet." in public
    for item in r["items"].values():
        assert item.title not in public


def test_a_public_meeting_shows_its_notice_before_and_its_summary_after(world):
    p = world.partnership
    today = timezone.localdate()
    coming = public_meeting_record(
        partnership=p,
        held_on=today + dt.timedelta(days=10),
        venue="Corn Exchange",
        notice_published_on=today + dt.timedelta(days=2),
    )
    html = _page(world, "have_your_say")
    assert "The notice of this meeting has not been published yet." in html
    coming.notice_published_on = today
    coming.save()
    html = _page(world, "have_your_say")
    assert f"Notice published on {today.day} {today:%B %Y}" in html
    held = public_meeting_record(
        partnership=p,
        held_on=today - dt.timedelta(days=20),
        venue="Town Hall",
        notice_published_on=today - dt.timedelta(days=40),
        summary="Residents asked about speeding on the A20.",
        summary_published_on=today + dt.timedelta(days=1),
    )
    html = _page(world, "have_your_say")
    assert "A summary of what was discussed has not been published yet." in html
    assert "speeding on the A20" not in html
    held.summary_published_on = today - dt.timedelta(days=3)
    held.save()
    html = _page(world, "have_your_say")
    assert "What was discussed" in html and "speeding on the A20" in html


def test_only_consultations_open_today_are_listed(world):
    p = world.partnership
    today = timezone.localdate()
    consultation_create(
        partnership=p,
        title="Town Centre Survey",
        method="Street survey",
        started_on=today - dt.timedelta(days=3),
        ended_on=today + dt.timedelta(days=3),
    )
    consultation_create(
        partnership=p,
        title="Closed Survey",
        method="Online survey",
        started_on=today - dt.timedelta(days=30),
        ended_on=today - dt.timedelta(days=1),
    )
    consultation_create(
        partnership=p,
        title="Future Survey",
        method="Online survey",
        started_on=today + dt.timedelta(days=5),
    )
    html = _page(world, "have_your_say")
    assert "Town Centre Survey" in html
    assert "Closed Survey" not in html and "Future Survey" not in html
    assert "1 consultation is open now." in _page(world, "front")


def test_a_partners_group_page_is_not_found_by_the_public(world):
    group = world.groups["partners"]
    response = Client().get(
        reverse("publishing:meetings", kwargs={"slug": world.slug}), {"group": group.pk}
    )
    assert response.status_code == 404
    html = _page(world, "meetings", world.users["viewer"], f"?group={group.pk}")
    assert f"Meetings of the {group.name}" in html


def test_the_feeds_page_gives_partners_their_token_and_the_public_none(world):
    public = _page(world, "feeds")
    assert "token=" not in public
    viewer = world.users["viewer"]
    html = _page(world, "feeds", viewer)
    assert f"?token={viewer.feed_token}" in html


def test_a_group_page_links_its_feeds(world):
    group = world.groups["public"]
    html = (
        Client()
        .get(reverse("partnership:group_detail", kwargs={"slug": world.slug, "pk": group.pk}))
        .content.decode()
    )
    rss = reverse(
        "publishing:group_feed_rss", kwargs={"slug": world.slug, "pk": group.pk, "kind": "minutes"}
    )
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Published minutes: {group.name} (RSS)" href="{rss}">'
        in html
    )
    assert f'href="{rss}">minutes (RSS)</a>' in html
