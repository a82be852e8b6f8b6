"""Attaching files to a case (材料): at intake, on the case page, from the public complaint
page and through the Open311 API.

The files are checked first (``cases.attachments.content``: type from the bytes, size,
images re-encoded without metadata), outside any transaction; ``case_attach`` then stores
each under a random key in the attachments store and writes its row and a timeline line,
all of them or none. Who may see a case's files: ``cases.permissions.may_see_attachments``.

A file attached by mistake is withdrawn (``case_withdraw_attachment``), never erased: the
row and the bytes stay, with who withdrew it, when and why; ordinary viewers no longer get
it (``permissions.may_open_withdrawn``).
"""

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from departments.access import staff_of
from firstask.workflow import Login, now_or, save_with_user

from .. import permissions
from ..attachments.content import FIELD, CheckedFile
from ..choices import AttachmentSource, EventAction
from ..errors import ActionNotAllowed, InvalidInput
from ..models import Case, CaseAttachment, Integration
from .base import record_event


def attachment_storage() -> Storage:
    return storages["attachments"]


def new_storage_key() -> str:
    """A random name: nothing about the case or the file can be read from it or guessed."""
    key = secrets.token_hex(16)
    return f"{key[:2]}/{key}"


def _timeline_note(case: Case, files: list[CheckedFile]) -> str:
    # A confidential case's timeline is read by staff who may not see its files: the names
    # (which may name the person) stay off it.
    parts = []
    for checked in files:
        what = f"{checked.label}，{filesizeformat(checked.size)}"
        parts.append(what if case.is_confidential else f"{checked.name}（{what}）")
    return "、".join(parts)


@transaction.atomic
def case_attach(
    *,
    case: Case,
    files: Iterable[CheckedFile],
    by: Login | None,
    source: str,
    at: datetime | None = None,
    integration: Integration | None = None,
    check_permission: bool = True,
) -> list[CaseAttachment]:
    """Keep checked ``files`` with ``case``: stored, recorded, one timeline line.

    ``by`` is the staff login that attached them (None for the public page, where the
    person sent them); with ``check_permission`` (the case page) it must be allowed to
    (``permissions.may_attach``). The case row is locked while the limit per case is
    counted. Stored files are removed again if anything here fails.
    """
    files = list(files)
    if not files:
        return []
    if source not in AttachmentSource.values:
        raise InvalidInput(_("Unknown attachment source."), field=FIELD)
    at = now_or(at)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if check_permission and not permissions.may_attach(locked, by):
        raise ActionNotAllowed(
            _("You are not allowed to attach files to case %(number)s.") % {"number": case.number}
        )
    _check_count(locked, len(files))
    storage = attachment_storage()
    stored: list[str] = []
    try:
        attachments = []
        staff = staff_of(by) if by is not None else None
        for checked in files:
            key = storage.save(new_storage_key(), ContentFile(checked.data))
            stored.append(key)
            attachments.append(
                save_with_user(
                    CaseAttachment(
                        case=locked,
                        token=secrets.token_urlsafe(24),
                        storage_key=key,
                        original_name=checked.name,
                        content_type=checked.content_type,
                        size=checked.size,
                        sha256=checked.sha256,
                        source=source,
                        case_state=locked.state,
                        uploaded_at=at,
                        uploaded_by=staff,
                        integration=integration,
                    ),
                    by,
                )
            )
        record_event(
            locked,
            EventAction.ATTACH,
            user=by,
            at=at,
            from_state=locked.state,
            note=_timeline_note(locked, files),
        )
    except BaseException:
        for key in stored:
            storage.delete(key)
        raise
    return attachments


@transaction.atomic
def case_withdraw_attachment(
    *, attachment: CaseAttachment, by: Login, reason: str, at: datetime | None = None
) -> CaseAttachment:
    """Withdraw a file attached by mistake: who, when and why on its row (its history row
    too), one timeline line; the row and the stored bytes are kept. Whoever may add files
    to the case may withdraw them (``permissions.may_attach``), with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the file is withdrawn."), field="reason")
    at = now_or(at)
    locked = CaseAttachment.objects.select_for_update().select_related("case").get(pk=attachment.pk)
    case = locked.case
    if not permissions.may_attach(case, by):
        raise ActionNotAllowed(
            _("You are not allowed to withdraw files of case %(number)s.") % {"number": case.number}
        )
    if locked.is_withdrawn:
        raise ActionNotAllowed(_("This file has been withdrawn already."))
    locked.withdrawn_at = at
    locked.withdrawn_by = staff_of(by)
    locked.withdrawal_reason = reason
    save_with_user(locked, by, update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    # As for attaching: a confidential case's timeline names no file.
    what = f"{locked.type_label}，{filesizeformat(locked.size)}"
    name = what if case.is_confidential else f"{locked.original_name}（{what}）"
    record_event(
        case,
        EventAction.WITHDRAW_ATTACHMENT,
        user=by,
        at=at,
        from_state=case.state,
        note=_("%(file)s; reason: %(reason)s") % {"file": name, "reason": reason},
    )
    return locked


def _check_count(case: Case, adding: int) -> None:
    # Withdrawn files are kept but no longer count: the right file can take their place.
    already = case.attachments.current().count()
    limit = settings.ATTACHMENTS_PER_CASE
    if already + adding > limit:
        raise InvalidInput(
            _("A case holds at most %(limit)s attachments (%(already)s attached already).")
            % {"limit": limit, "already": already},
            field=FIELD,
        )
