from django.urls import path

from . import views

app_name = "oparl"

# Objects: URL piece -> URL name of the object (sources.PARTS).
OBJECTS = {
    "organization": "organization",
    "person": "person",
    "membership": "membership",
    "meeting": "meeting",
    "agenda-item": "agenda-item",
    "location": "location",
    "paper/drucksache": "paper",
    "paper/fassung": "paper-version",
    "consultation": "consultation",
    "file/drucksache": "file-paper",
    "file/fassung": "file-version",
    "file/protokoll": "file-minutes",
    "file/anhang": "file-attachment",
    "legislative-term": "legislative-term",
}

# Lists of the body: URL piece -> URL name (sources.LISTS).
LISTS = {
    "organization": "organization-list",
    "person": "person-list",
    "membership": "membership-list",
    "meeting": "meeting-list",
    "agenda-item": "agenda-item-list",
    "location": "location-list",
    "paper": "paper-list",
    "consultation": "consultation-list",
    "file": "file-list",
    "legislative-term": "legislative-term-list",
}

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.body_list, name="body-list"),
    path("body/hannover/", views.body, name="body"),
    *(
        path(f"{piece}/", views.object_list, {"name": name}, name=name)
        for piece, name in LISTS.items()
    ),
    *(
        path(f"{piece}/<int:pk>/", views.object_detail, {"route": name}, name=name)
        for piece, name in OBJECTS.items()
    ),
]
