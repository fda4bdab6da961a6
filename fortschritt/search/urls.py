"""/suche/: included by lip/urls.py without app_name, so that the URL name is "search"."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.search, name="search"),
]
