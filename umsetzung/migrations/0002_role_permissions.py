"""Grant the office (Geschäftsstelle) its permissions on the umsetzung models.

The office reads everything and completes the measures (unit, partners, costs, funding,
indicators) and the annual reports in the back office; reports are approved on
/umsetzung/freigabe/ through the service, never edited in the back office.
"""

from django.db import migrations

CHANGES = [
    "change_measure",
    "add_indicator",
    "change_indicator",
    "delete_indicator",
    "add_annualreport",
    "change_annualreport",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("umsetzung")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    umsetzung = Permission.objects.filter(content_type__app_label="umsetzung")
    Group.objects.get(name="Geschäftsstelle").permissions.add(
        *umsetzung.filter(codename__startswith="view_"), *umsetzung.filter(codename__in=CHANGES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    office = Group.objects.get(name="Geschäftsstelle")
    office.permissions.remove(*office.permissions.filter(content_type__app_label="umsetzung"))


class Migration(migrations.Migration):
    dependencies = [
        ("umsetzung", "0001_initial"),
        ("lip", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
