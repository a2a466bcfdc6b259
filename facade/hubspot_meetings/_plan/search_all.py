"""The decisions of ``search_all``: every match of a search exactly once, past HubSpot's
10,000-result cap, even while the caller changes the records it is given.

Offset paging shifts under a caller: archive (or update out of the filter) each record as it
is yielded, and the next page's offset lands past records nobody has seen; 300 of 500 came
back. So whenever the order allows, ``SearchAllPlan`` pages by keyset on ``hs_object_id``
from the first page on: results sorted by id, and each next request ANDs
``hs_object_id GT <last id yielded>`` into every filter group, with no offset. What the caller
does to yielded records cannot move the unseen ones, ids are unique and the order total, so
each record that matched when the search began comes back once (and the 10,000 cap, which
bounds offsets, never applies). It costs no extra request: a page shorter than asked for, or
a total the page covers, ends the search as the offset cursor did. Because the extra filter
must fit HubSpot's limits (6 filters per group, 18 in all), a search with no room for it is
refused up front, whatever its size: a job must not start failing the day its data grows.

A caller's sort on another property pages by offset, which HubSpot caps at 10,000 (more
raises ``SearchWindowError`` before anything is yielded). Each page after the first starts
one row early, on the last record already yielded: if that row is no longer that record with
the same sort value, the order moved under the iteration (records before it were changed,
archived or added) and rows could be skipped or repeated, so ``SearchShiftedError`` is raised
rather than yielding a silently incomplete result. The sort property is read with every page
for that comparison.

The plan does no I/O and keeps O(1) state (the last record yielded, never the set of ids);
``_client.search_all`` / ``asearch_all`` send its requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from .._exceptions import (
    RequestValidationError,
    ResponseValidationError,
    SearchShiftedError,
    SearchWindowError,
)
from .._types import SearchPageLike
from .checks import check_limit, normalise_sort, to_plain
from .limits import DEFAULT_SEARCH_PROPERTIES, KEYSET_PROPERTY, SEARCH_LIMITS, SEARCH_RESULT_WINDOW

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


def _property(result: object, name: str) -> object:
    props = result.get("properties") if isinstance(result, Mapping) else None
    if props is None:
        props = getattr(result, "properties", None)
    return props.get(name) if isinstance(props, Mapping) else None


class SearchAllPlan:
    """The decisions of ``search_all``: what to request next, what to yield; no I/O.

    Call ``next_request()``; when it returns ``None`` the search is exhausted. Otherwise send it
    and pass the page to ``accept(page)``, which returns the results to yield.
    ``window`` is HubSpot's 10,000 cap; tests may lower it to exercise it cheaply.
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
        # Keyset paging works whenever results come in id order, either direction.
        self._keyset_op: str | None = None
        self._sort_property: str | None = None
        if sort["propertyName"] == KEYSET_PROPERTY:
            self._keyset_op = "GT" if sort["direction"] == "ASCENDING" else "LT"
            self._check_room_for_keyset_filter()
        else:
            self._sort_property = sort["propertyName"]
            # The overlap row is compared on its sort value, so that value must come back.
            wanted = self._properties
            if sort["propertyName"] not in DEFAULT_SEARCH_PROPERTIES and (
                wanted is None or sort["propertyName"] not in wanted
            ):
                self._properties = [*(wanted or []), sort["propertyName"]]
        self._last_id: int | None = None  # last id yielded
        self._last_value: object = None  # its sort value (offset paging)
        self._yielded = 0  # rows yielded so far (offset paging: the next offset)
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
                    f"({KEYSET_PROPERTY} {self._keyset_op} <last id>) to page by id, which "
                    f"keeps every match once past {SEARCH_RESULT_WINDOW:,} results and while "
                    f"records change, and HubSpot allows {SEARCH_LIMITS.filters_per_group} "
                    "per group",
                )
        extra = max(len(self._groups), 1)
        if total + extra > SEARCH_LIMITS.filters_total:
            raise RequestValidationError(
                "filter_groups",
                f"has {total} filters in {len(self._groups)} groups; search_all adds one "
                f"{KEYSET_PROPERTY} filter per group to page by id past {SEARCH_RESULT_WINDOW:,} "
                f"results, and HubSpot allows {SEARCH_LIMITS.filters_total} in all",
            )

    @property
    def sorts(self) -> list[dict[str, str]]:
        return [dict(s) for s in self._sorts]

    def _request_groups(self) -> list[dict[str, Any]]:
        if self._last_id is None or self._keyset_op is None:
            return [dict(g, filters=list(g["filters"])) for g in self._groups]
        keyset = {
            "propertyName": KEYSET_PROPERTY,
            "operator": self._keyset_op,
            "value": str(self._last_id),
        }
        if not self._groups:
            return [{"filters": [keyset]}]
        # Groups are OR-ed, so the bound must be ANDed into each one to bound them all.
        return [dict(g, filters=[*g["filters"], keyset]) for g in self._groups]

    def _offset(self) -> int:
        # From the second page on, start on the last row yielded, to check nothing moved.
        return self._yielded - 1 if self._yielded else 0

    def next_request(self) -> SearchRequest | None:
        if self._done:
            return None
        if self._keyset_op is not None:
            limit, after = self._page_size, None
        else:
            offset = self._offset()
            # One row more than a page for the overlap, within the request's maximum; and the
            # window's last page is shortened: HubSpot refuses after + limit > 10,000.
            wanted = self._page_size + (1 if offset else 0)
            limit = min(wanted, SEARCH_LIMITS.limit, self._window - offset)
            after = str(offset) if offset else None
        return SearchRequest(
            filter_groups=self._request_groups(),
            query=self._query,
            sorts=self.sorts,
            properties=list(self._properties) if self._properties is not None else None,
            limit=limit,
            after=after,
        )

    def accept(self, page: SearchPageLike[T]) -> list[T]:
        if self._done:
            raise RuntimeError("SearchAllPlan.accept called after the search finished")
        if self._keyset_op is not None:
            return self._accept_keyset(page)
        return self._accept_offset(page)

    def _accept_keyset(self, page: SearchPageLike[T]) -> list[T]:
        results = list(page.results)
        asked = self._page_size
        fresh: list[T] = []
        ascending = self._keyset_op == "GT"
        for result in results:
            rid = self._id_of(result)
            # Every row should lie past the bound; one that does not is a repeat of a row
            # already yielded (in id order nothing unseen can be behind the last id).
            if self._last_id is not None and (
                rid <= self._last_id if ascending else rid >= self._last_id
            ):
                continue
            self._last_id = rid
            fresh.append(result)
        if results and not fresh:
            raise ResponseValidationError(
                "results", "keyset paging made no progress; results not in id order"
            )
        total = page.total
        # The total counts what is left past the bound: a page holding all of it is the last,
        # so a search of exactly N pages costs N requests, not N + 1. Without a total, a page
        # shorter than asked for is the last.
        if not fresh:
            self._done = True
        elif total is not None:
            self._done = total <= len(results)
        else:
            self._done = len(results) < asked
        self._first_page = False
        return fresh

    def _accept_offset(self, page: SearchPageLike[T]) -> list[T]:
        results = list(page.results)
        total = page.total
        if self._first_page and total is not None and total > self._window:
            raise SearchWindowError(total, self._user_sorts, self._window)
        offset = self._offset()
        fresh = results
        if offset:
            self._check_overlap(results)
            fresh = results[1:]
        self._first_page = False
        if fresh:
            last = fresh[-1]
            self._last_id = self._id_of(last)
            self._last_value = _property(last, self._sort_property or "")
        self._yielded += len(fresh)
        consumed = self._yielded
        if not fresh or page.next_after is None or (total is not None and consumed >= total):
            self._done = True
        elif consumed >= self._window:
            # The total grew past the window after the first page; no way past it.
            raise SearchWindowError(total or consumed, self._user_sorts, self._window)
        return fresh

    def _check_overlap(self, results: list[Any]) -> None:
        """The first row of a later page must be the last record yielded, unchanged in its
        sort value; otherwise the rows before it moved and an offset no longer means what it
        did: continuing could skip records, or yield some twice."""
        position = self._yielded
        if not results:
            raise SearchShiftedError(
                self._user_sorts,
                position,
                f"the search now has fewer than {position} matches",
            )
        rid = self._id_of(results[0])
        if rid != self._last_id:
            raise SearchShiftedError(
                self._user_sorts,
                position,
                f"record {self._last_id} is no longer at position {position} (found {rid})",
            )
        value = _property(results[0], self._sort_property or "")
        if value != self._last_value:
            raise SearchShiftedError(
                self._user_sorts,
                position,
                f"record {rid}'s {self._sort_property} changed from {self._last_value!r} "
                f"to {value!r}",
            )
