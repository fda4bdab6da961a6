"""Public pages: the overview, a version with its sections and comment counts, Themenfelder,
the Vorschlag and Anliegen forms and the confirmation of email links."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from etappen.translations import available_languages, has_easy_read
from gremien.models import Committee
from lip.forms import call_service

from .. import conf, tokens
from ..cards import visible_upcoming_events, windows_with_counts
from ..forms import ConcernForm, SuggestionForm
from ..models import Concern, Contribution, Event
from ..permissions import (
    can_manage_concerns,
    can_moderate,
    can_publish_for_comment,
    can_work_on_considerations,
    visible_events,
)
from ..rendering import version_page_parts
from ..services import (
    confirm_concern,
    confirm_contribution,
    submit_concern,
    submit_suggestion,
)
from ._common import (
    newer_version,
    page_of,
    public_version,
    refuse_if_limited,
    site_url,
    window_of,
)

SUBMITTED_KINDS = {"kommentar", "vorschlag", "anliegen", "anmeldung"}
# The index shows this many past events, newest first.
PAST_EVENTS = 10


def index(request):
    """Open comment windows, upcoming events, the forms, and every Abwägungstabelle."""
    now = timezone.now()
    # One query for every window with its comment count; open, coming and the tables are cut
    # from it by the windows' own rule.
    windows = list(windows_with_counts().order_by("closes_at", "pk"))
    context = {
        "open_windows": [w for w in windows if w.is_open(now)],
        "coming_windows": [w for w in windows if now < w.opens_at and not w.has_closed(now)],
        "tables": sorted(
            windows, key=lambda w: (w.version.draft.stage.number, w.version.draft.committee.name)
        ),
        "events": visible_upcoming_events(request.user),
        "past_events": list(
            visible_events(request.user, Event.objects.published())
            .exclude(pk__in=Event.objects.upcoming().values("pk"))
            .order_by("-starts_on", "-pk")[:PAST_EVENTS]
        ),
        "topics": Committee.objects.filter(kind=Committee.Kind.EXPERT_GROUP).order_by(
            "position", "name"
        ),
        "can_moderate": can_moderate(request.user),
        "can_manage": can_publish_for_comment(request.user),
        "can_manage_concerns": can_manage_concerns(request.user),
        "can_consider": can_work_on_considerations(request.user),
    }
    return render(request, "beteiligung/index.html", context)


def version_comments(request, pk):
    """A published version: its text (cached), and per section how many comments it has.

    The counts come from one aggregate query; the comments themselves load page by page on
    each section's page, so the query count does not grow with sections or comments.
    """
    version = public_version(request, pk)
    counts = {
        row["section_id"]: row["count"]
        for row in Contribution.objects.filter(
            version_id=version.pk, status=Contribution.Status.PUBLISHED
        )
        .filter(Q(parent__isnull=True) | Q(parent__status=Contribution.Status.PUBLISHED))
        .values("section_id")
        .annotate(count=Count("pk"))
        .order_by()
    }
    window = window_of(version)
    is_open = window is not None and window.is_open()
    contents, sections = version_page_parts(version, counts, is_open=is_open)
    newer, newer_url = newer_version(version)
    context = {
        "version": version,
        "window": window,
        "is_open": is_open,
        "newer": newer,
        "newer_url": newer_url,
        "contents": contents,
        "sections": sections,
        "general_count": counts.get(None, 0),
        "total_count": sum(counts.values()),
        # Translations and the Leichte-Sprache summary are read on the version's own page.
        "text_languages": available_languages(version),
        "has_easy_read": has_easy_read(version),
    }
    return render(request, "beteiligung/version_comments.html", context)


def topic_detail(request, slug):
    """A Themenfeld: published Vorschläge and routed Anliegen with the group's answers."""
    committee = get_object_or_404(Committee, kind=Committee.Kind.EXPERT_GROUP, slug=slug)
    suggestions = (
        Contribution.objects.suggestions()
        .published()
        .filter(committee=committee)
        .select_related("consideration__later_section__version")
        .order_by("published_at", "pk")
    )
    concerns = (
        Concern.objects.routed_to([committee.pk])
        .select_related("consideration__later_section__version")
        .order_by("routed_at", "pk")
    )
    context = {
        "committee": committee,
        "suggestions": page_of(request, suggestions),
        "concerns": page_of(request, concerns, param="anliegen_seite"),
    }
    return render(request, "beteiligung/topic_detail.html", context)


def suggestion_create(request):
    """Form: a Vorschlag on a Themenfeld (digitales Beteiligungsformat)."""
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if form.is_bot:
            return redirect("beteiligung:submitted", kind="vorschlag")
        if form.is_valid() and not refuse_if_limited(
            request, form, scope="contribution", email=form.cleaned_data["email"]
        ):
            data = form.cleaned_data
            if call_service(
                form,
                submit_suggestion,
                committee=data["committee"],
                title=data["title"],
                text=data["text"],
                author_name=data["author_name"],
                email=data["email"],
                consent=data["consent"],
                wants_updates=data["wants_updates"],
                site_url=site_url(request),
            ):
                return redirect("beteiligung:submitted", kind="vorschlag")
    else:
        topic = Committee.objects.filter(
            kind=Committee.Kind.EXPERT_GROUP, slug=request.GET.get("themenfeld", "")
        ).first()
        form = SuggestionForm(initial={"committee": topic})
    return render(request, "beteiligung/suggestion_form.html", {"form": form})


def concern_create(request):
    """Form: an Anliegen for the expert groups."""
    if request.method == "POST":
        form = ConcernForm(request.POST)
        if form.is_bot:
            return redirect("beteiligung:submitted", kind="anliegen")
        if form.is_valid() and not refuse_if_limited(
            request, form, scope="contribution", email=form.cleaned_data["email"]
        ):
            data = form.cleaned_data
            if call_service(
                form,
                submit_concern,
                topic=data["topic"],
                text=data["text"],
                author_name=data["author_name"],
                email=data["email"],
                consent=data["consent"],
                site_url=site_url(request),
            ):
                return redirect("beteiligung:submitted", kind="anliegen")
    else:
        form = ConcernForm()
    return render(request, "beteiligung/concern_form.html", {"form": form})


def submitted(request, kind):
    """After a form: please confirm through the link in the email."""
    if kind not in SUBMITTED_KINDS:
        return redirect("beteiligung:index")
    return render(
        request,
        "beteiligung/submitted.html",
        {"kind": kind, "hours": conf.get("BETEILIGUNG_CONFIRMATION_HOURS")},
    )


def contribution_confirm(request, token):
    """The email link of a comment or Vorschlag: a page with one button (link scanners in
    mailboxes open links, they do not press buttons), then the result."""
    pk = tokens.read_token(tokens.CONFIRM_CONTRIBUTION, token, max_age=conf.confirmation_max_age())
    contribution = (
        Contribution.objects.select_related(
            "version__draft__committee", "version__draft__stage", "section", "committee"
        )
        .filter(pk=pk)
        .first()
        if pk
        else None
    )
    if contribution is None:
        return render(request, "beteiligung/link_invalid.html", status=404)
    if request.method == "POST":
        contribution = confirm_contribution(contribution=contribution)
        return render(
            request, "beteiligung/contribution_confirmed.html", {"contribution": contribution}
        )
    return render(
        request,
        "beteiligung/contribution_confirm.html",
        {
            "contribution": contribution,
            "already": contribution.status != Contribution.Status.UNCONFIRMED,
        },
    )


def concern_confirm(request, token):
    """The email link of an Anliegen: one button, then the result."""
    pk = tokens.read_token(tokens.CONFIRM_CONCERN, token, max_age=conf.confirmation_max_age())
    concern = Concern.objects.filter(pk=pk).first() if pk else None
    if concern is None:
        return render(request, "beteiligung/link_invalid.html", status=404)
    if request.method == "POST":
        concern = confirm_concern(concern=concern)
        return render(request, "beteiligung/concern_confirmed.html", {"concern": concern})
    return render(
        request,
        "beteiligung/concern_confirm.html",
        {"concern": concern, "already": concern.status != Concern.Status.UNCONFIRMED},
    )
