"""Forms for engagement. Views validate with these, then call a service."""

from django import forms

from core.forms import GovukDateField, GovukForm, VisibilityField, labels_from, model_field
from engagement.models import FollowUpKind
from meetings.models import Meeting
from partnership.models import Partnership
from plan.models import Objective, Priority, Theme


def _priorities(partnership: Partnership):
    return Priority.objects.filter(partnership=partnership)


class EventForm(GovukForm):
    title = forms.CharField(max_length=200)
    held_on = GovukDateField(label="Date held")
    venue = forms.CharField(max_length=200, required=False, label="Venue (optional)")
    run_with = forms.CharField(
        max_length=200, required=False, label="Run with (optional)", help_text="A partner forum"
    )
    priority: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Priority (optional)", empty_label="None"
    )
    attendance = forms.IntegerField(min_value=0, required=False, label="Attendance (optional)")
    attendance_is_minimum = forms.BooleanField(
        required=False, label='The attendance is a lower bound ("over 90")'
    )
    attendance_note = forms.CharField(
        max_length=300, required=False, label="About who attended (optional)"
    )
    summary = forms.CharField(widget=forms.Textarea, required=False, label="Summary (optional)")
    visibility = VisibilityField()

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "priority").queryset = _priorities(partnership)


class WorkshopForm(GovukForm):
    theme = forms.ChoiceField(choices=Theme.choices, widget=forms.RadioSelect)
    title = forms.CharField(max_length=200, required=False, label="Title (optional)")
    priorities_found = forms.CharField(
        widget=forms.Textarea, required=False, label="Priorities identified (optional)"
    )
    best_practice = forms.CharField(
        widget=forms.Textarea, required=False, label="Best practice (optional)"
    )
    gaps = forms.CharField(
        widget=forms.Textarea, required=False, label="Gaps and barriers (optional)"
    )


class FindingForm(GovukForm):
    text = forms.CharField(max_length=300, label="Finding")
    detail = forms.CharField(widget=forms.Textarea, required=False, label="Detail (optional)")
    theme = forms.ChoiceField(
        choices=[("", "None"), *Theme.choices], required=False, label="Theme (optional)"
    )
    recurring = forms.BooleanField(required=False, label="A recurring theme of the event")


class FollowUpForm(GovukForm):
    kind = forms.ChoiceField(
        choices=FollowUpKind.choices, widget=forms.RadioSelect, label="Taken forward as"
    )
    description = forms.CharField(widget=forms.Textarea, label="What is being done")
    recorded_on = GovukDateField(label="Date recorded")
    objective: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Objective the plan change touches (for plan changes)",
        empty_label="None",
    )
    meeting: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Meeting where the action is raised (for actions)",
        empty_label="None",
    )
    owners = forms.CharField(
        max_length=100,
        required=False,
        label="Action owners (for actions)",
        help_text="Initials, for example SR or JL/DH",
    )
    deadline = forms.CharField(
        max_length=100,
        required=False,
        label="Deadline (for actions, optional)",
        help_text="As the minutes would say it: By next meeting, 15 Dec 2010",
    )
    done = forms.BooleanField(required=False, label="The plan change has been made")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "meeting").queryset = (
            Meeting.objects.filter(partnership=partnership)
            .select_related("group")
            .order_by("-date")
        )
        model_field(self, "objective").queryset = Objective.objects.filter(
            plan__partnership=partnership
        ).select_related("plan")
        labels_from(self.fields["objective"], lambda o: f"{o.title} ({o.plan.year_label})")

    def clean(self):
        data = super().clean()
        if data.get("kind") == FollowUpKind.ACTION:
            if not data.get("meeting"):
                self.add_error("meeting", "Choose the meeting where the action is raised")
            if not (data.get("owners") or "").strip():
                self.add_error("owners", "Enter the initials of the action's owners")
        return data


class PublicMeetingForm(GovukForm):
    held_on = GovukDateField(label="Date held")
    venue = forms.CharField(max_length=200)
    attendees: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Senior people who attended",
        help_text="Each responsible authority should be represented",
    )
    notice_published_on = GovukDateField(required=False, label="Notice published (optional)")
    notice_url = forms.URLField(
        required=False, label="Link to the notice (optional)", assume_scheme="https"
    )
    summary = forms.CharField(widget=forms.Textarea, required=False, label="Summary (optional)")
    summary_published_on = GovukDateField(required=False, label="Summary published (optional)")
    visibility = VisibilityField()

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "attendees").queryset = partnership.people.select_related(
            "body"
        ).order_by("name")
        labels_from(
            self.fields["attendees"], lambda p: f"{p.name}, {p.body.name}" if p.body else p.name
        )


class PublicMeetingNoticeForm(GovukForm):
    notice_url = forms.URLField(
        required=False,
        label="Link to the notice elsewhere (optional)",
        help_text="For example, the council's own page for the meeting",
        assume_scheme="https",
    )


class PublicMeetingSummaryForm(GovukForm):
    summary = forms.CharField(
        widget=forms.Textarea,
        label="What was discussed",
        help_text="The questions residents asked and the answers the authorities gave",
    )


class ConsultationForm(GovukForm):
    title = forms.CharField(max_length=200)
    method = forms.CharField(max_length=200, help_text="For example: street survey")
    started_on = GovukDateField(label="Start date")
    ended_on = GovukDateField(required=False, label="End date (optional)")
    respondents = forms.IntegerField(min_value=0, required=False, label="Respondents (optional)")
    summary = forms.CharField(widget=forms.Textarea, required=False, label="Summary (optional)")
    visibility = VisibilityField()


class ConcernForm(GovukForm):
    topic = forms.CharField(max_length=200, help_text="For example: anti-social behaviour")
    said = forms.CharField(widget=forms.Textarea, label="What residents said")
    mentions = forms.IntegerField(
        min_value=0, required=False, label="How many raised it (optional)"
    )
    priority: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label="Priority it bears on (optional)", empty_label="None"
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "priority").queryset = _priorities(partnership)
