"""Form pieces shared by every app: the GOV.UK date input and a visibility field."""

import datetime as dt

from django import forms

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
    """A date typed as day, month and year, with errors in plain English."""

    widget = GovukDateWidget

    def __init__(self, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        if not (day and month and year):
            raise forms.ValidationError("Enter a day, month and year", code="incomplete")
        try:
            value = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError("Enter a real date", code="invalid") from None
        if value.year < 1900 or value.year > 2200:
            raise forms.ValidationError("Enter a year between 1900 and 2200", code="invalid")
        return value


class GovukForm(forms.Form):
    """A form whose default errors name the field, as the GOV.UK Design System asks.

    "This field is required." becomes "Enter the name" or "Select the type"; invalid e-mail
    and web addresses get an example of the right format.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "").replace(" (optional)", "")
            noun = label[:1].lower() + label[1:] if label else "a value"
            if label and label.split()[0].lower() not in {"who", "what", "when", "how", "a", "an"}:
                noun = f"the {noun}"
            choose = isinstance(
                field,
                (
                    forms.ChoiceField,
                    forms.ModelChoiceField,
                    forms.FileField,
                    forms.MultipleChoiceField,
                ),
            )
            default_required = forms.Field.default_error_messages["required"]
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
