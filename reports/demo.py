"""Demo scrutiny: the Crime and Disorder Scrutiny Committee's session of 14 March 2011 (seed 000).

The committee, the three witnesses in the roles the report gives on that date (the register,
from the minutes of 25 November 2010, calls Martin Adams Borough Commander and Robbie Graham
Inspector), and the fourteen areas of questioning in the report's order. David Coleman is
recorded as an outsider to the partnership's register, as issue 12 asks.

Answers are written only where the seeds give one, in their words, and linked to the records
that hold it; every other area reads "Not yet answered". Where the record holds something
relevant but no answer (the CCTV decision for areas 8 and 9, the sub-group review for area 4),
the record is linked and the area stays unanswered. The answers and links are our reading, so
the session is marked as demonstration data. The CCTV context is the session's background.
"""

import datetime as dt

from core.models import Visibility
from engagement.models import Event
from meetings.models import Decision, Item
from partnership.models import Partnership, Person
from plan.models import Priority
from reports.models import ScrutinySession, SessionType
from reports.services import (
    answer_link_accept,
    question_add,
    question_answer,
    session_create,
    witness_add,
)

DATE = dt.date(2011, 3, 14)
MINUTES = dt.date(2010, 11, 25)

BACKGROUND = """\
**CCTV** (report §4). The decision on CCTV (Appendix B to the report) was made on
20 December 2010 and has had much negative coverage in the local press since. Maidstone Borough
Council has held stakeholder events, including a visit to the CCTV Control Centre at Medway and
a question and answer session. The final report is to be published on 17 March 2011, with a
decision by the Cabinet Member on 25 March 2011.

The decision proposed that a partnership arrangement with Medway Council to provide CCTV
services through a service level agreement be investigated, and that the Director of
Regeneration and Community Services report back to the Cabinet Member for a decision on the
procurement of CCTV services, after considering stakeholders' views. It was made as part of
the medium term service and financial planning process: in its current location the cost of
the service could only be significantly reduced by reducing the service (the number of days the
cameras are observed). One option was to join the shared CCTV control centre in Medway, which
already serves Swale Borough Council.
"""

QUESTIONS = [
    "On what basis were the original 9 priorities formed and what statistical information was "
    "used to support this",
    "When will the revised Priorities of the SMP be confirmed",
    "How will the priorities of the SMP be communicated to the wider community to ensure "
    "engagement",
    "What will happen to the organisations that were supported by the SMP under their wider set "
    "of priorities",
    "Will the SMP seek to engage widely with organisations despite the narrowing in priorities",
    "How will they achieve this",
    "How have the outcomes of the Stakeholder events held been taken forward",
    "What involvement do the SMP have with regard to CCTV",
    "What is the SMP’s stance on CCTV and the proposed relocation of the monitoring to Medway",
    "How are the SMP articulating their voice on CCTV in the local community",
    "Has CCTV caused divisions in the group",
    "What have the outcomes and successes been of the Stakeholder events so far",
    "How have these been taken forward",
    "How does the structuring of the issues around 4 central themes Prevention, Education, "
    "Intervention and Enforcement assist in taking outcomes forward",
]

# number -> answer in the seeds' words (report §3.1, §5.1; minutes of 25 November 2010)
ANSWERS = {
    2: "The strategic assessment is due to be completed in March 2011, when it can be "
    "confirmed whether the data and analysis support the four proposed priorities: anti-social "
    "behaviour, domestic abuse, road safety, and drug and substance misuse (report §3.1; "
    "minutes of 25 November 2010, item 6).",
    3: "The minutes of 25 November 2010 (item 7.2) record that Roger Adley of the Borough "
    "Council's Communications team is to be asked to review the LSP's planned Communication and "
    "Engagement Strategy to take in the SMP's requirements, and that the LSP Away Day in "
    "February is a good time to present the SCS refresh, including the SMP's priorities.",
    7: "Initial feedback from the Domestic Abuse stakeholder event of 12 November 2010 is "
    "documented in the delivery group's minutes of 25 November 2010 (item 8.2). It identified "
    "recurring themes: a co-ordinated agency approach to tackling domestic abuse in the "
    "borough; better early intervention; a one stop shop; and better information and training "
    "for practitioners and victims (report §5.1).",
    12: "The Domestic Abuse event of 12 November 2010 highlighted prevention, education, "
    "intervention and enforcement; its afternoon workshop identified a wide range of "
    "priorities, best practice and gaps and barriers in the service. A second event, on Road "
    "Safety, was set for 7 March 2011 on the same four issues (report §5.1).",
    13: "Initial feedback is documented in the delivery group's minutes of 25 November 2010 "
    "(item 8.2), which identified the recurring themes listed under area 7 (report §5.1).",
}

CCTV = "CCTV: investigate a shared control centre with Medway Council"
DA_EVENT = "Domestic Abuse stakeholder event"
ROAD_EVENT = "Road Safety stakeholder event"


def _links(partnership) -> dict[int, list[tuple[str, int]]]:
    items = {
        i.number: i.pk
        for i in Item.objects.filter(meeting__partnership=partnership, meeting__date=MINUTES)
    }
    events = dict(Event.objects.filter(partnership=partnership).values_list("title", "pk"))
    cctv = Decision.objects.filter(partnership=partnership, title=CCTV).first()
    priorities = list(
        Priority.objects.filter(partnership=partnership, year=2011).values_list("pk", flat=True)
    )

    def item(n):
        return [("item", items[n])] if n in items else []

    def event(title):
        return [("event", events[title])] if title in events else []

    decision = [("decision", cctv.pk)] if cctv else []
    return {
        2: item("6") + [("priority", pk) for pk in priorities],
        3: item("7.2"),
        4: item("5"),
        7: event(DA_EVENT) + item("8.2"),
        8: decision,
        9: decision,
        12: event(DA_EVENT) + event(ROAD_EVENT),
        13: item("8.2") + event(DA_EVENT),
    }


def load(partnership: Partnership) -> None:
    """Create the session of 14 March 2011 with its witnesses, questions and answers (once)."""
    if ScrutinySession.objects.filter(partnership=partnership, date=DATE).exists():
        return
    session = session_create(
        partnership=partnership,
        committee_name="Partnership and Well Being Overview & Scrutiny Committee",
        council="Maidstone Borough Council",
        date=DATE,
        session_type=SessionType.ANNUAL_REVIEW,
        title="Update from Safer Maidstone Partnership",
        report_of="Overview & Scrutiny Officer",
        background=BACKGROUND,
        visibility=Visibility.PUBLIC,
        demonstration=True,
    )
    people = {p.initials: p for p in Person.objects.filter(partnership=partnership)}
    witness_add(
        session=session,
        person=people.get("MA"),
        name="" if "MA" in people else "Martin Adams",
        role="Chairman of the Safer Maidstone Partnership; Area Manager",
        organisation="Kent Fire and Rescue Service",
    )
    witness_add(
        session=session,
        person=people.get("RG"),
        name="" if "RG" in people else "Robbie Graham",
        role="Chief Inspector",
        organisation="Kent Police",
    )
    witness_add(
        session=session,
        name="David Coleman",
        role="Independent Chair of the Kent Police Authority Standards Committee",
        organisation="Kent Police Authority",
    )
    links = _links(partnership)
    for number, text in enumerate(QUESTIONS, start=1):
        question = question_add(session=session, text=text)
        if number in ANSWERS:
            question_answer(question=question, answer=ANSWERS[number])
        for kind, pk in links.get(number, []):
            answer_link_accept(question=question, kind=kind, object_id=pk)
