import pytest
from django.core.exceptions import ValidationError

from tests.factories import DepartmentFactory


def test_a_department_can_sit_under_a_department_of_its_organisation(organisation):
    parent = DepartmentFactory(organisation=organisation, name="办公室")
    child = DepartmentFactory(organisation=organisation, name="文秘组", parent=parent)

    assert child.ancestors() == [parent]


def test_parent_from_another_organisation_is_refused(organisation, other_organisation):
    foreign = DepartmentFactory(organisation=other_organisation)

    with pytest.raises(ValidationError) as error:
        DepartmentFactory(organisation=organisation, parent=foreign)

    assert "parent" in error.value.message_dict


def test_a_department_cannot_be_its_own_parent(organisation):
    department = DepartmentFactory(organisation=organisation)
    department.parent = department

    with pytest.raises(ValidationError):
        department.save()


def test_moving_a_department_under_its_own_descendant_is_refused(organisation):
    top = DepartmentFactory(organisation=organisation, name="局机关")
    middle = DepartmentFactory(organisation=organisation, name="综合处", parent=top)
    bottom = DepartmentFactory(organisation=organisation, name="信息科", parent=middle)
    top.parent = bottom

    with pytest.raises(ValidationError) as error:
        top.full_clean()

    assert "parent" in error.value.message_dict
    top.refresh_from_db()
    assert top.parent is None


def test_head_from_another_organisation_is_refused(organisation, other_administrator):
    department = DepartmentFactory.build(organisation=organisation, name="新科室")
    department.head = other_administrator

    with pytest.raises(ValidationError) as error:
        department.full_clean()

    assert "head" in error.value.message_dict


def test_only_one_supervising_office_per_organisation(organisation):
    from django.db import IntegrityError, transaction

    DepartmentFactory(organisation=organisation, is_supervising_office=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        DepartmentFactory(organisation=organisation, is_supervising_office=True)
