import pytest

from departments.models import first_responsible
from tests.factories import StaffFactory


@pytest.mark.django_db
def test_the_higher_rank_is_first_responsible_when_asked_together(organisation):
    clerk = StaffFactory(organisation=organisation, rank=1)
    section_chief = StaffFactory(organisation=organisation, rank=4)
    deputy = StaffFactory(organisation=organisation, rank=3)

    assert first_responsible([clerk, section_chief, deputy]) == section_chief


@pytest.mark.django_db
def test_equal_ranks_leave_the_one_asked_first_responsible(organisation):
    first = StaffFactory(organisation=organisation, rank=2)
    second = StaffFactory(organisation=organisation, rank=2)

    assert first_responsible([first, second]) == first


@pytest.mark.django_db
def test_a_single_person_asked_is_responsible(organisation):
    only = StaffFactory(organisation=organisation)

    assert first_responsible([None, only]) == only


def test_nobody_asked_is_a_programming_error():
    with pytest.raises(ValueError):
        first_responsible([])
