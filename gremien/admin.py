"""The office's (OE 50.6) back office for bodies, people, seats, proposals and meetings."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Committee,
    District,
    Meeting,
    Membership,
    Nomination,
    Organization,
    Person,
    ScopeChange,
    SeatRule,
    Subtopic,
)
from .permissions import can_decide_scope_change, can_see_demographics
from .services import (
    agree_scope_change,
    apply_scope_change,
    cancel_meeting,
    mark_meeting_held,
    reject_scope_change,
)
from .staffing import check_staffing


def take_step(model_admin, request, objects, step, done_message, argument):
    """Run a service on each selected object; report refusals with the service's message."""
    done = 0
    for obj in objects:
        try:
            step(**{argument: obj}, by=request.user)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {error.messages[0]}", messages.ERROR)
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    # Thirteen rows need no list filter.
    list_display = ["number", "name"]
    search_fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "tree_path"]
    list_filter = ["kind", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent__parent__parent"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    readonly_fields = ["tree_path", "children_list"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        "name",
        "short_name",
        "slug",
        "kind",
        "parent",
        "tree_path",
        "children_list",
        "email",
        "website",
    ]

    @admin.display(description=_("place in the organisation tree"))
    def tree_path(self, obj):
        # Bereich → Fachbereich → Dezernat: the tree has three levels (see list_select_related).
        if not obj.pk:
            return "–"
        names, node = [str(obj)], obj
        for _level in range(3):
            node = node.parent
            if node is None:
                break
            names.append(str(node))
        return " → ".join(names)

    @admin.display(description=_("units below"))
    def children_list(self, obj):
        if not obj.pk:
            return "–"
        return ", ".join(str(child) for child in obj.children.all()) or "–"


class PersonMembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    fields = ["committee", "role", "organization", "start_date", "end_date", "has_vote"]
    autocomplete_fields = ["committee", "organization"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee", "organization")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    # Gender and international history are Art. 9 GDPR data: never in the list, never as a
    # filter, only in a collapsed section of the change page.
    list_display = ["family_name", "given_name", "organization", "listed_publicly", "user"]
    list_filter = ["listed_publicly", "organization__kind"]
    list_select_related = ["organization", "user"]
    search_fields = ["given_name", "family_name", "email", "organization__name"]
    autocomplete_fields = ["organization", "user"]
    inlines = [PersonMembershipInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "given_name",
                    "family_name",
                    "email",
                    "phone",
                    "organization",
                    "user",
                    "listed_publicly",
                ]
            },
        ),
        (
            _("Self-declared details (only with consent)"),
            {
                "classes": ["collapse"],
                "description": _(
                    "Stored only with the person's recorded consent; the pages show them only "
                    "as totals."
                ),
                "fields": ["demographics_consent_at", "gender", "international_history"],
            },
        ),
    ]


class SubtopicInline(admin.TabularInline):
    model = Subtopic
    fields = ["position", "name"]
    extra = 0


class SeatRuleInline(admin.TabularInline):
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
    list_display = ["name", "committee", "position"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = ["name", "committee__name"]
    autocomplete_fields = ["committee"]


@admin.register(SeatRule)
class SeatRuleAdmin(SimpleHistoryAdmin):
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


class CurrentMembershipFilter(admin.SimpleListFilter):
    title = _("running")
    parameter_name = "laufend"

    def lookups(self, request, model_admin):
        return [("ja", _("current memberships")), ("nein", _("ended or not yet started"))]

    def queryset(self, request, queryset):
        current = Membership.objects.current().values("pk")
        if self.value() == "ja":
            return queryset.filter(pk__in=current)
        if self.value() == "nein":
            return queryset.exclude(pk__in=current)
        return queryset


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = [
        "person",
        "committee",
        "role",
        "organization",
        "start_date",
        "end_date",
        "has_vote",
    ]
    list_filter = [
        CurrentMembershipFilter,
        "committee__kind",
        ("committee", admin.RelatedOnlyFieldListFilter),
        "role",
        "has_vote",
    ]
    list_select_related = ["person", "committee", "organization"]
    search_fields = [
        "person__given_name",
        "person__family_name",
        "committee__name",
        "organization__name",
    ]
    autocomplete_fields = ["person", "committee", "organization", "replaces"]
    date_hierarchy = "start_date"


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
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


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "kind", "start", "status", "is_public"]
    list_filter = ["kind", "status", "is_public", ("committee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["committee"]
    search_fields = ["title", "location", "committee__name"]
    autocomplete_fields = ["committee", "participants"]
    date_hierarchy = "start"
    # Held or cancelled is a step of the process: the actions record it in the event log.
    readonly_fields = ["status"]
    actions = ["mark_held", "cancel"]

    @admin.action(description=_("Mark as held"))
    def mark_held(self, request, queryset):
        objects = queryset.select_related("committee")
        take_step(
            self,
            request,
            objects,
            mark_meeting_held,
            gettext("Meetings held: %(count)s"),
            "meeting",
        )

    @admin.action(description=_("Cancel"))
    def cancel(self, request, queryset):
        objects = queryset.select_related("committee")
        take_step(
            self,
            request,
            objects,
            cancel_meeting,
            gettext("Meetings cancelled: %(count)s"),
            "meeting",
        )
