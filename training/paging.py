"""One page of a list that grows: its rows, where it stands, and what the page links need.

Lists are paged with `?pagina=N` (1 is the first page). A page is read with OFFSET/LIMIT and
one row more than it shows, so `has_next` costs nothing; the total is counted only where a
count is cheap or the page shows "Pagina X van Y" (`counted`). Whatever a visitor types as a
page number gives a page, never an error: non-numbers, zero and negatives are page 1, a number
past the end is the last page (when the total is known) or an empty page the template explains.

This module imports nothing of `training`: callers pass their session (`db.session`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Flask, request, url_for
from sqlalchemy.orm import Session

T = TypeVar("T")

# The query argument that holds the page number, in every paged list.
ARG = "pagina"
# No list has this many pages; a larger number is read as this one, so an OFFSET stays small.
MAX_PAGE = 100_000


def page_number(raw: str | None) -> int:
    """The page a visitor asked for: digits only, at least 1 and at most MAX_PAGE."""
    text = (raw or "").strip()
    if not text or not text.isascii() or not text.isdigit():
        return 1
    if len(text) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return min(max(int(text), 1), MAX_PAGE)


def requested_page(arg: str = ARG) -> int:
    """`?pagina=` (or `arg`) of the current request, read as `page_number` does."""
    return page_number(request.args.get(arg))


def asked_for_page(arg: str = ARG) -> bool:
    """Whether the current request names a page (some lists open elsewhere without one)."""
    return arg in request.args


def page_url(
    number: int, args: dict | None = None, anchor: str | None = None, arg: str = ARG
) -> str:
    """The current page's address showing page `number`, keeping its other query arguments.

    `args` replaces the query arguments when given (a filter the page knows better); `arg`
    names the page number where one page has two paged lists. The query string is built here
    rather than by `url_for`, so that no argument a visitor typed (`_external`, `endpoint`)
    is taken as an option of `url_for`.
    """
    if args is None:
        pairs = [(k, v) for k, values in request.args.lists() if k != arg for v in values]
    else:
        pairs = [(k, v) for k, v in args.items() if k != arg and v is not None]
    url = url_for(request.endpoint, **(request.view_args or {}))
    url += "?" + urlencode([(arg, number), *pairs])
    return url + (f"#{anchor}" if anchor else "")


def init_app(app: Flask) -> None:
    """Templates build page links with `page_url` (see templates/macros/pager.html)."""
    app.jinja_env.globals["page_url"] = page_url


@dataclass
class Page(Generic[T]):
    """The rows of page `number` (counted from 1) of a list shown `per_page` at a time."""

    items: list[T]
    number: int
    per_page: int
    has_next: bool
    total: int | None = None  # known only where counting is cheap
    arg: str = ARG  # the query argument of the page number in this list's links

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def pages(self) -> int | None:
        """How many pages there are (at least 1), when the total is known."""
        if self.total is None:
            return None
        return max(1, -(-self.total // self.per_page))

    def window(self, around: int = 2) -> list[int | None]:
        """The page numbers to link: the first, the last and `around` either side of this one;
        None where numbers are left out. Empty when the total is unknown."""
        if self.pages is None:
            return []
        shown = sorted(
            {1, self.pages}
            | set(range(max(1, self.number - around), min(self.pages, self.number + around) + 1))
        )
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - numbers[-1] > 1:  # type: ignore[operator]
                numbers.append(None)
            numbers.append(n)
        return numbers

    @property
    def beyond_end(self) -> bool:
        """A page number past the last page: nothing to show, which the page should say."""
        return not self.items and self.number > 1

    @property
    def offset(self) -> int:
        """How many rows come before this page (to number rows across pages)."""
        return (self.number - 1) * self.per_page

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def fetch(session: Session, query: sa.Select, number: int, per_page: int) -> Page:
    """Page `number` of an ordered select of entities, in one query (per_page + 1 rows).

    `query` must be ordered by something unique (add the id last), or rows can move between
    pages. A number past the end gives an empty page (`beyond_end`).
    """
    number = min(max(number, 1), MAX_PAGE)
    rows = list(session.scalars(query.limit(per_page + 1).offset((number - 1) * per_page)).unique())
    return Page(rows[:per_page], number, per_page, has_next=len(rows) > per_page)


def count(session: Session, query: sa.Select) -> int:
    """How many rows a select returns (its ORDER BY left out)."""
    bare = query.order_by(None).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(bare)) or 0


def counted(session: Session, query: sa.Select, number: int, per_page: int) -> Page:
    """Like `fetch`, with the total counted first (two queries); past the end is the last page."""
    total = count(session, query)
    pages = max(1, -(-total // per_page))
    number = min(max(number, 1), pages)
    rows = list(session.scalars(query.limit(per_page).offset((number - 1) * per_page)).unique())
    return Page(rows, number, per_page, has_next=number < pages, total=total)


def with_total(session: Session, query: sa.Select, number: int, per_page: int, total: int) -> Page:
    """Like `counted`, for a list whose size is already known (a stored counter): one query."""
    pages = max(1, -(-total // per_page))
    number = min(max(number, 1), pages)
    page = fetch(session, query, number, per_page)
    page.total = max(total, page.offset + len(page.items))
    return page


def of_list(items: Sequence[T], number: int, per_page: int) -> Page:
    """A page of a list already in memory (figures computed over all of it); clamped to the end."""
    total = len(items)
    pages = max(1, -(-total // per_page))
    number = min(max(number, 1), pages)
    start = (number - 1) * per_page
    return Page(
        list(items[start : start + per_page]), number, per_page, number < pages, total=total
    )


def page_holding(position: int, per_page: int) -> int:
    """The page that shows the row with this 0-based position in the list."""
    return max(position, 0) // per_page + 1
