"""URLs of the assessments app, under /p/<slug>/assessments/."""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("<int:pk>/tables/<slug:table>.csv", views.table_download, name="table_csv"),
    path("scoring/", views.scoring, name="scoring"),
    path("scoring/edit/", views.scoring_edit, name="scoring_edit"),
    path("measures/", views.measures, name="measures"),
    path("measures/upload/", views.measures_upload, name="measures_upload"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("evidence/<int:pk>/", views.snapshot_detail, name="snapshot_detail"),
    path("sub-areas/", views.sub_areas, name="sub_areas"),
]
