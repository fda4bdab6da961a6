"""Grant the office (Geschäftsstelle) its permissions on the etappen models.

Every workflow step runs through the pages and services (state machine, history, events), so
the back office may read everything but change only what has no rule behind it: the stages'
names and descriptions and the titles of council papers.
"""

from django.db import migrations

CHANGES = ["add_stage", "change_stage", "change_paper"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("etappen")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    etappen = Permission.objects.filter(content_type__app_label="etappen")
    Group.objects.get(name="Geschäftsstelle").permissions.add(
        *etappen.filter(codename__startswith="view_"), *etappen.filter(codename__in=CHANGES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    office = Group.objects.get(name="Geschäftsstelle")
    office.permissions.remove(*office.permissions.filter(content_type__app_label="etappen"))


class Migration(migrations.Migration):
    dependencies = [
        ("etappen", "0001_initial"),
        ("lip", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
