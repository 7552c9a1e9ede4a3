"""URLs of engagement, under /p/<slug>/engagement/."""

from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/workshops/new/", views.workshop_create, name="workshop_create"),
    path("events/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("findings/<int:pk>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("public-meetings/", views.public_meeting_list, name="public_meeting_list"),
    path("public-meetings/new/", views.public_meeting_create, name="public_meeting_create"),
    path("public-meetings/<int:pk>/", views.public_meeting_detail, name="public_meeting_detail"),
    path(
        "public-meetings/<int:pk>/notice/",
        views.public_meeting_notice,
        name="public_meeting_notice",
    ),
    path(
        "public-meetings/<int:pk>/summary/",
        views.public_meeting_summary,
        name="public_meeting_summary",
    ),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<int:pk>/concerns/new/", views.concern_create, name="concern_create"),
]
