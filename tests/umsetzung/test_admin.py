"""The office completes the measures in the back office; the reports stay read-only there."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_office_edits_measures_and_reads_reports(client, tracked, office_user):
    client.force_login(office_user)
    measure = tracked.measures[0]
    assert (
        client.get(reverse("admin:umsetzung_measure_change", args=[measure.pk])).status_code == 200
    )
    assert client.get(reverse("admin:umsetzung_statusreport_changelist")).status_code == 200
    assert client.get(reverse("admin:umsetzung_annualreport_add")).status_code == 200
    assert client.get(reverse("admin:umsetzung_measure_add")).status_code == 403


def test_abandoning_in_the_back_office_needs_a_reason(client, tracked, office_user):
    client.force_login(office_user)
    measure = tracked.measures[0]
    url = reverse("admin:umsetzung_measure_change", args=[measure.pk])
    page = client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if key in page.context["adminform"].form.fields and value is not None
    }
    data.update(
        {
            "status": "aufgegeben",
            "status_reason": "",
            "districts": [],
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
        }
    )
    data["responsible_unit"] = measure.responsible_unit_id
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    measure.refresh_from_db()
    assert measure.status == "geplant"
