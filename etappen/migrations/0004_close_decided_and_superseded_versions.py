"""Versions decided or superseded before versions recorded it: closed with that moment and reason.

A decided version closes when its decision was recorded; a version without a decision that a
newer version follows closes when the newer one was submitted. Reversing forgets the closing.
"""

from django.db import migrations

REASONS = {"angenommen": "angenommen", "zur_ueberarbeitung": "zurueckgegeben"}


def close_versions(apps, schema_editor):
    DraftVersion = apps.get_model("etappen", "DraftVersion")
    Decision = apps.get_model("etappen", "Decision")
    decided = set()
    for decision in Decision.objects.all():
        DraftVersion.objects.filter(pk=decision.version_id).update(
            closed_at=decision.recorded_at, closed_reason=REASONS[decision.outcome]
        )
        decided.add(decision.version_id)
    previous = None
    for version in DraftVersion.objects.order_by("draft_id", "number"):
        if previous is not None and previous.draft_id == version.draft_id:
            if previous.pk not in decided:
                DraftVersion.objects.filter(pk=previous.pk).update(
                    closed_at=version.created_at, closed_reason="abgeloest"
                )
        previous = version


def reopen_versions(apps, schema_editor):
    DraftVersion = apps.get_model("etappen", "DraftVersion")
    DraftVersion.objects.update(closed_at=None, closed_reason="")


class Migration(migrations.Migration):
    dependencies = [
        ("etappen", "0003_version_closing_statement_drafts_and_settlements"),
    ]

    operations = [
        migrations.RunPython(close_versions, reopen_versions),
    ]
