"""The zh-hans catalogue: complete, compiled, and used by the models.

After adding or changing strings run ``bin/translations``, fill in the new entries of
locale/zh_Hans/LC_MESSAGES/django.po and commit the .po together with the .mo.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

APPS = ("departments", "cases", "penalties", "sms")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Fields whose labels come from other packages, not from firstask's catalogue: the
# automatic primary key ("ID") and django-simple-history's bookkeeping columns.
NOT_OURS = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / to_locale("zh-hans") / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"


def parse_po(path):
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr[n], flags."""
    entries, entry, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, text = line.partition(" ")
            entry[key] = ast.literal_eval(text)
    return entries


def translations_of(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def catalogue_key(entry, index=None):
    msgid = entry["msgid"]
    if "msgctxt" in entry:
        msgid = f"{entry['msgctxt']}\x04{msgid}"
    return msgid if index is None else (msgid, index)


@pytest.fixture(scope="module")
def po_entries():
    return parse_po(PO_FILE)


def test_django_looks_for_the_catalogue_where_it_is():
    assert to_locale(settings.LANGUAGE_CODE) == "zh_Hans"
    assert PO_FILE.is_file()
    assert MO_FILE.is_file()


def test_every_entry_is_translated_and_none_is_fuzzy(po_entries):
    header, *entries = po_entries
    assert header["msgid"] == ""
    assert "fuzzy" not in header.get("flags", set())
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]
    assert entries
    untranslated = [e["msgid"] for e in entries if not all(translations_of(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", set())]
    assert not untranslated, f"untranslated (run bin/translations): {untranslated}"
    assert not fuzzy, f"fuzzy (check and remove the flag): {fuzzy}"


def test_placeholders_are_kept(po_entries):
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    for entry in po_entries[1:]:
        expected = sorted(placeholder.findall(entry["msgid"]))
        for text in translations_of(entry):
            assert sorted(placeholder.findall(text)) == expected, entry["msgid"]


def test_the_compiled_catalogue_matches_the_po(po_entries):
    """The .mo holds exactly the .po's translations (was compiled after the last edit)."""
    with MO_FILE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in po_entries[1:]:
        if "fuzzy" in entry.get("flags", set()) or not all(translations_of(entry)):
            continue  # msgfmt leaves these out; the test above reports them
        if "msgid_plural" in entry:
            for key, value in entry.items():
                if key.startswith("msgstr["):
                    expected[catalogue_key(entry, int(key[7:-1]))] = value
        else:
            expected[catalogue_key(entry)] = entry["msgstr"]
    compiled = {key: value for key, value in catalogue.items() if key != ""}
    assert compiled == expected, "run: .venv/bin/python manage.py compilemessages -l zh_Hans"


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("case", "工单"),
        ("Transfer", "转办"),
        ("Sign for", "签收"),
        ("Return", "退回"),
        ("Handler", "承办人"),
        ("Very satisfied", "非常满意"),
        ("duty roster", "值班表"),
    ],
)
def test_known_strings_come_out_in_chinese(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese
    with translation.override("en"):
        assert translation.gettext(english) == english


def test_the_deactivate_advice_says_停用():
    message = "This record is still referred to and cannot be deleted. Deactivate it instead."
    with translation.override("zh-hans"):
        assert "停用" in translation.gettext(message)


def labels():
    """(where, label) for every app, model, field and choice label of firstask's apps."""
    for label in APPS:
        config = apps.get_app_config(label)
        yield label, config.verbose_name
        for model in config.get_models():
            name = model.__name__
            yield name, model._meta.verbose_name
            yield f"{name} (plural)", model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if field.name in NOT_OURS or not hasattr(field, "verbose_name"):
                    continue
                yield f"{name}.{field.name}", field.verbose_name
                for value, text in field.flatchoices or ():
                    yield f"{name}.{field.name}={value}", text


def test_models_fields_and_choices_are_labelled_in_chinese():
    with translation.override("zh-hans"):
        english = [f"{where}: {text}" for where, text in labels() if not CJK.search(str(text))]
    assert not english, "not translated (run bin/translations):\n" + "\n".join(english)


def _calls_inside_f_strings(tree):
    """gettext calls written inside an f-string's braces: makemessages never sees them."""
    names = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for part in ast.walk(node):
                if (
                    isinstance(part, ast.Call)
                    and isinstance(part.func, ast.Name)
                    and part.func.id in names
                ):
                    yield part.lineno


def test_no_translated_string_hides_inside_an_f_string():
    root = Path(settings.BASE_DIR)
    hidden = [
        f"{path.relative_to(root)}:{line}"
        for app in (*APPS, "firstask")
        for path in sorted((root / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line in _calls_inside_f_strings(ast.parse(path.read_text(encoding="utf-8")))
    ]

    assert hidden == [], "write these as whole messages with placeholders"
