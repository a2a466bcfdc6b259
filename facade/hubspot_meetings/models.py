"""Thin typed wrappers over HubSpot's response bodies.

Every wrapper keeps the raw JSON (`raw`) and, when strict or lenient parsing succeeded, the
generated attrs model (`model`); `properties` is always a plain dict, whatever the parse mode.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

import attrs

__all__ = ["CrmObject", "Page", "PageLike", "SearchPage", "SearchPageLike", "parse_datetime"]

T_co = TypeVar("T_co", covariant=True)


def parse_datetime(value: object) -> datetime.datetime | None:
    """HubSpot's ISO-8601 timestamp (`2026-03-15T08:00:00.000Z`), or None when absent/garbled."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None


def _str_dict(value: object) -> dict[str, str | None]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): (v if v is None or isinstance(v, str) else str(v)) for k, v in value.items()}


@attrs.frozen
class CrmObject:
    """One CRM record (a meeting, for the meetings client)."""

    id: str
    properties: dict[str, str | None]
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    archived: bool | None = None
    archived_at: datetime.datetime | None = None
    # {property: [{"value": ..., "timestamp": ..., "sourceType": ...}, ...]}
    properties_with_history: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict)
    # {"contacts": [{"id": "101", "type": "meeting_event_to_contact"}, ...]}
    associations: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict)
    object_write_trace_id: str | None = None
    new: bool | None = None  # upsert only: whether the record was created
    url: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    model: Any = attrs.field(default=None, repr=False, eq=False)

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any], model: Any = None) -> CrmObject:
        """Build leniently from a response dict: malformed fields become None, `raw` keeps them."""
        history: dict[str, list[dict[str, Any]]] = {}
        raw_history = raw.get("propertiesWithHistory")
        if isinstance(raw_history, Mapping):
            for name, entries in raw_history.items():
                if isinstance(entries, list):
                    history[str(name)] = [dict(e) for e in entries if isinstance(e, Mapping)]
        associations: dict[str, list[dict[str, Any]]] = {}
        raw_assoc = raw.get("associations")
        if isinstance(raw_assoc, Mapping):
            for name, coll in raw_assoc.items():
                results = coll.get("results") if isinstance(coll, Mapping) else None
                if isinstance(results, list):
                    associations[str(name)] = [dict(r) for r in results if isinstance(r, Mapping)]
        archived = raw.get("archived")
        new = raw.get("new")
        trace = raw.get("objectWriteTraceId")
        url = raw.get("url")
        return cls(
            id=str(raw.get("id", "")),
            properties=_str_dict(raw.get("properties")),
            created_at=parse_datetime(raw.get("createdAt")),
            updated_at=parse_datetime(raw.get("updatedAt")),
            archived=archived if isinstance(archived, bool) else None,
            archived_at=parse_datetime(raw.get("archivedAt")),
            properties_with_history=history,
            associations=associations,
            object_write_trace_id=trace if isinstance(trace, str) else None,
            new=new if isinstance(new, bool) else None,
            url=url if isinstance(url, str) else None,
            raw=dict(raw),
            model=model,
        )


class PageLike(Protocol[T_co]):
    """One page of a list: what ``ObjectClient.list`` returns."""

    @property
    def results(self) -> Sequence[T_co]: ...

    @property
    def next_after(self) -> str | None: ...


class SearchPageLike(PageLike[T_co], Protocol[T_co]):
    """One page of a search: also carries the total number of matches."""

    @property
    def total(self) -> int | None: ...


@attrs.frozen
class Page:
    """One page of a list call; pass `next_after` as `after` for the next page (None: last)."""

    results: list[CrmObject]
    next_after: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    model: Any = attrs.field(default=None, repr=False, eq=False)


@attrs.frozen
class SearchPage:
    """One page of a search; `total` counts every match, not just this page."""

    results: list[CrmObject]
    total: int | None = None
    next_after: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    model: Any = attrs.field(default=None, repr=False, eq=False)


def next_after(raw: Mapping[str, Any]) -> str | None:
    paging = raw.get("paging")
    nxt = paging.get("next") if isinstance(paging, Mapping) else None
    after = nxt.get("after") if isinstance(nxt, Mapping) else None
    if isinstance(after, str | int) and not isinstance(after, bool):
        return str(after)
    return None
