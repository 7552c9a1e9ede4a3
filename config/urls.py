"""Top-level URLs: each app's URLs are included here, under the partnership's slug where scoped."""

from django.contrib import admin
from django.urls import include, path

from partnership.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("core.urls")),
    path("account/", include("accounts.urls")),
    path("p/<slug:slug>/", include("partnership.urls")),
    path("p/<slug:slug>/meetings/", include("meetings.urls")),
    path("p/<slug:slug>/actions/", include("actions.urls")),
    path("p/<slug:slug>/crime/", include("crime.urls")),
    path("p/<slug:slug>/assessments/", include("assessments.urls")),
    path("p/<slug:slug>/evidence/", include("evidence.urls")),
    path("p/<slug:slug>/plan/", include("plan.urls")),
    path("p/<slug:slug>/funding/", include("funding.urls")),
    path("p/<slug:slug>/engagement/", include("engagement.urls")),
    path("p/<slug:slug>/meetings/import/", include("minutes_import.urls")),
    path("p/<slug:slug>/reports/", include("reports.urls")),
    path("p/<slug:slug>/search/", include("search.urls")),
    path("", include("alerts.urls")),
    path("", include("api.urls")),
    path("p/<slug:slug>/public/", include("publishing.urls")),
    path("admin/", admin.site.urls),
    path("", include("home.urls")),
]

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
