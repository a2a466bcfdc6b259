"""Pages and lazy iterators: ``iter_pages``, ``list_all`` and ``search_all``, sync and async.

The decisions (which cursor to send next, when the search window is used up, how to continue
past it) live in two small state objects that do no I/O: ``ListCursor`` here and
``SearchAllPlan`` (in ``search_plan``, which explains how ``search_all``
reaches past HubSpot's 10,000-result cap). The sync and async shells below only call or await
a page fetcher, so both behave identically.

Memory stays flat: every iterator holds one page at a time and keeps O(1) state (a cursor, or
the last ``hs_object_id`` seen), never the set of ids already yielded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any, TypeVar, Unpack

from .._exceptions import RequestValidationError, ResponseValidationError
from .._options import IterPagesOptions
from .._types import PageLike, SearchPageLike
from .checks import LIST_LIMIT
from .search_all import SearchAllPlan, SearchRequest

__all__ = [
    "ListCursor",
    "aiter_items",
    "aiter_pages",
    "alist_pages",
    "asearch_all",
    "iter_items",
    "iter_pages",
    "list_pages",
    "search_all",
]

T = TypeVar("T")
P = TypeVar("P", bound="PageLike[Any]")

# List pages: HubSpot serves up to 100 records a page, 50 when property history is asked for.
LIST_PAGE_SIZE = LIST_LIMIT
HISTORY_PAGE_SIZE = 50


class ListCursor:
    """Which ``after`` to request next for a cursor-paged list; no I/O."""

    def __init__(self, after: str | None = None) -> None:
        self.after = after
        self.done = False

    def advance(self, page: PageLike[Any]) -> None:
        next_after = page.next_after
        if next_after is not None and next_after == self.after:
            # A cursor that does not move would loop forever; better a clear error.
            raise ResponseValidationError(
                "paging.next.after", f"the cursor did not advance (still {next_after!r})"
            )
        self.after = next_after
        self.done = next_after is None


def iter_pages(fetch: Callable[[str | None], P], after: str | None = None) -> Iterator[P]:
    """Pages from ``fetch(after)`` until one has no ``next_after``; resumable from ``after``."""
    cursor = ListCursor(after)
    while not cursor.done:
        page = fetch(cursor.after)
        cursor.advance(page)
        yield page


async def aiter_pages(
    fetch: Callable[[str | None], Awaitable[P]], after: str | None = None
) -> AsyncIterator[P]:
    """Async ``iter_pages``."""
    cursor = ListCursor(after)
    while not cursor.done:
        page = await fetch(cursor.after)
        cursor.advance(page)
        yield page


def _list_params(
    *,
    after: str | None = None,
    page_size: int | None = None,
    properties: Iterable[str] | None = None,
    properties_with_history: Iterable[str] | None = None,
    associations: Iterable[str] | None = None,
    archived: bool | None = None,
) -> tuple[str | None, dict[str, Any]]:
    """Where to start, and the keyword arguments of every ``list`` call of one iteration,
    checked eagerly."""
    maximum = LIST_PAGE_SIZE if properties_with_history is None else HISTORY_PAGE_SIZE
    size = maximum if page_size is None else page_size
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= maximum:
        raise RequestValidationError(
            "page_size", f"must be an integer between 1 and {maximum}, got {page_size!r}"
        )

    def names(value: Iterable[str] | None) -> Any:
        # A generator would be used up by the first page; a str is left for validation to refuse.
        return value if value is None or isinstance(value, str) else list(value)

    return after, {
        "limit": size,
        "properties": names(properties),
        "properties_with_history": names(properties_with_history),
        "associations": names(associations),
        "archived": archived,
    }


def list_pages(list_page: Callable[..., P], **options: Unpack[IterPagesOptions]) -> Iterator[P]:
    """``iter_pages`` over a client's ``list`` method; arguments are checked before returning.
    Keywords: ``after``, ``page_size``, and what to read (see ``ListAllOptions``)."""
    after, params = _list_params(**options)
    return iter_pages(lambda cursor: list_page(after=cursor, **params), after)


def alist_pages(
    list_page: Callable[..., Awaitable[P]], **options: Unpack[IterPagesOptions]
) -> AsyncIterator[P]:
    """Async ``list_pages``."""
    after, params = _list_params(**options)
    return aiter_pages(lambda cursor: list_page(after=cursor, **params), after)


def iter_items(pages: Iterator[PageLike[T]]) -> Iterator[T]:
    """Every result of every page, one page in memory at a time."""
    for page in pages:
        yield from page.results


async def aiter_items(pages: AsyncIterator[PageLike[T]]) -> AsyncIterator[T]:
    """Async ``iter_items``."""
    async for page in pages:
        for item in page.results:
            yield item


def search_all(
    search: Callable[[SearchRequest], SearchPageLike[T]], plan: SearchAllPlan
) -> Iterator[T]:
    """Every match of ``plan``'s search, fetching one page at a time with ``search``."""
    while (request := plan.next_request()) is not None:
        yield from plan.accept(search(request))


async def asearch_all(
    search: Callable[[SearchRequest], Awaitable[SearchPageLike[T]]], plan: SearchAllPlan
) -> AsyncIterator[T]:
    """Async ``search_all``."""
    while (request := plan.next_request()) is not None:
        for item in plan.accept(await search(request)):
            yield item
