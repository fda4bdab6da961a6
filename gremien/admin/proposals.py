"""Back office for Initiativvorschläge and changes of the topic scope."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lip.admin_forms import CleanTextAdminForm

from ..models import Nomination, ScopeChange
from ..permissions import can_decide_scope_change
from ..services import agree_scope_change, apply_scope_change, reject_scope_change
from ._actions import take_step


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    form = CleanTextAdminForm
    list_display = ["__str__", "committee", "organization_name", "status", "created_at"]
    list_filter = ["status", ("committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = [
        "given_name",
        "family_name",
        "organization_name",
        "contact_name",
        "contact_email",
    ]
    autocomplete_fields = ["committee", "organization"]
    date_hierarchy = "created_at"
    # Taking over or declining goes through the staffing page (services), which also seats the
    # person; here the office may only correct the details.
    readonly_fields = [
        "status",
        "created_at",
        "consent_at",
        "consent_text",
        "decided_at",
        "decided_by",
        "decision_note",
        "membership",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "committee",
                    "given_name",
                    "family_name",
                    "email",
                    "expertise",
                    "organization_name",
                    "organization",
                    "contact_name",
                    "contact_email",
                ]
            },
        ),
        (_("Consent"), {"fields": ["consent_at", "consent_text"]}),
        (
            _("Decision"),
            {
                "fields": [
                    "status",
                    "created_at",
                    "decided_at",
                    "decided_by",
                    "decision_note",
                    "membership",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # Proposals come in through the public form, which records the consent text.
        return False


@admin.register(ScopeChange)
class ScopeChangeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "status", "proposed_at", "agreed_at", "applied_at"]
    list_filter = ["status", ("committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = ["old_name", "new_name", "committee__name", "reason"]
    actions = ["agree", "reject", "apply"]
    fields = [
        "committee",
        "status",
        "old_name",
        "new_name",
        "old_subtopics",
        "new_subtopics",
        "reason",
        "proposed_by",
        "proposed_at",
        "agreed_at",
        "applied_at",
    ]
    # Every step has a rule, so it runs through a service: the actions below.
    readonly_fields = fields

    def has_add_permission(self, request):
        # Expert groups propose through their staffing page (propose_scope_change).
        return False

    def has_decide_permission(self, request):
        return can_decide_scope_change(request.user)

    def _take_step(self, request, queryset, step, done_message):
        take_step(self, request, queryset.select_related("committee"), step, done_message, "change")

    @admin.action(description=_("Record the steering group's agreement"), permissions=["decide"])
    def agree(self, request, queryset):
        self._take_step(
            request,
            queryset,
            agree_scope_change,
            gettext("Agreement of the steering group recorded: %(count)s"),
        )

    @admin.action(description=_("Reject the change"), permissions=["decide"])
    def reject(self, request, queryset):
        self._take_step(
            request, queryset, reject_scope_change, gettext("Changes rejected: %(count)s")
        )

    @admin.action(description=_("Apply the agreed change"), permissions=["decide"])
    def apply(self, request, queryset):
        self._take_step(
            request, queryset, apply_scope_change, gettext("Changes applied: %(count)s")
        )
