"""Form pieces shared by every app: the GOV.UK date input and a visibility field."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.forms.utils import pretty_name

from core.models import Visibility


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input pattern asks."""

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with errors in plain English.

    The messages name no date; GovukForm rewrites them with the field's label ("The date of
    the meeting must be a real date") so a form with several dates says which one is wrong.
    """

    widget = GovukDateWidget
    default_error_messages = {
        "incomplete": "Enter a day, month and year",
        "invalid_date": "Enter a real date",
        "year_range": "Enter a year between 1900 and 2200",
    }

    def __init__(self, **kwargs):
        # The parts are optional one by one: compress() says which are missing.
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        if not (day and month and year):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid_date"], code="invalid"
            ) from None
        if value.year < 1900 or value.year > 2200:
            raise forms.ValidationError(self.error_messages["year_range"], code="invalid")
        return value


def _field_noun(label: str) -> str:
    """'Date of the meeting' -> 'the date of the meeting'; 'Who owns it' stays as it is."""
    noun = label[:1].lower() + label[1:] if label else "a value"
    if label and label.split()[0].lower() not in {"who", "what", "when", "how", "a", "an"}:
        noun = f"the {noun}"
    return noun


def govuk_error_messages(form: forms.BaseForm) -> None:
    """Give every field of a form GOV.UK error messages that name the field.

    "This field is required." becomes "Enter the name" or "Select the type"; invalid e-mail
    and web addresses get an example of the right format; a date's errors say which date.
    Only Django's default messages are replaced, so a field's own messages stand; running it
    twice changes nothing (fields added after __init__ are named when the form is cleaned).
    """
    default_required = forms.Field.default_error_messages["required"]
    for name, field in form.fields.items():
        label = str(field.label or pretty_name(name)).replace(" (optional)", "")
        noun = _field_noun(label)
        choose = isinstance(
            field,
            (forms.ChoiceField, forms.ModelChoiceField, forms.FileField, forms.MultipleChoiceField),
        )
        if field.error_messages.get("required") == default_required:
            field.error_messages["required"] = f"Select {noun}" if choose else f"Enter {noun}"
        if isinstance(field, forms.EmailField):
            field.error_messages["invalid"] = (
                "Enter an e-mail address in the correct format, like name@example.org"
            )
        if isinstance(field, forms.URLField):
            field.error_messages["invalid"] = (
                "Enter a web address in the correct format, like https://www.example.org"
            )
        if isinstance(field, GovukDateField):
            defaults = GovukDateField.default_error_messages
            subject = noun[:1].upper() + noun[1:]
            named = {
                "incomplete": f"{subject} must include a day, month and year",
                "invalid_date": f"{subject} must be a real date",
                "year_range": f"{subject} must have a year between 1900 and 2200",
            }
            for key, message in named.items():
                if field.error_messages.get(key) == defaults[key]:
                    field.error_messages[key] = message


def model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's model-choice field `name`, typed, to give it its queryset or labels."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field


def labels_from(field: forms.Field, label: Callable[[Any], str]) -> None:
    """Label a model-choice field's options with `label(record)` instead of `str(record)`."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError("only a model choice field labels its options from records")
    # Django's hook for an option's text; set per form because the label depends on the page.
    field.label_from_instance = label  # type: ignore[method-assign, assignment]


class GovukForm(forms.Form):
    """A form whose default errors name the field, as the GOV.UK Design System asks.

    Every form in the project derives from this (or GovukModelForm): see govuk_error_messages.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_error_messages(self)

    def full_clean(self):
        govuk_error_messages(self)
        super().full_clean()


class GovukModelForm(forms.ModelForm):
    """A model form with the same field-naming errors as GovukForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_error_messages(self)

    def full_clean(self):
        govuk_error_messages(self)
        super().full_clean()


class VisibilityField(forms.ChoiceField):
    """Who may read the record: public, partners or restricted."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Visibility.choices)
        kwargs.setdefault("label", "Who can see this")
        super().__init__(**kwargs)


def add_service_errors(form: forms.Form, exc) -> None:
    """Show a service's ValidationError on the form, against its fields where it names them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
