"""Grant the office (OE 50.6, the Wahlleitung) its permissions on the wahlen models."""

from django.db import migrations

# Ballots and participations are nobody's to browse: no permission is granted on them.
SECRET_MODELS = ["ballot", "participation"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("wahlen")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wahlen = Permission.objects.filter(content_type__app_label="wahlen").exclude(
        content_type__model__in=SECRET_MODELS
    )
    Group.objects.get(name="Geschäftsstelle").permissions.add(
        *wahlen.filter(codename__regex=r"^(add|change|delete|view)_")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Geschäftsstelle"):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="wahlen"))


class Migration(migrations.Migration):
    dependencies = [
        ("wahlen", "0001_initial"),
        ("lip", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
