"""URLs of the partnership plan, under /p/<slug>/plan/."""

from django.urls import path

from plan import views

app_name = "plan"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/revise/", views.plan_revise, name="plan_revise"),
    path("<int:pk>/agree/", views.plan_agree, name="plan_agree"),
    path("<int:pk>/objectives/new/", views.objective_create, name="objective_create"),
    path("<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/values/new/", views.measure_value_create, name="measure_value_create"),
    path("priorities/", views.priority_list, name="priority_list"),
    path("priorities/new/", views.priority_create, name="priority_create"),
    path("priorities/years/", views.priority_years, name="priority_years"),
    path("priorities/years/<int:year>/edit/", views.priority_set_edit, name="priority_set_edit"),
    path("priorities/adopt/<int:pk>/", views.priority_adopt, name="priority_adopt"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority_detail"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/outcome/", views.priority_outcome, name="priority_outcome"),
    path("actions/<int:pk>/link/", views.action_link, name="action_link"),
]
