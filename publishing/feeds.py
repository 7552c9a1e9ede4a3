"""RSS 2.0 and Atom feeds of meetings, published minutes and decisions (Django syndication).

One feed class serves a partnership or one of its groups in either format. Items come from
the same selectors as the pages, read as the request's user or, for a feed reader that cannot
sign in, as the owner of the personal token in `?token=` (the calendar feeds' token,
accounts.User.feed_token). Without either, a feed holds public records only. Item links are
absolute, built from the request by the syndication framework.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator, timezone

from accounts.permissions import partnership_view, require_visible, visible_name
from accounts.selectors import feed_token_owner
from core.formatting import date_gb, time_gb
from meetings.selectors import decisions_visible, meetings_visible
from partnership.models import Group, Partnership
from publishing import selectors

FEED_KINDS = {
    "meetings": "Meetings",
    "minutes": "Published minutes",
    "decisions": "Decisions",
}
FORMATS = {"rss": feedgenerator.Rss201rev2Feed, "atom": feedgenerator.Atom1Feed}
FEED_LENGTH = 50


@dataclass(frozen=True)
class FeedLink:
    title: str
    href: str
    mime: str
    format: str
    kind: str
    label: str
    whose: str


def feed_links(partnership: Partnership, group: Group | None = None) -> list[FeedLink]:
    """Each feed of the partnership (or of one group) in both formats, for links on pages."""
    links = []
    whose = group.name if group else partnership.name
    for kind, label in FEED_KINDS.items():
        for fmt, generator in FORMATS.items():
            if group is None:
                href = reverse(
                    f"publishing:feed_{fmt}", kwargs={"slug": partnership.slug, "kind": kind}
                )
            else:
                href = reverse(
                    f"publishing:group_feed_{fmt}",
                    kwargs={"slug": partnership.slug, "pk": group.pk, "kind": kind},
                )
            links.append(
                FeedLink(
                    title=f"{label}: {whose} ({'RSS' if fmt == 'rss' else 'Atom'})",
                    href=href,
                    mime=generator.content_type.split(";")[0],  # type: ignore[attr-defined]  # RSS and Atom classes define it
                    format="RSS" if fmt == "rss" else "Atom",
                    kind=kind,
                    label=label,
                    whose=whose,
                )
            )
    return links


@dataclass(frozen=True)
class Entry:
    title: str
    url: str
    description: str
    when: dt.datetime


@dataclass(frozen=True)
class Source:
    """What one feed is of, and for whom."""

    partnership: Partnership
    group: Group | None
    kind: str
    reader: object


def _moment(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day, in the service's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _meeting_entries(source: Source) -> list[Entry]:
    p = source.partnership
    meetings = meetings_visible(user=source.reader, partnership=p)
    if source.group is not None:
        meetings = meetings.filter(group=source.group)
    entries = []
    for m in meetings.order_by("-date", "-start_time", "-pk")[:FEED_LENGTH]:
        when = date_gb(m.date) + (f", {time_gb(m.start_time)}" if m.start_time else "")
        where = f", {m.location}" if m.location else ""
        entries.append(
            Entry(
                title=f"{m.group.name}: meeting on {date_gb(m.date)}",
                url=reverse("meetings:meeting_detail", kwargs={"slug": p.slug, "pk": m.pk}),
                description=f"{when}{where}. {m.get_status_display()}.",
                when=m.created,
            )
        )
    return entries


def _minutes_entries(source: Source) -> list[Entry]:
    p = source.partnership
    meetings = selectors.published_minutes(user=source.reader, partnership=p, group=source.group)
    entries = []
    for m in meetings[:FEED_LENGTH]:
        status = (
            f"Approved on {date_gb(m.approved_on)}."
            if m.approved_on
            else f"{m.get_minutes_status_display()}."
        )
        entries.append(
            Entry(
                title=f"Minutes of the {m.group.name}, {date_gb(m.date)}",
                url=reverse("meetings:minutes_html", kwargs={"slug": p.slug, "pk": m.pk}),
                description=status,
                when=_moment(m.approved_on or m.date),
            )
        )
    return entries


def _decision_entries(source: Source) -> list[Entry]:
    p = source.partnership
    entries = []
    for d in decisions_visible(user=source.reader, partnership=p, group=source.group)[:FEED_LENGTH]:
        by = (
            visible_name(source.reader, p, d.made_by_group, "a restricted group")
            if d.made_by_group_id
            else d.made_by_role
        )
        text = " ".join(d.text.split())
        entries.append(
            Entry(
                title=d.title,
                url=reverse("meetings:decision_detail", kwargs={"slug": p.slug, "pk": d.pk}),
                description=f"Made by {by} on {date_gb(d.made_on)}."
                + (f" {text[:500]}" if text else ""),
                when=_moment(d.made_on),
            )
        )
    return entries


ENTRIES = {
    "meetings": _meeting_entries,
    "minutes": _minutes_entries,
    "decisions": _decision_entries,
}


class RecordFeed(Feed):
    """A partnership's or group's meetings, published minutes or decisions."""

    def __init__(self, fmt: str):
        super().__init__()
        self.feed_type = FORMATS[fmt]
        self.fmt = fmt

    def get_object(self, request: HttpRequest, source: Source) -> Source:
        return source

    def title(self, source: Source) -> str:
        whose = source.group.name if source.group else source.partnership.name
        return f"{FEED_KINDS[source.kind]}: {whose}"

    def link(self, source: Source) -> str:
        page = reverse("publishing:meetings", kwargs={"slug": source.partnership.slug})
        if source.kind == "decisions":
            page = reverse("meetings:decision_list", kwargs={"slug": source.partnership.slug})
        return f"{page}?group={source.group.pk}" if source.group else page

    def feed_url(self, source: Source) -> str:
        kwargs = {"slug": source.partnership.slug, "kind": source.kind}
        if source.group is None:
            return reverse(f"publishing:feed_{self.fmt}", kwargs=kwargs)
        return reverse(
            f"publishing:group_feed_{self.fmt}", kwargs={**kwargs, "pk": source.group.pk}
        )

    def description(self, source: Source) -> str:
        whose = f"the {source.group.name}" if source.group else source.partnership.name
        return f"{FEED_KINDS[source.kind]} of {whose}, newest first, from CSP Hub."

    def items(self, source: Source) -> list[Entry]:
        return ENTRIES[source.kind](source)

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_link(self, item: Entry) -> str:
        return item.url

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_pubdate(self, item: Entry) -> dt.datetime:
        return item.when

    def item_updateddate(self, item: Entry) -> dt.datetime:
        return item.when


def _reader(request: HttpRequest):
    """The signed-in user, else the owner of the personal token given as ?token=, else the
    public. A token that matches no one answers 404 rather than quietly showing less."""
    if request.user.is_authenticated:
        return request.user
    token = request.GET.get("token", "")
    if not token:
        return None
    owner = feed_token_owner(token)
    if owner is None:
        raise Http404("No such feed address")
    return owner


def _respond(request: HttpRequest, source: Source, fmt: str) -> HttpResponse:
    if source.kind not in FEED_KINDS:
        raise Http404("No such feed")
    response = RecordFeed(fmt)(request, source=source)
    # A private feed (by token or session) must not be kept by a shared cache.
    response["Cache-Control"] = "private, no-store" if source.reader else "public, max-age=300"
    return response


def _partnership_feed(fmt: str):
    @partnership_view()
    def view(request: HttpRequest, partnership: Partnership, kind: str) -> HttpResponse:
        source = Source(partnership=partnership, group=None, kind=kind, reader=_reader(request))
        return _respond(request, source, fmt)

    view.__doc__ = f"The partnership's {fmt.upper()} feed of meetings, minutes or decisions."
    return view


def _group_feed(fmt: str):
    @partnership_view()
    def view(request: HttpRequest, partnership: Partnership, pk: int, kind: str) -> HttpResponse:
        reader = _reader(request)
        group = get_object_or_404(Group, partnership=partnership, pk=pk)
        require_visible(reader, group, partnership)
        source = Source(partnership=partnership, group=group, kind=kind, reader=reader)
        return _respond(request, source, fmt)

    view.__doc__ = f"A group's {fmt.upper()} feed of meetings, minutes or decisions."
    return view


partnership_rss = _partnership_feed("rss")
partnership_atom = _partnership_feed("atom")
group_rss = _group_feed("rss")
group_atom = _group_feed("atom")
