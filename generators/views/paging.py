"""Long lists split into pages: by month, and a month of many items into numbered pages.

A list of at most `most` items stays one page at its address, as a small site has always
shown it. A longer one becomes an index at the same address, which lists its months with
their counts (newest first), and one page per month below it (`<base>2016-08/`); a month of
more than `most` items pages through (`<base>2016-08/2/`, ...). Every month page links the
index and the pages before and after it, so that a reader reaches every item from the index
and no page grows with the site.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Link:
    """A page of a split list: its address (relative to the language's root), its month and
    its number within the month (1 for the month's own address)."""

    url: str
    month: date
    number: int


@dataclass(frozen=True)
class Pager:
    """Where a page of a split list stands. On the index, `months` lists (month, count,
    address of its first page), newest first, and `month` is None; on a month's page,
    `month`, `number` of `count` pages in that month, and its neighbours."""

    index: str
    total: int
    months: tuple[tuple[date, int, str], ...] = ()
    month: date | None = None
    number: int = 1
    count: int = 1
    previous: Link | None = None
    next: Link | None = None


def month_url(base: str, month: date, number: int = 1) -> str:
    """`<base>2016-08/`, or `<base>2016-08/<number>/` beyond the month's first page."""
    return f"{base}{month:%Y-%m}/" + (f"{number}/" if number > 1 else "")


def split(
    items: Sequence[T], base: str, most: int, day_of: Callable[[T], date]
) -> list[tuple[str, list[T], Pager | None]]:
    """The pages of the list `items` at `base`, as (address, items it shows, pager): one
    page without a pager when there are at most `most` items; else the index (no items)
    and each month's pages, in the list's order within a month and months oldest first."""
    if len(items) <= most:
        return [(base, list(items), None)]
    by_month: dict[date, list[T]] = {}
    for item in items:
        by_month.setdefault(day_of(item).replace(day=1), []).append(item)
    firsts = sorted(by_month)
    parts: list[tuple[Link, int, list[T]]] = []
    for first in firsts:
        month = by_month[first]
        count = -(-len(month) // most)
        for n in range(count):
            link = Link(month_url(base, first, n + 1), first, n + 1)
            parts.append((link, count, month[n * most : (n + 1) * most]))
    months = tuple((first, len(by_month[first]), month_url(base, first)) for first in firsts)
    pages: list[tuple[str, list[T], Pager | None]] = [
        (base, [], Pager(base, len(items), months=months[::-1]))
    ]
    for i, (link, count, shown) in enumerate(parts):
        pager = Pager(
            base,
            len(items),
            month=link.month,
            number=link.number,
            count=count,
            previous=parts[i - 1][0] if i else None,
            next=parts[i + 1][0] if i + 1 < len(parts) else None,
        )
        pages.append((link.url, shown, pager))
    return pages


def numbered(items: Sequence[T], base: str, most: int) -> list[tuple[str, list[T], int, int]]:
    """A list that has no months (one day's events) in pages of at most `most` items:
    (address, items, number, count), the first at `base`, the others at `<base><n>/`."""
    count = max(1, -(-len(items) // most))
    return [
        (base + (f"{n + 1}/" if n else ""), list(items[n * most : (n + 1) * most]), n + 1, count)
        for n in range(count)
    ]
