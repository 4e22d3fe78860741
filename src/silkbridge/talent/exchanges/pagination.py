"""A paginator that finds a page's ids first and loads only those rows with their joins.

With a plain `OFFSET`, the database builds every skipped row with all its joined tables before
it can drop it: page 5,000 of the applications list took 1.6 s on PostgreSQL at 200,000. Asking
for the ids alone lets it skip along one index (covering the list's filter columns), and the
joins are then made for the page's rows only.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator


class IdsFirstPaginator(Paginator):
    """Same pages, numbers and counts as Django's Paginator, for querysets only."""

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
