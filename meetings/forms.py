"""Forms for meetings, attendance, minute items, papers, approval and decisions."""

import datetime as dt
import re

from django import forms

from core.forms import GovukDateField, GovukForm, labels_from, model_field
from meetings.models import AttendanceStatus, Item, Meeting, MeetingStatus
from partnership.forms import VisibleRecordForm
from partnership.models import Group, Partnership, Person

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}


def parse_date_text(text: str) -> dt.date | None:
    """A date typed as "24 February 2011", "24 Feb 2011", "24/02/2011" or "2011-02-24"."""
    text = text.strip().lower().rstrip(".")
    try:
        if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})", text):
            month = _MONTHS.get(m[2])
            return dt.date(int(m[3]), month, int(m[1])) if month else None
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return None


def _group_field(partnership: Partnership) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=partnership.groups.order_by("name"),
        empty_label="Choose a group",
        label="Group",
    )


class _MeetingFields(VisibleRecordForm):
    start_time = forms.TimeField(
        required=False, label="Start time (optional)", help_text="For example, 11:00"
    )
    end_time = forms.TimeField(
        required=False, label="End time (optional)", help_text="For example, 12:30"
    )
    location = forms.CharField(max_length=200, required=False, label="Room (optional)")
    online_link = forms.URLField(
        required=False, label="Online meeting link (optional)", assume_scheme="https"
    )


class MeetingForm(_MeetingFields):
    date = GovukDateField(label="Date of the meeting")
    status = forms.ChoiceField(choices=MeetingStatus.choices, widget=forms.RadioSelect)
    minutes_heading = forms.CharField(
        max_length=200,
        required=False,
        label="Minutes heading (optional)",
        help_text="The body the minutes are headed with after MINUTES OF THE, for example "
        "Local Strategic Partnership. Leave empty to use the partnership's name.",
    )
    field_order = [
        "group", "date", "start_time", "end_time", "location", "online_link", "status",
        "minutes_heading",
    ]  # fmt: skip

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        self.fields["group"] = _group_field(partnership)
        self.order_fields(self.field_order)


class MeetingSeriesForm(_MeetingFields):
    dates = forms.CharField(
        widget=forms.Textarea,
        label="Dates",
        help_text="One date a line, for example 24 February 2011",
    )
    field_order = ["group", "dates", "start_time", "end_time", "location", "online_link"]

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        self.fields["group"] = _group_field(partnership)
        self.order_fields(self.field_order)

    def clean_dates(self) -> list[dt.date]:
        dates: list[dt.date] = []
        bad: list[str] = []
        for line in self.cleaned_data["dates"].splitlines():
            line = line.strip().lstrip("•-* ").strip()
            if not line:
                continue
            date = parse_date_text(line)
            if date:
                dates.append(date)
            else:
                bad.append(line)
        if bad:
            raise forms.ValidationError(
                "These are not dates we can read: " + ", ".join(f'"{b}"' for b in bad)
            )
        if not dates:
            raise forms.ValidationError("Enter at least one date")
        return dates


class AttendanceForm(GovukForm):
    """One status and role per member of the group."""

    def __init__(self, *args, people: list[Person], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        choices = [("", "Not recorded"), *AttendanceStatus.choices]
        for person in people:
            a = current.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=f"{person.name} ({person.initials})",
                initial=a.status if a else "",
            )
            self.fields[f"role_{person.pk}"] = forms.CharField(
                max_length=200,
                required=False,
                label=f"Role of {person.name} (optional)",
                initial=a.role if a else "",
            )
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                max_length=300,
                required=False,
                label=f"Reason for the apologies of {person.name} (optional)",
                initial=a.reason if a else "",
            )

    def rows(self):
        for person in self.people:
            yield (
                person,
                self[f"status_{person.pk}"],
                self[f"role_{person.pk}"],
                self[f"reason_{person.pk}"],
            )

    def clean(self):
        # Submitted with no one's attendance chosen, the form would wipe the record: ask instead.
        data = super().clean()
        if self.people and not any(data.get(f"status_{p.pk}") for p in self.people):
            self.add_error(
                f"status_{self.people[0].pk}", "Select the attendance of at least one member"
            )
        return data

    def statuses(self) -> tuple[dict, dict, dict]:
        statuses = {p: self.cleaned_data[f"status_{p.pk}"] for p in self.people}
        roles = {p: self.cleaned_data[f"role_{p.pk}"] for p in self.people}
        reasons = {p: self.cleaned_data[f"reason_{p.pk}"] for p in self.people}
        return statuses, roles, reasons


class AttendeeForm(GovukForm):
    """Someone else: a substitute, a non-member attendee, or a person outside the register."""

    person: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Person (optional)"
    )
    name = forms.CharField(
        max_length=200, required=False, label="Or their name, if not in the register"
    )
    status = forms.ChoiceField(choices=AttendanceStatus.choices, widget=forms.RadioSelect)
    role = forms.CharField(max_length=200, required=False, label="Role (optional)")
    substitute_for: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Attending for (optional)"
    )
    is_member = forms.BooleanField(required=False, label="Attends as a member of the group")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        people = partnership.people.order_by("name")
        for name in ("person", "substitute_for"):
            model_field(self, name).queryset = people
            labels_from(self.fields[name], lambda p: f"{p.name} ({p.initials})")

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("name", "").strip():
            self.add_error("person", "Choose a person or type the attendee's name")
        return data


class ItemForm(VisibleRecordForm):
    number = forms.CharField(max_length=5, help_text="For example 3, or 7.1 for a sub-item")
    title = forms.CharField(max_length=300)
    minutes = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Minute text (optional)",
        help_text="What was discussed and agreed. Markdown: a blank line starts a paragraph.",
    )
    field_order = ["number", "title", "minutes"]


class PaperForm(GovukForm):
    title = forms.CharField(max_length=300, required=False, label="Title (optional)")
    file = forms.FileField(
        label="Paper", help_text="PDF, Word, Excel, OpenDocument, CSV or text; up to 10 MB"
    )


class _AmendmentFields(GovukForm):
    meeting_field: str  # the subclass's field naming the meeting that corrects the minutes
    item: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Item.objects.none(), required=False, label="Item corrected (optional)"
    )
    new_text = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Corrected minute text (optional)",
        help_text="The item's whole minute text as corrected",
    )

    def __init__(self, *args, meeting: Meeting, later: list[Meeting], **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "item").queryset = meeting.items.order_by("position")
        labels_from(self.fields["item"], lambda i: f"{i.number} {i.title}")
        field = model_field(self, self.meeting_field)
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in later]).order_by("date")
        labels_from(field, lambda m: f"{m.group.name}, {m.date.day} {m.date:%B %Y}")


class MinutesApproveForm(_AmendmentFields):
    meeting_field = "approved_at"
    approved_at: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), empty_label=None, label="Approved at"
    )
    note = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Amendment agreed (optional)",
        help_text="What was corrected and who proposed it",
    )
    field_order = ["approved_at", "note", "item", "new_text"]

    def clean(self):
        data = super().clean()
        if (data.get("item") or data.get("new_text")) and not data.get("note", "").strip():
            self.add_error("note", "Say what the amendment corrected and who proposed it")
        if data.get("new_text") and not data.get("item"):
            self.add_error("item", "Choose the item whose text is corrected")
        return data


class MinutesAmendForm(_AmendmentFields):
    meeting_field = "agreed_at"
    agreed_at: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), empty_label=None, label="Agreed at"
    )
    note = forms.CharField(
        widget=forms.Textarea,
        label="Amendment agreed",
        help_text="What was corrected and who proposed it",
    )
    field_order = ["agreed_at", "note", "item", "new_text"]


class QuorumForm(GovukForm):
    min_present = forms.IntegerField(min_value=0, max_value=200, label="Members present")
    min_responsible_authorities = forms.IntegerField(
        min_value=0, max_value=10, label="Different responsible authorities represented"
    )


class DecisionForm(VisibleRecordForm):
    title = forms.CharField(max_length=300, label="Decision")
    text = forms.CharField(widget=forms.Textarea, required=False, label="Details (optional)")
    made_by_group: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Group.objects.none(), required=False, label="Made by a group", empty_label="None"
    )
    made_by_role = forms.CharField(
        max_length=200, required=False, label='Or made by a named role, such as "Cabinet Member"'
    )
    made_on = GovukDateField(label="Date made")
    item: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Item.objects.none(),
        required=False,
        label="Minute item it was made at (optional)",
        empty_label="None",
        help_text="The decision shows the item's papers",
    )
    follow_ups = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label="Follow-up dates (optional)",
        help_text='One a line: "17 March 2011: Final report published"',
    )
    field_order = [
        "title", "text", "made_by_group", "made_by_role", "made_on", "item", "follow_ups",
    ]  # fmt: skip

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, partnership=partnership, **kwargs)
        model_field(self, "made_by_group").queryset = partnership.groups.order_by("name")
        model_field(self, "item").queryset = (
            Item.objects.filter(meeting__partnership=partnership)
            .select_related("meeting", "meeting__group")
            .order_by("-meeting__date", "position")
        )
        labels_from(
            self.fields["item"],
            lambda i: (
                f"{i.meeting.date.day} {i.meeting.date:%B %Y}, {i.meeting.group.name}: "
                f"{i.number} {i.title}"
            ),
        )

    def clean_follow_ups(self) -> list[tuple[dt.date, str]]:
        out, bad = [], []
        for line in self.cleaned_data["follow_ups"].splitlines():
            if not line.strip():
                continue
            when, _, what = line.partition(":")
            date = parse_date_text(when)
            if date is None or not what.strip():
                bad.append(line.strip())
            else:
                out.append((date, what.strip()))
        if bad:
            raise forms.ValidationError(
                "Write each follow-up as a date, a colon and what happens: "
                + "; ".join(f'"{b}"' for b in bad)
            )
        return out

    def clean(self):
        data = super().clean()
        if not data.get("made_by_group") and not data.get("made_by_role", "").strip():
            raise forms.ValidationError("Say who made the decision: a group or a named role")
        return data
