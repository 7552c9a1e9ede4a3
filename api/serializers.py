"""What each API collection says about a record: its public fields, each described.

Every name of another record goes through accounts.permissions (visible_name, visible_or_none,
visible_only) for the reader, as the pages do, so a visible record never names a hidden one.
The descriptions (help_text) are the documentation page's and the OpenAPI document's.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.permissions import visible_name, visible_only, visible_or_none
from meetings.selectors import minutes_readable

_MARKER = 987654321


class Base(serializers.Serializer):
    """Gives fields the reader and the partnership (from the view's context)."""

    @property
    def reader(self):
        return self.context["request"].user

    @property
    def partnership(self):
        return self.context["partnership"]

    def name_of(self, record, placeholder: str) -> str:
        return visible_name(self.reader, self.partnership, record, placeholder)

    def id_of(self, record) -> int | None:
        shown = visible_or_none(self.reader, self.partnership, record)
        return shown.pk if shown is not None else None

    def names_of(self, records) -> list[str]:
        return [str(r) for r in visible_only(self.reader, self.partnership, records)]

    def page(self, route: str, pk: int) -> str:
        # Reverse once per route and request, not once per record (a tenth of a page's time):
        # the address with a marker number, split around it.
        made = self.context.setdefault("_pages", {})
        if route not in made:
            url = reverse(route, kwargs={"slug": self.partnership.slug, "pk": _MARKER})
            made[route] = self.context["request"].build_absolute_uri(url).split(str(_MARKER))
        before, after = made[route]
        return f"{before}{pk}{after}"


def _id(text: str) -> serializers.IntegerField:
    return serializers.IntegerField(help_text=text, read_only=True)


def _text(text: str, source: str | None = None) -> serializers.CharField:
    return serializers.CharField(help_text=text, read_only=True, source=source)


def _date(text: str, source: str | None = None) -> serializers.DateField:
    return serializers.DateField(help_text=text, read_only=True, allow_null=True, source=source)


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabel(serializers.Field):
    """A choice field's label, as the pages show it ("Delivery group", not "delivery").

    Reads the model's own `get_<field>_display`, without DRF's per-value check of whether the
    source is a callable (inspect.signature on every record was a fifth of a list's time).
    """

    def __init__(self, field: str, **kwargs) -> None:
        self.choice_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return getattr(value, f"get_{self.choice_field}_display")()


def _choice(text: str, field: str) -> ChoiceLabel:
    return ChoiceLabel(field, help_text=text)


def _ref(text: str, method: str | None = None):
    return serializers.SerializerMethodField(help_text=text, method_name=method)


_NULLABLE_INT = {"type": "integer", "nullable": True}
_TIME = {"type": "string", "nullable": True, "pattern": "^[0-9]{2}:[0-9]{2}$"}
_STRINGS = {"type": "array", "items": {"type": "string"}}


class BodySerializer(Base):
    id = _id("The body's number in CSP Hub.")
    name = _text("The organisation's name.")
    short_name = _text("Its short name, such as KFRS (may be empty).")
    body_type = _choice(
        "Its part in the partnership: a responsible authority (council, police, fire and "
        "rescue, probation, health), a co-operating body, an invited body or other.",
        "body_type",
    )
    website = _text("Its website (may be empty).")
    page = _ref("The body's page on CSP Hub.")

    def get_page(self, obj) -> str:
        return self.page("partnership:body_detail", obj.pk)


class PersonSerializer(Base):
    id = _id("The person's number in CSP Hub.")
    name = _text("Their name.")
    initials = _text("Their initials, as the minutes name them.")
    job_title = _text("Their job title (may be empty).")
    body_id = _ref("The number of the body they work for, or null (or not shown to you).")
    body = _ref(
        'The body they work for; empty for none, "a restricted body" if you may not see it.'
    )
    page = _ref("The person's page on CSP Hub.")

    @extend_schema_field(_NULLABLE_INT)
    def get_body_id(self, obj) -> int | None:
        return self.id_of(obj.body)

    def get_body(self, obj) -> str:
        return self.name_of(obj.body, "a restricted body")

    def get_page(self, obj) -> str:
        return self.page("partnership:person_detail", obj.pk)


class GroupSerializer(Base):
    id = _id("The group's number in CSP Hub; the `group` filter of other collections.")
    name = _text("The group's name.")
    kind = _choice("Delivery group, board, sub-group, task and finish group or other.", "kind")
    purpose = _text("What the group is for (may be empty).")
    priority_served = _text("The priority it serves, in words (may be empty).")
    reports_to_id = _ref("The number of the group it reports to, or null.")
    reports_to = _ref(
        'The group it reports to; empty for none, "a restricted group" if you may not see it.'
    )
    start_date = _date("When the group started, or null.")
    end_date = _date("When it ends or ended (task and finish groups), or null.")
    page = _ref("The group's page on CSP Hub.")

    @extend_schema_field(_NULLABLE_INT)
    def get_reports_to_id(self, obj) -> int | None:
        return self.id_of(obj.reports_to)

    def get_reports_to(self, obj) -> str:
        return self.name_of(obj.reports_to, "a restricted group")

    def get_page(self, obj) -> str:
        return self.page("partnership:group_detail", obj.pk)


class MeetingSerializer(Base):
    id = _id("The meeting's number in CSP Hub.")
    group_id = _id("The number of the group that meets.")
    group = _text("The group's name.", source="group.name")
    date = serializers.DateField(help_text="The day of the meeting.", read_only=True)
    start_time = _ref("When it starts, as HH:MM on the 24-hour clock, or null.")
    end_time = _ref("When it ends, as HH:MM, or null.")
    location = _text("Room and building (may be empty).")
    status = _choice("Scheduled, held or cancelled.", "status")
    minutes_status = _choice(
        "Where the minutes are: draft, circulated, approved or locked.", "minutes_status"
    )
    page = _ref("The meeting's page on CSP Hub.")

    @extend_schema_field(_TIME)
    def get_start_time(self, obj) -> str | None:
        return obj.start_time.strftime("%H:%M") if obj.start_time else None

    @extend_schema_field(_TIME)
    def get_end_time(self, obj) -> str | None:
        return obj.end_time.strftime("%H:%M") if obj.end_time else None

    def get_page(self, obj) -> str:
        return self.page("meetings:meeting_detail", obj.pk)


class ItemSerializer(Base):
    id = _id("The item's number in CSP Hub.")
    meeting_id = _id("The number of the meeting the item belongs to.")
    meeting_date = _date("The day of that meeting.", source="meeting.date")
    group_id = serializers.IntegerField(
        help_text="The number of the group that met.", read_only=True, source="meeting.group_id"
    )
    number = _text("The item's number on the agenda, such as 7 or 7.1.")
    title = _text("The item's title.")
    minutes = _ref(
        "What the minutes record under the item (Markdown), or null while you may not read "
        "the minutes (drafts stay with the coordinators, circulated minutes go to partners, "
        "approved minutes to everyone)."
    )

    @extend_schema_field({"type": "string", "nullable": True})
    def get_minutes(self, obj) -> str | None:
        return obj.minutes if minutes_readable(self.reader, obj.meeting) else None


class MinutesSerializer(Base):
    meeting_id = serializers.IntegerField(
        help_text="The number of the meeting the minutes are of.", read_only=True, source="pk"
    )
    group_id = _id("The number of the group that met.")
    group = _text("The group's name.", source="group.name")
    date = serializers.DateField(help_text="The day of the meeting.", read_only=True)
    minutes_status = _choice("Circulated, approved or locked.", "minutes_status")
    approved_on = _date("The day the minutes were approved, or null.")
    html = _ref("The minutes as a web page.")
    pdf = _ref("The minutes as a PDF file.")

    def get_html(self, obj) -> str:
        return self.page("meetings:minutes_html", obj.pk)

    def get_pdf(self, obj) -> str:
        return self.page("meetings:minutes_pdf", obj.pk)


class ActionSerializer(Base):
    id = _id("The action's number in CSP Hub.")
    meeting_id = _id("The number of the meeting that raised it.")
    meeting_date = _date("The day of that meeting.", source="meeting.date")
    group_id = serializers.IntegerField(
        help_text="The number of the group that met.", read_only=True, source="meeting.group_id"
    )
    item_id = _ref("The number of the item it was raised at, or null.")
    text = _text("What is to be done.")
    owners_written = _text('The owners\' initials as the minutes wrote them, such as "JL/SR".')
    owners = _ref("The names of the owners you may see.")
    deadline_text = _text('The deadline as written, such as "By next meeting" (may be empty).')
    due = _date(
        "The deadline's date: the fixed date, or for \"By next meeting\" the next meeting's "
        "date; null when there is none."
    )
    status = _choice("Open, done or dropped.", "status")
    closed_on = _date("The day it was done or dropped, or null.")
    page = _ref("The action's page on CSP Hub.")

    @extend_schema_field(_NULLABLE_INT)
    def get_item_id(self, obj) -> int | None:
        return self.id_of(obj.item)

    @extend_schema_field(_STRINGS)
    def get_owners(self, obj) -> list[str]:
        return [p.name for p in visible_only(self.reader, self.partnership, obj.owners.all())]

    def get_page(self, obj) -> str:
        return self.page("actions:action_detail", obj.pk)


class DecisionSerializer(Base):
    id = _id("The decision's number in CSP Hub.")
    title = _text("What was decided, in brief.")
    text = _text("The decision in full (Markdown; may be empty).")
    made_on = serializers.DateField(help_text="The day it was made.", read_only=True)
    made_by_group_id = _ref("The number of the group that made it, or null.")
    made_by = _ref(
        'Who made it: the group\'s name ("a restricted group" if you may not see it) or a '
        "named role."
    )
    item_id = _ref("The number of the meeting item it was made at, or null.")
    page = _ref("The decision's page on CSP Hub.")

    @extend_schema_field(_NULLABLE_INT)
    def get_made_by_group_id(self, obj) -> int | None:
        return self.id_of(obj.made_by_group)

    def get_made_by(self, obj) -> str:
        if obj.made_by_group_id:
            return self.name_of(obj.made_by_group, "a restricted group")
        return obj.made_by_role

    @extend_schema_field(_NULLABLE_INT)
    def get_item_id(self, obj) -> int | None:
        return obj.item_id if obj.item_id in self.context.get("visible_items", ()) else None

    def get_page(self, obj) -> str:
        return self.page("meetings:decision_detail", obj.pk)


class PrioritySerializer(Base):
    id = _id("The priority's number in CSP Hub.")
    year = _id("The financial year it is for, by the year it starts (2011 is 2011/12).")
    year_label = _text('The financial year as written, such as "2011/12".')
    name = _text("The priority, such as domestic abuse.")
    rationale = _text("Why it is a priority (may be empty).")
    groups = _ref("The names of the groups that lead on it that you may see.")
    page = _ref("The priority's page on CSP Hub.")

    @extend_schema_field(_STRINGS)
    def get_groups(self, obj) -> list[str]:
        return self.names_of(obj.groups.all())

    def get_page(self, obj) -> str:
        return self.page("plan:priority_detail", obj.pk)


class PlanSerializer(Base):
    id = _id("The plan's number in CSP Hub.")
    year = _id("The financial year of the plan, by the year it starts.")
    year_label = _text('The financial year as written, such as "2011/12".')
    title = _text("The plan's title.")
    summary = _text("Its summary (may be empty).")
    status = _choice("Draft, agreed or superseded by a later year.", "status")
    agreed_on = _date("The day it was agreed, or null.")
    page = _ref("The plan's page on CSP Hub.")

    def get_page(self, obj) -> str:
        return self.page("plan:plan_detail", obj.pk)


class ObjectiveSerializer(Base):
    id = _id("The objective's number in CSP Hub.")
    plan_id = _id("The number of the plan it belongs to.")
    plan_year = serializers.IntegerField(
        help_text="The financial year of that plan.", read_only=True, source="plan.year"
    )
    title = _text("The objective.")
    owner = _ref(
        'The body that owns it; empty for none, "a restricted body" if you may not see it.'
    )
    long_term_target = _text("Its long-term target (may be empty).")
    short_term_target = _text("Its short-term target (may be empty).")
    priorities = _ref("The names of the priorities it serves that you may see.")
    groups = _ref("The names of the groups working on it that you may see.")

    def get_owner(self, obj) -> str:
        return self.name_of(obj.owner, "a restricted body")

    @extend_schema_field(_STRINGS)
    def get_priorities(self, obj) -> list[str]:
        return [p.name for p in visible_only(self.reader, self.partnership, obj.priorities.all())]

    @extend_schema_field(_STRINGS)
    def get_groups(self, obj) -> list[str]:
        return self.names_of(obj.groups.all())


class MeasureSerializer(Base):
    id = _id("The measure's number in CSP Hub; the `measure` filter of measure values.")
    plan_id = _id("The number of the plan it belongs to.")
    name = _text("What is measured.")
    definition = _text("How it is counted.")
    unit = _text("The unit, such as offences or %.")
    polarity = _choice("Whether higher or lower is better.", "polarity")
    frequency = _choice("How often it is counted: monthly, quarterly or annually.", "frequency")
    source = _choice("Where the figures come from: the crime store or a partner.", "source")
    crime_category = _text("The police.uk category counted, for crime-store measures.")
    supplier = _ref(
        'The partner that supplies the figures; empty for none, "a restricted body" if you '
        "may not see it."
    )
    priority = _ref(
        'The priority it measures; empty for none, "a restricted priority" if hidden from you.'
    )
    objective = _ref(
        'The objective it measures; empty for none, "a restricted objective" if hidden from you.'
    )
    target = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        coerce_to_string=True,
        help_text="The target, as a decimal number in text, or null.",
    )
    page = _ref("The measure's page on CSP Hub.")

    def get_supplier(self, obj) -> str:
        return self.name_of(obj.supplier, "a restricted body")

    def get_priority(self, obj) -> str:
        return self.name_of(obj.priority, "a restricted priority")

    def get_objective(self, obj) -> str:
        return self.name_of(obj.objective, "a restricted objective", attr="title")

    def name_of(self, record, placeholder: str, attr: str = "name") -> str:
        return visible_name(self.reader, self.partnership, record, placeholder, attr=attr)

    def get_page(self, obj) -> str:
        return self.page("plan:measure_detail", obj.pk)


class MeasureValueSerializer(Base):
    id = _id("The value's number in CSP Hub.")
    measure_id = _id("The number of the measure.")
    measure = _text("The measure's name.", source="measure.name")
    period_start = serializers.DateField(
        help_text="The first day of the period the value is for.", read_only=True
    )
    period_label = _text('The period as written, such as "Q3 2010/11".')
    value = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        coerce_to_string=True,
        help_text="The value, as a decimal number in text.",
    )
    target = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        coerce_to_string=True,
        help_text="The target that applied for the period, or null for the measure's own.",
    )
    note = _text("A note on the value (may be empty).")


class FundingDecisionSerializer(Base):
    id = _id("The request's number in CSP Hub.")
    pot_id = _id("The number of the funding pot it was made from.")
    pot = _text("The pot's name.", source="pot.name")
    pot_year = serializers.IntegerField(
        help_text="The financial year of the pot.", read_only=True, source="pot.year"
    )
    title = _text("What the money is for, in brief.")
    purpose = _text("The purpose in full.")
    requesting_body = _ref('The body that asked; "a restricted body" if you may not see it.')
    amount_pence = _id("The amount asked for, in pence (100 pence to the pound).")
    priority = _ref(
        'The priority it serves; empty for none, "a restricted priority" if hidden from you.'
    )
    theme = _choice("The plan theme it serves (may be empty).", "theme")
    status = _choice("Approved, declined or paid.", "status")
    decided_on = _date("The day of the decision, or null.")
    decided_by = _text("Who decided (may be empty).")
    meeting_reference = _text("The meeting and item where it was decided, as written.")
    paid_on = _date("The day it was paid, or null.")
    page = _ref("The request's page on CSP Hub.")

    def get_requesting_body(self, obj) -> str:
        return self.name_of(obj.requesting_body, "a restricted body")

    def get_priority(self, obj) -> str:
        return self.name_of(obj.priority, "a restricted priority")

    def get_page(self, obj) -> str:
        return self.page("funding:request_detail", obj.pk)


class EventSerializer(Base):
    id = _id("The event's number in CSP Hub.")
    title = _text("The event's name.")
    held_on = serializers.DateField(help_text="The day it was held.", read_only=True)
    venue = _text("Where (may be empty).")
    run_with = _text("Who the partnership ran it with (may be empty).")
    priority = _ref(
        'The priority it served; empty for none, "a restricted priority" if hidden from you.'
    )
    attendance = serializers.IntegerField(
        help_text="How many attended, or null.", read_only=True, allow_null=True
    )
    attendance_is_minimum = serializers.BooleanField(
        help_text='True when the attendance is a lower bound ("over 90 people").', read_only=True
    )
    summary = _text("What happened (may be empty).")
    page = _ref("The event's page on CSP Hub.")

    def get_priority(self, obj) -> str:
        return self.name_of(obj.priority, "a restricted priority")

    def get_page(self, obj) -> str:
        return self.page("engagement:event_detail", obj.pk)


class OutcomeSerializer(Base):
    id = _id("The finding's number in CSP Hub.")
    event_id = _id("The number of the event it came from.")
    event = _text("The event's name.", source="event.title")
    held_on = _date("The day of the event.", source="event.held_on")
    text = _text("What the event found.")
    detail = _text("More detail (may be empty).")
    theme = _choice("The plan theme it belongs to (may be empty).", "theme")
    recurring = serializers.BooleanField(
        help_text="True when it was raised again and again on the day.", read_only=True
    )
    taken_forward = _ref(
        "How it was taken forward: each follow-up as its kind, description and, for plan "
        'changes, the objective ("a restricted objective" if hidden from you); empty when it '
        "has not been taken forward yet."
    )

    @extend_schema_field(_STRINGS)
    def get_taken_forward(self, obj) -> list[str]:
        out = []
        for f in obj.follow_ups.all():
            line = f"{f.get_kind_display()}: {f.description}"
            if f.objective_id:
                title = visible_name(
                    self.reader, self.partnership, f.objective, "a restricted objective", "title"
                )
                line += f" (objective: {title})"
            out.append(line)
        return out


class CrimeCountSerializer(serializers.Serializer):
    area = _text("The local authority (LAD) code the crimes were in.")
    month = _text("The month, as YYYY-MM.")
    crime_type = _text("The police.uk crime category.")
    count = _id("How many street crimes of the category police.uk recorded there that month.")
