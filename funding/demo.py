"""Demo funding: the under-spend and the two requests of 25 November 2010 (seed 002 item 8.1).

The delivery group heard that about £18,000 of its funding was uncommitted, agreed two
requests of £5,000 each (forms to follow retrospectively, as there was no protocol yet) and
asked whether the remaining £8,000 could be carried into next year, which needs Kent County
Council's agreement as it is the county council's money. That answer is still pending.
"""

import datetime as dt

from core.models import Visibility
from funding.models import FundingRequest, Pot, Rollover
from funding.services import request_approve, request_create, rollover_request
from meetings.models import Item
from partnership.models import Body, Partnership

POT_NAME = "SMP under-spend"
MEETING = "Safer Maidstone Partnership delivery group, 25 November 2010, item 8.1"
DECIDED_ON = dt.date(2010, 11, 25)

REQUESTS = [
    (
        "Porchlight outreach for street homelessness",
        "Maidstone Borough Council",
        "Keeps the two Porchlight outreach workers for people sleeping rough, whose earlier "
        "funding (a joint bid by the Maidstone and Canterbury housing services with Porchlight) "
        "lasts only one year.",
        "intervention",
    ),
    (
        "Stay Safe this Christmas",
        "Maidstone Borough Council",
        "The Community Safety Unit's seasonal crime prevention campaign: purse chains, "
        "SmartWater property marking and advice.",
        "prevention",
    ),
]


def load(partnership: Partnership) -> None:
    """Create the under-spend pot, its two approved requests and the pending rollover."""
    kcc = Body.objects.get(partnership=partnership, short_name="KCC")
    pot, _ = Pot.objects.get_or_create(
        partnership=partnership,
        year=2010,
        name=POT_NAME,
        defaults={
            "funder": kcc,
            "amount_pence": 1_800_000,
            "conditions": (
                "Kent County Council's money: carrying any of it into the next year needs "
                "the county council's agreement."
            ),
            "visibility": Visibility.PUBLIC,
        },
    )
    item = Item.objects.filter(
        meeting__partnership=partnership, meeting__date=DECIDED_ON, number="8.1"
    ).first()
    for title, body_name, purpose, theme in REQUESTS:
        if FundingRequest.objects.filter(pot=pot, title=title).exists():
            continue
        request = request_create(
            pot=pot,
            requesting_body=Body.objects.get(partnership=partnership, name=body_name),
            title=title,
            purpose=purpose,
            amount_pence=500_000,
            theme=theme,
            retrospective=True,
            visibility=Visibility.PUBLIC,
        )
        request_approve(
            request=request,
            decided_on=DECIDED_ON,
            decided_by="The delivery group (all partners present agreed)",
            meeting_reference=MEETING,
            meeting_item=item,
            decision_note="Agreed before a funding protocol existed; the form follows.",
        )
    if not Rollover.objects.filter(pot=pot).exists():
        rollover_request(
            pot=pot,
            amount_pence=800_000,
            asked_of=kcc,
            requested_on=DECIDED_ON,
            reason=(
                "Carry the unallocated £8,000 into 2011/12, given the funding reductions "
                "expected. DH to ask KCC and tell partners by 31 December 2010."
            ),
        )
