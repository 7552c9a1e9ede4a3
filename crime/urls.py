"""URLs of the crime data pages, under /p/<slug>/crime/."""

from django.urls import path

from crime import views

app_name = "crime"

urlpatterns = [
    path("", views.crime_data, name="crime_data"),
    path("hotspots/<slug:category>/", views.hotspots, name="hotspots"),
    path("imports/", views.import_list, name="import_list"),
    path("upload/", views.upload, name="upload"),
    path("upload/<int:pk>/", views.upload_status, name="upload_status"),
    path("upload/<int:pk>/decide/", views.upload_decide, name="upload_decide"),
    path("wards/upload/", views.ward_lookup_upload, name="ward_lookup_upload"),
]
