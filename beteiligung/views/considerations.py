"""The Abwägung: the expert groups' work list and answer form, the public table, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from etappen.models import DraftVersion
from gremien.models import Committee

from ..exports import as_csv, as_xlsx, contribution_queryset
from ..forms import ConsiderationForm
from ..models import Concern, Contribution
from ..permissions import (
    can_answer,
    can_export_considerations,
    can_work_on_considerations,
    considerable_contributions,
    visible_concerns,
)
from ..services import answer, responsible_group_id
from ._common import page_of, public_version

ITEM_KINDS = {"beitrag": Contribution, "anliegen": Concern}


@login_required
def consideration_list(request):
    """What the user's expert groups have to answer (OE 50.6: everything); open ones first."""
    if not can_work_on_considerations(request.user):
        raise PermissionDenied
    show_all = request.GET.get("alle") == "1"
    contributions = considerable_contributions(request.user).select_related(
        "version__draft__committee",
        "version__draft__stage",
        "section",
        "committee",
        "consideration",
    )
    concerns = (
        visible_concerns(request.user)
        .filter(status=Concern.Status.ROUTED)
        .select_related("routed_to", "consideration")
    )
    if not show_all:
        contributions = contributions.filter(consideration__isnull=True)
        concerns = concerns.filter(consideration__isnull=True)
    context = {
        "show_all": show_all,
        "contributions": page_of(request, contributions.order_by("published_at", "pk"), size=50),
        "concerns": page_of(
            request, concerns.order_by("routed_at", "pk"), size=50, param="anliegen_seite"
        ),
    }
    return render(request, "beteiligung/consideration_list.html", context)


def _later_versions(item) -> list[DraftVersion]:
    """The versions whose sections an answer may point to."""
    if isinstance(item, Contribution) and item.is_comment:
        return list(
            DraftVersion.objects.filter(
                draft_id=item.version.draft_id, number__gt=item.version.number
            )
        )
    return list(DraftVersion.objects.filter(draft__committee_id=responsible_group_id(item)))


@login_required
def consideration_form(request, kind, pk):
    """Answer one comment, Vorschlag or Anliegen (or revise the answer)."""
    model = ITEM_KINDS.get(kind)
    if model is None:
        raise Http404
    if model is Contribution:
        item = get_object_or_404(
            Contribution.objects.published().select_related(
                "version__draft__committee",
                "version__draft__stage",
                "section",
                "committee",
                "parent",
            ),
            pk=pk,
        )
    else:
        item = get_object_or_404(
            Concern.objects.filter(status=Concern.Status.ROUTED).select_related("routed_to"),
            pk=pk,
        )
    if not can_answer(request.user, responsible_group_id(item)):
        raise PermissionDenied
    existing = getattr(item, "consideration", None)
    later_versions = _later_versions(item)
    if request.method == "POST":
        form = ConsiderationForm(
            request.POST, later_versions=later_versions, language=getattr(item, "text_language", "")
        )
        if form.is_valid():
            try:
                answer(
                    item=item,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    later_section=form.cleaned_data["later_section"],
                    reason_in_language=form.cleaned_data.get("reason_in_language", ""),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The answer is saved and published."))
                return redirect("beteiligung:consideration-list")
    else:
        initial = {}
        if existing is not None:
            initial = {
                "outcome": existing.outcome,
                "reason": existing.reason,
                "later_section": existing.later_section_id,
                "reason_in_language": existing.reason_in_language,
            }
        form = ConsiderationForm(
            initial=initial,
            later_versions=later_versions,
            language=getattr(item, "text_language", ""),
        )
    context = {
        "item": item,
        "is_concern": model is Concern,
        "existing": existing,
        "form": form,
        "group": Committee.objects.get(pk=responsible_group_id(item)),
    }
    return render(request, "beteiligung/consideration_form.html", context)


def _table_items(version: DraftVersion):
    return (
        contribution_queryset()
        .filter(version_id=version.pk, status=Contribution.Status.PUBLISHED)
        .order_by("section__position", "parent_id", "published_at", "pk")
    )


def consideration_table(request, pk):
    """The public Abwägungstabelle of a version: every published comment with its answer."""
    version = public_version(request, pk)
    context = {
        "version": version,
        "page": page_of(request, _table_items(version), size=100),
        "can_export": can_export_considerations(request.user),
    }
    return render(request, "beteiligung/consideration_table.html", context)


def _download(content: bytes, *, name: str, fmt: str) -> HttpResponse:
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def consideration_export(request, pk, fmt):
    """CSV or XLSX of a version's Abwägung, for OE 50.6."""
    if not can_export_considerations(request.user):
        raise PermissionDenied
    version = get_object_or_404(
        DraftVersion.objects.select_related("draft__committee", "draft__stage"), pk=pk
    )
    items = list(_table_items(version))
    name = f"abwaegung-{slugify(version.draft.committee.name)}-fassung-{version.number}"
    if fmt == "csv":
        return _download(as_csv(items), name=name, fmt="csv")
    return _download(as_xlsx(items, title=str(version)), name=name, fmt="xlsx")


@login_required
def topic_export(request, slug, fmt):
    """CSV or XLSX of a Themenfeld's Vorschläge and Anliegen with their answers."""
    if not can_export_considerations(request.user):
        raise PermissionDenied
    committee = get_object_or_404(Committee, kind=Committee.Kind.EXPERT_GROUP, slug=slug)
    suggestions = list(
        contribution_queryset()
        .suggestions()
        .published()
        .filter(committee=committee)
        .order_by("published_at", "pk")
    )
    concerns = list(
        Concern.objects.routed_to([committee.pk])
        .select_related("consideration__committee", "consideration__later_section__version")
        .order_by("routed_at", "pk")
    )
    items = suggestions + concerns
    name = f"abwaegung-themenfeld-{committee.slug}"
    if fmt == "csv":
        return _download(as_csv(items), name=name, fmt="csv")
    return _download(as_xlsx(items, title=committee.name), name=name, fmt="xlsx")
