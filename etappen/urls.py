from django.urls import path

from . import views

app_name = "etappen"

urlpatterns = [
    path("", views.index, name="index"),
]
