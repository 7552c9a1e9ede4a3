"""URLs of the meeting record, under /p/<slug>/meetings/."""

from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("series/", views.meeting_series_create, name="meeting_series_create"),
    path("search/", views.search, name="search"),
    path("attendance/", views.attendance_history, name="attendance_history"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/attendance/", views.attendance_edit, name="attendance_edit"),
    path("<int:pk>/attendance/add/", views.attendee_add, name="attendee_add"),
    path("attendance/<int:pk>/remove/", views.attendee_remove, name="attendee_remove"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/papers/new/", views.paper_add, name="paper_add"),
    path("papers/<int:pk>/", views.paper_download, name="paper_download"),
    path("<int:pk>/minutes/", views.minutes_html, name="minutes_html"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes/circulate/", views.minutes_circulate, name="minutes_circulate"),
    path("<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/minutes/lock/", views.minutes_lock, name="minutes_lock"),
    path("<int:pk>/minutes/amend/", views.minutes_amend, name="minutes_amend"),
    path("<int:pk>/minutes/versions/", views.minutes_versions, name="minutes_versions"),
    path("groups/<int:pk>/meetings.ics", views.group_calendar, name="group_calendar"),
    path("groups/<int:pk>/quorum/", views.quorum_edit, name="quorum_edit"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/follow-ups.ics", views.decisions_calendar, name="decisions_calendar"),
]

urlpatterns += [
    path("<int:pk>/agenda/publish/", views.agenda_publish, name="agenda_publish"),
    path("meetings.ics", views.meetings_calendar, name="meetings_calendar"),
]
