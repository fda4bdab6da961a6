from django.urls import path

from .views import meeting_records, meetings, public, scope, staffing

app_name = "gremien"

urlpatterns = [
    path("", public.committee_list, name="index"),
    path("initiativvorschlag/", public.nomination_create, name="nomination-create"),
    path("initiativvorschlag/danke/", public.nomination_thanks, name="nomination-thanks"),
    # Staffing by the Dezernate (and the office)
    path("besetzung/", staffing.overview, name="staffing-overview"),
    path("<slug:slug>/besetzung/", staffing.committee_staffing, name="staffing"),
    path("<slug:slug>/besetzung/mitglied/", staffing.member_add, name="member-add"),
    path(
        "<slug:slug>/besetzung/mitgliedschaft/<int:pk>/beenden/",
        staffing.membership_end,
        name="membership-end",
    ),
    path(
        "<slug:slug>/besetzung/mitgliedschaft/<int:pk>/ersetzen/",
        staffing.membership_replace,
        name="membership-replace",
    ),
    path(
        "<slug:slug>/besetzung/vorschlag/<int:pk>/uebernehmen/",
        staffing.nomination_accept,
        name="nomination-accept",
    ),
    path(
        "<slug:slug>/besetzung/vorschlag/<int:pk>/ablehnen/",
        staffing.nomination_decline,
        name="nomination-decline",
    ),
    path("<slug:slug>/zuschnitt/", staffing.scope_change_propose, name="scope-change-propose"),
    path("<slug:slug>/besetzung/vorsitz/", staffing.chair_set, name="chair-set"),
    # Meetings: the page for everyone who may see it, the rest for OE 50.6 and the Dezernate
    path("<slug:slug>/sitzungen/neu/", meetings.meeting_create, name="meeting-create"),
    path("<slug:slug>/sitzung/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path(
        "<slug:slug>/sitzung/<int:pk>/termin/", meetings.meeting_schedule, name="meeting-schedule"
    ),
    path("<slug:slug>/sitzung/<int:pk>/absagen/", meetings.meeting_cancel, name="meeting-cancel"),
    path("<slug:slug>/sitzung/<int:pk>/stattgefunden/", meetings.meeting_held, name="meeting-held"),
    path("<slug:slug>/sitzung/<int:pk>/tagesordnung/", meetings.agenda, name="agenda"),
    path(
        "<slug:slug>/sitzung/<int:pk>/tagesordnung/<int:item_pk>/",
        meetings.agenda_item_edit,
        name="agenda-item-edit",
    ),
    path(
        "<slug:slug>/sitzung/<int:pk>/tagesordnung/<int:item_pk>/entfernen/",
        meetings.agenda_item_remove,
        name="agenda-item-remove",
    ),
    path(
        "<slug:slug>/sitzung/<int:pk>/tagesordnung/<int:item_pk>/verschieben/",
        meetings.agenda_item_move,
        name="agenda-item-move",
    ),
    path(
        "<slug:slug>/sitzung/<int:pk>/anwesenheit/", meeting_records.attendance, name="attendance"
    ),
    path("<slug:slug>/sitzung/<int:pk>/protokoll/", meeting_records.minutes_edit, name="minutes"),
    path(
        "<slug:slug>/sitzung/<int:pk>/protokoll/anhang/",
        meeting_records.minutes_file_add,
        name="minutes-file-add",
    ),
    path(
        "<slug:slug>/sitzung/<int:pk>/protokoll/anhang/<uuid:uuid>/entfernen/",
        meeting_records.minutes_file_remove,
        name="minutes-file-remove",
    ),
    # The expert group's own page (its members; the Dezernat may use it too)
    path("<slug:slug>/themenzuschnitt/", scope.scope_change_form, name="scope-change-form"),
    path("<slug:slug>/", public.committee_detail, name="committee-detail"),
]
