"""The decisions of ``search_all``: reaching every match of a search past HubSpot's 10,000 cap.

HubSpot refuses to page a search beyond 10,000 results. To get every match, ``SearchAllPlan``
sorts on ``hs_object_id`` and, when the next offset would leave that window, starts a new search
with ``hs_object_id GT <last id seen>`` ANDed into every filter group (keyset continuation). Ids
are unique and the order total, so nothing is skipped or repeated. That continuation needs id
order; with another sort, a search whose total passes the window raises ``SearchWindowError``
before yielding anything rather than silently stopping at 10,000. Because the extra filter must
fit HubSpot's limits (6 filters per group, 18 in all), a search with no room for it is refused
up front, whatever its size: a job must not start failing the day its data grows past 10,000.

The plan does no I/O and keeps O(1) state (the last ``hs_object_id`` seen, never the set of ids
already yielded); ``paging.search_all`` / ``asearch_all`` send its requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from .._exceptions import RequestValidationError, ResponseValidationError, SearchWindowError
from .._types import SearchPageLike
from .checks import check_limit, normalise_sort, to_plain
from .limits import KEYSET_PROPERTY, SEARCH_LIMITS, SEARCH_RESULT_WINDOW

__all__ = [
    "SearchAllPlan",
    "SearchRequest",
]

T = TypeVar("T")


@attrs.frozen
class SearchRequest:
    """The arguments of one search call, in HubSpot's JSON shapes."""

    filter_groups: list[dict[str, Any]]
    query: str | None
    sorts: list[dict[str, str]]
    properties: list[str] | None
    limit: int
    after: str | None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``ObjectClient.search``."""
        return attrs.asdict(self, recurse=False)


def _normalise_groups(filter_groups: Sequence[object] | None) -> list[dict[str, Any]]:
    if filter_groups is None:
        return []
    if isinstance(filter_groups, str | bytes | Mapping):
        raise RequestValidationError("filter_groups", "expected a list of filter groups")
    groups: list[dict[str, Any]] = []
    for gi, raw in enumerate(filter_groups):
        group = to_plain(raw, f"filter_groups[{gi}]")
        filters = group.get("filters", [])
        if not isinstance(filters, Sequence) or isinstance(filters, str | bytes):
            raise RequestValidationError(f"filter_groups[{gi}].filters", "expected a list")
        group["filters"] = [
            to_plain(f, f"filter_groups[{gi}].filters[{fi}]") for fi, f in enumerate(filters)
        ]
        groups.append(group)
    return groups


def _normalise_sorts(sorts: Sequence[object] | None) -> list[dict[str, str]]:
    if sorts is None:
        return []
    if isinstance(sorts, str | bytes | Mapping):
        raise RequestValidationError("sorts", "expected a list of sorts")
    out = [normalise_sort(raw, f"sorts[{i}]") for i, raw in enumerate(sorts)]
    if len(out) > SEARCH_LIMITS.sorts:
        raise RequestValidationError("sorts", f"HubSpot allows one sort per search, got {len(out)}")
    return out


def _result_id(result: object) -> int:
    raw = result.get("id") if isinstance(result, Mapping) else getattr(result, "id", None)
    text = str(raw) if raw is not None else ""
    if not text.isdigit():
        raise ResponseValidationError("results[].id", f"expected a numeric object id, got {raw!r}")
    return int(text)


class SearchAllPlan:
    """The decisions of ``search_all``: what to request next, what to yield; no I/O.

    Call ``next_request()``; when it returns ``None`` the search is exhausted. Otherwise send it
    and pass the page to ``accept(page)``, which returns the results to yield.
    ``window`` is HubSpot's 10,000 cap; tests may lower it to exercise continuation cheaply.
    """

    def __init__(
        self,
        *,
        filter_groups: Sequence[object] | None = None,
        query: str | None = None,
        sorts: Sequence[object] | None = None,
        properties: Iterable[str] | None = None,
        page_size: int | None = None,
        window: int = SEARCH_RESULT_WINDOW,
        id_of: Callable[[Any], int] = _result_id,
    ) -> None:
        page_size = (
            SEARCH_LIMITS.limit
            if page_size is None
            else check_limit(page_size, "page_size", SEARCH_LIMITS.limit)
        )
        if window < page_size:
            raise RequestValidationError("window", f"must be >= page_size ({page_size})")
        if query is not None and not isinstance(query, str):
            raise RequestValidationError("query", f"must be a string, got {type(query).__name__}")
        if isinstance(properties, str):
            raise RequestValidationError("properties", "expected a list of property names")
        self._groups = _normalise_groups(filter_groups)
        self._query = query
        self._properties = list(properties) if properties is not None else None
        self._page_size = page_size
        self._window = window
        self._id_of = id_of
        user_sorts = _normalise_sorts(sorts)
        self._user_sorts = user_sorts
        if not user_sorts:
            user_sorts = [{"propertyName": KEYSET_PROPERTY, "direction": "ASCENDING"}]
        self._sorts = user_sorts
        sort = user_sorts[0]
        # Keyset continuation works whenever results come in id order, either direction.
        self._keyset_op: str | None = None
        if sort["propertyName"] == KEYSET_PROPERTY:
            self._keyset_op = "GT" if sort["direction"] == "ASCENDING" else "LT"
            self._check_room_for_keyset_filter()
        self._offset = 0  # within the current segment (one search body)
        self._last_id: int | None = None  # last id yielded, across segments
        self._bound: int | None = None  # the keyset bound of the current segment
        self._done = False
        self._first_page = True

    def _check_room_for_keyset_filter(self) -> None:
        if len(self._groups) > SEARCH_LIMITS.groups:
            raise RequestValidationError(
                "filter_groups",
                f"HubSpot allows at most {SEARCH_LIMITS.groups} filter groups, "
                f"got {len(self._groups)}",
            )
        total = 0
        for gi, group in enumerate(self._groups):
            count = len(group["filters"])
            total += count
            if count >= SEARCH_LIMITS.filters_per_group:
                raise RequestValidationError(
                    f"filter_groups[{gi}].filters",
                    f"has {count} filters; search_all needs room for one more "
                    f"({KEYSET_PROPERTY} {self._keyset_op} <last id>) to continue past "
                    f"{SEARCH_RESULT_WINDOW:,} results, and HubSpot allows "
                    f"{SEARCH_LIMITS.filters_per_group} per group",
                )
        extra = max(len(self._groups), 1)
        if total + extra > SEARCH_LIMITS.filters_total:
            raise RequestValidationError(
                "filter_groups",
                f"has {total} filters in {len(self._groups)} groups; search_all adds one "
                f"{KEYSET_PROPERTY} filter per group to continue past {SEARCH_RESULT_WINDOW:,} "
                f"results, and HubSpot allows {SEARCH_LIMITS.filters_total} in all",
            )

    @property
    def sorts(self) -> list[dict[str, str]]:
        return [dict(s) for s in self._sorts]

    def _segment_groups(self) -> list[dict[str, Any]]:
        if self._bound is None or self._keyset_op is None:
            return [dict(g, filters=list(g["filters"])) for g in self._groups]
        keyset = {
            "propertyName": KEYSET_PROPERTY,
            "operator": self._keyset_op,
            "value": str(self._bound),
        }
        if not self._groups:
            return [{"filters": [keyset]}]
        # Groups are OR-ed, so the bound must be ANDed into each one to bound them all.
        return [dict(g, filters=[*g["filters"], keyset]) for g in self._groups]

    def next_request(self) -> SearchRequest | None:
        if self._done:
            return None
        return SearchRequest(
            filter_groups=self._segment_groups(),
            query=self._query,
            sorts=self.sorts,
            properties=list(self._properties) if self._properties is not None else None,
            # The last page of a window is shortened: HubSpot refuses after + limit > 10,000.
            limit=min(self._page_size, self._window - self._offset),
            after=str(self._offset) if self._offset else None,
        )

    def accept(self, page: SearchPageLike[T]) -> list[T]:
        if self._done:
            raise RuntimeError("SearchAllPlan.accept called after the search finished")
        results = list(page.results)
        total = page.total
        if (
            self._first_page
            and self._keyset_op is None
            and total is not None
            and total > self._window
        ):
            raise SearchWindowError(total, self._user_sorts, self._window)
        self._first_page = False

        fresh = results
        if self._keyset_op is not None:
            fresh = []
            ascending = self._keyset_op == "GT"
            for result in results:
                rid = self._id_of(result)
                # In id order a repeat (or an out-of-order row) can only be at or behind the
                # last id; skipping it needs no memory of what was seen.
                if self._last_id is not None and (
                    rid <= self._last_id if ascending else rid >= self._last_id
                ):
                    continue
                self._last_id = rid
                fresh.append(result)

        consumed = self._offset + len(results)
        if page.next_after is not None and page.next_after.isdigit():
            consumed = int(page.next_after)  # HubSpot's own offset, should it differ
        if self._keyset_op is None:
            if not results or page.next_after is None or (total is not None and consumed >= total):
                self._done = True
            elif consumed < self._window:
                self._offset = consumed
            else:
                # The total grew past the window after the first page; no way past it.
                raise SearchWindowError(total or consumed, self._user_sorts, self._window)
            return fresh

        # At the window's end HubSpot may omit the cursor, or give one it will refuse, so the
        # total decides. Without a total, a full window means "maybe more": one extra request.
        if total is not None:
            more_in_segment = consumed < total
        else:
            more_in_segment = page.next_after is not None or consumed >= self._window
        if not results or not more_in_segment:
            self._done = True
        elif page.next_after is not None and consumed < self._window:
            self._offset = consumed
        else:
            if not fresh and self._offset == 0:
                # A new segment that yields nothing new cannot make progress.
                raise ResponseValidationError(
                    "results", "keyset continuation made no progress; results not in id order"
                )
            self._offset = 0  # a new segment, bounded by the last id
            self._bound = self._last_id
        return fresh
