"""Spreadsheet import of an organisation's own tables (django-import-export).

Every importable table has a ``TenantResource``: rows always go into the importing user's
organisation (never one named in the file), related rows are looked up by name or badge
number inside that organisation only, and a file is checked whole before anything is
written: unknown or missing columns, too many rows, formulas, bad dates and unknown names
are errors in the user's language naming the row and column, and any error imports
nothing. How a file is read (encodings, limits, the header row, what counts as a formula)
is ``departments.spreadsheets.sheet_reading``'s.

The same resources export, so a table can be exported, edited and imported back.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.results import Result

from firstask.resources import ColumnField, SpreadsheetResource

from .sheet_reading import FormulaCell, max_import_rows, too_many_rows

TRUE_WORDS = {"是", "yes", "true", "1", "✓", "y", "对"}
FALSE_WORDS = {"否", "no", "false", "0", "", "n", "不"}


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a badge number typed as 1024 arrives from Excel as 1024.0
    return str(value).strip()


def file_lines(dataset) -> list[int]:
    """The row number in the file of each data row (the reader's, or after a one-row header)."""
    return getattr(dataset, "line_numbers", None) or list(range(2, len(dataset) + 2))


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return text_of(value)


class YesNoWidget(widgets.BooleanWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        word = text_of(value).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("Write 是 or 否 (yes or no), not “%(value)s”.") % {"value": value})


def label_names(label) -> set[str]:
    """A label and, for labels like 首问责任人（登记员）, each of its two names."""
    text = str(label).lower()
    names = {text}
    for opening, closing in (("（", "）"), ("(", ")")):
        if opening in text and text.endswith(closing):
            outer, _sep, inner = text[: -len(closing)].partition(opening)
            names.update({outer.strip(), inner.strip()})
    return names


class ChoiceWidget(widgets.Widget):
    """A choice read from its label as exported (in Chinese or English) or its code."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        if not text:
            return ""
        for code, label in self.choices:
            names = {str(code).lower(), *label_names(label)}
            with translation.override("en"):
                names.update(label_names(label))
            if text.lower() in names:
                return code
        known = "、".join(str(label) for _code, label in self.choices)
        raise ValueError(
            _("“%(value)s” is not one of: %(known)s.") % {"value": text, "known": known}
        )


class DayWidget(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = text_of(value).replace("/", "-").replace(".", "-")
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write it as 2026-10-01.") % {"value": value}
            ) from None


class NumberWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related row named by ``field``, looked up inside the importing organisation."""

    organisation = None

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = self.model._default_manager.all()
        if self.organisation is not None and hasattr(queryset, "for_organisation"):
            queryset = queryset.for_organisation(self.organisation)
        return queryset

    def clean(self, value, row=None, **kwargs):
        text = text_of(value)
        if not text:
            return None
        try:
            return self.get_queryset(value, row).get(**{self.field: text})
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(what)s “%(value)s” in your organisation.")
                % {"what": self.model._meta.verbose_name, "value": text}
            ) from None
        except self.model.MultipleObjectsReturned:
            raise ValueError(
                _("Several %(what)s are called “%(value)s”; give them different names first.")
                % {"what": self.model._meta.verbose_name_plural, "value": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.field, "") if value is not None else ""


class TenantResource(SpreadsheetResource):
    """Base of the organisation-owned tables' import and export (see the module's doc)."""

    #: {foreign key name: field of the related model that names it in the sheet}
    lookups: dict[str, str] = {}

    def __init__(self, organisation=None, user=None, **kwargs):
        super().__init__(**kwargs)
        self.organisation = organisation
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, ScopedForeignKeyWidget):
                field.widget.organisation = organisation

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        rollback_on_validation_errors = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.BooleanField):
            return YesNoWidget
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return DayWidget
        if isinstance(f, models.IntegerField) and not f.choices:
            return NumberWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        if django_field.is_relation:
            widget = ScopedForeignKeyWidget(
                django_field.related_model, field=cls.lookups.get(field_name, "name")
            )
        elif getattr(django_field, "choices", None):
            widget = ChoiceWidget(django_field.choices)
        else:
            widget = cls.widget_from_django_field(django_field)()
        return ColumnField(
            attribute=field_name,
            column_name=field_name,
            header=django_field.verbose_name,
            widget=widget,
            readonly=readonly,
        )

    # --- export: the values import reads back ---------------------------------------
    def cell_getter(self, name, field):
        if isinstance(field.widget, ScopedForeignKeyWidget):
            widget, attribute = field.widget, field.attribute
            return lambda instance: widget.render(getattr(instance, attribute))
        return super().cell_getter(name, field)

    # --- import -----------------------------------------------------------------------
    def get_queryset(self):
        queryset = super().get_queryset()
        if self.organisation is not None:
            queryset = queryset.for_organisation(self.organisation)
        return queryset

    def before_import(self, dataset, **kwargs):
        try:
            self.check_file(dataset)
        except ValidationError:
            # A file refused whole is not read row by row: the rows would only repeat the
            # reason in the library's own words.
            dataset.wipe()
            raise

    def check_file(self, dataset) -> None:
        if self.organisation is None:
            raise ValidationError(
                _("Imports go into one organisation: log in as one of its administrators.")
            )
        if len(dataset) > max_import_rows():  # read by other means than sheet_reading
            raise ValidationError(too_many_rows())
        self.check_duplicate_keys(dataset)
        expected = {str(field.column_name) for field in self.get_import_fields()}
        headers = [text_of(header) for header in (dataset.headers or [])]
        unknown = [header for header in headers if header and header not in expected]
        missing = [
            str(self.fields[name].column_name)
            for name in self.required_columns()
            if str(self.fields[name].column_name) not in headers
        ]
        if unknown or missing:
            raise ValidationError(
                _(
                    "The columns do not match. Unknown columns: %(unknown)s. Missing columns: "
                    "%(missing)s. Export the table first and use its first row as headers."
                )
                % {"unknown": "、".join(unknown) or "—", "missing": "、".join(missing) or "—"}
            )

    def check_duplicate_keys(self, dataset) -> None:
        """A row named twice in one file is a mistake, not an update of itself."""
        columns = [str(self.fields[name].column_name) for name in self._meta.import_id_fields]
        headers = [text_of(header) for header in (dataset.headers or [])]
        if not columns or not set(columns) <= set(headers):
            return
        positions = [headers.index(column) for column in columns]
        seen: dict[tuple, int] = {}
        repeated = []
        for number, row in zip(file_lines(dataset), dataset, strict=True):
            key = tuple(text_of(row[position]) for position in positions)
            if key in seen:
                repeated.append(
                    _("%(key)s in rows %(first)s and %(again)s")
                    % {"key": " / ".join(key), "first": seen[key], "again": number}
                )
            else:
                seen[key] = number
        if repeated:
            raise ValidationError(
                _("The file names the same row twice (%(columns)s): %(repeated)s.")
                % {"columns": "、".join(columns), "repeated": "；".join(repeated[:20])}
            )

    def required_columns(self) -> list[str]:
        return list(self._meta.import_id_fields or ())

    def get_result_class(self):
        return ImportResult

    def import_data(self, dataset, *args, **kwargs):
        lines = file_lines(dataset)  # before_import may empty the dataset
        result = super().import_data(dataset, *args, **kwargs)
        result.file_lines = lines
        return result

    def before_import_row(self, row, **kwargs):
        # Keyed by the column's field, so that the error names the column.
        names = {str(field.column_name): name for name, field in self.fields.items()}
        errors = {}
        for header, value in row.items():
            if isinstance(value, FormulaCell):
                errors[names.get(header, header)] = _(
                    "A formula cannot be imported: type the value itself."
                )
            elif isinstance(value, str) and "\x00" in value:
                errors[names.get(header, header)] = _("The cell holds a NUL character.")
        if errors:
            raise ValidationError(errors)

    def init_instance(self, row=None):
        # Set before validation: the uniqueness checks are per organisation.
        return self._meta.model(organisation=self.organisation)

    def before_save_instance(self, instance, row, **kwargs):
        if self.user is not None:
            instance._history_user = self.user


class ImportResult(Result):
    """The library's result, with the row number in the file of each data row."""

    file_lines: Sequence[int] = ()
