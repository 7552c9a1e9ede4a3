"""Forms of the minutes import: the upload, and the meeting part of the review."""

import datetime as dt

from django import forms

from core.forms import GovukForm, model_field
from minutes_import.readers import MAX_BYTES
from partnership.models import Group, Partnership


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Minutes document",
        allow_empty_file=True,  # refused by the import, with the file's name
        help_text=(
            f"Word (.docx), PDF, text (.txt) or a council's saved \u201cAgenda and minutes\u201d "
            f"page (.html), up to {MAX_BYTES // (1024 * 1024)} MB"
        ),
    )


class MeetingReviewForm(GovukForm):
    """The meeting as read, with the group it belongs to."""

    group: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Group.objects.none(), label="Group"
    )
    date = forms.DateField(label="Date", help_text="For example, 2010-11-25")
    start_time = forms.TimeField(label="Start time (optional)", required=False)
    end_time = forms.TimeField(label="End time (optional)", required=False)
    venue = forms.CharField(label="Room and building (optional)", required=False, max_length=200)

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        model_field(self, "group").queryset = Group.objects.filter(
            partnership=partnership
        ).order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if end and start and end <= start:
            self.add_error("end_time", "The meeting must end after it starts")
        return data


def meeting_initial(parsed: dict, group_name: str = "") -> dict:
    m = parsed.get("meeting", {})
    return {
        "date": m.get("date"),
        "start_time": m.get("time"),
        "end_time": m.get("end_time"),
        "venue": m.get("venue"),
    }


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def corrections(post, parsed: dict, meeting: dict) -> dict:
    """The parse with the coordinator's corrections from the review page applied."""
    out = {**parsed, "meeting": {**parsed.get("meeting", {})}}
    out["meeting"].update(
        {
            "date": meeting["date"].isoformat(),
            "time": _time(meeting.get("start_time")),
            "end_time": _time(meeting.get("end_time")),
            "venue": meeting.get("venue") or "",
        }
    )
    for section in ("present", "in_attendance", "apologies"):
        people = []
        for n, person in enumerate(parsed.get(section, [])):
            key = f"{section}-{n}"
            people.append(
                {
                    **person,
                    "name": post.get(f"{key}-name", person.get("name", "")).strip(),
                    "initials": post.get(f"{key}-initials", person.get("initials", "")).strip(),
                    "role": post.get(f"{key}-role", person.get("role", "")).strip(),
                    "match": post.get(f"{key}-match", person.get("match", "new")),
                }
            )
        out[section] = people
    items = []
    moved: list[tuple[str, dict]] = []
    for n, item in enumerate(parsed.get("items", [])):
        key = f"item-{n}"
        choices = item.get("resolutions", []) + item.get("agreements", [])
        new = {
            **item,
            "number": post.get(f"{key}-number", item.get("number", "")).strip(),
            "title": post.get(f"{key}-title", item.get("title", "")).strip(),
            "text": post.get(f"{key}-text", item.get("text", "")).replace("\r\n", "\n"),
            "decisions": [c for k, c in enumerate(choices) if post.get(f"{key}-decision-{k}")],
            "actions": [],
        }
        for k, action in enumerate(item.get("actions", [])):
            akey = f"{key}-action-{k}"
            if post.get(f"{akey}-remove"):
                continue
            changed = {
                "text": post.get(f"{akey}-text", action.get("text", "")).strip(),
                "owners": post.get(f"{akey}-owners", action.get("owners", "")).strip(),
                "deadline": post.get(f"{akey}-deadline", action.get("deadline", "")).strip(),
            }
            target = post.get(f"{akey}-item", item.get("number", "")).strip()
            moved.append((target, changed))
        items.append(new)
    numbers = {i["number"]: i for i in items}
    for target, action in moved:
        (numbers.get(target) or items[0]).setdefault("actions", []).append(action)
    out["items"] = items
    return out
