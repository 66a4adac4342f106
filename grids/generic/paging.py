"""A paginator that never counts a whole big list: at most `limit` rows, then "N+".

Django's Paginator runs `SELECT COUNT(*)` over the whole filtered list on every page; over a
million requests that count is most of the page's time. `CappedPaginator` counts at most
`limit + 1` rows (`SELECT count(*) FROM (SELECT … LIMIT limit + 1)`, ordering dropped): a
list longer than `limit` reads as "limit+" (`capped`), and the pages up to the limit work
exactly as before. ObjectListView passes a limit that reaches one page beyond the one asked
for, so "next" is always known and a page past the end still shows the last page.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = max(int(limit), 1)

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "capped_count"):  # e.g. grids.models.requests.InboxList
            return rows.capped_count(self.limit + 1)
        if hasattr(rows, "order_by"):
            # Only the rows count: no ordering, no joins of select_related.
            rows = rows.select_related(None).order_by()
        return rows[: self.limit + 1].count()

    @property
    def capped(self) -> bool:
        """More rows than `limit`: the list's length is shown as "limit+"."""
        return self.count > self.limit

    @property
    def shown_count(self) -> str:
        return f"{self.limit:,}+" if self.capped else f"{self.count:,}"

    @property
    def known_pages(self) -> int:
        """The pages that surely exist: all of them, or the full ones below the limit."""
        return self.limit // self.per_page if self.capped else self.num_pages
