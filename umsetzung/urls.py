from django.urls import path

from . import views

app_name = "umsetzung"

urlpatterns = [
    path("", views.index, name="index"),
    path("massnahme/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("jahresbericht/<int:year>/", views.annual_report, name="annual-report"),
    path("jahresbericht/<int:year>/bericht.pdf", views.annual_report_pdf, name="annual-report-pdf"),
    path(
        "jahresbericht/<int:year>/massnahmen.xlsx",
        views.annual_report_xlsx_view,
        name="annual-report-xlsx",
    ),
    # The responsible units
    path("meine/", views.unit_measures, name="unit-measures"),
    path("massnahme/<int:pk>/bericht/", views.report_form, name="report-form"),
    path("massnahme/<int:pk>/kennzahl/", views.indicator_value_add, name="indicator-value-add"),
    # OE 50.6
    path("freigabe/", views.approval_queue, name="approval-queue"),
    path("freigabe/<int:pk>/freigeben/", views.report_approve, name="report-approve"),
    path("freigabe/<int:pk>/zurueckgeben/", views.report_return, name="report-return"),
    path("freigabe/uebernehmen/", views.track_measures, name="track-measures"),
    path(
        "jahresbericht/<int:year>/herausgeben/",
        views.annual_report_issue,
        name="annual-report-issue",
    ),
]
