"""The person's own rating (好差评) and the supervising office's review of a bad one.

After resolution the person rates the round's handling once, on the lookup page (with the
case number and query code) or through the signed link of a notice (``rating_url``). A bad
rating (不满意, 非常不满意) opens a review for the supervising office, which either has the
case handled again (``case_redo``: a new round, back to the department that resolved it,
with a new promised date) or closes the review with a note (``rating_review_close``).
"""

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from departments.models import Department, Organisation, Staff
from departments.offices import supervising_office
from firstask.workflow import Login, now_or, required_text, save_with_user

from .. import permissions
from ..choices import DISSATISFIED, RATING_LEVELS, EventAction, ReviewStatus, State
from ..errors import ActionNotAllowed, InvalidInput
from ..models import Case, Rating
from ..notifications import notify_person, notify_person_rating
from ..signals import person_rated
from .base import (
    acting_staff,
    ensure_allowed,
    lock_case,
    record_event,
    save_case,
)
from .resolution import start_new_round

COMMENT_LENGTH = 500
RATABLE = (State.RESOLVED, State.CALLED_BACK)
_SALT = "firstask.cases.rating"


# --- the signed link (for the SMS or mail that invites the rating) ---------------------
def rating_token(case: Case) -> str:
    """A signed, URL-safe token naming the case and its round; valid for
    ``RATING_LINK_DAYS`` days (see ``case_for_token``)."""
    return signing.dumps([case.organisation.code, case.number, case.round], salt=_SALT)


def rating_url(case: Case, base: str = "") -> str:
    """The address where the person rates ``case`` without typing the query code: the
    public rating page with a signed token. ``base`` (e.g. "https://firstask.example.cn")
    makes it absolute for an SMS; without it the path alone."""
    path = reverse("public:rate", args=[case.organisation.code])
    return f"{base.rstrip('/')}{path}?{urlencode({'t': rating_token(case)})}"


def case_for_token(organisation: Organisation, token: str) -> Case | None:
    """The case a valid, unexpired token of ``organisation`` names, or None."""
    try:
        code, number, round_ = signing.loads(
            token, salt=_SALT, max_age=settings.RATING_LINK_DAYS * 24 * 3600
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if code != organisation.code:
        return None
    case = Case.objects.for_organisation(organisation).filter(number=number).first()
    # A link of an earlier round is spent once the case was handled again.
    return case if case is not None and case.round == round_ else None


# --- the rating ----------------------------------------------------------------------
def rating_refusal(case: Case) -> str | None:
    """Why ``case`` cannot be rated now, or None when it can."""
    if case.merged_into_id is not None:
        return _("This case was handled together with another case; rate that one.")
    if case.state not in RATABLE:
        return _("The case can be rated once it is resolved.")
    if case.ratings.filter(round=case.round).exists():
        return _("You have already rated the handling of this case. Thank you.")
    return None


@transaction.atomic
def case_rate_by_person(
    *, case: Case, satisfaction: str, comment: str = "", at: datetime | None = None
) -> Rating:
    """Record the person's rating of the current round (once); a bad one opens a review
    and is sent to the supervising office."""
    case = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
    at = now_or(at)
    if satisfaction not in RATING_LEVELS:
        raise InvalidInput(_("Choose how satisfied you are."), field="satisfaction")
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > COMMENT_LENGTH:
        raise InvalidInput(
            _("Please keep the comment within %(n)s characters.") % {"n": COMMENT_LENGTH},
            field="comment",
        )
    refusal = rating_refusal(case)
    if refusal:
        raise ActionNotAllowed(refusal)
    bad = satisfaction in DISSATISFIED
    rating = Rating.objects.create(
        case=case,
        round=case.round,
        at=at,
        satisfaction=satisfaction,
        comment=comment,
        review_status=ReviewStatus.OPEN if bad else ReviewStatus.NONE,
    )
    label = rating.get_satisfaction_display()
    note = f"{label}：{comment}" if comment else label
    if bad:
        note = "\n".join([note, _("Sent to the supervising office for review.")])
    record_event(
        case,
        EventAction.PERSON_RATED,
        user=None,
        at=at,
        from_state=case.state,
        note=note,
        department=supervising_office(case.organisation_id) if bad else None,
    )
    person_rated.send(sender=Rating, rating=rating)
    if bad:
        notify_person_rating(rating)
    return rating


# --- the supervising office's review -----------------------------------------------------
def open_review(case: Case) -> Rating | None:
    return case.ratings.filter(round=case.round, review_status=ReviewStatus.OPEN).first()


def _review_of(case: Case) -> Rating:
    """The rating of ``case`` that awaits review (check_rating_review has said there is one)."""
    rating = open_review(case)
    if rating is None:
        raise ActionNotAllowed(_("No rating of this case awaits review."))
    return rating


def check_rating_review(case: Case, user: Login) -> None:
    """Raise ActionNotAllowed unless ``user`` may decide a review of ``case`` now."""
    if open_review(case) is None:
        raise ActionNotAllowed(_("No rating of this case awaits review."))
    if not permissions.may_review_rating(case, user):
        raise ActionNotAllowed(_("Only the supervising office reviews the person's rating."))


def _decide(rating: Rating, staff: Staff, by: Login, status: str, note: str, at: datetime) -> None:
    rating.review_status = status
    rating.reviewed_by = staff
    rating.reviewed_at = at
    rating.review_note = note
    save_with_user(rating, by)


@transaction.atomic
def case_redo(
    *,
    case: Case,
    by: Login,
    note: str,
    to_department: Department | None = None,
    at: datetime | None = None,
) -> Case:
    """The supervising office upholds the person's bad rating: the case is handled again
    (a new round, to the department that resolved it unless another is named)."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    ensure_allowed(case, "redo", by)
    note = required_text(note, "note", _("Say what has to be done again."))
    rating = _review_of(case)
    from_state, to_department = start_new_round(
        case, "redo", by=by, staff=staff, note=note, to_department=to_department, at=at
    )
    _decide(rating, staff, by, ReviewStatus.REDONE, note, at)
    case.promise_reason = _("Handled again after your rating")
    save_case(case, by, at)
    record_event(
        case,
        EventAction.REOPEN,
        user=by,
        at=at,
        from_state=from_state,
        note="\n".join(
            [
                _("After the person's rating (%(rating)s).")
                % {"rating": rating.get_satisfaction_display()},
                note,
            ]
        ),
        department=to_department,
    )
    notify_person(case, "promise_moved")
    return case


@transaction.atomic
def rating_review_close(*, case: Case, by: Login, note: str, at: datetime | None = None) -> Rating:
    """The supervising office reviewed the bad rating and finds no redo needed (the note
    says why); the rating still counts in the satisfaction figures."""
    case = lock_case(case)
    staff = acting_staff(by, case)
    at = now_or(at)
    check_rating_review(case, by)
    note = required_text(note, "note", _("Say why the case is not handled again."))
    rating = _review_of(case)
    _decide(rating, staff, by, ReviewStatus.CLOSED, note, at)
    record_event(
        case,
        EventAction.RATING_REVIEWED,
        user=by,
        at=at,
        from_state=case.state,
        note=note,
        department=staff.department,
    )
    return rating
