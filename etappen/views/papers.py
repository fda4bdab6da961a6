"""The documents the council reads: the consolidated paper of a stage and the Drucksache, each as
a web page and as a PDF (lip/pdf.py)."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from lip import pagecache
from lip.pdf import pdf_response, render_pdf

from ..consolidation import ConsolidatedPaper, consolidate
from ..models import DraftVersion, Paper, Stage
from ..permissions import can_view_consolidated_paper, can_view_version
from ._access import not_visible


def _paper_of(number: int) -> ConsolidatedPaper:
    return consolidate(get_object_or_404(Stage, number=number))


def consolidated_paper(request, number):
    """The consolidated paper of a stage as an accessible web page."""
    paper = _paper_of(number)
    if not can_view_consolidated_paper(request.user, paper.versions):
        return not_visible(request)
    return render(request, "etappen/consolidated_paper.html", {"paper": paper})


def consolidated_paper_pdf(request, number):
    """The consolidated paper as a PDF; only once every expert group's part is accepted."""
    paper = _paper_of(number)
    if not can_view_consolidated_paper(request.user, paper.versions):
        return not_visible(request)
    html_url = reverse("etappen:consolidated-paper", kwargs={"number": paper.stage.number})
    if not paper.is_complete:
        return render(
            request,
            "etappen/consolidated_pdf_refused.html",
            {"paper": paper, "html_url": html_url},
            status=409,
        )

    def build() -> bytes:
        return render_pdf(
            "etappen/consolidated_pdf.html",
            {"paper": paper, "base_url": request.build_absolute_uri("/")[:-1]},
        )

    return pdf_response(
        request,
        lambda: pagecache.cached(
            f"etappen:consolidated-pdf:{paper.stage.number}",
            (pagecache.ETAPPEN, pagecache.GREMIEN),
            build,
            vary=[request.get_host()],
        ),
        filename=f"LIP-Etappe-{paper.stage.number}.pdf",
        html_url=html_url,
    )


@dataclass
class Annex:
    """An Anlage of a Drucksache: what it is and where to read it."""

    label: str
    url: str
    pdf_url: str = ""


def paper_annexes(user, paper: Paper, versions: list[DraftVersion]) -> dict:
    """The Anlagen of a Drucksache: the consolidated paper of its stage (for whoever may read
    every version in it) and the Abwägungstabellen of every published version of its drafts.

    ``versions`` are the paper's versions with ``consultation_requests`` prefetched; one query
    more for the published versions.
    """
    show_consolidated = paper.stage_id is not None and can_view_consolidated_paper(user, versions)
    published = (
        DraftVersion.objects.filter(
            draft__in={version.draft_id for version in versions}, published_at__isnull=False
        )
        .select_related("draft__committee")
        .order_by("draft__committee__position", "draft__committee__name", "number")
    )
    return {
        "show_consolidated": show_consolidated,
        "consideration_versions": list(published) if versions else [],
    }


def council_paper_pdf(request, pk):
    """The Drucksache as a PDF: number, title, date, full text, Anlagen and Beratungsfolge."""
    paper = get_object_or_404(
        Paper.objects.select_related("stage").prefetch_related(
            "consultations__committee",
            Prefetch(
                "versions",
                queryset=DraftVersion.objects.select_related("draft__committee").prefetch_related(
                    "consultation_requests"
                ),
            ),
        ),
        pk=pk,
    )
    versions = list(paper.versions.all())
    readable = [can_view_version(request.user, version) for version in versions]
    annexes = paper_annexes(request.user, paper, versions)

    def build() -> bytes:
        return render_pdf(
            "etappen/paper_pdf.html",
            {
                "paper": paper,
                "steps": list(paper.consultations.all()),
                "versions": list(zip(versions, readable, strict=True)),
                "base_url": request.build_absolute_uri("/")[:-1],
                **annexes,
            },
        )

    # Which versions the reader may open changes the links: part of the key, nothing personal.
    return pdf_response(
        request,
        lambda: pagecache.cached(
            f"etappen:paper-pdf:{paper.pk}",
            (pagecache.ETAPPEN, pagecache.GREMIEN),
            build,
            vary=[request.get_host(), annexes["show_consolidated"], *readable],
        ),
        filename=f"Drucksache-{paper.number.replace('/', '-')}.pdf",
        html_url=paper.get_absolute_url(),
    )
