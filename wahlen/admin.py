"""Back office of the MSO election for OE 50.6: read and trace, with the full history.

Every change goes through the Wahlleitung pages (/wahlen/<slug>/leitung/), where the services
apply the Wahlordnung; the admin therefore only shows. Ballots and participations are not
registered at all: the admin shows how many there are per round, never the rows.
"""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Ballot,
    Candidacy,
    Election,
    EligibleOrganization,
    LotDraw,
    LotDrawEntry,
    PaperCount,
    PaperCountLine,
    Participation,
    VotingCode,
    VotingRound,
)


def _count_per_round(model):
    rows = (
        model.objects.filter(voting_round=OuterRef("pk"))
        .order_by()
        .values("voting_round")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Subquery(rows, output_field=IntegerField())


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Viewing and history only; the rules live in wahlen/services/."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EligibleOrganizationInline(ReadOnlyInline):
    model = EligibleOrganization
    fields = ["organization", "added_at", "added_by"]


class CandidacyInline(ReadOnlyInline):
    model = Candidacy
    fields = ["person", "organization", "nominated_at", "withdrawn_at"]


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "committee", "status", "nomination_deadline", "voting_date"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    exclude = ["code_salt"]
    inlines = [EligibleOrganizationInline, CandidacyInline]


@admin.register(EligibleOrganization)
class EligibleOrganizationAdmin(ReadOnlyAdmin):
    list_display = ["organization", "election", "added_at"]
    list_filter = ["election"]
    search_fields = ["organization__name"]


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyAdmin):
    list_display = ["person", "organization", "election", "nominated_at", "withdrawn_at"]
    list_filter = ["election"]
    search_fields = ["person__family_name", "person__given_name", "organization__name"]


@admin.register(VotingRound)
class VotingRoundAdmin(ReadOnlyAdmin):
    list_display = [
        "election",
        "number",
        "status",
        "opened_at",
        "closed_at",
        "participation_count",
        "ballot_count",
    ]
    list_filter = ["status", "election"]

    def get_queryset(self, request):
        # Two separate counting subqueries: the rows are never listed, nor joined to each other.
        return (
            super()
            .get_queryset(request)
            .select_related("election")
            .annotate(
                participation_total=_count_per_round(Participation),
                ballot_total=_count_per_round(Ballot),
            )
        )

    @admin.display(description=_("organisations voted (incl. paper)"))
    def participation_count(self, obj):
        return obj.participation_total or 0

    @admin.display(description=_("electronic ballots"))
    def ballot_count(self, obj):
        return obj.ballot_total or 0


@admin.register(VotingCode)
class VotingCodeAdmin(ReadOnlyAdmin):
    list_display = ["organization", "voting_round", "status", "created_at"]
    list_filter = ["status", "voting_round__election"]
    search_fields = ["organization__name"]
    exclude = ["code_hash"]


class PaperCountLineInline(ReadOnlyInline):
    model = PaperCountLine
    fields = ["candidacy", "votes"]


@admin.register(PaperCount)
class PaperCountAdmin(ReadOnlyAdmin):
    list_display = ["voting_round", "abstentions", "invalid", "entered_at", "entered_by"]
    inlines = [PaperCountLineInline]


class LotDrawEntryInline(ReadOnlyInline):
    model = LotDrawEntry
    fields = ["position", "candidacy"]


@admin.register(LotDraw)
class LotDrawAdmin(ReadOnlyAdmin):
    list_display = ["voting_round", "purpose", "method", "places", "drawn_at", "drawn_by"]
    list_filter = ["method", "purpose"]
    inlines = [LotDrawEntryInline]
