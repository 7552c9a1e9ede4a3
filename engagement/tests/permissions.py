"""Permission-matrix entries for engagement."""

import datetime as dt

from core.testing.matrix import COORDINATORS, EVERYONE, RECORD, Case, hidden_by_visibility
from engagement.factories import (
    ConsultationFactory,
    EventFactory,
    FindingFactory,
    PublicMeetingFactory,
)
from engagement.services import concern_add

VIS = ("public", "partners", "restricted")


def build(world) -> dict:
    """One event, public meeting and consultation of each visibility in partnership A."""
    if "engagement" in world.extra:
        return world.extra["engagement"]
    p = world.partnership
    events = {v: EventFactory(partnership=p, title=f"{v.title()} Event", visibility=v) for v in VIS}
    meetings = {
        v: PublicMeetingFactory(
            partnership=p,
            venue=f"{v.title()} Hall",
            visibility=v,
            held_on=dt.date(2011, 1, 20 + i),
        )
        for i, v in enumerate(VIS)
    }
    consultations = {
        v: ConsultationFactory(partnership=p, title=f"{v.title()} Consultation", visibility=v)
        for v in VIS
    }
    for records in (events, meetings, consultations):
        records["restricted"].restricted_to.add(world.member_person)
    findings = {v: FindingFactory(event=events[v], text=f"{v.title()} Finding") for v in VIS}
    for v in VIS:
        concern_add(
            consultation=consultations[v], topic=f"{v.title()} Topic", said="Worried", mentions=5
        )
    built = {
        "events": events,
        "meetings": meetings,
        "consultations": consultations,
        "findings": findings,
    }
    world.extra["engagement"] = built
    return built


def _by_visibility(world, records) -> list[Case]:
    return [
        Case(kwargs={"slug": world.slug, "pk": records[v].pk}, expect=RECORD[v], label=v)
        for v in VIS
    ]


def cases(world) -> dict[str, list[Case]]:
    b = build(world)
    slug = {"slug": world.slug}
    event_hidden = hidden_by_visibility(world, {v: e.title for v, e in b["events"].items()})
    finding_hidden = hidden_by_visibility(world, {v: f.text for v, f in b["findings"].items()})
    meeting_hidden = hidden_by_visibility(world, {v: m.venue for v, m in b["meetings"].items()})
    consultation_hidden = {
        r: hidden_by_visibility(world, {v: c.title for v, c in b["consultations"].items()})[r]
        + [
            f"{v.title()} Topic"
            for v in VIS
            if v != "public" and (r != "viewer" or v == "restricted")
        ]
        for r in event_hidden
    }
    return {
        "engagement:event_list": [Case(kwargs=slug, expect=EVERYONE, hidden=event_hidden)],
        "engagement:outcomes": [
            Case(
                kwargs=slug,
                expect=EVERYONE,
                hidden={r: event_hidden[r] + finding_hidden[r] for r in event_hidden},
            )
        ],
        "engagement:event_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "engagement:event_detail": _by_visibility(world, b["events"]),
        "engagement:workshop_create": [
            Case(kwargs={**slug, "pk": b["events"]["public"].pk}, expect=COORDINATORS)
        ],
        "engagement:finding_create": [
            Case(kwargs={**slug, "pk": b["events"]["public"].pk}, expect=COORDINATORS)
        ],
        "engagement:follow_up_create": [
            Case(kwargs={**slug, "pk": b["findings"]["public"].pk}, expect=COORDINATORS)
        ],
        "engagement:public_meeting_list": [
            Case(kwargs=slug, expect=EVERYONE, hidden=meeting_hidden)
        ],
        "engagement:public_meeting_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "engagement:public_meeting_detail": _by_visibility(world, b["meetings"]),
        "engagement:public_meeting_notice": [
            Case(kwargs={**slug, "pk": b["meetings"]["public"].pk}, expect=COORDINATORS)
        ],
        "engagement:public_meeting_summary": [
            Case(kwargs={**slug, "pk": b["meetings"]["public"].pk}, expect=COORDINATORS)
        ],
        "engagement:consultation_list": [
            Case(kwargs=slug, expect=EVERYONE, hidden=consultation_hidden)
        ],
        "engagement:consultation_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "engagement:consultation_detail": _by_visibility(world, b["consultations"]),
        "engagement:concern_create": [
            Case(kwargs={**slug, "pk": b["consultations"]["public"].pk}, expect=COORDINATORS)
        ],
    }
