"""URLs for the service statements (the home page, a list of partnerships, is `partnership`'s)."""

from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
