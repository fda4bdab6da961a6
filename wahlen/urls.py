from django.urls import path

from .views import (
    manage_confirmations,
    manage_election,
    manage_invitations,
    manage_rounds,
    public,
    voting,
)

app_name = "wahlen"

urlpatterns = [
    path("", public.index, name="index"),
    # Wahlleitung (OE 50.6)
    path("leitung/neu/", manage_election.election_create, name="election-create"),
    path("<slug:slug>/leitung/", manage_election.election_manage, name="manage"),
    path(
        "<slug:slug>/leitung/einstellungen/",
        manage_election.election_update,
        name="election-update",
    ),
    path("<slug:slug>/leitung/verzeichnis/", manage_election.register_add, name="register-add"),
    path(
        "<slug:slug>/leitung/verzeichnis/<int:organization_pk>/streichen/",
        manage_election.register_remove,
        name="register-remove",
    ),
    path("<slug:slug>/leitung/kandidaturen/", manage_election.candidacy_add, name="candidacy-add"),
    path(
        "<slug:slug>/leitung/kandidaturen/<int:pk>/zurueckziehen/",
        manage_election.candidacy_withdraw,
        name="candidacy-withdraw",
    ),
    path("<slug:slug>/leitung/einladungen/", manage_invitations.invitations, name="invitations"),
    path(
        "<slug:slug>/leitung/einladungen/versenden/",
        manage_invitations.invitations_send,
        name="invitations-send",
    ),
    path(
        "<slug:slug>/leitung/wahlgang/eroeffnen/bestaetigen/",
        manage_confirmations.round_open_confirm,
        name="round-open-confirm",
    ),
    path("<slug:slug>/leitung/wahlgang/eroeffnen/", manage_rounds.round_open, name="round-open"),
    path("<slug:slug>/leitung/wahlgang/<int:number>/", manage_rounds.round_manage, name="round"),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/schliessen/bestaetigen/",
        manage_confirmations.round_close_confirm,
        name="round-close-confirm",
    ),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/schliessen/",
        manage_rounds.round_close,
        name="round-close",
    ),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/codes/",
        manage_rounds.codes_generate,
        name="codes-generate",
    ),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/codes/<int:organization_pk>/neu/",
        manage_rounds.code_reissue,
        name="code-reissue",
    ),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/stimmzettel/",
        manage_rounds.paper_ballot_issue,
        name="paper-ballot-issue",
    ),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/papier/",
        manage_rounds.paper_count_enter,
        name="paper-count",
    ),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/feststellen/",
        manage_rounds.round_finalize,
        name="round-finalize",
    ),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/wiederholen/",
        manage_rounds.round_repeat,
        name="round-repeat",
    ),
    path("<slug:slug>/leitung/wahlgang/<int:number>/los/", manage_rounds.lot_draw, name="lot-draw"),
    path(
        "<slug:slug>/leitung/wahlgang/<int:number>/los/eintragen/",
        manage_rounds.lot_record,
        name="lot-record",
    ),
    path("<slug:slug>/leitung/veroeffentlichen/", manage_election.publish, name="publish"),
    # Public
    path("<slug:slug>/", public.election_detail, name="election-detail"),
    path("<slug:slug>/protokoll/", public.protocol, name="protocol"),
    path("<slug:slug>/protokoll.pdf", public.protocol_pdf, name="protocol-pdf"),
    path("<slug:slug>/abstimmen/", voting.vote, name="vote"),
    path("<slug:slug>/abstimmen/danke/", voting.vote_done, name="vote-done"),
]
