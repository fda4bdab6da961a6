"""Grant the roles their permissions on the gremien models."""

from django.db import migrations

MODELS = [
    "district",
    "organization",
    "person",
    "committee",
    "subtopic",
    "seatrule",
    "membership",
    "nomination",
    "scopechange",
    "meeting",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("gremien")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    gremien = Permission.objects.filter(content_type__app_label="gremien")
    # The office (OE 50.6) maintains everything in the back office.
    Group.objects.get(name="Geschäftsstelle").permissions.add(
        *gremien.filter(codename__regex=r"^(add|change|delete|view)_")
    )
    # Dezernate staff their groups through forms; they may read the register behind them.
    Group.objects.get(name="Dezernat").permissions.add(
        *gremien.filter(
            codename__in=[f"view_{model}" for model in MODELS]
            + ["add_person", "add_membership", "change_membership", "change_nomination"]
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Geschäftsstelle", "Dezernat"]):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="gremien")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("gremien", "0001_initial"),
        ("lip", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
