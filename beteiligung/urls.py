from django.urls import path

from . import views

app_name = "beteiligung"

urlpatterns = [
    path("", views.index, name="index"),
]
