"""Included at the root (lip/urls.py): the paths sit under /benachrichtigungen/ and /konto/."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path(
        "benachrichtigungen/abbestellen/<str:token>/",
        views.unsubscribe_view,
        name="unsubscribe",
    ),
    path("konto/benachrichtigungen/", views.preferences, name="preferences"),
]
