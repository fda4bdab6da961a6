"""Grant the office (Geschäftsstelle, OE 50.6) the permissions on the beteiligung models."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("beteiligung")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # OE 50.6 runs participation in the back office: events, windows, moderation, Anliegen.
    Group.objects.get(name="Geschäftsstelle").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="beteiligung", codename__regex=r"^(add|change|delete|view)_"
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Geschäftsstelle").first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="beteiligung")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("beteiligung", "0001_initial"),
        ("lip", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
