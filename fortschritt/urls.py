"""The pages that read every app. No app_name: their URL names ("home", "progress",
"progress-feed", "calendar", "account") predate the app and every template, test and mail
relies on them, and the navigation marks "progress" as current by that name."""

from django.urls import path

from beteiligung.views.events import calendar_feed

from . import views
from .feeds import ProgressFeed

urlpatterns = [
    path("", views.home, name="home"),
    path("fortschritt/", views.progress, name="progress"),
    path("fortschritt/feed/", ProgressFeed(), name="progress-feed"),
    # All public dates in one calendar (DESIGN.md §4: /kalender.ics).
    path("kalender.ics", calendar_feed, name="calendar"),
    path("konto/", views.account, name="account"),
]
