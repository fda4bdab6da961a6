"""The test database comes from a migrated template on SQLite (tests/conftest.py): it must be
exactly what the migrations make, data migrations (roles and their permissions) included."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lip.roles import Role
from tests.conftest import _migrated_template

pytestmark = pytest.mark.django_db


def test_every_migration_is_applied_and_the_roles_exist():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    roles = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= roles
    office = Group.objects.get(name=Role.OFFICE.value)
    assert office.permissions.filter(codename="change_user").exists()


def test_on_sqlite_the_migrated_database_is_kept_for_the_next_run():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL migrates each test database itself")
    template = _migrated_template()
    assert template is not None and template.is_file()
