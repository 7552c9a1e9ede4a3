"""Demo plan: the Safer Maidstone Partnership's objectives and its four proposed priorities.

Sources: the scrutiny report of 14 March 2011 (seed 000 §3.1–3.2) and the delivery group's
minutes of 25 November 2010 (seed 002 items 6 and 7.2). The seven objectives come from the
delivery group's terms of reference; which body owns each, and which priority each serves,
are our reading, not the seed's (see docs/plan-funding-engagement.md). No figures are invented:
measures are defined but carry no values until a partner supplies them.

The 2011/12 set records that nine priorities became these four (seed 002 item 6, seed 000
§3.1) as a count only: the seeds never name the nine, so neither does the demo, and no
outcome is recorded for any of them.
"""

from core.models import Visibility
from partnership.models import Body, Group, Partnership
from plan.models import (
    Frequency,
    Measure,
    MeasureSource,
    Objective,
    Plan,
    PlanStatus,
    Polarity,
    Priority,
    PrioritySet,
)

YEAR = 2011
TASK_AND_FINISH = "Strategic Assessment Task and Finish Group"

PRIORITIES = {
    "Anti-social behaviour": (
        "Proposed by the strategic assessment task and finish group when it narrowed nine "
        "priorities to four; to be confirmed by the assessment in March 2011."
    ),
    "Domestic abuse": (
        "Proposed in the strategic assessment refresh and already a priority of the LSP Board; "
        "the November 2010 stakeholder event showed wide support."
    ),
    "Road safety": (
        "One of the four proposed priorities; a stakeholder event on it is planned for "
        "7 March 2011."
    ),
    "Drug and substance misuse": (
        "Chosen partly for its links with other crime, such as burglary; to be confirmed by "
        "the assessment in March 2011."
    ),
}

EARLIER_COUNT = 9
SET_NOTE = (
    "The strategic assessment task and finish group, established with key partners to review "
    "the existing priorities and ascertain whether data is available to support them, proposed "
    "reducing the 9 priorities to 4, chosen for their broader links with other types of crime "
    "(drug and substance misuse, for example, is often linked with burglary). Whether the data "
    "supports the 4 was to be confirmed when the assessment was completed in March 2011."
)

# (objective, owning body's short name or name, priorities it serves)
OBJECTIVES = [
    ("Continue the decrease in overall rates of crime", "Kent Police", []),
    (
        "Take a preventative approach to tackle and reduce anti-social behaviour",
        "MBC",
        ["Anti-social behaviour"],
    ),
    ("Promote Maidstone as a safe place to live", "MBC", []),
    (
        "Reduce violent crime and reduce serious crime in the wards where the trend is higher "
        "than the borough average",
        "Kent Police",
        ["Domestic abuse"],
    ),
    (
        "Reduce alcohol related crime in the town centre",
        "Kent Police",
        ["Drug and substance misuse"],
    ),
    ("Reduce drug offences", "Kent Police", ["Drug and substance misuse"]),
    ("Improve road safety", "KCC", ["Road safety"]),
]

SHORT_TERM = "To be set with the strategic assessment task and finish group by March 2011."
LONG_TERM = "To be agreed in the refreshed Sustainable Community Strategy."

# (name, definition, unit, polarity, source, crime category, supplier, objective index, priority)
MEASURES = [
    (
        "Anti-social behaviour incidents",
        "Anti-social behaviour incidents recorded by the police in the borough, from police.uk.",
        "incidents",
        Polarity.DOWN,
        MeasureSource.CRIME_STORE,
        "anti-social-behaviour",
        None,
        1,
        "Anti-social behaviour",
    ),
    (
        "Drug offences",
        "Drug offences recorded by the police in the borough, from police.uk.",
        "offences",
        Polarity.DOWN,
        MeasureSource.CRIME_STORE,
        "drugs",
        None,
        5,
        "Drug and substance misuse",
    ),
    (
        "Repeat victims of domestic abuse",
        "Share of domestic abuse victims who were victims before in the previous 12 months.",
        "%",
        Polarity.DOWN,
        MeasureSource.PARTNER,
        "",
        "Kent Police",
        3,
        "Domestic abuse",
    ),
]


def load(partnership: Partnership) -> None:
    """Create or refresh the demo plan for 2011/12; safe to run again."""
    bodies = {b.short_name or b.name: b for b in Body.objects.filter(partnership=partnership)}
    bodies |= {b.name: b for b in bodies.values()}
    lead = Group.objects.filter(partnership=partnership, name=TASK_AND_FINISH).first()
    priorities = {}
    for name, rationale in PRIORITIES.items():
        priority, _ = Priority.objects.update_or_create(
            partnership=partnership,
            year=YEAR,
            name=name,
            defaults={"rationale": rationale, "visibility": Visibility.PUBLIC},
        )
        if lead is not None:
            priority.groups.add(lead)
        priorities[name] = priority
    PrioritySet.objects.update_or_create(
        partnership=partnership,
        year=YEAR,
        defaults={
            "note": SET_NOTE,
            "earlier_count": EARLIER_COUNT,
            "visibility": Visibility.PUBLIC,
        },
    )
    plan, _ = Plan.objects.update_or_create(
        partnership=partnership,
        year=YEAR,
        defaults={
            "title": "Safer Maidstone Partnership plan",
            "summary": (
                "The delivery group's part of the Sustainable Community Strategy refresh: its "
                "terms-of-reference objectives, aligned with the priorities the strategic "
                "assessment is setting."
            ),
            "status": PlanStatus.DRAFT,
            "visibility": Visibility.PUBLIC,
        },
    )
    objectives = []
    for order, (title, owner, linked) in enumerate(OBJECTIVES, start=1):
        objective, _ = Objective.objects.update_or_create(
            plan=plan,
            order=order,
            defaults={
                "title": title,
                "owner": bodies.get(owner),
                "short_term_target": SHORT_TERM,
                "long_term_target": LONG_TERM,
                "visibility": Visibility.PUBLIC,
            },
        )
        objective.priorities.set([priorities[n] for n in linked])
        if lead is not None and linked:
            objective.groups.set([lead])
        objectives.append(objective)
    for name, definition, unit, polarity, source, category, supplier, idx, pri in MEASURES:
        Measure.objects.update_or_create(
            plan=plan,
            name=name,
            defaults={
                "definition": definition,
                "unit": unit,
                "polarity": polarity,
                "frequency": Frequency.QUARTERLY,
                "source": source,
                "crime_category": category,
                "supplier": bodies.get(supplier) if supplier else None,
                "objective": objectives[idx],
                "priority": priorities[pri],
                "visibility": Visibility.PUBLIC,
            },
        )
