"""A paginator for lists that may hold a million rows.

Django's paginator counts every row of the list on every page, and reads a deep page as
``LIMIT 100 OFFSET 49900`` over the joined rows of the list. This one counts at most a
little past the page asked for (the exact number when the list is shorter, "more than N"
otherwise, so the pages up to the one asked for and a few beyond are offered), and reads a
page in two steps: the ids of the page from the list's ordering index alone, then those
rows with their joins.
"""

from django.core.paginator import Page, Paginator
from django.db import connections
from django.utils.functional import cached_property

# Always counted exactly up to here: small lists show their true size.
EXACT_UP_TO = 10_000
# Pages beyond the one asked for that the count reaches.
PAGES_AHEAD = 10


class CappedCountPaginator(Paginator):
    """``count`` is exact up to a cap that grows with the page asked for (see
    ``for_page``); ``is_capped`` says when the list holds more rows than counted."""

    asked_for = 1

    def for_page(self, number):
        """Count far enough for page ``number`` (the admin's ``p``) and a few beyond."""
        try:
            self.asked_for = max(1, int(number))
        except (TypeError, ValueError):
            self.asked_for = 1
        return self

    @cached_property
    def cap(self) -> int:
        return max(EXACT_UP_TO, (self.asked_for + PAGES_AHEAD) * self.per_page)

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.is_capped = counted > self.cap
        return min(counted, self.cap)

    is_capped = False

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return Page(self._rows(bottom, top), number, self)

    def _rows(self, bottom, top):
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql" or bottom < self.per_page:
            return queryset[bottom:top]
        ids = list(queryset.values_list("pk", flat=True)[bottom:top])
        by_id = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]
