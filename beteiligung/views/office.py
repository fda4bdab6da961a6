"""Pages of OE 50.6: overview, publishing versions for comment, the moderation queue, Anliegen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from etappen.models import Draft, DraftVersion

from ..forms import (
    ConcernEntryForm,
    PublishForCommentForm,
    RejectForm,
    RouteConcernForm,
    WindowEndForm,
)
from ..models import CommentWindow, Concern, Contribution, Event, Report
from ..permissions import (
    can_manage_concerns,
    can_moderate,
    can_publish_for_comment,
    can_view_concern_list,
    visible_concerns,
)
from ..services import (
    approve_contribution,
    change_comment_window_end,
    close_comment_window,
    enter_concern,
    mark_concern_as_spam,
    mark_contribution_as_spam,
    publish_for_comment,
    reject_contribution,
    route_concern,
)
from ._common import page_of, site_url


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _publishable_versions():
    """The latest version of every submitted draft that is not yet public and takes input."""
    latest = (
        DraftVersion.objects.filter(draft=OuterRef("draft"))
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        DraftVersion.objects.filter(
            draft__state=Draft.State.SUBMITTED, published_at__isnull=True, closed_at__isnull=True
        )
        .filter(number=Subquery(latest))
        .select_related("draft__committee", "draft__stage")
        .order_by("draft__stage__number", "draft__committee__position", "draft__committee__name")
    )


@login_required
def office(request):
    """Start page of OE 50.6: versions to publish, comment windows, events, queues."""
    _require(can_publish_for_comment(request.user))
    now = timezone.now()
    windows = list(
        CommentWindow.objects.select_related(
            "version__draft__committee", "version__draft__stage"
        ).order_by("-closes_at")
    )
    for window in windows:
        window.end_form = WindowEndForm(
            initial={"closes_at": timezone.localtime(window.closes_at)},
            auto_id=f"fenster-{window.pk}-%s",
        )
    events = Event.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="angemeldet")),
        waiting=Count("registrations", filter=Q(registrations__status="warteliste")),
    ).order_by("-starts_on")
    context = {
        "publishable": list(_publishable_versions()),
        "windows": windows,
        "now": now,
        "events": events,
        "queue_count": Contribution.objects.in_queue().count(),
        "unrouted_count": Concern.objects.filter(status=Concern.Status.RECEIVED).count(),
    }
    return render(request, "beteiligung/office.html", context)


@login_required
def version_publish(request, pk):
    """Publish a submitted version for comment: period and moderation mode."""
    _require(can_publish_for_comment(request.user))
    version = get_object_or_404(
        DraftVersion.objects.select_related("draft__committee", "draft__stage"), pk=pk
    )
    if request.method == "POST":
        form = PublishForCommentForm(request.POST)
        if form.is_valid():
            try:
                publish_for_comment(
                    version=version,
                    opens_at=form.cleaned_data["opens_at"],
                    closes_at=form.cleaned_data["closes_at"],
                    moderation=form.cleaned_data["moderation"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The version is published for comment."))
                return redirect("beteiligung:version-comments", pk=version.pk)
    else:
        form = PublishForCommentForm(
            initial={"opens_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
    return render(request, "beteiligung/version_publish.html", {"version": version, "form": form})


@login_required
@require_POST
def window_close(request, pk):
    _require(can_publish_for_comment(request.user))
    window = get_object_or_404(CommentWindow, pk=pk)
    try:
        close_comment_window(window=window, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The comment period has ended."))
    return redirect("beteiligung:office")


@login_required
@require_POST
def window_end(request, pk):
    _require(can_publish_for_comment(request.user))
    window = get_object_or_404(CommentWindow, pk=pk)
    form = WindowEndForm(request.POST, auto_id=f"fenster-{window.pk}-%s")
    if not form.is_valid():
        messages.error(request, form.errors["closes_at"][0])
        return redirect("beteiligung:office")
    try:
        change_comment_window_end(
            window=window, closes_at=form.cleaned_data["closes_at"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The end of the comment period has been changed."))
    return redirect("beteiligung:office")


@login_required
def moderation_queue(request):
    """Everything OE 50.6 still has to look at, oldest first, with open reports."""
    _require(can_moderate(request.user))
    queue = (
        Contribution.objects.in_queue()
        .select_related(
            "version__draft__committee", "version__draft__stage", "section", "committee", "parent"
        )
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(resolved_at__isnull=True),
                to_attr="open_reports",
            )
        )
        .order_by("confirmed_at", "pk")
    )
    return render(
        request,
        "beteiligung/moderation_queue.html",
        {"page": page_of(request, queue, size=50), "reject_form": RejectForm()},
    )


def _moderate(request, pk, action, success):
    _require(can_moderate(request.user))
    contribution = get_object_or_404(Contribution, pk=pk)
    try:
        action(contribution)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success % {"number": contribution.pk})
    return redirect("beteiligung:moderation")


@login_required
@require_POST
def contribution_approve(request, pk):
    return _moderate(
        request,
        pk,
        lambda item: approve_contribution(contribution=item, by=request.user),
        _("Contribution %(number)s is approved."),
    )


@login_required
@require_POST
def contribution_reject(request, pk):
    form = RejectForm(request.POST)
    if not form.is_valid():
        _require(can_moderate(request.user))
        messages.error(request, form.errors["reason"][0])
        return redirect("beteiligung:moderation")
    return _moderate(
        request,
        pk,
        lambda item: reject_contribution(
            contribution=item,
            reason=form.cleaned_data["reason"],
            by=request.user,
            site_url=site_url(request),
        ),
        _("Contribution %(number)s is rejected; the author receives the reason."),
    )


@login_required
@require_POST
def contribution_spam(request, pk):
    return _moderate(
        request,
        pk,
        lambda item: mark_contribution_as_spam(contribution=item, by=request.user),
        _("Contribution %(number)s is marked as spam."),
    )


@login_required
def concern_list(request):
    """OE 50.6: enter and route Anliegen. Expert groups: the Anliegen routed to them."""
    _require(can_view_concern_list(request.user))
    office = can_manage_concerns(request.user)
    concerns = visible_concerns(request.user).select_related(
        "topic", "routed_to", "event", "consideration"
    )
    unrouted = []
    if office:
        unrouted = list(concerns.filter(status=Concern.Status.RECEIVED).order_by("created_at"))
        for concern in unrouted:
            concern.route_form = RouteConcernForm(
                initial={"committee": concern.topic_id}, auto_id=f"anliegen-{concern.pk}-%s"
            )
    routed = concerns.filter(status=Concern.Status.ROUTED).order_by(
        "routed_to__position", "routed_to__name", "routed_at"
    )
    context = {
        "office": office,
        "unrouted": unrouted,
        "routed": page_of(request, routed, size=50),
        "entry_form": ConcernEntryForm() if office else None,
    }
    return render(request, "beteiligung/concern_list.html", context)


@login_required
def concern_enter(request):
    """OE 50.6 enters an Anliegen collected at an event."""
    _require(can_manage_concerns(request.user))
    form = ConcernEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enter_concern(
                topic=form.cleaned_data["topic"],
                text=form.cleaned_data["text"],
                event=form.cleaned_data["event"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The concern has been entered."))
            return redirect("beteiligung:concern-list")
    return render(request, "beteiligung/concern_enter.html", {"form": form})


@login_required
@require_POST
def concern_route(request, pk):
    _require(can_manage_concerns(request.user))
    concern = get_object_or_404(Concern, pk=pk)
    form = RouteConcernForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["committee"][0])
        return redirect("beteiligung:concern-list")
    try:
        route_concern(concern=concern, committee=form.cleaned_data["committee"], by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Concern %(number)s is passed to %(group)s.")
            % {"number": concern.pk, "group": form.cleaned_data["committee"].name},
        )
    return redirect("beteiligung:concern-list")


@login_required
@require_POST
def concern_spam(request, pk):
    _require(can_manage_concerns(request.user))
    concern = get_object_or_404(Concern, pk=pk)
    try:
        mark_concern_as_spam(concern=concern, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Concern %(number)s is marked as spam.") % {"number": pk})
    return redirect("beteiligung:concern-list")
