"""The office's back office for etappen: read everything with its history; edit what has no rule.

Every workflow step (plans, drafts, sections, submissions, statements, deadlines, decisions,
council results) runs through the pages and their services, which check the state, keep the
history and record the process event. The back office therefore shows those fields read-only
and links to the page that changes them. What the office may edit here (a stage's name and
description, a paper's title) goes through ``CleanTextAdminForm``, like the services' ``tidy``.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lip.admin_forms import CleanTextAdminForm
from lip.attachments.admin import AttachmentInline

from .models import (
    ConsultationRequest,
    CouncilConsultation,
    Decision,
    Draft,
    DraftSection,
    DraftVersion,
    EasyReadSummary,
    MeasureOutcome,
    Paper,
    Requirement,
    SectionTranslation,
    Stage,
    Statement,
    VersionSection,
)


class ReadOnlyMixin:
    """Rows written only by services (or immutable): the back office reads them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    show_change_link = False


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin):
    form = CleanTextAdminForm
    list_display = ["number", "name", "planned_start", "planned_end", "actual_start", "actual_end"]
    search_fields = ["name"]
    # Plans change with a reason through the stage page (services.change_stage_plan).
    readonly_fields = [
        "planned_start",
        "planned_end",
        "planned_council",
        "actual_start",
        "actual_end",
        "plan_link",
    ]
    fields = ["number", "name", "description", "structured", *readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["plan_link"]  # a new stage needs its first plan
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("change the schedule"))
    def plan_link(self, obj):
        if not obj or not obj.pk:
            return "–"
        url = reverse("etappen:stage-plan", kwargs={"number": obj.number})
        return format_html('<a href="{}">{}</a>', url, _("Change the schedule"))


class DraftSectionInline(ReadOnlyInline):
    model = DraftSection
    fields = ["position", "kind", "heading", "revision", "updated_at", "updated_by"]
    ordering = ["position"]


@admin.register(Draft)
class DraftAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["committee", "stage", "state", "gender_relevant", "state_changed_at"]
    list_filter = ["stage", "state", "gender_relevant"]
    list_select_related = ["committee", "stage"]
    search_fields = ["committee__name"]
    inlines = [DraftSectionInline]


@admin.register(DraftSection)
class DraftSectionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["heading", "draft", "kind", "position", "revision", "updated_at"]
    list_filter = ["kind", "draft__stage", ("draft__committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["draft__committee", "draft__stage"]
    search_fields = ["heading", "text", "key"]


class VersionSectionInline(ReadOnlyInline):
    model = VersionSection
    fields = ["position", "kind", "heading", "key", "parent_key"]
    ordering = ["position"]


@admin.register(DraftVersion)
class DraftVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    # Immutable: no history needed, nothing to edit.
    list_display = [
        "draft",
        "number",
        "created_at",
        "created_by",
        "published_at",
        "closed_at",
        "closed_reason",
    ]
    list_filter = [
        "draft__stage",
        "closed_reason",
        ("draft__committee", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["draft__committee", "draft__stage", "created_by"]
    search_fields = ["draft__committee__name", "note"]
    inlines = [VersionSectionInline]


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["committee", "version", "kind", "deadline", "opened_at"]
    list_filter = ["kind", ("committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["committee", "version__draft__committee", "version__draft__stage"]
    search_fields = ["committee__name", "version__draft__committee__name"]
    date_hierarchy = "deadline"


@admin.register(Statement)
class StatementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Kept as filed; OE 50.6 may add a file (a signed letter that comes later) or remove one.

    The statement's own fields stay read-only: its form saves only the attachments inline.
    """

    list_display = ["request", "filed_at", "filed_by", "is_late"]
    fields = ["request", "text", "filed_at", "filed_by", "is_late", "bundles"]
    readonly_fields = fields
    inlines = [AttachmentInline]
    list_filter = [
        "is_late",
        "request__kind",
        ("request__committee", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = [
        "request__committee",
        "request__version__draft__committee",
        "request__version__draft__stage",
        "filed_by",
    ]
    search_fields = ["text", "request__committee__name"]

    def has_change_permission(self, request, obj=None):
        # Only to save the attachments inline; every field of the statement is read-only.
        return request.user.has_perm("lip.add_attachment") or request.user.has_perm(
            "lip.delete_attachment"
        )


class RequirementInline(ReadOnlyInline):
    model = Requirement
    fk_name = "decision"
    fields = ["position", "text", "settlement", "settled_by"]


class MeasureOutcomeInline(ReadOnlyInline):
    model = MeasureOutcome
    fields = ["section_key", "outcome", "note"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "outcome", "decided_on", "votes_yes", "votes_no", "votes_abstain"]
    list_filter = ["outcome", "version__draft__stage"]
    list_select_related = ["version__draft__committee", "version__draft__stage"]
    search_fields = ["version__draft__committee__name", "note", "requirements__text"]
    inlines = [RequirementInline, MeasureOutcomeInline]


@admin.register(Requirement)
class RequirementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["text", "decision", "position", "settlement"]
    list_filter = ["decision__version__draft__stage", "settlement"]
    list_select_related = ["decision__version__draft__committee", "decision__version__draft__stage"]
    search_fields = ["text"]


class CouncilConsultationInline(ReadOnlyInline):
    model = CouncilConsultation
    fields = ["position", "committee", "role", "meeting_date", "result"]


@admin.register(Paper)
class PaperAdmin(SimpleHistoryAdmin):
    form = CleanTextAdminForm
    list_display = ["number", "title", "kind", "date", "stage"]
    list_filter = ["kind", "stage"]
    search_fields = ["number", "title"]
    # Council papers of a stage are compiled on the stage page (checks that all are accepted).
    readonly_fields = ["number", "kind", "date", "stage", "versions", "created_by"]
    fields = ["number", "title", "kind", "date", "text", "stage", "versions", "created_by"]
    inlines = [CouncilConsultationInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CouncilConsultation)
class CouncilConsultationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["paper", "committee", "role", "meeting_date", "result"]
    list_filter = ["role", "result"]
    list_select_related = ["paper", "committee"]
    search_fields = ["paper__number", "committee__name"]


# Translations are immutable revisions entered on the version page (etappen.services.
# translations); the back office lists every revision with who translated and when.
@admin.register(SectionTranslation)
class SectionTranslationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["heading", "language", "revision", "translated_by", "created_at", "created_by"]
    list_filter = ["language"]
    search_fields = ["heading", "text", "translated_by"]
    list_select_related = ["created_by"]


@admin.register(EasyReadSummary)
class EasyReadSummaryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "revision", "translated_by", "created_at", "created_by"]
    search_fields = ["text", "translated_by"]
    list_select_related = ["version__draft__committee", "version__draft__stage", "created_by"]
