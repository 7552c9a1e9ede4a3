"""URLs of funding, under /p/<slug>/funding/."""

from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("", views.pot_list, name="pot_list"),
    path("pots/new/", views.pot_create, name="pot_create"),
    path("pots/<int:pk>/", views.pot_detail, name="pot_detail"),
    path("pots/<int:pk>/requests/new/", views.request_create, name="request_create"),
    path("pots/<int:pk>/rollover/", views.rollover_create, name="rollover_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/submit/", views.request_submit, name="request_submit"),
    path("requests/<int:pk>/check/", views.request_check, name="request_check"),
    path("requests/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path("requests/<int:pk>/paid/", views.request_paid, name="request_paid"),
    path("rollovers/<int:pk>/outcome/", views.rollover_outcome, name="rollover_outcome"),
    path("protocol/", views.protocol_detail, name="protocol_detail"),
    path("protocol/edit/", views.protocol_edit, name="protocol_edit"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
]
