"""URLs of e-mail alerts: subscribing to a group, and the links in the e-mails."""

from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("p/<slug:slug>/alerts/groups/<int:pk>/", views.subscribe, name="subscribe"),
    path("alerts/", views.mine, name="mine"),
    path("alerts/check-your-email/", views.check_email, name="check_email"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
