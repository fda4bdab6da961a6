"""Back office for memberships."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from lip.admin_forms import CleanTextAdminForm

from ..models import Membership


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
    form = CleanTextAdminForm
    list_display = [
        "person",
        "committee",
        "role",
        "organization",
        "start_date",
        "end_date",
        "has_vote",
        "is_chair",
    ]
    list_filter = [
        CurrentMembershipFilter,
        "committee__kind",
        ("committee", admin.RelatedOnlyFieldListFilter),
        "role",
        "has_vote",
        "is_chair",
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
