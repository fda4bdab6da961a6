from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from gremien.models import Committee
from gremien.permissions import can_see_demographics

from . import diagrams
from . import progress as process
from .permissions import can_see_internal_progress
from .roles import roles_of
from .tasks import tasks_for


def _diagrams(stages) -> dict:
    """Both diagrams of the council document, drawn from the current data."""
    committees = list(Committee.objects.all())
    reports = process.staffing_reports()
    steering = next((r for r in reports if r.committee.kind == Committee.Kind.STEERING_GROUP), None)
    votes = (steering.votes_filled, steering.votes_expected) if steering else None
    return {
        "organisation_diagram": diagrams.organisation_diagram(committees, votes),
        "process_diagram": diagrams.process_diagram(stages),
        "staffing_reports": reports,
    }


def home(request):
    """Start page: what the LIP is, how the process runs and where it stands."""
    stages = process.stage_progress()
    return render(request, "lip/home.html", _diagrams(stages))


def progress(request):
    """Where the process stands: stages against plan, drafts, dates, events, staffing."""
    today = timezone.localdate()
    internal = can_see_internal_progress(request.user)
    stages = process.stage_progress(today)
    context = {
        **_diagrams(stages),
        "today": today,
        "stages": stages,
        "timeline": diagrams.timeline(stages, today),
        "meetings": process.upcoming_meetings(internal=internal),
        "participation_events": process.upcoming_events(),
        "events": process.latest_events(internal=internal),
        "internal": process.internal_detail(today) if internal else None,
        "show_demographics": can_see_demographics(request.user),
    }
    return render(request, "lip/progress.html", context)


@login_required
def account(request):
    """The signed-in person's account: roles and links to their work."""
    context = {"roles": roles_of(request.user), "tasks": tasks_for(request.user)}
    return render(request, "lip/account.html", context)
