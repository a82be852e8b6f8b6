import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from departments.models import (
    CalendarOverride,
    Department,
    DutyRoster,
    ExternalAgency,
    Matter,
    Organisation,
    Staff,
)
from departments.roles import ADMIN_ROLES

PASSWORD = "correct-horse-battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"第{n}政务服务中心")
    code = factory.Sequence(lambda n: f"O{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"第{n}科")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(factory.django.DjangoModelFactory):
    """A staff member with a login; ``roles=[...]`` puts the login in those role groups."""

    class Meta:
        model = Staff
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    department = factory.SubFactory(
        DepartmentFactory, organisation=factory.SelfAttribute("..organisation")
    )
    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"职员{n}")
    position = "科员"
    rank = 1
    badge_number = factory.Sequence(lambda n: f"B{n:05d}")

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if not create or not extracted:
            return
        obj.user.groups.add(*[Group.objects.get(name=str(role)) for role in extracted])
        if any(str(role) in {str(r) for r in ADMIN_ROLES} for role in extracted):
            obj.user.is_staff = True
            obj.user.save(update_fields=["is_staff"])


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matter

    organisation = factory.SubFactory(OrganisationFactory)
    department = factory.SubFactory(
        DepartmentFactory, organisation=factory.SelfAttribute("..organisation")
    )
    name = factory.Sequence(lambda n: f"事项{n}")
    materials = "身份证原件\n申请表"


class ExternalAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalAgency

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"外单位{n}")
    phone = "12345"


class DutyRosterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyRoster

    organisation = factory.SelfAttribute("staff.organisation")
    staff = factory.SubFactory(StaffFactory)
    department = factory.SelfAttribute("staff.department")
    date = dt.date(2026, 11, 23)


class CalendarOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarOverride

    organisation = factory.SubFactory(OrganisationFactory)
    date = dt.date(2027, 1, 2)
    is_working_day = True
