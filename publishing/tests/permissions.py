"""Permission-matrix entries for the public site and its feeds.

The records: the meetings app's governance records (past meetings, items and decisions of
each visibility, names marked "Zebra"), plus, here, an upcoming meeting of each visibility
with agenda items of each visibility, an agreed plan and priorities, finished assessments,
public meetings to come and open consultations of each visibility. Every page and feed is
open to everyone; each role must not meet the names of what it may not read.
"""

import datetime as dt

from django.utils import timezone

from assessments.factories import AssessmentFactory, sample_result
from assessments.models import AssessmentStatus
from core.testing.matrix import EVERYONE, NOT_FOUND, RECORD, Case, hidden_by_visibility
from engagement.factories import ConsultationFactory, PublicMeetingFactory
from meetings import services as meetings
from meetings.tests.permissions import governance_records
from plan.factories import PlanFactory, PriorityFactory

VIS = ("public", "partners", "restricted")
KINDS = ("meetings", "minutes", "decisions")
FORMATS = ("rss", "atom")


def build(world) -> dict:
    """The public site's own records of each visibility (built once per world)."""
    if "publishing" in world.extra:
        return world.extra["publishing"]
    p = world.partnership
    today = timezone.localdate()
    group = world.groups["public"]
    restrict = [world.member_person]
    r: dict = {"upcoming": {}, "items": {}}
    for i, vis in enumerate(VIS):
        m = meetings.meeting_create(
            partnership=p,
            group=group,
            date=today + dt.timedelta(days=30 + i),
            location=f"Upcoming {vis.title()} Hall Yak",
            visibility=vis,
        )
        if vis == "restricted":
            m.restricted_to.set(restrict)
        r["upcoming"][vis] = m
    for i, vis in enumerate(VIS, start=1):
        r["items"][vis] = meetings.item_create(
            meeting=r["upcoming"]["public"],
            number=str(i),
            title=f"{vis.title()} Agenda Item Yak",
            visibility=vis,
            restricted_to=restrict if vis == "restricted" else (),
        )
    r["plans"] = {
        vis: PlanFactory(
            partnership=p,
            year=2060 + i,
            title=f"{vis.title()} Current Plan Yak",
            visibility=vis,
            status="agreed",
            agreed_on=dt.date(2060 + i, 3, 1),
        )
        for i, vis in enumerate(VIS)
    }
    r["priorities"] = {
        vis: PriorityFactory(
            partnership=p, year=2060, name=f"{vis.title()} Priority Yak", visibility=vis
        )
        for vis in VIS
    }
    r["assessments"] = {
        vis: AssessmentFactory(
            partnership=p,
            title=f"{vis.title()} Assessment Yak",
            visibility=vis,
            status=AssessmentStatus.DONE,
            result=sample_result(area_name=f"{vis.title()} Area Yak"),
        )
        for vis in VIS
    }
    r["public_meetings"] = {
        vis: PublicMeetingFactory(
            partnership=p,
            venue=f"{vis.title()} Notice Hall Yak",
            visibility=vis,
            held_on=today + dt.timedelta(days=40),
            notice_published_on=today,
        )
        for vis in VIS
    }
    r["consultations"] = {
        vis: ConsultationFactory(
            partnership=p,
            title=f"{vis.title()} Open Consultation Yak",
            visibility=vis,
            started_on=today - dt.timedelta(days=5),
            ended_on=today + dt.timedelta(days=20),
        )
        for vis in VIS
    }
    for records in ("plans", "priorities", "assessments", "public_meetings", "consultations"):
        r[records]["restricted"].restricted_to.add(world.member_person)
    world.extra["publishing"] = r
    return r


def _names(records: dict, attr: str) -> dict[str, str]:
    return {v: getattr(record, attr) for v, record in records.items()}


def _merge(*hidden: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for h in hidden:
        for role, names in h.items():
            out.setdefault(role, []).extend(names)
    return out


def cases(world) -> dict[str, list[Case]]:
    g = governance_records(world)
    r = build(world)
    slug = {"slug": world.slug}

    def hide(records: dict, attr: str) -> dict[str, list[str]]:
        return hidden_by_visibility(world, _names(records, attr))

    upcoming = _merge(hide(r["upcoming"], "location"), hide(r["items"], "title"))
    past_meetings = hide(g["meetings"], "location")
    decisions = hide(g["decisions"], "title")
    plan = _merge(hide(r["plans"], "title"), hide(r["priorities"], "name"))
    say = _merge(hide(r["public_meetings"], "venue"), hide(r["consultations"], "title"))
    minutes_titles = {
        v: f"Minutes of the {m.group.name}, {m.date.day} {m.date:%B %Y}"
        for v, m in g["meetings"].items()
    }
    feed_hidden = {
        "meetings": _merge(past_meetings, hide(r["upcoming"], "location")),
        "minutes": hidden_by_visibility(world, minutes_titles),
        "decisions": decisions,
    }
    group_pk = {**slug, "pk": world.groups["public"].pk}
    bad_token = dict.fromkeys(EVERYONE, 200) | {"anonymous": NOT_FOUND}
    out: dict[str, list[Case]] = {
        "publishing:front": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden=_merge(upcoming, plan, decisions, say),
            )
        ],
        "publishing:partners": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden=_merge(
                    hidden_by_visibility(world, _names(world.bodies, "name")),
                    hidden_by_visibility(world, _names(world.groups, "name")),
                ),
            )
        ],
        "publishing:meetings": [
            Case(kwargs=slug, expect=EVERYONE, hidden=upcoming),
            *[
                Case(
                    kwargs=slug,
                    query=f"group={world.groups[vis].pk}",
                    expect=RECORD[vis],
                    label=f"{vis} group",
                    hidden=upcoming if vis == "public" else {},
                )
                for vis in VIS
            ],
        ],
        "publishing:plan": [Case(kwargs=slug, expect=EVERYONE, hidden=plan)],
        "publishing:reports": [
            Case(kwargs=slug, expect=EVERYONE, hidden=hide(r["assessments"], "title"))
        ],
        "publishing:have_your_say": [Case(kwargs=slug, expect=EVERYONE, hidden=say)],
        "publishing:feeds": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden=hidden_by_visibility(world, _names(world.groups, "name")),
            )
        ],
    }
    for fmt in FORMATS:
        out[f"publishing:feed_{fmt}"] = [
            *[
                Case(
                    kwargs={**slug, "kind": kind},
                    expect=EVERYONE,
                    label=kind,
                    hidden=feed_hidden[kind],
                )
                for kind in KINDS
            ],
            Case(kwargs={**slug, "kind": "agendas"}, expect=dict.fromkeys(EVERYONE, NOT_FOUND)),
            Case(
                kwargs={**slug, "kind": "meetings"},
                query="token=not-a-token",
                expect=bad_token,
                label="unknown token",
            ),
        ]
        out[f"publishing:group_feed_{fmt}"] = [
            *[
                Case(
                    kwargs={**group_pk, "kind": kind},
                    expect=EVERYONE,
                    label=f"public group {kind}",
                    hidden=feed_hidden[kind],
                )
                for kind in KINDS
            ],
            *[
                Case(
                    kwargs={**slug, "pk": world.groups[vis].pk, "kind": "meetings"},
                    expect=RECORD[vis],
                    label=f"{vis} group",
                )
                for vis in ("partners", "restricted")
            ],
        ]
    return out
