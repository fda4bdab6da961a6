"""Comments on a section or on the whole version, replies, reports."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from etappen.models import VersionSection
from lip.forms import call_service

from ..forms import CommentForm, ReportForm
from ..models import Contribution
from ..permissions import can_view_comments
from ..services import report_contribution, submit_comment
from ._common import (
    newer_version,
    page_of,
    public_version,
    refuse_if_limited,
    site_url,
    window_of,
)

PUBLISHED_REPLIES = Prefetch(
    "replies",
    queryset=Contribution.objects.published()
    .select_related("consideration")
    .order_by("published_at", "pk"),
    to_attr="published_replies",
)


def _comments(version, section):
    """Published top-level comments of a section (or of the version as a whole), with replies
    and answers in two further queries per page."""
    return (
        Contribution.objects.comments()
        .published()
        .filter(version_id=version.pk, section=section, parent__isnull=True)
        .select_related("consideration__later_section__version")
        .prefetch_related(PUBLISHED_REPLIES)
        .order_by("published_at", "pk")
    )


def _submit(request, form, *, version, section=None, parent=None):
    """Handle a posted comment form; a redirect on success, None when the form refuses."""
    if form.is_bot:
        return redirect("beteiligung:submitted", kind="kommentar")
    if not form.is_valid() or refuse_if_limited(
        request, form, scope="contribution", email=form.cleaned_data["email"]
    ):
        return None
    data = form.cleaned_data
    comment = call_service(
        form,
        submit_comment,
        version=version,
        section=section,
        parent=parent,
        text=data["text"],
        author_name=data["author_name"],
        email=data["email"],
        consent=data["consent"],
        wants_updates=data["wants_updates"],
        text_language=data["text_language"],
        site_url=site_url(request),
    )
    return redirect("beteiligung:submitted", kind="kommentar") if comment else None


def section_comments(request, pk, key=None):
    """One section (or the version as a whole): its text, the comments page by page and the
    comment form while the window is open."""
    version = public_version(request, pk)
    section = (
        get_object_or_404(
            VersionSection.objects.prefetch_related("districts"), version=version, key=key
        )
        if key is not None
        else None
    )
    window = window_of(version)
    is_open = window is not None and window.is_open()
    form = None
    if request.method == "POST":
        # Also after the window closed: the service refuses and the form keeps the text.
        form = CommentForm(request.POST)
        response = _submit(request, form, version=version, section=section)
        if response is not None:
            return response
    elif is_open:
        form = CommentForm()
    newer, newer_url = newer_version(version)
    context = {
        "version": version,
        "section": section,
        "window": window,
        "is_open": is_open,
        "comments": page_of(request, _comments(version, section)),
        "form": form,
        "newer": newer,
        "newer_url": newer_url,
    }
    return render(request, "beteiligung/section_comments.html", context)


def _public_comment(request, pk) -> Contribution:
    comment = get_object_or_404(
        Contribution.objects.comments()
        .published()
        .select_related("version__draft__committee", "version__draft__stage", "section"),
        pk=pk,
    )
    if not can_view_comments(request.user, comment.version):
        raise Http404
    return comment


def comment_reply(request, pk):
    """Reply to a comment (one level: replies to replies are not offered)."""
    parent = _public_comment(request, pk)
    if parent.parent_id is not None:
        raise Http404
    version = public_version(request, parent.version_id)
    window = window_of(version)
    is_open = window is not None and window.is_open()
    form = None
    if request.method == "POST":
        form = CommentForm(request.POST)
        response = _submit(request, form, version=version, parent=parent)
        if response is not None:
            return response
    elif is_open:
        form = CommentForm()
    newer, newer_url = newer_version(version)
    context = {
        "parent": parent,
        "version": version,
        "window": window,
        "form": form,
        "newer": newer,
        "newer_url": newer_url,
    }
    return render(request, "beteiligung/comment_reply.html", context)


def contribution_report(request, pk):
    """Anyone may report a published contribution; OE 50.6 then looks at it again."""
    contribution = get_object_or_404(
        Contribution.objects.published().select_related("version", "section", "committee"),
        pk=pk,
    )
    if contribution.is_comment and not can_view_comments(request.user, contribution.version):
        raise Http404
    if request.method == "POST":
        form = ReportForm(request.POST)
        reported = (
            form.is_valid()
            and not refuse_if_limited(request, form, scope="report", email=None)
            and call_service(
                form,
                report_contribution,
                contribution=contribution,
                reason=form.cleaned_data["reason"],
            )
        )
        if reported:
            return render(request, "beteiligung/report_done.html", {"contribution": contribution})
    else:
        form = ReportForm()
    return render(
        request,
        "beteiligung/report_form.html",
        {"contribution": contribution, "form": form, "title": _("Report a contribution")},
    )
