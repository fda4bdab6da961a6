"""Create the platform's roles as groups; apps grant their model permissions in their own migrations."""

from django.db import migrations

ROLES = ["Geschäftsstelle", "Dezernat", "Expert*innengruppe", "Stellungnahme", "Ausschuss"]

# The office (OE 50.6) administers accounts and assigns roles in the back office.
OFFICE_PERMISSIONS = [
    ("auth", "view_user"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_group"),
]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    office = Group.objects.get(name="Geschäftsstelle")
    for app_label, codename in OFFICE_PERMISSIONS:
        office.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
