"""The decisions of lazy list paging: which cursor to send next, and one iteration's checked
arguments; no I/O.

Memory stays flat: an iterator holds one page at a time and keeps O(1) state (a cursor, or
the last ``hs_object_id`` seen for ``search_all``, see ``search_all``), never the set of ids
already yielded. The sync and async shells that drive this live in ``_client``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._exceptions import ResponseValidationError
from .._types import PageLike
from .checks import check_limit
from .limits import HISTORY_PAGE_SIZE, LIST_LIMIT

__all__ = ["ListCursor", "list_params"]


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


def list_params(
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
    maximum = LIST_LIMIT if properties_with_history is None else HISTORY_PAGE_SIZE
    size = maximum if page_size is None else check_limit(page_size, "page_size", maximum)

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
