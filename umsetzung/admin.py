"""The office's back office for umsetzung: complete what the catalogue does not say (the unit
as an organisation, partners, costs, funding, indicator baselines and targets); read the reports
with their history. Reports are approved on /umsetzung/freigabe/, where the service records it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualReport, Indicator, Measure, StatusReport

SOURCE_FIELDS = (
    "draft",
    "section_key",
    "source_version",
    "introduced_in",
    "paper",
    "topic",
    "goal",
    "intermediate_goal",
    "title",
    "description",
    "measure_kind",
    "target_group",
    "responsible_unit_text",
    "created_at",
    "status_changed_at",
)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["position", "name", "unit", "baseline", "target"]
    extra = 0


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["title", "topic", "responsible_unit", "status", "status_changed_at"]
    list_filter = ["status", "topic", "responsible_unit"]
    search_fields = ["title", "goal", "intermediate_goal", "target_group"]
    readonly_fields = SOURCE_FIELDS
    fieldsets = [
        (_("From the adopted catalogue"), {"fields": SOURCE_FIELDS}),
        (
            _("Implementation"),
            {
                "fields": [
                    "responsible_unit",
                    "districts",
                    "partners",
                    "time_frame",
                    "cost_estimate",
                    "funding_source",
                    "status",
                    "status_reason",
                ]
            },
        ),
    ]
    filter_horizontal = ["districts"]
    inlines = [IndicatorInline]

    def has_add_permission(self, request):
        return (
            False  # made from the adopted catalogue only (services.create_measures_from_catalogue)
        )


@admin.register(StatusReport)
class StatusReportAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "reported_on", "proposed_status", "state", "unit"]
    list_filter = ["state", "proposed_status"]
    search_fields = ["measure__title", "text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["year", "due_on", "issued_at"]
    fields = ["year", "due_on", "issued_at", "issued_by"]
    readonly_fields = ["issued_at", "issued_by"]
