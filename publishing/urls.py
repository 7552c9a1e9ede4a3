"""URLs of the public site and its feeds, under /p/<slug>/public/."""

from django.urls import path

from publishing import feeds, views

app_name = "publishing"

urlpatterns = [
    path("", views.front, name="front"),
    path("partners/", views.partners, name="partners"),
    path("meetings/", views.meetings, name="meetings"),
    path("plan/", views.plan, name="plan"),
    path("reports/", views.reports, name="reports"),
    path("have-your-say/", views.have_your_say, name="have_your_say"),
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/<slug:kind>.rss", feeds.partnership_rss, name="feed_rss"),
    path("feeds/<slug:kind>.atom", feeds.partnership_atom, name="feed_atom"),
    path("groups/<int:pk>/feeds/<slug:kind>.rss", feeds.group_rss, name="group_feed_rss"),
    path("groups/<int:pk>/feeds/<slug:kind>.atom", feeds.group_atom, name="group_feed_atom"),
]
