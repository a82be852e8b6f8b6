from django.contrib.auth.models import Group

from departments.roles import Role, missing_permissions, sync_role_groups


def test_every_role_exists_as_a_group_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_the_role_table_names_only_real_permissions(db):
    assert missing_permissions() == []


def test_the_auditor_can_read_everything_and_change_nothing(db):
    codenames = set(
        Group.objects.get(name=Role.AUDITOR).permissions.values_list("codename", flat=True)
    )

    assert "view_department" in codenames
    assert all(code.startswith("view_") for code in codenames)


def test_syncing_roles_twice_changes_nothing(db):
    before = {g.name: set(g.permissions.all()) for g in Group.objects.all()}

    sync_role_groups()
    sync_role_groups()

    assert {g.name: set(g.permissions.all()) for g in Group.objects.all()} == before


def test_a_clerk_cannot_open_the_admin(client, organisation, department):
    from tests.factories import StaffFactory

    clerk = StaffFactory(organisation=organisation, department=department, roles=[Role.CLERK])
    client.force_login(clerk.user)

    assert client.get("/admin/").status_code == 302
