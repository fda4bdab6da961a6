from django.urls import path

from .views import (
    consultation,
    council,
    decisions,
    drafts,
    papers,
    public,
    submission,
    translations,
    versions,
)

app_name = "etappen"

urlpatterns = [
    path("", public.index, name="index"),
    # Stages: public page; plan, drafts and council paper are the office's.
    path("<int:number>/", public.stage_detail, name="stage-detail"),
    path("<int:number>/zeitplan/", council.stage_plan_form, name="stage-plan"),
    path("<int:number>/zeitplan/aendern/", council.stage_plan_change, name="stage-plan-change"),
    path("<int:number>/entwuerfe-anlegen/", council.drafts_create, name="drafts-create"),
    path("<int:number>/drucksache/", council.paper_form, name="paper-form"),
    path("<int:number>/drucksache/anlegen/", council.paper_compile, name="paper-compile"),
    path("<int:number>/papier/", papers.consolidated_paper, name="consolidated-paper"),
    path("<int:number>/papier.pdf", papers.consolidated_paper_pdf, name="consolidated-paper-pdf"),
    path("drucksache/<int:pk>/", public.paper_detail, name="paper-detail"),
    path("drucksache/<int:pk>.pdf", papers.council_paper_pdf, name="paper-pdf"),
    path("beratung/<int:pk>/ergebnis/", council.council_result, name="council-result"),
    # Drafts and their working sections
    path("entwurf/<int:pk>/", drafts.draft_detail, name="draft-detail"),
    path("entwurf/<int:pk>/abschnitte/", drafts.section_list, name="section-list"),
    path("entwurf/<int:pk>/abschnitte/neu/", drafts.section_add_form, name="section-add-form"),
    path("entwurf/<int:pk>/abschnitte/anlegen/", drafts.section_add, name="section-add"),
    path("entwurf/<int:pk>/abschnitte/<uuid:key>/", drafts.section_edit, name="section-edit"),
    path(
        "entwurf/<int:pk>/abschnitte/<uuid:key>/speichern/",
        drafts.section_save,
        name="section-save",
    ),
    path(
        "entwurf/<int:pk>/abschnitte/<uuid:key>/verschieben/",
        drafts.section_move,
        name="section-move",
    ),
    path(
        "entwurf/<int:pk>/abschnitte/<uuid:key>/loeschen/",
        drafts.section_delete,
        name="section-delete",
    ),
    path("entwurf/<int:pk>/einreichen/", submission.draft_submit, name="draft-submit"),
    path("entwurf/<int:pk>/gleichstellung/", drafts.draft_gender, name="draft-gender"),
    path("entwurf/<int:pk>/synopse/", versions.synopsis, name="synopsis"),
    # Versions, their consultation and decision
    path("fassung/<int:pk>/", versions.version_detail, name="version-detail"),
    # Other languages of a published version (docs/sprachen.md)
    path("fassung/<int:pk>/leichte-sprache/", translations.easy_read, name="easy-read"),
    path(
        "fassung/<int:pk>/leichte-sprache/bearbeiten/",
        translations.easy_read_edit,
        name="easy-read-edit",
    ),
    path(
        "fassung/<int:pk>/uebersetzung/<slug:language>/",
        translations.translation_edit,
        name="translation-edit",
    ),
    path("fassung/<int:pk>/beschluss/", decisions.decision_form, name="decision-form"),
    path("fassung/<int:pk>/beschluss/erfassen/", decisions.decision_record, name="decision-record"),
    path("anfrage/<int:pk>/", consultation.statement_form, name="statement-form"),
    path("anfrage/<int:pk>/einreichen/", consultation.statement_file, name="statement-file"),
    path(
        "anfrage/<int:pk>/anhang/<uuid:uuid>/entfernen/",
        consultation.statement_file_remove,
        name="statement-file-remove",
    ),
    path("anfrage/<int:pk>/frist/", consultation.deadline_extend, name="deadline-extend"),
]
