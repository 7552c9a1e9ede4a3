"""Calendar feeds as a calendar reads them: a VTIMEZONE for Europe/London, whole summaries
(folded, never cut), links to the address in use, and the feeds linked where they apply."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from meetings import services

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
LONG_NAME = (
    "Safer Maidstone Partnership Domestic Abuse Forum and Task and Finish Group for the "
    "Strategic Assessment"
)


def _feed(url: str, host: str = "testserver", **extra) -> Calendar:
    response = Client().get(url, HTTP_HOST=host, **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def long_group(gov, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "csp.maidstone.example.org"]
    gov.group.name = LONG_NAME
    gov.group.save()
    services.meeting_update(meeting=gov.second, start_time=dt.time(14), end_time=dt.time(16))
    return gov


def test_the_group_feed_has_a_london_vtimezone_and_times_in_it(long_group):
    gov = long_group
    cal = _feed(reverse("meetings:group_calendar", kwargs={"slug": "gov", "pk": gov.group.pk}))
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    events = {e["dtstart"].dt.date(): e for e in cal.walk("VEVENT")}
    feb = events[dt.date(2011, 2, 24)]
    assert feb["dtstart"].params["TZID"] == "Europe/London"
    assert feb["dtstart"].dt.hour == 14 and feb["dtend"].dt.hour == 16
    # 25 November 2010 at 11:00 is GMT; a summer meeting would be BST, the calendar knows which.
    nov = events[dt.date(2010, 11, 25)]
    assert nov["dtstart"].dt.utcoffset() == dt.timedelta(0)


def test_summaries_are_whole_and_long_lines_are_folded(long_group):
    gov = long_group
    url = reverse("meetings:group_calendar", kwargs={"slug": "gov", "pk": gov.group.pk})
    raw = Client().get(url).content.decode()
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    cal = Calendar.from_ical(raw)
    assert {str(e["summary"]) for e in cal.walk("VEVENT")} == {LONG_NAME}


def test_links_use_the_address_the_feed_was_fetched_from(long_group, settings):
    gov = long_group
    settings.SITE_URL = "http://127.0.0.1:8000"
    url = reverse("meetings:group_calendar", kwargs={"slug": "gov", "pk": gov.group.pk})
    cal = _feed(url, host="csp.maidstone.example.org", **{"wsgi.url_scheme": "https"})
    for event in cal.walk("VEVENT"):
        assert str(event["url"]).startswith("https://csp.maidstone.example.org/p/gov/meetings/")
        assert "127.0.0.1" not in str(event["description"])


def test_the_partnership_feed_lists_every_groups_public_meetings(gov):
    board = services.meeting_create(
        partnership=gov.partnership, group=gov.other_group, date=dt.date(2010, 12, 15)
    )
    services.meeting_create(
        partnership=gov.partnership,
        group=gov.other_group,
        date=dt.date(2010, 12, 16),
        location="Partners Room",
        visibility="partners",
    )
    cal = _feed(reverse("meetings:meetings_calendar", kwargs={"slug": "gov"}))
    dates = [e["dtstart"].dt for e in cal.walk("VEVENT")]
    assert board.date in dates and dt.date(2010, 12, 16) not in dates
    token = gov.owner_user.feed_token
    with_token = _feed(
        reverse("meetings:meetings_calendar", kwargs={"slug": "gov"}) + f"?token={token}"
    )
    assert dt.date(2010, 12, 16) in [e["dtstart"].dt for e in with_token.walk("VEVENT")]


def test_the_action_feed_keeps_the_whole_action_text(gov):
    from actions import services as action_services

    text = (
        "Ask partners whether they have seen more inappropriate images and messages on "
        "Facebook, and report back to the group"
    )
    action_services.action_create(
        meeting=gov.first, text=text, owners="JL", deadline="By next meeting"
    )
    url = reverse("actions:person_feed", kwargs={"slug": "gov", "token": gov.owner_user.feed_token})
    [event] = _feed(url).walk("VEVENT")
    assert str(event["summary"]) == f"Action due: {text}"


def test_the_feeds_are_linked_from_the_group_page_and_the_meetings_page(gov):
    group_feed = reverse("meetings:group_calendar", kwargs={"slug": "gov", "pk": gov.group.pk})
    all_feed = reverse("meetings:meetings_calendar", kwargs={"slug": "gov"})
    group_page = (
        Client()
        .get(reverse("partnership:group_detail", kwargs={"slug": "gov", "pk": gov.group.pk}))
        .content.decode()
    )
    assert f'href="{group_feed}"' in group_page
    meetings_page = Client().get(reverse("meetings:meeting_list", kwargs={"slug": "gov"}))
    assert f'href="{all_feed}"' in meetings_page.content.decode()
    # Partners are told how the token opens the meetings only they may see.
    c = Client()
    c.force_login(gov.owner_user)
    page = c.get(reverse("partnership:group_detail", kwargs={"slug": "gov", "pk": gov.group.pk}))
    assert "?token=" in page.content.decode()
    assert reverse("actions:feed_settings", kwargs={"slug": "gov"}) in page.content.decode()


# SITE_URL in production ----------------------------------------------------------------------

_NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "CSPHUB_ENV", "SITE_URL"}
PRODUCTION = {
    "CSPHUB_ENV": "production",
    "SECRET_KEY": "x7!kq2-production-like-secret-key-for-the-site-url-check-0123456789abcdef",
    "DATABASE_URL": "sqlite:////tmp/csphub-site-url-check.sqlite3",
}


def _site_url(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip


def test_production_site_url_defaults_to_the_named_host_over_https():
    result = _site_url(ALLOWED_HOSTS="csphub.maidstone.example.org,.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://csphub.maidstone.example.org"


def test_production_refuses_a_plain_http_site_url_naming_the_variable():
    result = _site_url(ALLOWED_HOSTS="csphub.example.org", SITE_URL="http://csphub.example.org")
    assert result.returncode != 0
    assert "SITE_URL must be an address such as https://" in result.stderr
