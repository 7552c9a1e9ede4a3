"""Forms for actions, progress notes, matters arising and the action log's filters."""

from django import forms

from actions.models import ActionStatus, MatterOutcome
from core.forms import GovukForm, labels_from, model_field
from meetings.models import Item, Meeting
from partnership.models import Group, Partnership, Person


class ActionForm(GovukForm):
    item: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Item.objects.none(), required=False, label="Raised at item", empty_label="None"
    )
    text = forms.CharField(widget=forms.Textarea, label="Action")
    owners = forms.CharField(
        max_length=100,
        label="Owners",
        help_text='Initials as in the minutes, for example "JL/SR". ALL means every member '
        "present.",
    )
    deadline = forms.CharField(
        max_length=100,
        required=False,
        label="Deadline (optional)",
        help_text='As written, for example "15 Dec 2010", "By end Dec 2010" or "By next meeting"',
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "item").queryset = meeting.items.order_by("position")
        labels_from(self.fields["item"], lambda i: f"{i.number} {i.title}")


class ProgressForm(GovukForm):
    status = forms.ChoiceField(
        choices=[("", "Leave as it is"), *ActionStatus.choices],
        required=False,
        label="Status",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(widget=forms.Textarea, required=False, label="Progress note")

    def clean(self):
        data = super().clean()
        if not data.get("status") and not data.get("text", "").strip():
            raise forms.ValidationError("Write a progress note or change the status")
        return data


class MattersArisingForm(GovukForm):
    """One outcome and note per action arising."""

    def __init__(self, *args, actions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        choices = [("", "Not discussed"), *MatterOutcome.choices]
        for a in actions:
            self.fields[f"outcome_{a.pk}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=f"Outcome of {a.owners_written}: {a.text[:60]}",
                initial=a.matter.outcome if a.matter else "",
            )
            self.fields[f"note_{a.pk}"] = forms.CharField(
                required=False,
                label=f"Note on {a.owners_written}: {a.text[:60]}",
                initial=a.matter.note if a.matter else "",
            )

    def rows(self):
        for a in self.actions:
            yield a, self[f"outcome_{a.pk}"], self[f"note_{a.pk}"]

    def clean(self):
        # Submitted with no outcome chosen, nothing would be recorded yet "0 recorded" shown.
        data = super().clean()
        if self.actions and not any(data.get(f"outcome_{a.pk}") for a in self.actions):
            self.add_error(
                f"outcome_{self.actions[0].pk}", "Select the outcome of at least one action"
            )
        return data

    def outcomes(self) -> list[tuple]:
        out = []
        for a in self.actions:
            outcome = self.cleaned_data[f"outcome_{a.pk}"]
            if outcome:
                out.append((a, outcome, self.cleaned_data[f"note_{a.pk}"]))
        return out


class ActionFilterForm(GovukForm):
    q = forms.CharField(max_length=200, required=False, label="Words in the action")
    group: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Group.objects.none(), required=False, label="Group", empty_label="Any"
    )
    owner: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label="Owner", empty_label="Any"
    )
    body = forms.IntegerField(required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[("", "Any"), *ActionStatus.choices], required=False, label="Status"
    )
    overdue = forms.BooleanField(required=False, label="Only overdue actions")

    def __init__(self, *args, partnership: Partnership, groups, people, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "group").queryset = groups
        model_field(self, "owner").queryset = people
        labels_from(self.fields["owner"], lambda p: f"{p.name} ({p.initials})")
        self.fields["body"] = forms.TypedChoiceField(
            choices=[("", "Any"), *[(b.pk, b.name) for b in bodies]],
            coerce=int,
            required=False,
            empty_value=None,
            label="Owner's organisation",
        )
