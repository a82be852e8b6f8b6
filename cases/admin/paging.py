"""A paginator for lists that may hold a million rows.

Django's paginator counts every row of the list on every page, and reads a deep page as
``LIMIT 100 OFFSET 49900`` over the joined rows of the list. This one counts at most a
little past the page asked for (the exact number when the list is shorter, "more than N"
otherwise, so the pages up to the one asked for and a few beyond are offered), and on
PostgreSQL reads every page in two steps: the ids of the page from the list's indexes
alone, then those rows with their joins. The first page too: a filter the ordering index
cannot answer (the deadline's, through the running stage) then sorts a few thousand ids
instead of a few thousand joined rows.
"""

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Page, Paginator
from django.db import connections
from django.urls import reverse
from django.utils.functional import cached_property

# Always counted exactly up to here: small lists show their true size.
EXACT_UP_TO = 10_000
# A search's: a frequent word matches a twelfth of the cases, and counting 10,000 of them
# read every match from the trigram index (ten times as many at ten million cases). Its
# count walks the list's order instead, through as many cases as the pages need (at one
# match in twelve, 13,000 for 1,100: the same at every size).
SEARCH_EXACT_UP_TO = 1_000
# Pages beyond the one asked for that the count reaches.
PAGES_AHEAD = 10
# Stands for a row's primary key in the change page's address, reversed once per list.
PK_SLOT = "__pk__"


class CappedCountPaginator(Paginator):
    """``count`` is exact up to a cap that grows with the page asked for (see
    ``for_page``); ``is_capped`` says when the list holds more rows than counted."""

    asked_for = 1
    searched = False

    def for_page(self, number, *, searched=False):
        """Count far enough for page ``number`` (the admin's ``p``) and a few beyond; a
        list ``searched`` for words only as far as its pages."""
        try:
            self.asked_for = max(1, int(number))
        except (TypeError, ValueError):
            self.asked_for = 1
        self.searched = searched
        return self

    @cached_property
    def cap(self) -> int:
        exact = SEARCH_EXACT_UP_TO if self.searched else EXACT_UP_TO
        return max(exact, (self.asked_for + PAGES_AHEAD) * self.per_page)

    @cached_property
    def count(self) -> int:
        # A search keeps the list's order, so that the database walks the ordering index
        # and stops at the cap; a filter's own index counts faster without it.
        rows = self.object_list if self.searched else self.object_list.order_by()
        counted = rows[: self.cap + 1].count()
        self.is_capped = counted > self.cap
        return min(counted, self.cap)

    is_capped = False

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return Page(self.rows(bottom, top), number, self)

    def rows(self, bottom=0, top=None):
        """The rows ``bottom`` to ``top`` of the list, in its order (``top`` None: to the
        end, for a list counted short; without a LIMIT the planner does not walk the
        ordering index hoping to stop early)."""
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return queryset[bottom:top]
        ids = queryset.values_list("pk", flat=True)
        ids = list(ids if (bottom, top) == (0, None) else ids[bottom:top])
        # The ids say which rows: read them by primary key, without the list's conditions
        # again (the planner would start from a filter's rows, not from the hundred ids).
        rows = queryset.order_by()
        rows.query.clear_where()
        by_id = {row.pk: row for row in rows.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


class PagedChangeList(ChangeList):
    """The admin's list reads a list that fits on one page (or "show all") as it does
    every page, in the paginator's two steps; Django reads it with the list's query whole,
    which joins every row a filter's index returns before ordering them."""

    def get_results(self, request):
        super().get_results(request)
        paginator = self.paginator
        if not isinstance(paginator, CappedCountPaginator):
            return
        if paginator.is_capped and not self.multi_page:
            # Counted short of its length (no more than a page): it has more pages, and
            # Django would read it whole as a list of one.
            self.multi_page = True
            self.result_list = paginator.page(self.page_num).object_list
        elif (self.show_all and self.can_show_all) or not self.multi_page:
            self.result_list = paginator.rows()

    @cached_property
    def change_url_pattern(self):
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=(PK_SLOT,),
            current_app=self.model_admin.admin_site.name,
        )

    def url_for_result(self, result):
        """Django's, without resolving the address again for each row: the change page's
        address reversed once, each row's (integer) primary key put in its place."""
        pk = getattr(result, self.pk_attname)
        if type(pk) is not int:
            return super().url_for_result(result)
        return self.change_url_pattern.replace(PK_SLOT, str(pk), 1)
