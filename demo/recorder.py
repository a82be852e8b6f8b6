"""Creating demo rows so that a re-run writes nothing.

django-simple-history writes a history row on every save, so rows are looked up by
their natural keys first and saved only when they are missing or a link is still empty.
"""

from collections import Counter

from django.core.exceptions import ValidationError

CHANGE_REASON = "load_demo"


class DemoConflict(Exception):
    """Existing data stands in the way of the demo (e.g. a username taken by someone else)."""


class Recorder:
    """Saves validated rows and counts what it created, for the command's summary."""

    def __init__(self):
        self.created = Counter()  # model, or a label for link rows -> number created

    def create(self, model, *, validate=True, **values):
        obj = model(**values)
        self._save(obj, validate=validate)
        self.created[model] += 1
        return obj

    def fill_empty(self, obj, **links):
        """Set links that are still empty; values someone chose in the admin are kept."""
        missing = {
            name: value
            for name, value in links.items()
            if value is not None and getattr(obj, f"{name}_id") is None
        }
        if not missing:
            return False
        for name, value in missing.items():
            setattr(obj, name, value)
        self._save(obj)
        return True

    def count(self, label, number):
        """Count rows created without a model of their own (e.g. many-to-many links)."""
        if number:
            self.created[label] += number

    @staticmethod
    def _save(obj, validate=True):
        if validate:
            try:
                obj.full_clean()
            except ValidationError as exc:
                # Usually existing data clashing with the demo, e.g. a second supervising office.
                label = obj._meta.verbose_name
                raise DemoConflict(f"{label} {obj}: {'; '.join(exc.messages)}") from exc
        obj._change_reason = CHANGE_REASON
        obj.save()
