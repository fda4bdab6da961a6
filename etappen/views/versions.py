"""A version (Fassung) with its consultation and decision, and the Synopse of two versions."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..forms import SynopsisForm
from ..models import (
    Decision,
    Draft,
    DraftVersion,
    MeasureOutcome,
    Requirement,
    SectionKind,
)
from ..permissions import (
    can_compare_versions,
    can_file_statement,
    can_record_decision,
    can_translate_version,
    can_view_draft,
    can_view_statements,
    can_view_version,
)
from ..rendering import version_text
from ..synopsis import compare
from ..translations import (
    available_languages,
    configured_languages,
    has_easy_read,
    page_direction,
    translated_text,
)
from ._access import mark_meeting_links, not_visible


def version_detail(request, pk):
    """The text of a version (cached), its consultation, the statements and the decision.

    A fixed number of queries for 10 or 300 sections: the text is one query (none once cached),
    everything else does not depend on the number of sections.
    """
    version = get_object_or_404(
        DraftVersion.objects.select_related("draft__stage", "draft__committee").prefetch_related(
            "consultation_requests__committee",
            "consultation_requests__statement__bundles__request__committee",
            Prefetch(
                "addressed_requirements",
                queryset=Requirement.objects.select_related("decision__version"),
            ),
        ),
        pk=pk,
    )
    user = request.user
    if not can_view_version(user, version):
        return not_visible(request)
    draft = version.draft
    # Statements, the decision and its Vorgaben stay internal, also on a published version.
    internal = can_view_statements(user, version)
    decision = None
    outcomes = []
    if internal:
        decision = (
            Decision.objects.filter(version=version)
            .select_related("meeting__committee", "meeting__minutes")
            .prefetch_related("requirements__addressed_by")
            .first()
        )
    if decision is not None:
        mark_meeting_links(user, [decision])
    if decision is not None and draft.stage.structured:
        headings = dict(
            version.sections.filter(kind=SectionKind.MEASURE).values_list("key", "heading")
        )
        outcomes = [
            (headings.get(outcome.section_key, "–"), outcome)
            for outcome in MeasureOutcome.objects.filter(decision=decision)
        ]
    requests = list(version.consultation_requests.all()) if internal else []
    siblings = list(
        DraftVersion.objects.filter(draft=draft).order_by("number").values_list("pk", "number")
    )
    previous = next((number for _pk, number in reversed(siblings) if number < version.number), None)
    today = timezone.localdate()
    # ?sprache=tr: the text in a translation (published versions); the German original stays
    # the binding text one link away. Unknown or untranslated languages show the original.
    languages = available_languages(version) if version.is_public else []
    language = next((lang for lang in languages if lang.code == request.GET.get("sprache")), None)
    context = {
        "version": version,
        "draft": draft,
        "text": translated_text(version, language) if language else version_text(version),
        "text_language": language,
        "text_languages": languages,
        "page_dir": page_direction(language),
        "has_easy_read": version.is_public and has_easy_read(version),
        "can_translate": can_translate_version(user, version),
        "translation_choices": list(configured_languages().values()),
        "requests": [
            {
                "request": r,
                "statement": getattr(r, "statement", None),
                "can_file": can_file_statement(user, r) and not version.is_closed,
                "status": r.status(today) if r.expects_statement else "",
            }
            for r in requests
        ],
        "show_internal": internal,
        "decision": decision,
        "outcomes": outcomes,
        "previous": previous,
        "can_open_draft": can_view_draft(user, draft),
        "can_decide": (
            can_record_decision(user)
            and not version.is_closed
            and draft.state == Draft.State.SUBMITTED
            and siblings
            and siblings[-1][0] == version.pk
        ),
    }
    return render(request, "etappen/version_detail.html", context)


def synopsis(request, pk):
    """Two versions of a draft side by side, aligned by section key (GET ?old=1&new=2)."""
    draft = get_object_or_404(
        Draft.objects.select_related("stage", "committee").prefetch_related(
            Prefetch("versions", queryset=DraftVersion.objects.order_by("number")),
            "versions__consultation_requests",
        ),
        pk=pk,
    )
    user = request.user
    versions = [v for v in draft.versions.all() if can_view_version(user, v)]
    if len(versions) < 2:
        if not versions and not can_view_draft(user, draft):
            return not_visible(request)
        context = {"draft": draft, "too_few": True, "can_open_draft": can_view_draft(user, draft)}
        return render(request, "etappen/synopsis.html", context)
    numbers = [v.number for v in versions]
    by_number = {v.number: v for v in versions}
    initial = {"old": numbers[-2], "new": numbers[-1]}
    form = SynopsisForm(request.GET or None, numbers=numbers, initial=initial)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else initial
    old, new = by_number[chosen["old"]], by_number[chosen["new"]]
    if not can_compare_versions(user, old, new):
        return not_visible(request)
    sections = {
        version.pk: list(version.sections.prefetch_related("districts").order_by("position"))
        for version in (old, new)
    }
    result = compare(sections[old.pk], sections[new.pk])
    context = {
        "draft": draft,
        "form": form,
        "old": old,
        "new": new,
        "synopsis": result,
        # The steering group's requirements stay internal, also for published versions.
        "taken_up": (
            list(new.addressed_requirements.all()) if can_view_statements(user, new) else []
        ),
        "can_open_draft": can_view_draft(user, draft),
    }
    return render(request, "etappen/synopsis.html", context)
