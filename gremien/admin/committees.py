"""Back office for bodies, their subtopics and seat rules."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lip.admin_forms import CleanTextAdminForm

from ..models import Committee, Membership, SeatRule, Subtopic
from ..permissions import can_see_demographics
from ..staffing import check_staffing


class SubtopicInline(admin.TabularInline):
    form = CleanTextAdminForm
    model = Subtopic
    fields = ["position", "name"]
    extra = 0


class SeatRuleInline(admin.TabularInline):
    form = CleanTextAdminForm
    model = SeatRule
    fk_name = "committee"
    fields = [
        "position",
        "role",
        "organization",
        "label",
        "min_count",
        "max_count",
        "has_vote",
        "shares_vote_with",
    ]
    autocomplete_fields = ["organization"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "shares_vote_with":
            # A seat shares its vote only with a seat of the same body.
            committee_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = SeatRule.objects.filter(committee_id=committee_id).select_related(
                "organization"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(admin.TabularInline):
    form = CleanTextAdminForm
    model = Membership
    fk_name = "committee"
    fields = ["person", "role", "organization", "start_date", "end_date", "has_vote", "note"]
    autocomplete_fields = ["person", "organization"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organization")


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    form = CleanTextAdminForm
    list_display = ["name", "kind", "position", "lead_department_list", "reports_to"]
    list_filter = ["kind", "lead_departments"]
    list_select_related = ["reports_to"]
    search_fields = ["name", "slug", "topic_field"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead_departments", "reports_to", "district"]
    readonly_fields = ["staffing_check"]
    inlines = [SubtopicInline, SeatRuleInline, MembershipInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "position",
                    "task",
                    "topic_field",
                    "lead_departments",
                    "reports_to",
                    "district",
                ]
            },
        ),
        (
            _("Staffing scheme and targets"),
            {
                "fields": [
                    "internal_staffing_allowed",
                    "parity_target",
                    "international_history_target",
                    "staffing_check",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lead_departments")

    def get_object(self, request, object_id, from_field=None):
        committee = super().get_object(request, object_id, from_field)
        if committee is not None:
            # The readonly field sees only the object; it carries the viewer's right along.
            committee.show_demographics = can_see_demographics(request.user)
        return committee

    @admin.display(description=_("lead departments"))
    def lead_department_list(self, obj):
        return ", ".join(str(department) for department in obj.lead_departments.all())

    @admin.display(description=_("Staffing check"))
    def staffing_check(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Shown once the body is saved.")
        return render_to_string(
            "gremien/_staffing_summary.html",
            {
                "report": check_staffing(obj),
                "show_demographics": getattr(obj, "show_demographics", False),
            },
        )


@admin.register(Subtopic)
class SubtopicAdmin(SimpleHistoryAdmin):
    form = CleanTextAdminForm
    list_display = ["name", "committee", "position"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = ["name", "committee__name"]
    autocomplete_fields = ["committee"]


@admin.register(SeatRule)
class SeatRuleAdmin(SimpleHistoryAdmin):
    form = CleanTextAdminForm
    list_display = [
        "__str__",
        "committee",
        "role",
        "min_count",
        "max_count",
        "has_vote",
        "shares_vote_with",
    ]
    list_filter = [
        "committee__kind",
        "role",
        "has_vote",
        ("committee", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["committee", "organization", "shares_vote_with__organization"]
    search_fields = ["label", "organization__name", "organization__short_name", "committee__name"]
    autocomplete_fields = ["committee", "organization", "shares_vote_with"]
