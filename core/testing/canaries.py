"""Canary records: hidden records of every kind, named unmistakably, pointed at by public ones.

`build_canaries(world)` adds, to partnership A of the matrix world, one partners-only and one
restricted record of every kind (body, person, group, priority, objective, measure, partner
measure, pot, request, decision, event, public meeting, meeting, item, action), each named
`CANARY-<VISIBILITY>-<KIND>`, and public records that refer to them (a public person whose body
is the restricted body, a public group reporting to a restricted group, ...). Restricted
canaries name nobody, so only coordinators may read them; partners canaries are for any role.

`canary_cases(world)` gives matrix cases for the public referrers' own pages, and
`forbidden_canaries(role)` the names a role must never meet in any response. The matrix test
scans every response body (HTML, CSV, XLSX, DOCX, PDF, ICS, JSON) with `response_text`.
"""

import datetime as dt
import io
import zipfile

from core.models import Visibility
from core.testing.matrix import EVERYONE, NOT_FOUND, OK, RECORD, Case

KINDS = (
    "body",
    "person",
    "group",
    "priority",
    "objective",
    "measure",
    "partner-measure",
    "pot",
    "request",
    "decision",
    "event",
    "public-meeting",
    "meeting",
    "item",
    "action",
    "evidence",
)
HIDDEN = (Visibility.PARTNERS, Visibility.RESTRICTED)


def canary_name(vis: str, kind: str) -> str:
    return f"CANARY-{vis.upper()}-{kind.upper()}"


def forbidden_canaries(role: str) -> list[str]:
    """The canary names this matrix role may not read anywhere."""
    if role == "coordinator":
        return []
    visibilities = [Visibility.RESTRICTED] if role in ("viewer", "member") else list(HIDDEN)
    return [canary_name(v, k) for v in visibilities for k in KINDS]


def build_canaries(world) -> dict:
    """Create the canaries and their public referrers in partnership A (once per world)."""
    if "canaries" in world.extra:
        return world.extra["canaries"]
    from actions.services import action_create
    from assessments.factories import EvidenceSnapshotFactory, PartnerMeasureFactory
    from engagement.factories import (
        ConsultationFactory,
        EventFactory,
        FindingFactory,
        PublicMeetingFactory,
    )
    from engagement.services import concern_add, follow_up_record
    from funding.factories import FundingRequestFactory, PotFactory
    from funding.models import RequestStatus
    from funding.services import rollover_request
    from meetings import services as meetings
    from partnership.factories import BodyFactory, GroupFactory, MembershipFactory, PersonFactory
    from plan.factories import MeasureFactory, ObjectiveFactory, PlanFactory, PriorityFactory
    from plan.models import MeasureSource
    from plan.services import action_link_set, priority_outcome_record

    p = world.partnership
    public = Visibility.PUBLIC
    c: dict = {k: {} for k in KINDS}
    refs: dict = {}
    plan = PlanFactory(partnership=p, year=2031, title="Referrer Plan", visibility=public)
    group = GroupFactory(partnership=p, name="Referrer Board", visibility=public)
    meeting = meetings.meeting_create(
        partnership=p, group=group, date=dt.date(2011, 1, 13), location="Referrer Room"
    )
    item = meetings.item_create(meeting=meeting, number="1", title="Referrer item")
    pot = PotFactory(
        partnership=p,
        funder=world.bodies["public"],
        name="Referrer Pot",
        year=2011,
        amount_pence=5_000_000,
        visibility=public,
    )
    for n, vis in enumerate(HIDDEN):
        name = lambda kind, vis=vis: canary_name(vis, kind)  # noqa: E731
        c["body"][vis] = BodyFactory(partnership=p, name=name("body"), visibility=vis)
        c["person"][vis] = PersonFactory(
            partnership=p, name=name("person"), initials=f"QZ{'PR'[n]}", visibility=vis
        )
        c["group"][vis] = GroupFactory(partnership=p, name=name("group"), visibility=vis)
        c["priority"][vis] = PriorityFactory(partnership=p, name=name("priority"), visibility=vis)
        c["objective"][vis] = ObjectiveFactory(plan=plan, title=name("objective"), visibility=vis)
        c["measure"][vis] = MeasureFactory(plan=plan, name=name("measure"), visibility=vis)
        c["partner-measure"][vis] = PartnerMeasureFactory(
            partnership=p, name=name("partner-measure"), visibility=vis
        )
        c["pot"][vis] = PotFactory(
            partnership=p, funder=world.bodies["public"], name=name("pot"), visibility=vis
        )
        c["request"][vis] = FundingRequestFactory(
            pot=pot,
            requesting_body=world.bodies["public"],
            title=name("request"),
            amount_pence=937_100,
            visibility=vis,
            status=RequestStatus.APPROVED,
            decided_on=dt.date(2011, 2, 1),
        )
        c["decision"][vis] = meetings.decision_create(
            partnership=p,
            title=name("decision"),
            made_by_role="Cabinet Member",
            made_on=dt.date(2011, 1, 13),
            item=item,
            visibility=vis,
        )
        c["event"][vis] = EventFactory(partnership=p, title=name("event"), visibility=vis)
        c["public-meeting"][vis] = PublicMeetingFactory(
            partnership=p, venue=name("public-meeting"), visibility=vis
        )
        c["meeting"][vis] = meetings.meeting_create(
            partnership=p,
            group=group,
            date=dt.date(2011, 1, 6 + n),
            location=name("meeting"),
            visibility=vis,
        )
        c["item"][vis] = meetings.item_create(
            meeting=meeting, number=str(2 + n), title=name("item"), visibility=vis
        )
        c["action"][vis] = action_create(
            meeting=meeting, item=item, text=name("action"), owners="MP", visibility=vis
        )

        c["evidence"][vis] = EvidenceSnapshotFactory(
            partnership=p, title=name("evidence"), visibility=vis
        )
        c["request"][vis].meeting_item = item
        c["request"][vis].save(update_fields=["meeting_item"])

        # Public records that point at the canaries.
        r: dict = {}
        r["person"] = PersonFactory(
            partnership=p,
            name=f"Referrer Person {n}",
            initials=f"RF{'PR'[n]}",
            body=c["body"][vis],
            visibility=public,
        )
        r["group"] = GroupFactory(
            partnership=p,
            name=f"Referrer Group {n}",
            reports_to=c["group"][vis],
            visibility=public,
        )
        MembershipFactory(group=r["group"], person=c["person"][vis], visibility=public)
        r["pot"] = PotFactory(
            partnership=p,
            funder=c["body"][vis],
            name=f"Referrer Pot {n}",
            year=2012,
            visibility=public,
        )
        r["request"] = FundingRequestFactory(
            pot=pot,
            requesting_body=c["body"][vis],
            priority=c["priority"][vis],
            title=f"Referrer Request {n}",
            amount_pence=100_000,
            visibility=public,
        )
        r["objective"] = ObjectiveFactory(
            plan=plan, title=f"Referrer Objective {n}", owner=c["body"][vis], visibility=public
        )
        r["objective"].priorities.add(c["priority"][vis])
        r["objective"].groups.add(c["group"][vis])
        r["measure"] = MeasureFactory(
            plan=plan,
            name=f"Referrer Measure {n}",
            source=MeasureSource.PARTNER,
            crime_category="",
            supplier=c["body"][vis],
            priority=c["priority"][vis],
            objective=c["objective"][vis],
            visibility=public,
        )
        r["priority"] = PriorityFactory(
            partnership=p,
            name=f"Referrer Priority {n}",
            visibility=public,
            evidence=c["evidence"][vis],
        )
        r["priority"].groups.add(c["group"][vis])
        # A public 2010/11 priority merged into the hidden one, on hidden evidence.
        r["earlier-priority"] = PriorityFactory(
            partnership=p, year=2010, name=f"Referrer Earlier Priority {n}", visibility=public
        )
        priority_outcome_record(
            earlier=r["earlier-priority"],
            outcome="merged",
            successor=c["priority"][vis],
            reason=f"Referrer merger {n}",
            evidence=c["evidence"][vis],
        )
        r["decision"] = meetings.decision_create(
            partnership=p,
            title=f"Referrer Decision {n}",
            made_by_group=c["group"][vis],
            made_on=dt.date(2011, 1, 13),
            visibility=public,
        )
        r["event"] = EventFactory(
            partnership=p, title=f"Referrer Event {n}", priority=c["priority"][vis]
        )
        finding = FindingFactory(event=r["event"], text=f"Referrer finding {n}")
        follow_up_record(
            finding=finding,
            kind="plan_change",
            description=f"Referrer follow-up {n}",
            recorded_on=dt.date(2011, 2, 1),
            objective=c["objective"][vis],
        )
        r["public-meeting"] = PublicMeetingFactory(
            partnership=p, venue=f"Referrer Hall {n}", held_on=dt.date(2011, 3, 1 + n)
        )
        r["public-meeting"].attendees.add(c["person"][vis])
        r["consultation"] = ConsultationFactory(
            partnership=p, title=f"Referrer Consultation {n}", visibility=public
        )
        concern_add(
            consultation=r["consultation"],
            topic=f"Referrer topic {n}",
            said="Worried",
            mentions=3,
            priority=c["priority"][vis],
        )
        r["action"] = action_create(
            meeting=meeting,
            item=item,
            text=f"Referrer action {n}",
            owners=c["person"][vis].initials,
            visibility=public,
        )
        action_link_set(
            action=r["action"],
            priority=c["priority"][vis],
            objective=c["objective"][vis],
            theme="prevention",
        )
        meetings.attendance_record(meeting=meeting, person=c["person"][vis], status="present")
        rollover_request(
            pot=pot, amount_pence=1000, asked_of=c["body"][vis], requested_on=dt.date(2012, 3, 1)
        )
        r["meeting"] = meetings.meeting_create(
            partnership=p,
            group=c["group"][vis],
            date=dt.date(2011, 4, 4 + n),
            location=f"Referrer meeting room {n}",
        )
        refs[vis] = r
    from meetings.models import MinutesStatus

    later = meetings.meeting_create(partnership=p, group=group, date=dt.date(2011, 3, 10))
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_at = later
    meeting.approved_on = later.date
    meeting.save()
    built = {
        "canaries": c,
        "referrers": refs,
        "plan": plan,
        "group": group,
        "meeting": meeting,
        "pot": pot,
    }
    world.extra["canaries"] = built
    from core import search

    search.reindex(partnership=p)  # factories bypass the services that index
    return built


def canary_cases(world) -> dict[str, list[Case]]:
    """Matrix cases for the pages of the public records that point at canaries."""
    b = build_canaries(world)
    slug = {"slug": world.slug}
    pages = {
        "partnership:person_detail": "person",
        "partnership:group_detail": "group",
        "funding:pot_detail": "pot",
        "funding:request_detail": "request",
        "plan:measure_detail": "measure",
        "plan:priority_detail": "priority",
        "meetings:decision_detail": "decision",
        "engagement:event_detail": "event",
        "engagement:public_meeting_detail": "public-meeting",
        "engagement:consultation_detail": "consultation",
    }
    out: dict[str, list[Case]] = {}
    for url, kind in pages.items():
        out[url] = [
            Case(
                kwargs={**slug, "pk": b["referrers"][vis][kind].pk},
                expect=EVERYONE,
                label=f"{kind} → {vis} canary",
            )
            for vis in HIDDEN
        ]
    records = {
        "plan:plan_detail": b["plan"],
        "funding:pot_detail": b["pot"],
        "partnership:group_detail": b["group"],
    }
    for url, record in records.items():
        out.setdefault(url, []).append(
            Case(kwargs={**slug, "pk": record.pk}, expect=EVERYONE, label="canary holder")
        )
    # A meeting of a hidden group is as hidden as its group (the meeting page names it).
    hidden_as_group = {
        Visibility.PARTNERS: RECORD["partners"],
        Visibility.RESTRICTED: {**dict.fromkeys(EVERYONE, NOT_FOUND), "coordinator": OK},
    }
    out["meetings:meeting_detail"] = [
        Case(
            kwargs={**slug, "pk": b["referrers"][vis]["meeting"].pk},
            expect=hidden_as_group[vis],
            label=f"meeting of a {vis} group",
        )
        for vis in HIDDEN
    ]
    m = {**slug, "pk": b["meeting"].pk}
    for url in (
        "meetings:meeting_detail",
        "meetings:minutes_html",
        "meetings:minutes_docx",
        "meetings:minutes_pdf",
    ):
        out.setdefault(url, []).append(Case(kwargs=m, expect=EVERYONE, label="canary meeting"))
    for url in ("meetings:search", "meetings:decision_list"):
        out[url] = [Case(kwargs=slug, query="q=CANARY", expect=EVERYONE, label="search canaries")]
    out["meetings:group_calendar"] = [
        Case(kwargs={**slug, "pk": b["group"].pk}, expect=EVERYONE, label="canary group")
    ]
    # The public site and its RSS/Atom feeds (publishing, issue 14) read the same selectors.
    for url in ("publishing:front", "publishing:meetings", "publishing:partners"):
        out[url] = [Case(kwargs=slug, expect=EVERYONE, label="canaries")]
    out["publishing:meetings"].append(
        Case(kwargs=slug, query=f"group={b['group'].pk}", expect=EVERYONE, label="canary group")
    )
    for fmt in ("rss", "atom"):
        out[f"publishing:feed_{fmt}"] = [
            Case(kwargs={**slug, "kind": kind}, expect=EVERYONE, label=f"canary {kind}")
            for kind in ("meetings", "minutes", "decisions")
        ]
        out[f"publishing:group_feed_{fmt}"] = [
            Case(
                kwargs={**slug, "pk": b["group"].pk, "kind": kind},
                expect=EVERYONE,
                label=f"canary group {kind}",
            )
            for kind in ("meetings", "minutes", "decisions")
        ]
    return out


def response_text(response) -> str:
    """Everything a response says, as text: HTML, CSV, ICS, JSON, and inside XLSX, DOCX, PDF."""
    body = b"".join(response) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "\n".join(
                z.read(n).decode("utf-8", "replace")
                for n in z.namelist()
                if n.endswith((".xml", ".rels", ".txt", ".csv"))
            )
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(body))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, ValueError, KeyError):
            return body.decode("latin-1")
    return body.decode("utf-8", "replace")
