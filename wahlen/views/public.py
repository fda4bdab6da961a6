"""Public pages: the elections, one election with its candidates and results, the protocol."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from lip import pagecache
from lip.pdf import pdf_response, render_pdf

from ..counting import outcome
from ..models import Election, VotingRound
from ..permissions import can_manage_election, can_see_results


def index(request):
    """All elections, newest first."""
    elections = (
        Election.objects.select_related("committee")
        .annotate(
            candidate_count=Count("candidacies", filter=Q(candidacies__withdrawn_at__isnull=True))
        )
        .order_by("-nomination_deadline", "pk")
    )
    return render(
        request,
        "wahlen/index.html",
        {"elections": elections, "can_manage": can_manage_election(request.user)},
    )


def _election(slug: str) -> Election:
    return get_object_or_404(Election.objects.select_related("committee"), slug=slug)


def election_detail(request, slug):
    """The election: register size, candidates, the open round; the results once published."""
    election = _election(slug)
    candidacies = list(election.candidacies.select_related("person", "organization"))
    open_round = (
        VotingRound.objects.filter(election=election, status=VotingRound.Status.OPEN)
        .prefetch_related("candidacies__person", "candidacies__organization")
        .first()
    )
    show_results = can_see_results(request.user, election)
    context = {
        "election": election,
        "standing": [candidacy for candidacy in candidacies if candidacy.is_standing],
        "withdrawn": [candidacy for candidacy in candidacies if not candidacy.is_standing],
        "eligible_count": election.register.count(),
        "open_round": open_round,
        "show_results": show_results,
        "outcome": outcome(election) if show_results else None,
        "can_manage": can_manage_election(request.user, election),
    }
    return render(request, "wahlen/election_detail.html", context)


def _protocol_context(election: Election) -> dict:
    return {
        "election": (
            Election.objects.select_related("committee", "published_by").get(pk=election.pk)
        ),
        "register": list(
            election.register.select_related("organization").order_by("organization__name")
        ),
        "candidacies": list(election.candidacies.select_related("person", "organization")),
        "outcome": outcome(election),
    }


def protocol(request, slug):
    """The printable Wahlprotokoll; public once published, a draft for the Wahlleitung before."""
    election = _election(slug)
    if not can_see_results(request.user, election):
        raise Http404
    return render(request, "wahlen/protocol.html", _protocol_context(election))


def protocol_pdf(request, slug):
    """The Wahlprotokoll as a PDF, for whoever may see the protocol page."""
    election = _election(slug)
    if not can_see_results(request.user, election):
        raise Http404

    def build() -> bytes:
        return render_pdf("wahlen/protocol_pdf.html", _protocol_context(election))

    # The draft (before publication) and the published protocol differ by their rows alone.
    return pdf_response(
        request,
        lambda: pagecache.cached(
            f"wahlen:protocol-pdf:{election.pk}", (pagecache.WAHLEN, pagecache.GREMIEN), build
        ),
        filename=f"Wahlprotokoll-{election.slug}.pdf",
        html_url=reverse("wahlen:protocol", kwargs={"slug": election.slug}),
    )
