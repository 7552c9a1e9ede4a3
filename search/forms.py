"""The search form: words, kind of record, group and dates."""

from django import forms

from core.forms import GovukForm
from core.search import MAX_QUERY

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d %B %Y", "%d %b %Y"]


class SearchForm(GovukForm):
    q = forms.CharField(label="Words to find", max_length=MAX_QUERY, required=False)
    kind = forms.ChoiceField(label="Kind of record", required=False)
    group = forms.ChoiceField(label="Group", required=False)

    def __init__(self, *args, kinds=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(
            label="From",
            required=False,
            input_formats=DATE_FORMATS,
            help_text="For example, 1/4/2010",
        )
        self.fields["to"] = forms.DateField(
            label="To",
            required=False,
            input_formats=DATE_FORMATS,
            help_text="For example, 31/3/2011",
        )
        self.fields["kind"].choices = [("", "Any kind"), *kinds]
        self.groups = {str(g.pk): g for g in groups}
        self.fields["group"].choices = [
            ("", "Any group"),
            *[(k, g.name) for k, g in self.groups.items()],
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "The 'to' date must be the same as or after the 'from' date")
        data["group_record"] = self.groups.get(data.get("group") or "")
        return data
