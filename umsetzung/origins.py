"""Where a measure came from in the participation: the comments, Vorschläge and Anliegen whose
Abwägung took them up in a section with the measure's key, each with a link to where it is
shown publicly (the right page of a paginated list, with its anchor)."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from beteiligung.models import Concern, Consideration, Contribution

# The page size of the public comment, suggestion and concern lists (beteiligung.views._common).
from beteiligung.views._common import PAGE_SIZE

from .models import Measure


@dataclass
class Origin:
    kind: str  # "kommentar", "vorschlag" or "anliegen"
    label: str
    text: str
    outcome: str
    outcome_label: str
    reason: str
    url: str
    anchor: str


def _page_url(path: str, position: int, param: str, anchor: str) -> str:
    page = position // PAGE_SIZE + 1
    query = f"?{urlencode({param: page})}" if page > 1 else ""
    return f"{path}{query}#{anchor}"


def measure_origins(measure: Measure) -> list[Origin]:
    """The public contributions and concerns whose Abwägung links to the measure. At most
    four queries, whatever their number."""
    considerations = list(
        Consideration.objects.filter(
            later_section__version__draft=measure.draft_id,
            later_section__key=measure.section_key,
        )
        # Only what the public may read: published contributions, routed concerns.
        .filter(
            Q(contribution__status=Contribution.Status.PUBLISHED)
            | Q(concern__status=Concern.Status.ROUTED)
        )
        .select_related(
            "contribution__section",
            "contribution__parent__section",
            "contribution__committee",
            "concern__routed_to",
        )
        .order_by("answered_at", "pk")
    )
    comments = [
        c.contribution for c in considerations if c.contribution_id and c.contribution.is_comment
    ]
    suggestions = [
        c.contribution
        for c in considerations
        if c.contribution_id and not c.contribution.is_comment
    ]
    concerns = [c.concern for c in considerations if c.concern_id]
    positions = {}
    if comments:
        tops = [c.parent if c.parent_id else c for c in comments]
        partitions = {(t.version_id, t.section_id) for t in tops}
        rows = (
            Contribution.objects.comments()
            .published()
            .filter(parent__isnull=True, version__in={v for v, _s in partitions})
            .order_by("published_at", "pk")
            .values_list("pk", "version_id", "section_id")
        )
        counters: dict = {}
        for pk, version_id, section_id in rows:
            if (version_id, section_id) in partitions:
                key = (version_id, section_id)
                positions["kommentar", pk] = counters.get(key, 0)
                counters[key] = counters.get(key, 0) + 1
    if suggestions:
        counters = {}
        for pk, committee_id in (
            Contribution.objects.suggestions()
            .published()
            .filter(committee__in={s.committee_id for s in suggestions})
            .order_by("published_at", "pk")
            .values_list("pk", "committee_id")
        ):
            positions["vorschlag", pk] = counters.get(committee_id, 0)
            counters[committee_id] = counters.get(committee_id, 0) + 1
    if concerns:
        counters = {}
        for pk, committee_id in (
            Concern.objects.routed_to({c.routed_to_id for c in concerns})
            .order_by("routed_at", "pk")
            .values_list("pk", "routed_to_id")
        ):
            positions["anliegen", pk] = counters.get(committee_id, 0)
            counters[committee_id] = counters.get(committee_id, 0) + 1
    result = []
    for consideration in considerations:
        common = {
            "outcome": consideration.outcome,
            "outcome_label": consideration.get_outcome_display(),
            "reason": consideration.reason,
        }
        if consideration.concern_id:
            concern = consideration.concern
            anchor = f"anliegen-{concern.pk}"
            path = reverse("beteiligung:topic-detail", args=[concern.routed_to.slug])
            url = _page_url(
                path, positions.get(("anliegen", concern.pk), 0), "anliegen_seite", anchor
            )
            result.append(
                Origin("anliegen", str(concern), concern.text, url=url, anchor=anchor, **common)
            )
            continue
        contribution = consideration.contribution
        if contribution.is_comment:
            top = contribution.parent if contribution.parent_id else contribution
            if top.section_id:
                path = reverse(
                    "beteiligung:section-comments", args=[top.version_id, top.section.key]
                )
            else:
                path = reverse("beteiligung:general-comments", args=[top.version_id])
            anchor = f"kommentar-{contribution.pk}"
            url = _page_url(path, positions.get(("kommentar", top.pk), 0), "seite", anchor)
            label = str(contribution.get_kind_display())
        else:
            anchor = f"beitrag-{contribution.pk}"
            path = reverse("beteiligung:topic-detail", args=[contribution.committee.slug])
            url = _page_url(path, positions.get(("vorschlag", contribution.pk), 0), "seite", anchor)
            label = contribution.title or str(contribution.get_kind_display())
        result.append(
            Origin(
                "vorschlag" if not contribution.is_comment else "kommentar",
                label,
                contribution.text,
                url=url,
                anchor=anchor,
                **common,
            )
        )
    return result
