"""Let the office (Geschäftsstelle) read the translations and Leichte-Sprache summaries in the
back office; they are entered on the version page (etappen.services.translations), never here."""

from django.db import migrations

MODELS = ["sectiontranslation", "easyreadsummary"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("etappen")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Geschäftsstelle").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="etappen",
            codename__in=[f"view_{model}" for model in MODELS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    office = Group.objects.get(name="Geschäftsstelle")
    office.permissions.remove(
        *office.permissions.filter(
            content_type__app_label="etappen", content_type__model__in=MODELS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("etappen", "0007_section_translations_and_easy_read"),
        ("lip", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
