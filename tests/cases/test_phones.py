"""One phone number, however the person or the clerk wrote it (cases.phones.phone_key)."""

from cases.phones import phone_key

SAME = [
    ("spaces and dashes", "138 0013-8000", "13800138000"),
    ("country code with +", "+86 138 0013 8000", "13800138000"),
    ("country code with 00", "0086-13800138000", "13800138000"),
    ("country code without +", "8613800138000", "13800138000"),
    ("full-width digits from a Chinese input method", "１３８００１３８０００", "13800138000"),
    ("a landline with area code", "(010) 8888-6666", "01088886666"),
    ("a landline with country code gets its trunk 0 back", "+86 10 8888 6666", "01088886666"),
    ("a foreign number keeps its country code", "+1 415 555 0100", "+14155550100"),
]
NOBODY = [("empty", ""), ("None", None), ("too short", "110"), ("no digits", "无")]


def test_spellings_of_one_number_give_one_key(subtests):
    for what, written, key in SAME:
        with subtests.test(what):
            assert phone_key(written) == key


def test_what_identifies_nobody_gives_no_key(subtests):
    for what, written in NOBODY:
        with subtests.test(what):
            assert phone_key(written) == ""


def test_different_numbers_give_different_keys():
    assert phone_key("13800138000") != phone_key("13900139000")
    assert phone_key("+1 138 0013 8000") != phone_key("138 0013 8000")
