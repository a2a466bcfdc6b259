"""The associations API (v4 and dated paths): record-pair PUT/DELETE, a record's list, batches.

One ``AssociationOperations`` is built per request, for a from-type the emulator serves and any
to-type HubSpot defines associations with; it reads and writes the one AssociationStore the v3
object handlers also use. Shapes follow HubSpot's v4 associations spec; each write checks every
input before the first change, so a request refused as a whole changes nothing. Inputs that name
records that do not exist (with ``require_association_records``) become 207 per-item errors in
batches and a 400 for a single pair; a batch read reports each input without associations as
HubSpot does, with ``crm.associations.NO_ASSOCIATIONS_FOUND``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .association_types import (
    HUBSPOT_DEFINED,
    PairDefinition,
    definition,
    object_type_id,
    singular,
)
from .associations import Ref, invalid_association_type, invalid_records
from .errors import ErrorReply, invalid_json, not_found, standard_error, validation_error
from .handlers import ObjectOperations, Reply

__all__ = ["AssociationOperations"]


class AssociationOperations(ObjectOperations):
    """Association operations from ``self.otype`` (a served type) to ``to_type`` (a plural)."""

    def __init__(self, *, to_type: str, record_id: str, to_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.to_type = to_type
        self.record_id = record_id
        self.to_id = to_id

    # ================================================================= parsing
    def _pair(self) -> PairDefinition:
        pair = definition(self.otype.name, self.to_type)
        if pair is None:
            raise validation_error(
                f"There is no association type from {self.otype.singular} to "
                f"{singular(self.to_type)}",
                errors=[{"message": "no such association", "code": "INVALID_ASSOCIATION_TYPE"}],
            )
        return pair

    def _refs(self, from_id: Any, to_id: Any, where: str) -> tuple[Ref, Ref]:
        src = (self.otype.name, self._id_value(from_id, f"{where}from.id"))
        dst = (self.to_type, self._id_value(to_id, f"{where}to.id"))
        # A record id is a number: anything else names no record at all.
        bad = [ref for ref in (src, dst) if not ref[1].isdigit()]
        if bad:
            raise invalid_records(bad, src)
        return src, dst

    def _object_ref(self, raw: Any, where: str) -> Any:
        if not isinstance(raw, dict):
            raise invalid_json(f"{where} must be an object like {{'id': '123'}}", where)
        return raw.get("id")

    def _type_ids(self, pair: PairDefinition, specs: Any, where: str) -> list[int]:
        if not isinstance(specs, list) or not specs:
            raise invalid_json(f"{where} must be a non-empty array of AssociationSpec", where)
        found: list[int] = []
        for j, spec in enumerate(specs):
            there = f"{where}[{j}]"
            category, type_id = self._association_spec(spec, there)
            if category != HUBSPOT_DEFINED or type_id not in pair.types:
                raise invalid_association_type(
                    category, type_id, self.otype.name, there, self.to_type
                )
            found.append(type_id)
        return found

    def _pairs(self, limit: int, with_types: bool) -> list[tuple[Ref, Ref, list[int]]]:
        """Every ``{from, to[, types]}`` input, checked before anything is written."""
        pair = self._pair()
        out: list[tuple[Ref, Ref, list[int]]] = []
        for i, item in enumerate(self._inputs(self._json_body(), limit)):
            where = f"inputs[{i}]."
            src, dst = self._refs(
                self._object_ref(item.get("from"), f"{where}from"),
                self._object_ref(item.get("to"), f"{where}to"),
                where,
            )
            types = self._type_ids(pair, item.get("types"), f"{where}types") if with_types else []
            out.append((src, dst, types))
        return out

    def _id_out(self, record_id: str) -> int | str:
        numeric = self.config.association_object_ids == "number" and record_id.isdigit()
        return int(record_id) if numeric else record_id

    def _page_limit(self) -> int:
        raw = self.query.get("limit")
        hi = self.config.max_association_page_limit
        if raw is None or raw == "":
            return hi
        value = int(raw) if raw.strip().isdigit() else 0
        if not 1 <= value <= hi:
            raise validation_error(
                f"limit must be an integer between 1 and {hi}, got {raw!r}",
                errors=[
                    {"message": f"limit must be 1..{hi}", "code": "INVALID_LIMIT", "in": "limit"}
                ],
            )
        return value

    # ================================================================= views
    def _labels_view(self, src: Ref, dst: Ref, pair: PairDefinition) -> dict[str, Any]:
        types = self.associations.types_between(src, dst)
        return {
            "fromObjectTypeId": object_type_id(src[0]),
            "fromObjectId": self._id_out(src[1]),
            "toObjectTypeId": object_type_id(dst[0]),
            "toObjectId": self._id_out(dst[1]),
            "labels": [
                t.label for tid, t in sorted(pair.types.items()) if tid in types and t.label
            ],
        }

    def _default_views(self, src: Ref, dst: Ref, pair: PairDefinition) -> list[dict[str, Any]]:
        # The default association is written both ways, and HubSpot reports both.
        return [
            {
                "from": {"id": a[1]},
                "to": {"id": b[1]},
                "associationSpec": {"associationCategory": HUBSPOT_DEFINED, "associationTypeId": t},
            }
            for a, b, t in ((src, dst, pair.default.type_id), (dst, src, pair.default.inverse_id))
        ]

    def _targets_page(self, src: Ref, after: str | None, limit: int) -> dict[str, Any]:
        """``{results: [...], paging?}``: up to ``limit`` targets of one record from ``after``."""
        if after is not None and not after.isdigit():
            raise validation_error(
                f"Invalid paging cursor after={after!r}: use paging.next.after of a previous page",
                errors=[{"message": "invalid cursor", "code": "INVALID_AFTER", "in": "after"}],
            )
        pair = definition(src[0], self.to_type)
        targets = self.associations.targets(src, self.to_type)
        if after is not None:
            key = (len(after), after)
            targets = [t for t in targets if (len(t[0]), t[0]) >= key]
        page: dict[str, Any] = {
            "results": [
                {
                    "toObjectId": self._id_out(tid),
                    "associationTypes": [
                        {
                            "category": HUBSPOT_DEFINED,
                            "typeId": t,
                            "label": pair.types[t].label if pair else None,
                        }
                        for t in sorted(types)
                    ],
                }
                for tid, types in targets[:limit]
            ]
        }
        if len(targets) > limit:
            page["paging"] = {"next": {"after": targets[limit][0]}}
        return page

    # ================================================================= one record pair
    def put_default(self) -> Reply:
        pair = self._pair()
        src, dst = self._refs(self.record_id, self.to_id, "")
        self.associations.require([src, dst], src)
        self.associations.add(src, dst, [pair.default.type_id])
        return self._batch_body(200, self._default_views(src, dst, pair), [])

    def put_labels(self) -> Reply:
        pair = self._pair()
        src, dst = self._refs(self.record_id, self.to_id, "")
        type_ids = self._type_ids(pair, self._json_value(), "body")
        self.associations.require([src, dst], src)
        self.associations.replace(src, dst, type_ids)
        return Reply(201, self._labels_view(src, dst, pair))

    def delete_pair(self) -> Reply:
        src, dst = self._refs(self.record_id, self.to_id, "")
        if definition(src[0], dst[0]) is not None:
            self.associations.remove(src, dst)
        # Unknown records and pairs without associations also get 204, as object deletes do.
        return Reply(204, None)

    def list_targets(self) -> Reply:
        limit = self._page_limit()
        src = (self.otype.name, self.record_id)
        if self.associations.missing([src]) or not self.record_id.isdigit():
            raise not_found()
        return Reply(200, self._targets_page(src, self.query.get("after") or None, limit))

    # ================================================================= batches
    def _write(
        self, items: Iterable[tuple[Ref, Ref, list[int]]], write: Any
    ) -> tuple[list[tuple[Ref, Ref, list[int]]], list[dict[str, Any]]]:
        """Apply ``write`` to the inputs whose records exist; the others become 207 errors."""
        done: list[tuple[Ref, Ref, list[int]]] = []
        errors: list[dict[str, Any]] = []
        for src, dst, types in items:
            missing = self.associations.missing([src, dst])
            if missing:
                errors.append(standard_error(invalid_records(missing, src)))
                continue
            write(src, dst, types)
            done.append((src, dst, types))
        return done, errors

    def batch_associate_default(self) -> Reply:
        pair = self._pair()
        items = self._pairs(self.config.max_association_batch_write_inputs, with_types=False)
        done, errors = self._write(
            items, lambda s, d, _t: self.associations.add(s, d, [pair.default.type_id])
        )
        results = [view for s, d, _t in done for view in self._default_views(s, d, pair)]
        return self._batch_body(200, results, errors)

    def batch_create(self) -> Reply:
        pair = self._pair()
        items = self._pairs(self.config.max_association_batch_write_inputs, with_types=True)
        done, errors = self._write(items, self.associations.replace)
        results = [self._labels_view(s, d, pair) for s, d, _t in done]
        return self._batch_body(201, results, errors)

    def batch_labels_archive(self) -> Reply:
        items = self._pairs(self.config.max_association_batch_write_inputs, with_types=True)
        for src, dst, types in items:
            self.associations.remove(src, dst, types)
        return Reply(204, None)

    def batch_archive(self) -> Reply:
        self._pair()
        body = self._json_body()
        removals: list[tuple[Ref, Ref]] = []
        for i, item in enumerate(
            self._inputs(body, self.config.max_association_batch_write_inputs)
        ):
            where = f"inputs[{i}]."
            from_id = self._object_ref(item.get("from"), f"{where}from")
            targets = item.get("to")
            if not isinstance(targets, list):
                raise invalid_json(f"{where}to must be an array of {{'id'}}", f"{where}to")
            for j, target in enumerate(targets):
                to_id = self._object_ref(target, f"{where}to[{j}]")
                removals.append(self._refs(from_id, to_id, where))
        for src, dst in removals:
            self.associations.remove(src, dst)
        return Reply(204, None)

    def batch_read(self) -> Reply:
        inputs = self._inputs(self._json_body(), self.config.max_association_batch_read_inputs)
        limit = self.config.max_association_page_limit
        results: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for i, item in enumerate(inputs):
            from_id = self._id_value(item.get("id"), f"inputs[{i}].id")
            after = item.get("after")
            if after is not None and not isinstance(after, str):
                raise invalid_json(f"inputs[{i}].after must be a string", f"inputs[{i}].after")
            src = (self.otype.name, from_id)
            page = self._targets_page(src, after or None, limit)
            if not page["results"]:
                errors.append(self._nothing_associated(from_id))
                continue
            entry = {"from": {"id": from_id}, "to": page["results"]}
            if "paging" in page:
                entry["paging"] = page["paging"]
            results.append(entry)
        return self._batch_body(200, results, errors)

    def _nothing_associated(self, from_id: str) -> dict[str, Any]:
        to_name, from_name = singular(self.to_type), self.otype.singular
        error = ErrorReply(
            404,
            {
                "category": "OBJECT_NOT_FOUND",
                "message": f"No {to_name} is associated with {from_name} {from_id}.",
            },
        )
        entry = standard_error(
            error,
            {"fromObjectId": [from_id], "fromObjectType": [from_name], "toObjectType": [to_name]},
        )
        entry["subCategory"] = "crm.associations.NO_ASSOCIATIONS_FOUND"
        return entry
