"""Pages of the meeting record, one module per section. Views parse input, call one service,
render; meetings/urls.py names them from here."""

from meetings.views.attendance import (
    attendance_edit,
    attendance_history,
    attendee_add,
    attendee_remove,
)
from meetings.views.calendars import decisions_calendar, group_calendar, meetings_calendar
from meetings.views.decisions import decision_create, decision_detail, decision_list, search
from meetings.views.items import item_create, item_edit, paper_add, paper_download
from meetings.views.meetings import (
    agenda_publish,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_list,
    meeting_series_create,
    quorum_edit,
)
from meetings.views.minutes import (
    minutes_amend,
    minutes_approve,
    minutes_circulate,
    minutes_docx,
    minutes_html,
    minutes_lock,
    minutes_pdf,
    minutes_versions,
)

__all__ = [
    "agenda_publish",
    "attendance_edit",
    "attendance_history",
    "attendee_add",
    "attendee_remove",
    "decision_create",
    "decision_detail",
    "decision_list",
    "decisions_calendar",
    "group_calendar",
    "item_create",
    "item_edit",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_list",
    "meeting_series_create",
    "meetings_calendar",
    "minutes_amend",
    "minutes_approve",
    "minutes_circulate",
    "minutes_docx",
    "minutes_html",
    "minutes_lock",
    "minutes_pdf",
    "minutes_versions",
    "paper_add",
    "paper_download",
    "quorum_edit",
    "search",
]
