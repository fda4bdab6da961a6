from django.urls import path

from .views import public, scope, staffing

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
    # The expert group's own page (its members; the Dezernat may use it too)
    path("<slug:slug>/themenzuschnitt/", scope.scope_change_form, name="scope-change-form"),
    path("<slug:slug>/", public.committee_detail, name="committee-detail"),
]
