"""The pages that read across apps: start page, /fortschritt/ and the work list on /konto/."""

import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from gremien.models import Committee
from gremien.permissions import can_see_demographics
from lip import pagecache
from lip.accounts import needs_second_factor
from lip.roles import roles_of

from . import diagrams
from . import progress as process
from .overview import build_overview, process_title
from .permissions import can_see_internal_progress
from .tasks import tasks_for

INDENTATION = re.compile(r"\n\s+")


def _diagrams(stages, committees, reports) -> dict:
    """Both diagrams of the council document, drawn from the current data."""
    steering = _steering_report(reports)
    votes = (steering.votes_filled, steering.votes_expected) if steering else None
    return {
        "organisation_diagram": diagrams.organisation_diagram(committees, votes),
        "process_diagram": diagrams.process_diagram(stages),
        "process_title": process_title(stages),
        "staffing_reports": reports,
    }


def _steering_report(reports):
    return next((r for r in reports if r.committee.kind == Committee.Kind.STEERING_GROUP), None)


def _home_context(today) -> dict:
    stages = process.stage_progress(today)
    committees = list(Committee.objects.all())
    reports = process.staffing_reports()
    return {
        **_diagrams(stages, committees, reports),
        "overview": build_overview(committees, _steering_report(reports), stages),
    }


def home(request):
    """Start page: what the LIP is, how the process runs and where it stands, all from data.

    Nothing on it is personal: anonymous visitors get it whole from the page cache, signed-in
    ones get its data from the fragment cache (lip/pagecache.py), rebuilt after a write.
    """
    today = timezone.localdate()
    context = pagecache.cached("home", pagecache.ALL, lambda: _home_context(today), vary=[today])
    return render(request, "fortschritt/home.html", context)


def _progress_context(today, internal: bool) -> dict:
    stages = process.stage_progress(today)
    return {
        **_diagrams(stages, list(Committee.objects.all()), process.staffing_reports()),
        "today": today,
        "stages": stages,
        "timeline": diagrams.timeline(stages, today),
        "meetings": process.upcoming_meetings(internal=internal),
        "participation_events": process.upcoming_events(),
        "events": process.latest_events(internal=internal),
        "internal": process.internal_detail(today) if internal else None,
    }


def progress(request):
    """Where the process stands: stages against plan, drafts, dates, events, staffing.

    The page body (the draft tables with each row's step and deadline, the internal detail,
    diagrams, staffing) is rendered once and kept as HTML in the fragment cache, keyed by the
    generations of every area, the day and the two flags that change what it shows (internal
    detail, demographics), never by the person: a signed-in visit after the first costs the
    session, the flags and one cache read, whatever the number of drafts. A write bumps a
    generation, so the next request renders it anew.
    """
    today = timezone.localdate()
    internal = can_see_internal_progress(request.user)
    demographics = can_see_demographics(request.user)

    def build() -> str:
        context = {**_progress_context(today, internal), "show_demographics": demographics}
        html = render_to_string("fortschritt/_progress_body.html", context)
        # The indentation of the templates is a fifth of the bytes with 500 drafts; the body has
        # no <pre> or <textarea>, so a line break in place of it changes nothing a reader sees.
        return INDENTATION.sub("\n", str(html))

    body = pagecache.cached(
        "progress-body", pagecache.ALL, build, vary=[today, internal, demographics]
    )
    # The fragment holds only what the template escaped when rendering it.
    return render(request, "fortschritt/progress.html", {"body": mark_safe(body)})  # noqa: S308


@login_required
def account(request):
    """The signed-in person's account: roles, their open work, links to the settings."""
    context = {
        "roles": roles_of(request.user),
        "tasks": tasks_for(request.user),
        "needs_second_factor": needs_second_factor(request.user),
    }
    return render(request, "fortschritt/account.html", context)
