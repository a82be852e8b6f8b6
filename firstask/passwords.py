"""Password rules beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A unit of one or more characters said three times or more in a row: "aaa", "ababab".
REPEATED = re.compile(r"(.+?)\1{2,}", re.DOTALL)


class RepetitivePasswordValidator:
    """Refuses a password that is mostly one repeated pattern ("aaaaaaaaaaaa",
    "abababababab", "123123123123") or uses fewer than ``min_distinct`` characters: long
    enough for the length rule, but among the first a guesser tries."""

    def __init__(self, min_distinct: int = 4, max_repeated_share: float = 2 / 3) -> None:
        self.min_distinct = min_distinct
        self.max_repeated_share = max_repeated_share

    def is_repetitive(self, password: str) -> bool:
        if len(set(password)) < self.min_distinct:
            return True
        longest = max((len(m.group(0)) for m in REPEATED.finditer(password)), default=0)
        return longest >= self.max_repeated_share * len(password)

    def validate(self, password: str, user: Any = None) -> None:
        if self.is_repetitive(password):
            raise ValidationError(
                _(
                    "This password is mostly a repeated pattern or too few different "
                    "characters (like “aaaaaaaa” or “abcabcabc”)."
                ),
                code="password_repetitive",
            )

    def get_help_text(self) -> str:
        return _("Your password can’t be a repeated pattern such as “abcabcabc”.")
