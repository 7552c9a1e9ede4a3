"""URLs for the page a user lands on after signing in, and each partnership's home page."""

from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("home/", views.start, name="start"),
    path("p/<slug:slug>/home/", views.partnership_home, name="partnership_home"),
]
