"""One association state for every API: v3 create-time links and reads, v4 endpoints, search.

Contract: an association is the set of HUBSPOT_DEFINED type ids on a directed pair of records
(fromType, fromId) -> (toType, toId). Every write also writes the inverse pair with the inverse
type ids, so the two directions never disagree. A non-empty set always holds the pair's unlabeled
default type: HubSpot keeps the unlabeled association under every label, and removing it removes
the labels too. Reads leave out archived records (their links stay, as HubSpot restores them with
the record). Ids of types the emulator does not serve are kept as given: nothing can check them.
Callers hold the emulator's lock; nothing here locks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from .association_types import PairDefinition, definition, object_type_name, singular, types_from
from .config import EmulatorConfig
from .errors import ErrorReply, validation_error
from .store import ObjectStore

__all__ = ["AssociationStore", "Link", "invalid_association_type", "invalid_records"]

# (object type plural, record id)
Ref = tuple[str, str]


class Link:
    """An association asked for at create time: to one record, with these type ids."""

    __slots__ = ("to_id", "to_type", "type_ids")

    def __init__(self, to_type: str, to_id: str, type_ids: Iterable[int]) -> None:
        self.to_type = to_type
        self.to_id = to_id
        self.type_ids = frozenset(type_ids)


def invalid_records(missing: list[Ref], subject: Ref | None = None) -> ErrorReply:
    """HubSpot's answer to an association with a record that does not exist (observed body:
    400 VALIDATION_ERROR "One or more associations are invalid", context INVALID_OBJECT_IDS)."""
    context: dict[str, list[str]] = {
        "INVALID_OBJECT_IDS": [f"{singular(t).upper()}={i} is not valid" for t, i in missing]
    }
    if subject is not None:
        context["objectId"] = [subject[1]]
        context["objectType"] = [singular(subject[0]).upper()]
    return validation_error("One or more associations are invalid", context=context)


def invalid_association_type(
    category: str, type_id: int, from_type: str, where: str, to_type: str | None = None
) -> ErrorReply:
    towards = f" to {singular(to_type)}" if to_type else ""
    return validation_error(
        f"{type_id} is not a valid association type id for {category} associations from "
        f"{singular(from_type)}{towards} (at {where})",
        errors=[
            {
                "message": f"unknown association type {type_id}",
                "code": "INVALID_ASSOCIATION_TYPE",
                "in": where,
            }
        ],
    )


class AssociationStore:
    def __init__(self, stores: Mapping[str, ObjectStore], config: EmulatorConfig) -> None:
        self._stores = stores
        self._config = config
        # (from type, from id) -> to type -> to id -> type ids
        self._links: dict[Ref, dict[str, dict[str, set[int]]]] = {}

    def reset(self) -> None:
        self._links.clear()

    # ----------------------------------------------------------------- records
    def exists(self, ref: Ref) -> bool | None:
        """Whether the record exists and is not archived; None for a type not served here."""
        store = self._stores.get(ref[0])
        if store is None:
            return None
        rec = store.record(ref[1])
        return rec is not None and not rec.archived

    def _shown(self, ref: Ref) -> bool:
        store = self._stores.get(ref[0])
        rec = store.record(ref[1]) if store is not None else None
        return rec is None or not rec.archived

    def missing(self, refs: Iterable[Ref]) -> list[Ref]:
        """The records among ``refs`` that do not exist, when the config models HubSpot's check."""
        if not self._config.require_association_records:
            return []
        return [ref for ref in dict.fromkeys(refs) if self.exists(ref) is False]

    def require(self, refs: Iterable[Ref], subject: Ref | None = None) -> None:
        missing = self.missing(refs)
        if missing:
            raise invalid_records(missing, subject)

    # ----------------------------------------------------------------- reads
    def types_between(self, src: Ref, dst: Ref) -> frozenset[int]:
        return frozenset(self._links.get(src, {}).get(dst[0], {}).get(dst[1], ()))

    def targets(self, src: Ref, to_type: str) -> list[tuple[str, frozenset[int]]]:
        """(to id, type ids) for every shown record of ``to_type`` linked from ``src``, by id."""
        found = self._links.get(src, {}).get(to_type, {})
        shown = [(tid, frozenset(t)) for tid, t in found.items() if self._shown((to_type, tid))]
        return sorted(shown, key=lambda item: (len(item[0]), item[0]))

    def ids(self, src: Ref, to_type: str) -> set[str]:
        found = self._links.get(src, {}).get(to_type, {})
        return {tid for tid in found if self._shown((to_type, tid))}

    def v3_view(self, from_type: str, record_id: str, names: Iterable[str]) -> dict[str, Any]:
        """The ``associations`` object of a v3 read: ``{contacts: {results: [{id, type}]}}``."""
        out: dict[str, Any] = {}
        for name in names:
            to_type = object_type_name(name)
            pair = definition(from_type, to_type) if to_type else None
            if to_type is None or pair is None:
                continue
            results = [
                {"id": tid, "type": pair.types[t].v3_name}
                for tid, types in self.targets((from_type, record_id), to_type)
                for t in sorted(types)
            ]
            if results:
                out[to_type] = {"results": results}
        return out

    def search_properties(
        self, from_type: str
    ) -> dict[str, Callable[[Mapping[str, Any]], Collection[str]]]:
        """The ``associations.{type}`` pseudo-properties a search of ``from_type`` answers."""

        def getter(to_type: str) -> Callable[[Mapping[str, Any]], Collection[str]]:
            return lambda record: self.ids((from_type, str(record["id"])), to_type)

        return {
            f"associations.{singular(to_type)}": getter(to_type)
            for to_type in sorted(set(types_from(from_type).values()))
        }

    # ----------------------------------------------------------------- writes
    def add(self, src: Ref, dst: Ref, type_ids: Iterable[int]) -> None:
        self._put(src, dst, {*self.types_between(src, dst), *type_ids})

    def replace(self, src: Ref, dst: Ref, type_ids: Iterable[int]) -> None:
        """Set exactly these types (plus the unlabeled default) between the pair."""
        self._put(src, dst, set(type_ids))

    def remove(self, src: Ref, dst: Ref, type_ids: Iterable[int] | None = None) -> None:
        """Remove these types, or every type (None); removing the default removes them all."""
        pair = _definition(src, dst)
        drop = set(type_ids) if type_ids is not None else {pair.default.type_id}
        if pair.default.type_id in drop:
            self._put(src, dst, set())
        else:
            current = self.types_between(src, dst)
            if current:
                self._put(src, dst, set(current - drop))

    def link_all(self, src: Ref, links: Iterable[Link]) -> None:
        for link in links:
            self.add(src, (link.to_type, link.to_id), link.type_ids)

    def _put(self, src: Ref, dst: Ref, type_ids: set[int]) -> None:
        pair = _definition(src, dst)
        if type_ids:
            type_ids.add(pair.default.type_id)
        inverse = {pair.types[t].inverse_id for t in type_ids}
        self._set(src, dst, type_ids)
        self._set(dst, src, inverse)

    def _set(self, src: Ref, dst: Ref, type_ids: set[int]) -> None:
        by_type = self._links.setdefault(src, {})
        by_id = by_type.setdefault(dst[0], {})
        if type_ids:
            by_id[dst[1]] = type_ids
            return
        by_id.pop(dst[1], None)
        if not by_id:
            del by_type[dst[0]]
        if not by_type:
            del self._links[src]


def _definition(src: Ref, dst: Ref) -> PairDefinition:
    pair = definition(src[0], dst[0])
    if pair is None:
        # Callers validate the pair first; reaching here is a bug in the emulator.
        raise AssertionError(f"no association type from {src[0]} to {dst[0]}")
    return pair
