"""URLs of the partner evidence pages, under /p/<slug>/evidence/."""

from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.index, name="index"),
    path("declare/", views.declare, name="declare"),
    path("templates/<slug:key>.csv", views.template_csv, name="template_csv"),
    path("road-casualties/upload/", views.road_upload, name="road_upload"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/upload/", views.upload, name="upload"),
]
