"""Back office for districts, the organisation tree and persons."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lip.admin_forms import CleanTextAdminForm

from ..models import District, Membership, Organization, Person


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    form = CleanTextAdminForm
    # Thirteen rows need no list filter.
    list_display = ["number", "name"]
    search_fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    form = CleanTextAdminForm
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
    form = CleanTextAdminForm
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
    form = CleanTextAdminForm
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
