"""Included at the root (lip/urls.py): /anhang/<uuid>/."""

from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("anhang/<uuid:uuid>/", views.download, name="download"),
]
