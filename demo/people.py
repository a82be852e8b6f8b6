"""Staff members with their logins and role groups, and the platform operator."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from departments.models import Staff
from departments.roles import ADMIN_ROLES, Role
from departments.two_factor import AUTHENTICATOR_NAME, demo_totp_key, requires_two_factor

from .data_staff import DEMO_MAIL_DOMAIN, PLATFORM_USERNAME, STAFF
from .recorder import DemoConflict


class DemoPassword:
    """The shared demo password, hashed at most once.

    Hashing is slow on purpose; every demo login gets the same password, so one hash
    serves them all and a re-run that creates no user hashes nothing.
    """

    def __init__(self, raw):
        self.raw = raw
        self._encoded = None
        self._checked = {}

    @property
    def encoded(self):
        if self._encoded is None:
            self._encoded = make_password(self.raw)
            self._checked[self._encoded] = True
        return self._encoded

    def matches(self, encoded):
        """Whether a stored hash is this password, without re-saving the user (no setter)."""
        if encoded not in self._checked:
            self._checked[encoded] = check_password(self.raw, encoded)
        return self._checked[encoded]


def role_groups():
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    missing = sorted(set(Role.values) - set(groups))
    if missing:
        raise DemoConflict(
            f"Role groups {', '.join(missing)} are missing; run `manage.py migrate` first."
        )
    return groups


def demo_email(username: str) -> str:
    # example.org is reserved for documentation: no demo mail can reach a real person.
    return f"{username}@{DEMO_MAIL_DOMAIN}"


def ensure_staff(organisation, departments, password, recorder):
    """The demo staff by badge number; logins are created with them, never reset."""
    groups = role_groups()
    existing = {
        member.badge_number: member
        for member in Staff.objects.for_organisation(organisation)
        .select_related("user", "department")
        .prefetch_related("user__groups")
    }
    staff = {}
    for row in STAFF:
        member = existing.get(row.badge_number)
        if member is None:
            user = _new_user(
                row.username,
                password,
                recorder,
                why=f"staff member {row.badge_number} of {organisation.code}",
                is_staff=bool(set(row.roles) & ADMIN_ROLES),
                email=demo_email(row.username),
            )
            member = recorder.create(
                Staff,
                organisation=organisation,
                user=user,
                department=departments[row.department],
                name=row.name,
                position=row.position,
                rank=row.rank,
                badge_number=row.badge_number,
                phone=row.phone,
            )
        if not member.user.email:
            # Logins of an older demo had none, so no deadline mail was ever sent to them.
            member.user.email = demo_email(row.username)
            member.user.save(update_fields=["email"])
        _ensure_roles(member.user, [groups[role] for role in row.roles], recorder)
        staff[row.badge_number] = member
    return staff


def ensure_platform_user(password, recorder):
    User = get_user_model()
    user = User.objects.filter(username=PLATFORM_USERNAME).first()
    if user is None:
        return _new_user(
            PLATFORM_USERNAME,
            password,
            recorder,
            why="the platform operator",
            is_staff=True,
            is_superuser=True,
        )
    if not user.is_superuser or hasattr(user, "staff"):
        raise DemoConflict(
            f"User {PLATFORM_USERNAME!r} exists but is not a superuser without a staff record; "
            "rename that user and run load_demo again."
        )
    return user


def _new_user(username, password, recorder, *, why, **flags):
    User = get_user_model()
    # Taking over an account someone else made would hand its owner a demo identity.
    if User.objects.filter(username=username).exists():
        raise DemoConflict(
            f"User {username!r} already exists but is not {why}; "
            "rename or remove that user and run load_demo again."
        )
    return recorder.create(User, username=username, password=password.encoded, **flags)


def _ensure_roles(user, groups, recorder):
    current = {group.pk for group in user.groups.all()}
    missing = [group for group in groups if group.pk not in current]
    if missing:
        user.groups.add(*missing)
        recorder.count("role memberships", len(missing))


def ensure_authenticators(users, recorder):
    """The published demo authenticator for each demo login that needs two-factor login
    and has none yet (one enrolled by its user is kept)."""
    users = get_user_model().objects.filter(pk__in=[user.pk for user in users])
    enrolled = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True)
    )
    for user in users:
        if user.pk in enrolled or not requires_two_factor(user):
            continue
        recorder.create(
            TOTPDevice, user=user, name=AUTHENTICATOR_NAME, key=demo_totp_key(), confirmed=True
        )
