"""URLs of the partnership register, under /p/<slug>/."""

from django.urls import path

from partnership import views

app_name = "partnership"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("edit/", views.partnership_edit, name="partnership_edit"),
    path("edit/comparators/", views.comparators_edit, name="comparators_edit"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/import/", views.person_import, name="person_import"),
    path("people/export.csv", views.person_export, name="person_export"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/members/new/", views.membership_create, name="membership_create"),
    path("memberships/<int:pk>/approve/", views.membership_approve, name="membership_approve"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("memberships/history/", views.membership_history, name="membership_history"),
]
