"""Let the office (Geschäftsstelle, OE 50.6) see and lift login lockouts in the back office.

django-axes keeps one access attempt per account, address and browser; deleting the attempts
of a locked account or address unlocks it at once.
"""

from django.db import migrations

CODENAMES = ["view_accessattempt", "delete_accessattempt"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Geschäftsstelle").permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    office = Group.objects.get(name="Geschäftsstelle")
    office.permissions.remove(
        *office.permissions.filter(content_type__app_label="axes", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lip", "0004_rate_limit_counter"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
