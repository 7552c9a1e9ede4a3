"""URLs of the minutes import, under /p/<slug>/meetings/import/."""

from django.urls import path

from minutes_import import views

app_name = "minutes_import"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.draft_review, name="draft_review"),
]
