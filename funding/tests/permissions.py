"""Permission-matrix entries for funding."""

from core.testing.matrix import (
    COORDINATORS,
    EVERYONE,
    PARTNERS,
    RECORD,
    Case,
    hidden_by_visibility,
)
from funding.factories import FundingRequestFactory, PotFactory
from funding.models import RequestStatus
from funding.services import protocol_set, rollover_request

VIS = ("public", "partners", "restricted")


def build(world) -> dict:
    """One pot and one request of each visibility in partnership A, and a pending rollover."""
    if "funding" in world.extra:
        return world.extra["funding"]
    import datetime as dt

    p = world.partnership
    funder = world.bodies["public"]
    pots = {
        v: PotFactory(partnership=p, funder=funder, name=f"{v.title()} Pot", visibility=v)
        for v in VIS
    }
    requests = {
        v: FundingRequestFactory(
            pot=pots["public"],
            requesting_body=funder,
            title=f"{v.title()} Request",
            visibility=v,
            status=RequestStatus.SUBMITTED,
        )
        for v in VIS
    }
    for records in (pots, requests):
        records["restricted"].restricted_to.add(world.member_person)
    rollover = rollover_request(
        pot=pots["public"], amount_pence=100, asked_of=funder, requested_on=dt.date(2011, 3, 1)
    )
    protocol_set(
        partnership=p,
        decider="The delivery group",
        coordinator_limit_pence=0,
        criteria=["Serves a priority"],
    )
    built = {"pots": pots, "requests": requests, "rollover": rollover}
    world.extra["funding"] = built
    return built


def _by_visibility(world, records) -> list[Case]:
    return [
        Case(kwargs={"slug": world.slug, "pk": records[v].pk}, expect=RECORD[v], label=v)
        for v in VIS
    ]


def cases(world) -> dict[str, list[Case]]:
    b = build(world)
    slug = {"slug": world.slug}
    pot_names = hidden_by_visibility(world, {v: r.name for v, r in b["pots"].items()})
    request_names = hidden_by_visibility(world, {v: r.title for v, r in b["requests"].items()})
    both = {r: pot_names[r] + request_names[r] for r in pot_names}
    pub_pot = {**slug, "pk": b["pots"]["public"].pk}
    pub_request = {**slug, "pk": b["requests"]["public"].pk}
    return {
        "funding:pot_list": [Case(kwargs=slug, expect=EVERYONE, hidden=pot_names)],
        "funding:pot_create": [Case(kwargs=slug, expect=COORDINATORS)],
        "funding:pot_detail": [
            *_by_visibility(world, b["pots"]),
            Case(kwargs=pub_pot, expect=EVERYONE, hidden=request_names, label="requests hidden"),
        ],
        "funding:request_create": [Case(kwargs=pub_pot, expect=COORDINATORS)],
        "funding:rollover_create": [Case(kwargs=pub_pot, expect=COORDINATORS)],
        "funding:request_detail": _by_visibility(world, b["requests"]),
        "funding:request_submit": [Case(kwargs=pub_request, expect=COORDINATORS)],
        "funding:request_check": [Case(kwargs=pub_request, expect=COORDINATORS)],
        "funding:request_decide": [Case(kwargs=pub_request, expect=COORDINATORS)],
        "funding:request_paid": [Case(kwargs=pub_request, expect=COORDINATORS)],
        "funding:rollover_outcome": [
            Case(kwargs={**slug, "pk": b["rollover"].pk}, expect=COORDINATORS)
        ],
        "funding:protocol_detail": [Case(kwargs=slug, expect=PARTNERS)],
        "funding:protocol_edit": [Case(kwargs=slug, expect=COORDINATORS)],
        "funding:export_csv": [Case(kwargs=slug, expect=EVERYONE, hidden=both)],
        "funding:export_xlsx": [Case(kwargs=slug, expect=EVERYONE)],
    }
