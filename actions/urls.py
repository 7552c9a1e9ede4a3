"""URLs of the action register, under /p/<slug>/actions/."""

from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("", views.action_log, name="action_log"),
    path("export.csv", views.action_export_csv, name="action_export_csv"),
    path("export.xlsx", views.action_export_xlsx, name="action_export_xlsx"),
    path("mine/", views.my_actions, name="my_actions"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("calendar/", views.feed_settings, name="feed_settings"),
    path("calendar/<str:token>.ics", views.person_feed, name="person_feed"),
    path("meetings/<int:pk>/new/", views.action_create, name="action_create"),
    path("meetings/<int:pk>/matters-arising/", views.matters_arising, name="matters_arising"),
    path("<int:pk>/", views.action_detail, name="action_detail"),
    path("<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("<int:pk>/progress/", views.action_progress, name="action_progress"),
]
