"""Let the office (Geschäftsstelle, OE 50.6) add and remove attachments in the back office.

Attachments are never changed, only added and removed (lip/attachments/admin.py).
"""

from django.db import migrations

CODENAMES = ["view_attachment", "add_attachment", "delete_attachment"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("lip")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="Geschäftsstelle").permissions.add(
        *Permission.objects.filter(content_type__app_label="lip", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    office = Group.objects.filter(name="Geschäftsstelle").first()
    if office is not None:
        office.permissions.remove(
            *office.permissions.filter(content_type__app_label="lip", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("lip", "0008_attachment")]

    operations = [migrations.RunPython(grant, revoke)]
