"""The RSS 2.0 and Atom feeds: valid by the specs' required elements, absolute links back to
the record, and only what the reader may see (public without a token)."""

import datetime as dt

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree

from meetings import services as meetings
from meetings.tests.permissions import governance_records

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


def _get(world, kind, fmt="rss", *, group=None, token=None, client=None):
    kwargs = {"slug": world.slug, "kind": kind}
    if group is None:
        url = reverse(f"publishing:feed_{fmt}", kwargs=kwargs)
    else:
        url = reverse(f"publishing:group_feed_{fmt}", kwargs={**kwargs, "pk": group.pk})
    return (client or Client()).get(url, {"token": token} if token else {})


def _rss(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), f"channel has no {required}"
    assert channel.findtext("link").startswith("http://testserver/")
    items = channel.findall("item")
    for item in items:
        for required in ("title", "link", "guid", "pubDate"):
            assert (item.findtext(required) or "").strip(), f"item has no {required}"
        assert item.findtext("link").startswith("http://testserver/p/")
        # RFC 822 date, as RSS 2.0 requires
        dt.datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
    return channel, items


def _atom(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{required}") or "").strip(), f"feed has no {required}"
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), f"entry has no {required}"
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith("http://testserver/p/")
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    return root, entries


def test_decisions_rss_has_the_required_elements_and_only_public_decisions(world):
    g = governance_records(world)
    channel, items = _rss(_get(world, "decisions"))
    titles = [i.findtext("title") for i in items]
    assert titles == [g["decisions"]["public"].title]
    decision = g["decisions"]["public"]
    link = "http://testserver" + reverse(
        "meetings:decision_detail", kwargs={"slug": world.slug, "pk": decision.pk}
    )
    assert items[0].findtext("link") == link
    assert items[0].findtext("guid") == link
    assert "Made by Cabinet Member on 20 December 2010" in items[0].findtext("description")
    assert channel.findtext("title") == "Decisions: Partnership A"


def test_meetings_atom_has_the_required_elements_and_links_back(world):
    g = governance_records(world)
    root, entries = _atom(_get(world, "meetings", "atom"))
    assert root.findtext(f"{ATOM}title") == "Meetings: Partnership A"
    hrefs = {e.find(f"{ATOM}link").get("href") for e in entries}
    public = g["meetings"]["public"]
    assert (
        "http://testserver"
        + reverse("meetings:meeting_detail", kwargs={"slug": world.slug, "pk": public.pk})
        in hrefs
    )
    text = _get(world, "meetings", "atom").content.decode()
    assert "Room Public Zebra" in text
    assert "Room Partners Zebra" not in text and "Room Restricted Zebra" not in text


def test_feedparser_reads_every_feed_without_complaint(world):
    governance_records(world)
    for kind in ("meetings", "minutes", "decisions"):
        for fmt, version in (("rss", "rss20"), ("atom", "atom10")):
            parsed = feedparser.parse(_get(world, kind, fmt).content)
            assert not parsed.bozo, (kind, fmt, parsed.get("bozo_exception"))
            assert parsed.version == version
            assert parsed.entries, (kind, fmt)
            for entry in parsed.entries:
                assert entry.title and entry.link.startswith("http://testserver/p/")
                assert entry.get("published_parsed") or entry.get("updated_parsed")


def test_minutes_feed_has_approved_minutes_for_the_public_and_never_drafts(world):
    g = governance_records(world)
    _, items = _rss(_get(world, "minutes"))
    links = [i.findtext("link") for i in items]

    def minutes_url(m):
        return "http://testserver" + reverse(
            "meetings:minutes_html", kwargs={"slug": world.slug, "pk": m.pk}
        )

    assert minutes_url(g["meetings"]["public"]) in links
    assert minutes_url(g["meetings"]["partners"]) not in links
    assert minutes_url(g["draft"]) not in links
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    _, items = _rss(_get(world, "minutes", client=coordinator))
    links = [i.findtext("link") for i in items]
    assert minutes_url(g["meetings"]["restricted"]) in links
    assert minutes_url(g["draft"]) not in links  # drafts are not published minutes


def test_a_personal_token_shows_what_its_owner_may_read(world):
    g = governance_records(world)
    viewer, member = world.users["viewer"], world.users["member"]
    public_only = _get(world, "decisions")
    assert public_only["Cache-Control"] == "public, max-age=300"
    as_viewer = _get(world, "decisions", token=viewer.feed_token)
    as_member = _get(world, "decisions", "atom", token=member.feed_token)
    assert as_viewer["Cache-Control"] == "private, no-store"
    viewer_text, member_text = as_viewer.content.decode(), as_member.content.decode()
    assert g["decisions"]["partners"].title in viewer_text
    assert g["decisions"]["restricted"].title not in viewer_text
    assert g["decisions"]["restricted"].title in member_text
    _rss(as_viewer)
    _atom(as_member)


def test_a_reset_token_stops_working(world):
    member = world.users["member"]
    old = member.feed_token
    Client().force_login(member)
    member.set_password("a new long password 2026")
    member.save()
    assert _get(world, "decisions", token=old).status_code == 404
    assert _get(world, "decisions", token=member.feed_token).status_code == 200


def test_a_group_feed_holds_only_that_groups_records(world):
    g = governance_records(world)
    other = world.groups["partners"]
    meetings.decision_create(
        partnership=world.partnership,
        title="Decision Of Another Group",
        made_by_group=world.groups["public"],
        made_on=dt.date(2011, 1, 5),
        visibility="public",
    )
    _, items = _rss(_get(world, "decisions", group=world.groups["public"]))
    assert [i.findtext("title") for i in items] == ["Decision Of Another Group"]
    _, entries = _atom(_get(world, "meetings", "atom", group=world.groups["public"]))
    assert entries and all("Public Group" in e.findtext(f"{ATOM}title") for e in entries), (
        "a group feed names only its own meetings"
    )
    assert g["meetings"]["public"].group == world.groups["public"]
    assert _get(world, "meetings", group=other).status_code == 404
    viewer = Client()
    viewer.force_login(world.users["viewer"])
    assert _get(world, "meetings", group=other, client=viewer).status_code == 200


def test_a_decision_made_by_a_hidden_group_does_not_name_it(world):
    meetings.decision_create(
        partnership=world.partnership,
        title="Public Decision Of A Hidden Group",
        made_by_group=world.groups["restricted"],
        made_on=dt.date(2011, 1, 6),
        visibility="public",
    )
    text = _get(world, "decisions").content.decode()
    assert "Public Decision Of A Hidden Group" in text
    assert "Made by a restricted group" in text
    assert world.groups["restricted"].name not in text


def test_an_unknown_feed_is_not_found(world):
    assert _get(world, "agendas").status_code == 404
    assert _get(world, "agendas", "atom").status_code == 404
