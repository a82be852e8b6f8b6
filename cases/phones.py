"""Phone numbers as people write them: one number, however it is spelled."""

import re
import unicodedata

_NOT_DIGIT = re.compile(r"[^0-9]")
# Fewer digits than a local number without area code identify nobody (e.g. "110", "-").
MIN_DIGITS = 7
MOBILE_DIGITS = 11


def _is_mobile(digits: str) -> bool:
    return len(digits) == MOBILE_DIGITS and digits.startswith("1")


def phone_key(phone: str | None) -> str:
    """``phone`` in one spelling, to tell whether two numbers are the same; '' for none.

    Digits only (full-width digits of a Chinese input method too), without China's country
    code (+86, 0086, or 86 before a mobile number); a landline given with the country code
    gets its trunk 0 back, so "+86 10 8888 6666" and "010-88886666" are one number. A
    foreign number keeps its "+" and country code.
    """
    text = unicodedata.normalize("NFKC", phone or "").strip()
    digits = _NOT_DIGIT.sub("", text)
    national = None
    if digits.startswith("0086"):
        national = digits[4:]
    elif text.startswith("+"):
        if not digits.startswith("86"):
            return f"+{digits}" if len(digits) >= MIN_DIGITS else ""
        national = digits[2:]
    elif digits.startswith("86") and _is_mobile(digits[2:]):
        national = digits[2:]
    if national is not None:
        digits = national if _is_mobile(national) or national.startswith("0") else f"0{national}"
    return digits if len(digits) >= MIN_DIGITS else ""
