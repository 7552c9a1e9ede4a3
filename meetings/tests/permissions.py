"""Permission-matrix entries for meetings, minutes, papers, calendars and decisions.

The records are built here from the world: meetings of each visibility, items of each
visibility in the public meeting, a draft meeting whose minutes only coordinators may read,
papers, decisions with follow-ups. Names carry a marker word ("Zebra") so leaks are easy to spot.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Visibility
from core.testing.matrix import (
    COORDINATORS,
    EVERYONE,
    NOT_FOUND,
    RECORD,
    REDIRECT,
    Case,
    hidden_by_visibility,
)
from meetings import services
from meetings.models import AttendanceStatus, MinutesStatus

VIS = ("public", "partners", "restricted")
NON_COORDINATORS = ("anonymous", "viewer", "member", "other_coordinator")
ALL_NOT_FOUND = dict.fromkeys(EVERYONE, NOT_FOUND)
COORDINATOR_ONLY_RECORD = {**ALL_NOT_FOUND, "coordinator": 200}
POST_COORDINATORS = {**COORDINATORS, "coordinator": REDIRECT}


def _approved(meeting, later):
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_at = later
    meeting.approved_on = later.date
    meeting.save()


def governance_records(world) -> dict:
    """Meetings, items, papers and decisions of each visibility (built once per world)."""
    if "governance" in world.extra:
        return world.extra["governance"]
    p = world.partnership
    group = world.groups["public"]
    restrict = [world.member_person]
    r: dict = {"group": group, "meetings": {}, "items": {}, "papers": {}, "decisions": {}}
    later = services.meeting_create(
        partnership=p, group=group, date=dt.date(2011, 2, 24), location="Room Later"
    )
    r["later"] = later
    for i, vis in enumerate(VIS):
        m = services.meeting_create(
            partnership=p,
            group=group,
            date=dt.date(2010, 11, 20 + i),
            location=f"Room {vis.title()} Zebra",
            visibility=vis,
        )
        if vis == "restricted":
            m.restricted_to.set(restrict)
        r["meetings"][vis] = m
    public = r["meetings"]["public"]
    for i, vis in enumerate(VIS, start=1):
        item = services.item_create(
            meeting=public,
            number=str(i),
            title=f"{vis.title()} Item Zebra",
            minutes=f"Minute text of the {vis} item",
            visibility=vis,
            restricted_to=restrict if vis == "restricted" else (),
        )
        r["items"][vis] = item
        r["papers"][vis] = services.paper_add(
            item=item,
            title=f"{vis.title()} Paper Zebra",
            upload=SimpleUploadedFile(f"{vis}.pdf", b"%PDF-1.4 paper", "application/pdf"),
        )
    r["restricted_meeting_item"] = services.item_create(
        meeting=r["meetings"]["restricted"],
        number="1",
        title="Item In Restricted Meeting Zebra",
        visibility=Visibility.PUBLIC,
    )
    draft = services.meeting_create(
        partnership=p, group=group, date=dt.date(2010, 11, 10), location="Room Draft"
    )
    r["draft"] = draft
    r["draft_item"] = services.item_create(
        meeting=draft, number="1", title="Draft Item Zebra", minutes="Not yet circulated"
    )
    lifecycle = services.meeting_create(partnership=p, group=group, date=dt.date(2010, 11, 5))
    services.item_create(meeting=lifecycle, number="1", title="Lifecycle item")
    r["lifecycle"] = lifecycle
    for vis in VIS:
        _approved(r["meetings"][vis], later)
    for person in (world.people["partners"], world.people["restricted"]):
        services.attendance_record(meeting=public, person=person, status=AttendanceStatus.PRESENT)
    r["attendance"] = services.attendance_record(
        meeting=later, name="Guest Zebra", status=AttendanceStatus.PRESENT, is_member=False
    )
    services.attendance_record(
        meeting=public, person=world.member_person, status=AttendanceStatus.PRESENT
    )
    for vis in VIS:
        d = services.decision_create(
            partnership=p,
            title=f"{vis.title()} Decision Zebra",
            made_by_role="Cabinet Member",
            made_on=dt.date(2010, 12, 20),
            visibility=vis,
            follow_ups=[(dt.date(2011, 3, 17), f"{vis.title()} Follow-up Zebra")],
        )
        if vis == "restricted":
            d.restricted_to.set(restrict)
        r["decisions"][vis] = d
    # An upcoming meeting whose agenda is published: items and papers show at their own
    # visibility, the minute text to coordinators only.
    agenda = services.meeting_create(
        partnership=p, group=group, date=dt.date(2011, 3, 10), location="Room Agenda"
    )
    r["agenda"], r["agenda_items"], r["agenda_papers"] = agenda, {}, {}
    for i, vis in enumerate(VIS, start=1):
        item = services.item_create(
            meeting=agenda,
            number=str(i),
            title=f"{vis.title()} Agenda Item Zebra",
            minutes=f"Unpublished minute text {vis} Zebra",
            visibility=vis,
            restricted_to=restrict if vis == "restricted" else (),
        )
        r["agenda_items"][vis] = item
        r["agenda_papers"][vis] = services.paper_add(
            item=item,
            title=f"{vis.title()} Agenda Paper Zebra",
            upload=SimpleUploadedFile(f"agenda-{vis}.pdf", b"%PDF-1.4 paper", "application/pdf"),
        )
    services.agenda_publish(meeting=agenda)
    r["unpublished"] = services.meeting_create(
        partnership=p, group=group, date=dt.date(2011, 3, 3), location="Room Unpublished"
    )
    services.item_create(
        meeting=r["unpublished"], number="1", title="Unpublished Agenda Item Zebra"
    )
    # The publish case's own meeting: the matrix's coordinator POST publishes it.
    r["to_publish"] = services.meeting_create(
        partnership=p, group=group, date=dt.date(2011, 3, 4), location="Room To Publish"
    )
    services.item_create(meeting=r["to_publish"], number="1", title="Item to publish")
    world.extra["governance"] = r
    return r


def agenda_hidden(r) -> dict[str, list[str]]:
    """What each role must not see of the published agenda: items above its level, and the
    minute text (which waits for the minutes) for everyone but the coordinator."""
    titles = {v: i.title for v, i in r["agenda_items"].items()}
    texts = [i.minutes for i in r["agenda_items"].values()]
    hidden = hidden_by_visibility(None, titles)
    return {role: [*hidden.get(role, []), *texts] for role in NON_COORDINATORS}


def hidden_items(r) -> dict[str, list[str]]:
    """Item titles each role must not see in the public meeting's pages and outputs."""
    names = {v: i.title for v, i in r["items"].items()}
    return hidden_by_visibility(None, names)


def cases(world) -> dict[str, list[Case]]:
    r = governance_records(world)
    slug = {"slug": world.slug}
    public = r["meetings"]["public"]
    locations = {v: m.location for v, m in r["meetings"].items()}
    in_restricted = r["restricted_meeting_item"].title
    search_hidden = hidden_items(r)
    for role in ("anonymous", "viewer", "other_coordinator"):
        search_hidden[role] = [*search_hidden[role], in_restricted]
    for role in ("anonymous", "viewer", "member", "other_coordinator"):
        search_hidden[role] = [*search_hidden.get(role, []), r["draft_item"].title]
    people = {v: p.name for v, p in world.people.items()}
    decisions = {v: d.title for v, d in r["decisions"].items()}
    follow_ups = {v: f"{v.title()} Follow-up Zebra" for v in VIS}

    def by_meeting(hidden=None):
        return [
            Case(
                kwargs={**slug, "pk": r["meetings"][vis].pk},
                expect=RECORD[vis],
                label=vis,
                hidden=hidden if vis == "public" and hidden else {},
            )
            for vis in VIS
        ]

    draft_minutes = Case(
        kwargs={**slug, "pk": r["draft"].pk},
        expect=COORDINATOR_ONLY_RECORD,
        label="draft minutes",
    )
    return {
        "meetings:meeting_list": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden_by_visibility(world, locations))
        ],
        "meetings:meeting_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "meetings:meeting_series_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "meetings:search": [
            Case(kwargs=slug, query="q=Zebra", expect=EVERYONE, hidden=search_hidden)
        ],
        "meetings:attendance_history": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden_by_visibility(world, people)),
            *[
                Case(
                    kwargs=slug,
                    query=f"person={world.people[vis].pk}",
                    expect=RECORD[vis],
                    label=f"one {vis} person's record",
                )
                for vis in VIS
            ],
            Case(
                kwargs=slug,
                query=f"body={world.bodies['public'].pk}",
                expect=EVERYONE,
                label="one body's record",
                hidden=hidden_by_visibility(world, people),
            ),
        ],
        "meetings:meeting_detail": [
            *by_meeting(hidden=hidden_items(r)),
            Case(
                kwargs={**slug, "pk": r["draft"].pk},
                expect=EVERYONE,
                label="draft minutes are not shown",
                hidden={
                    role: [r["draft_item"].title]
                    for role in ("anonymous", "viewer", "member", "other_coordinator")
                },
            ),
            Case(
                kwargs={**slug, "pk": r["agenda"].pk},
                expect=EVERYONE,
                label="published agenda: items at their visibility, no minute text",
                hidden=agenda_hidden(r),
            ),
            Case(
                kwargs={**slug, "pk": r["unpublished"].pk},
                expect=EVERYONE,
                label="unpublished agenda is not shown",
                hidden=dict.fromkeys(NON_COORDINATORS, ["Unpublished Agenda Item Zebra"]),
            ),
        ],
        "meetings:agenda_publish": [
            Case(
                kwargs={**slug, "pk": r["to_publish"].pk},
                method="post",
                expect=POST_COORDINATORS,
            )
        ],
        "meetings:meetings_calendar": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden_by_visibility(world, locations)),
            Case(
                kwargs=slug,
                query="token=not-a-real-token",
                expect=EVERYONE,
                label="a wrong token sees only public meetings",
                hidden={"anonymous": [locations["partners"], locations["restricted"]]},
            ),
        ],
        "meetings:meeting_edit": [Case(kwargs={**slug, "pk": public.pk}, expect=COORDINATORS)],
        "meetings:attendance_edit": [Case(kwargs={**slug, "pk": public.pk}, expect=COORDINATORS)],
        "meetings:attendee_add": [Case(kwargs={**slug, "pk": public.pk}, expect=COORDINATORS)],
        "meetings:attendee_remove": [
            Case(kwargs={**slug, "pk": r["attendance"].pk}, method="post", expect=POST_COORDINATORS)
        ],
        "meetings:item_create": [Case(kwargs={**slug, "pk": r["draft"].pk}, expect=COORDINATORS)],
        "meetings:item_edit": [
            Case(kwargs={**slug, "pk": r["draft_item"].pk}, expect=COORDINATORS)
        ],
        "meetings:paper_add": [
            Case(kwargs={**slug, "pk": r["draft_item"].pk}, expect=COORDINATORS)
        ],
        "meetings:paper_download": [
            *[
                Case(kwargs={**slug, "pk": r["papers"][vis].pk}, expect=RECORD[vis], label=vis)
                for vis in VIS
            ],
            *[
                Case(
                    kwargs={**slug, "pk": r["agenda_papers"][vis].pk},
                    expect=RECORD[vis],
                    label=f"{vis} paper of a published agenda",
                )
                for vis in VIS
            ],
        ],
        "meetings:minutes_html": [*by_meeting(hidden=hidden_items(r)), draft_minutes],
        "meetings:minutes_docx": [*by_meeting(), draft_minutes],
        "meetings:minutes_pdf": [*by_meeting(), draft_minutes],
        "meetings:minutes_circulate": [
            Case(kwargs={**slug, "pk": r["lifecycle"].pk}, method="post", expect=POST_COORDINATORS)
        ],
        "meetings:minutes_lock": [
            Case(kwargs={**slug, "pk": r["lifecycle"].pk}, method="post", expect=POST_COORDINATORS)
        ],
        "meetings:minutes_approve": [
            Case(kwargs={**slug, "pk": r["lifecycle"].pk}, expect=COORDINATORS)
        ],
        "meetings:minutes_amend": [Case(kwargs={**slug, "pk": public.pk}, expect=COORDINATORS)],
        "meetings:minutes_versions": [Case(kwargs={**slug, "pk": public.pk}, expect=COORDINATORS)],
        "meetings:group_calendar": [
            Case(
                kwargs={**slug, "pk": r["group"].pk},
                expect=EVERYONE,
                hidden=hidden_by_visibility(world, locations),
            ),
            Case(
                kwargs={**slug, "pk": r["group"].pk},
                query="token=not-a-real-token",
                expect=EVERYONE,
                label="a wrong token sees only public meetings",
                hidden={"anonymous": [locations["partners"], locations["restricted"]]},
            ),
        ],
        "meetings:quorum_edit": [Case(kwargs={**slug, "pk": r["group"].pk}, expect=COORDINATORS)],
        "meetings:decision_list": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden_by_visibility(world, decisions)),
            Case(
                kwargs=slug,
                query="q=Zebra",
                expect=EVERYONE,
                label="search",
                hidden=hidden_by_visibility(world, decisions),
            ),
        ],
        "meetings:decision_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "meetings:decision_detail": [
            Case(kwargs={**slug, "pk": r["decisions"][vis].pk}, expect=RECORD[vis], label=vis)
            for vis in VIS
        ],
        "meetings:decisions_calendar": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hidden_by_visibility(world, follow_ups))
        ],
    }
