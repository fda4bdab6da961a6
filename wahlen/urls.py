from django.urls import path

from . import views

app_name = "wahlen"

urlpatterns = [
    path("", views.index, name="index"),
]
