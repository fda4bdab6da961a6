from django.urls import path

from .views import comments, considerations, events, office, public

app_name = "beteiligung"

urlpatterns = [
    path("", public.index, name="index"),
    # A published version: text with comment counts, comments per section, Abwägung
    path("fassung/<int:pk>/", public.version_comments, name="version-comments"),
    path("fassung/<int:pk>/allgemein/", comments.section_comments, name="general-comments"),
    path(
        "fassung/<int:pk>/abschnitt/<uuid:key>/",
        comments.section_comments,
        name="section-comments",
    ),
    path(
        "fassung/<int:pk>/abwaegung/",
        considerations.consideration_table,
        name="consideration-table",
    ),
    path(
        "fassung/<int:pk>/abwaegung.<str:fmt>",
        considerations.consideration_export,
        name="consideration-export",
    ),
    path("fassung/<int:pk>/veroeffentlichen/", office.version_publish, name="version-publish"),
    path("kommentar/<int:pk>/antworten/", comments.comment_reply, name="comment-reply"),
    path("beitrag/<int:pk>/melden/", comments.contribution_report, name="contribution-report"),
    # Vorschläge and Anliegen
    path("vorschlag/", public.suggestion_create, name="suggestion-create"),
    path("anliegen/neu/", public.concern_create, name="concern-create"),
    path("themenfeld/<slug:slug>/", public.topic_detail, name="topic-detail"),
    path(
        "themenfeld/<slug:slug>/abwaegung.<str:fmt>",
        considerations.topic_export,
        name="topic-export",
    ),
    # Email links (double opt-in) and the page after a form
    path("eingegangen/<slug:kind>/", public.submitted, name="submitted"),
    path("bestaetigen/<str:token>/", public.contribution_confirm, name="contribution-confirm"),
    path("anliegen/bestaetigen/<str:token>/", public.concern_confirm, name="concern-confirm"),
    # Events and registration
    path("veranstaltung/<int:pk>/", events.event_detail, name="event-detail"),
    path("veranstaltung/<int:pk>/anmelden/", events.event_register, name="event-register"),
    path("veranstaltung/<int:pk>/kalender.ics", events.event_ics, name="event-ics"),
    path("kalender.ics", events.calendar_feed, name="calendar"),
    path(
        "anmeldung/bestaetigen/<str:token>/",
        events.registration_confirm,
        name="registration-confirm",
    ),
    path("anmeldung/<str:token>/", events.registration_manage, name="registration-manage"),
    path(
        "anmeldung/<str:token>/abmelden/",
        events.registration_cancel,
        name="registration-cancel",
    ),
    # OE 50.6 and the expert groups
    path("geschaeftsstelle/", office.office, name="office"),
    path("fenster/<int:pk>/beenden/", office.window_close, name="window-close"),
    path("fenster/<int:pk>/ende/", office.window_end, name="window-end"),
    path("moderation/", office.moderation_queue, name="moderation"),
    path(
        "moderation/<int:pk>/freigeben/", office.contribution_approve, name="contribution-approve"
    ),
    path("moderation/<int:pk>/ablehnen/", office.contribution_reject, name="contribution-reject"),
    path("moderation/<int:pk>/spam/", office.contribution_spam, name="contribution-spam"),
    path("anliegen/", office.concern_list, name="concern-list"),
    path("anliegen/erfassen/", office.concern_enter, name="concern-enter"),
    path("anliegen/<int:pk>/zuordnen/", office.concern_route, name="concern-route"),
    path("anliegen/<int:pk>/spam/", office.concern_spam, name="concern-spam"),
    path("abwaegung/", considerations.consideration_list, name="consideration-list"),
    path(
        "abwaegung/<slug:kind>/<int:pk>/",
        considerations.consideration_form,
        name="consideration-form",
    ),
    path(
        "veranstaltung/<int:pk>/anmeldungen/",
        events.event_registrations,
        name="event-registrations",
    ),
    path("veranstaltung/<int:pk>/absagen/", events.event_cancel, name="event-cancel"),
    path("veranstaltung/<int:pk>/nachruecken/", events.event_fill, name="event-fill"),
]
