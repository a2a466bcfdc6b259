"""The record store of one object type: records in creation order, unique-value indexes.

Paging is O(page): records sit in a list in creation order with an id -> position index, and a
cursor is the id of the next record to return (which is what HubSpot's ``after`` looks like).
The emulator's lock guards every mutation; read helpers for tests take it too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from .catalog import ObjectType
from .values import iso_instant

__all__ = ["ObjectStore", "Record"]


@attrs.define(eq=False)
class Record:
    id: str
    # Includes hs_object_id and the type's created and last-modified date properties.
    properties: dict[str, str | None]
    # name -> [(value, epoch ms)], oldest first.
    history: dict[str, list[tuple[str, int]]]
    created_ms: int
    created_at: str
    updated_ms: int
    updated_at: str
    archived: bool = False
    archived_at: str | None = None

    def public(self) -> dict[str, Any]:
        """A copy in the SimplePublicObject shape, with every stored property."""
        out: dict[str, Any] = {
            "id": self.id,
            "properties": dict(self.properties),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "archived": self.archived,
        }
        if self.archived_at is not None:
            out["archivedAt"] = self.archived_at
        return out


class ObjectStore:
    """Records of one object type. Ids come from ``next_id`` (shared by all object types)."""

    def __init__(
        self, otype: ObjectType, next_id: Callable[[], str], lock: threading.RLock
    ) -> None:
        self.object_type = otype
        self._next_id = next_id
        self._lock = lock
        self._unique_names = otype.unique_properties
        self.reset()

    # ----------------------------------------------------------------- test inspection
    def all(self, include_archived: bool = False) -> list[dict[str, Any]]:
        with self._lock:
            return [r.public() for r in self._iter_records() if include_archived or not r.archived]

    def get(self, record_id: str) -> dict[str, Any] | None:
        with self._lock:
            rec = self._records.get(str(record_id))
            return rec.public() if rec is not None else None

    def count(self, include_archived: bool = False) -> int:
        with self._lock:
            total = len(self._order)
            return total if include_archived else total - self._archived_count

    def reset(self) -> None:
        with self._lock:
            self._records: dict[str, Record] = {}
            self._order: list[str] = []
            self._pos: dict[str, int] = {}
            self._archived_count = 0
            # property -> value -> id, for non-archived records with a non-empty value
            self._unique: dict[str, dict[str, str]] = {n: {} for n in self._unique_names}

    # ----------------------------------------------------------------- internal reads
    def _iter_records(self) -> Iterator[Record]:
        for rid in self._order:
            yield self._records[rid]

    def record(self, record_id: str) -> Record | None:
        return self._records.get(record_id)

    def find(self, id_property: str, value: str) -> Record | None:
        """Look a record up by ``hs_object_id`` or a unique property (archived ones included
        only for ``hs_object_id``)."""
        if id_property == "hs_object_id":
            return self._records.get(value)
        owner = self._unique.get(id_property, {}).get(value)
        return self._records.get(owner) if owner is not None else None

    def unique_owner(self, name: str, value: str) -> str | None:
        index = self._unique.get(name)
        return index.get(value) if index is not None and value else None

    def is_unique(self, name: str) -> bool:
        return name == "hs_object_id" or name in self._unique

    def page(
        self, after: str | None, limit: int, archived: bool
    ) -> tuple[list[Record], str | None]:
        """Up to ``limit`` records from cursor ``after``; KeyError for an unknown cursor."""
        start = 0 if after is None else self._pos[after]
        found: list[Record] = []
        order = self._order
        for i in range(start, len(order)):
            rec = self._records[order[i]]
            if rec.archived != archived:
                continue
            if len(found) == limit:
                return found, rec.id
            found.append(rec)
        return found, None

    def active_views(self) -> list[dict[str, Any]]:
        """Non-archived records for the search engine, sharing (not copying) property dicts."""
        return [
            {
                "id": r.id,
                "properties": r.properties,
                "createdAt": r.created_at,
                "updatedAt": r.updated_at,
                "archived": False,
            }
            for r in self._iter_records()
            if not r.archived
        ]

    # ----------------------------------------------------------------- mutations
    def insert(self, properties: Mapping[str, str], now_ms: int) -> Record:
        rid = self._next_id()
        now = iso_instant(now_ms)
        props: dict[str, str | None] = dict(properties)
        props["hs_object_id"] = rid
        props[self.object_type.created_property] = now
        props[self.object_type.modified_property] = now
        history = {name: [(value, now_ms)] for name, value in props.items() if value is not None}
        rec = Record(
            id=rid,
            properties=props,
            history=history,
            created_ms=now_ms,
            created_at=now,
            updated_ms=now_ms,
            updated_at=now,
        )
        self._records[rid] = rec
        self._pos[rid] = len(self._order)
        self._order.append(rid)
        self._index(rec)
        return rec

    def apply(self, rec: Record, changes: Mapping[str, str], now_ms: int) -> bool:
        """Set ``changes`` on ``rec``; False (and no new history) when nothing changed."""
        changed = {k: v for k, v in changes.items() if rec.properties.get(k) != v}
        if not changed:
            return False
        self._unindex(rec)
        now = iso_instant(now_ms)
        for name, value in changed.items():
            rec.properties[name] = value
            rec.history.setdefault(name, []).append((value, now_ms))
        modified = self.object_type.modified_property
        rec.properties[modified] = now
        rec.history.setdefault(modified, []).append((now, now_ms))
        rec.updated_ms = now_ms
        rec.updated_at = now
        self._index(rec)
        return True

    def archive(self, rec: Record, now_ms: int) -> None:
        if rec.archived:
            return
        self._unindex(rec)
        rec.archived = True
        rec.archived_at = rec.updated_at = iso_instant(now_ms)
        rec.updated_ms = now_ms
        self._archived_count += 1

    def _index(self, rec: Record) -> None:
        if rec.archived:
            return
        for name, index in self._unique.items():
            value = rec.properties.get(name)
            if value:
                index[value] = rec.id

    def _unindex(self, rec: Record) -> None:
        for name, index in self._unique.items():
            value = rec.properties.get(name)
            if value and index.get(value) == rec.id:
                del index[value]
