"""The eleven object operations (list, create, get, update, archive, five batch ops, search).

One ``ObjectOperations`` is built per request with everything the request carries; handlers
return a ``Reply`` or raise ``ErrorReply``. Batch writes validate every input before touching the
store, so a request that fails as a whole leaves nothing behind (HubSpot: without
``objectWriteTraceId`` a bad input fails the request, and invalid properties are listed for every
input in that one 400; with it, bad inputs are reported in a 207 and the rest are written).
What a write answers with (every stored property for a create, the written and computed ones
for an update) is decided in computed.py.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import httpx

from . import computed
from .associations import AssociationStore, Link, invalid_association_type
from .catalog import ObjectType
from .config import EmulatorConfig
from .errors import (
    ErrorReply,
    PropertyProblem,
    error_body,
    invalid_json,
    not_found,
    property_error,
    standard_error,
    unknown_object_type,
    validation_error,
)
from .store import ObjectStore, Record
from .values import coerce_properties, iso_instant

__all__ = ["ObjectOperations", "Reply"]

_CATEGORIES = frozenset({"HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK"})


# Values no object type can be named: HubSpot cannot infer a type from them.
_NOT_OBJECT_TYPES = frozenset({"true", "false", "null", "undefined"})


@attrs.frozen
class Reply:
    status: int
    body: Any | None  # JSON-serialisable, or None for 204


# (record, properties to set, creating?) waiting for the write phase of a batch
_Pending = tuple[Record | None, dict[str, str], list[Link]]


class ObjectOperations:
    def __init__(
        self,
        *,
        store: ObjectStore,
        config: EmulatorConfig,
        now_ms: int,
        path: str,
        query: httpx.QueryParams,
        body: bytes,
        version: str,
        associations: AssociationStore,
    ) -> None:
        self.store = store
        self.otype: ObjectType = store.object_type
        self.config = config
        self.now_ms = now_ms
        self.path = path
        self.query = query
        self.body = body
        self.version = version
        self.associations = associations

    # ================================================================= request parsing
    def _json_value(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except (ValueError, UnicodeDecodeError) as exc:
            raise invalid_json(f"the request body is not valid JSON ({exc})", "body") from None
        except RecursionError:
            # The parser's stack ran out: nesting no HubSpot input type has.
            raise invalid_json("the request body nests too deeply", "body") from None

    def _json_body(self) -> dict[str, Any]:
        data = self._json_value()
        if not isinstance(data, dict):
            raise invalid_json("the request body must be a JSON object", "body")
        return data

    def _query_list(self, name: str) -> list[str]:
        # Both ?properties=a,b and ?properties=a&properties=b are accepted, as by HubSpot.
        out: list[str] = []
        for raw in self.query.get_list(name):
            out.extend(p.strip() for p in raw.split(",") if p.strip())
        return list(dict.fromkeys(out))

    def _query_associations(self) -> list[str]:
        # A literal where an object type belongs (`associations=false`, as an SDK once sent)
        # is HubSpot's category-less 400 (HubSpot/hubspot-api-php#128). Any other name is
        # read, and one this portal has no links of is left out, as the spec says.
        names = self._query_list("associations")
        for name in names:
            if name.lower() in _NOT_OBJECT_TYPES:
                raise unknown_object_type(name)
        return names

    def _query_bool(self, name: str) -> bool:
        raw: str | None = self.query.get(name)
        if raw is None or raw == "":
            return False
        lowered = raw.strip().lower()
        if lowered not in ("true", "false"):
            raise validation_error(
                f"Query parameter {name!r} must be true or false, got {raw!r}",
                errors=[{"message": "expected a boolean", "code": "INVALID_BOOLEAN", "in": name}],
            )
        return lowered == "true"

    def _query_limit(self) -> int:
        raw: str | None = self.query.get("limit")
        if raw is None or raw == "":
            return 10
        hi = self.config.max_list_limit
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if not 1 <= value <= hi:
            raise validation_error(
                f"limit must be an integer between 1 and {hi}, got {raw!r}",
                errors=[
                    {
                        "message": f"limit must be between 1 and {hi}",
                        "code": "INVALID_LIMIT",
                        "in": "limit",
                    }
                ],
            )
        return value

    def _string_list(self, value: Any, where: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise invalid_json(f"{where} must be an array of strings", where)
        return list(dict.fromkeys(value))

    def _id_value(self, value: Any, where: str) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            raise invalid_json(f"{where} must be a non-empty string id", where)
        return str(value)

    def _check_id_property(self, name: str) -> str:
        if name == "hs_object_id" or self.store.is_unique(name):
            return name
        if name not in self.otype.properties:
            raise property_error(
                [
                    PropertyProblem(
                        name, "PROPERTY_DOESNT_EXIST", f'Property "{name}" does not exist'
                    )
                ],
                self.config.hub_id,
            )
        raise validation_error(
            f"{name} is not a unique property of {self.otype.name}; idProperty must name "
            "hs_object_id or a unique-value property",
            errors=[{"message": "not a unique property", "code": "INVALID_ID_PROPERTY"}],
        )

    def _lookup(self, record_id: str, id_property: str) -> Record | None:
        return self.store.find(id_property, record_id)

    def _inputs(self, body: Mapping[str, Any], limit: int, history: bool = False) -> list[Any]:
        inputs = body.get("inputs")
        if not isinstance(inputs, list):
            raise invalid_json("inputs must be an array", "inputs")
        if not inputs:
            raise validation_error(
                "inputs must not be empty",
                errors=[{"message": "at least one input is required", "code": "EMPTY_INPUTS"}],
            )
        if len(inputs) > limit:
            what = "a batch request for property histories" if history else "a batch request"
            raise validation_error(
                f"The maximum number of inputs supported in {what} is {limit}. "
                "Please reduce the number of items and try again"
            )
        for i, item in enumerate(inputs):
            if not isinstance(item, dict):
                raise invalid_json(f"inputs[{i}] must be an object", f"inputs[{i}]")
        return inputs

    def _parse_associations(self, raw: Any, where: str) -> list[Link]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise invalid_json(f"{where} must be an array", where)
        found: list[Link] = []
        for i, item in enumerate(raw):
            here = f"{where}[{i}]"
            to = item.get("to") if isinstance(item, dict) else None
            types = item.get("types") if isinstance(item, dict) else None
            if not isinstance(to, dict) or not isinstance(types, list) or not types:
                raise invalid_json(f"{here} needs 'to': {{'id'}} and a non-empty 'types'", here)
            to_id = self._id_value(to.get("id"), f"{here}.to.id")
            if not to_id.isdigit():
                raise validation_error(
                    f"{here}.to.id must be a numeric record id, got {to_id!r}",
                    errors=[{"message": "invalid id", "code": "INVALID_ID", "in": f"{here}.to"}],
                )
            for j, spec in enumerate(types):
                there = f"{here}.types[{j}]"
                category, type_id = self._association_spec(spec, there)
                target = self.otype.association_types.get(type_id)
                if target is None:
                    raise invalid_association_type(category, type_id, self.otype.name, there)
                found.append(Link(target, to_id, [type_id]))
        return found

    @staticmethod
    def _association_spec(spec: Any, where: str) -> tuple[str, int]:
        """(associationCategory, associationTypeId) of one ``AssociationSpec``."""
        category = spec.get("associationCategory") if isinstance(spec, dict) else None
        type_id = spec.get("associationTypeId") if isinstance(spec, dict) else None
        if category not in _CATEGORIES:
            raise invalid_json(
                f"{where}.associationCategory must be one of {sorted(_CATEGORIES)}", where
            )
        if isinstance(type_id, bool) or not isinstance(type_id, int):
            raise invalid_json(f"{where}.associationTypeId must be an integer", where)
        return str(category), type_id

    # ================================================================= views
    def view(
        self,
        rec: Record,
        *,
        requested: list[str] | None,
        history: Iterable[str] = (),
        associations: Iterable[str] = (),
    ) -> dict[str, Any]:
        """A SimplePublicObject. ``requested=None`` returns every stored property (the shape of
        create/update responses); otherwise the requested ones plus the defaults."""
        stored = rec.properties
        if requested is None:
            props: dict[str, Any] = dict(stored)
        else:
            props = {}
            nulls = self.config.unset_requested_properties == "null"
            for name in requested:
                if name in stored:
                    props[name] = stored[name]
                elif nulls and name in self.otype.properties:
                    props[name] = None
            for name in self.otype.default_properties:
                if name in stored:
                    props[name] = stored[name]
                elif nulls:
                    props[name] = None
        out: dict[str, Any] = {"id": rec.id, "properties": dict(sorted(props.items()))}
        wanted_history = [h for h in history if h in self.otype.properties]
        if wanted_history:
            source: dict[str, str] = {"sourceType": self.config.object_source}
            if self.config.object_source == "INTEGRATION":
                source = {"sourceId": str(self.config.app_id), **source}
            out["propertiesWithHistory"] = {
                name: [
                    {**source, "value": value, "timestamp": iso_instant(ts)}
                    for value, ts in reversed(rec.history.get(name, []))
                ]
                for name in wanted_history
            }
        out["createdAt"] = rec.created_at
        out["updatedAt"] = rec.updated_at
        out["archived"] = rec.archived
        if rec.archived_at is not None:
            out["archivedAt"] = rec.archived_at
        assoc = self._associations_view(rec, associations)
        if assoc:
            out["associations"] = assoc
        base = self.config.record_url_base
        if base is not None:
            out["url"] = (
                f"{base.rstrip('/')}/contacts/{self.config.hub_id}/record/"
                f"{self.otype.type_id}/{rec.id}"
            )
        return out

    def echo(self, rec: Record, written: Iterable[str]) -> dict[str, Any]:
        """What an update answers with: the written and computed properties, id and dates."""
        out = self.view(rec, requested=[])
        names = computed.update_echo(self.otype, rec.properties, written)
        out["properties"] = {name: rec.properties[name] for name in sorted(names)}
        return out

    def _associations_view(self, rec: Record, wanted: Iterable[str]) -> dict[str, Any]:
        return self.associations.v3_view(self.otype.name, rec.id, wanted)

    def _batch_body(
        self, status: int, results: list[dict[str, Any]], errors: list[dict[str, Any]]
    ) -> Reply:
        now = iso_instant(self.now_ms)
        body: dict[str, Any] = {"status": "COMPLETE", "results": results}
        if errors:
            body["numErrors"] = len(errors)
            body["errors"] = errors
        body["startedAt"] = now
        body["completedAt"] = now
        return Reply(207 if errors else status, body)

    def _not_found_entry(self, ids: list[str]) -> dict[str, Any]:
        return {
            "status": "error",
            "category": "OBJECT_NOT_FOUND",
            "message": f"Could not get some {self.otype.singular.upper()} objects, they may be "
            "deleted or not exist. Check that ids are valid.",
            "context": {"ids": ids},
        }

    # ================================================================= validation of writes
    def _check_unique(
        self,
        props: Mapping[str, str],
        current: Record | None,
        pending: dict[str, dict[str, str]],
    ) -> None:
        for name in self.otype.unique_properties:
            value = props.get(name)
            if not value or name == "hs_object_id":
                continue
            owner = self.store.unique_owner(name, value)
            if owner is not None and (current is None or owner != current.id):
                raise ErrorReply(
                    409,
                    error_body(
                        f"{self.otype.singular.capitalize()} already exists. Existing ID: {owner}",
                        "CONFLICT",
                    ),
                    batch_context={"existingId": [owner]},
                )
            if value in pending.get(name, {}):
                raise validation_error(
                    f"Duplicate value {value!r} for unique property {name} within the batch "
                    f"inputs (also at {pending[name][value]})",
                    errors=[
                        {
                            "message": "duplicate unique value in batch",
                            "code": "DUPLICATE_UNIQUE_VALUE",
                            "context": {"propertyName": [name]},
                        }
                    ],
                )

    def _remember_unique(
        self, props: Mapping[str, str], pending: dict[str, dict[str, str]], where: str
    ) -> None:
        for name in self.otype.unique_properties:
            value = props.get(name)
            if value:
                pending.setdefault(name, {})[value] = where

    def _properties(self, raw: Any, where: str) -> dict[str, str]:
        props, problems = coerce_properties(
            self.otype, raw, where=where, max_chars=self.config.max_property_value_chars
        )
        if problems:
            raise property_error(problems, self.config.hub_id)
        return props

    def _apply(self, rec: Record, props: Mapping[str, str]) -> None:
        changes = {**props, **computed.on_update(self.otype, rec.properties, props, self.now_ms)}
        self.store.apply(rec, changes, self.now_ms)

    def _input_failed(
        self,
        exc: ErrorReply,
        trace: str | None,
        errors: list[dict[str, Any]],
        problems: list[PropertyProblem],
    ) -> None:
        """A batch input's error: a 207 entry when it has a trace id. Without one it fails the
        request: invalid properties are kept to be listed with every other input's, anything
        else fails it now."""
        if trace is not None:
            errors.append(standard_error(exc, {"objectWriteTraceId": [trace]}))
        elif exc.problems:
            problems.extend(exc.problems)
        else:
            raise exc

    def _raise_problems(self, problems: list[PropertyProblem]) -> None:
        if problems:
            raise property_error(problems, self.config.hub_id)

    @staticmethod
    def _reject_duplicate_ids(ids: list[str]) -> None:
        dups = list(dict.fromkeys(x for x in ids if ids.count(x) > 1))
        if dups:
            raise validation_error(
                f"Duplicate IDs found in batch input: [{', '.join(dups)}]. IDs must be unique",
                context={"ids": dups},
            )

    def _complete_new(self, props: dict[str, str]) -> None:
        """Apply the type's create rules: defaults, "one of these" properties, hs_timestamp."""
        for name, value in self.otype.create_defaults.items():
            props.setdefault(name, value)
        wanted = self.otype.required_any
        if wanted and not any(props.get(name) for name in wanted):
            raise validation_error(
                f"A {self.otype.singular} needs at least one of {', '.join(wanted)} to be created",
                errors=[
                    {
                        "message": f"one of {list(wanted)} is required",
                        "code": "REQUIRED_PROPERTY",
                        "context": {"propertyName": list(wanted)},
                    }
                ],
            )
        if not self.otype.requires_timestamp or props.get("hs_timestamp"):
            return
        fallback = self.otype.timestamp_fallback
        if fallback is not None and props.get(fallback):
            props["hs_timestamp"] = props[fallback]
            return
        hint = f" (or {fallback})" if fallback else ""
        raise property_error(
            [
                PropertyProblem(
                    "hs_timestamp",
                    "REQUIRED_PROPERTY",
                    f'Property "hs_timestamp" is required{hint} to create a {self.otype.singular}',
                )
            ],
            self.config.hub_id,
        )

    def _prepare_create(
        self, item: Mapping[str, Any], where: str, pending: dict[str, dict[str, str]]
    ) -> tuple[dict[str, str], list[Link]]:
        props = self._properties(item.get("properties"), f"{where}properties")
        self._complete_new(props)
        assocs = self._parse_associations(item.get("associations"), f"{where}associations")
        self.associations.require((link.to_type, link.to_id) for link in assocs)
        self._check_unique(props, None, pending)
        return props, assocs

    def _insert(self, props: Mapping[str, str], links: list[Link]) -> Record:
        computed_props = computed.on_create(self.otype, props, self.config, self.now_ms)
        rec = self.store.insert({**props, **computed_props}, self.now_ms)
        self.associations.link_all((self.otype.name, rec.id), links)
        return rec

    @staticmethod
    def _trace_id(item: Mapping[str, Any]) -> str | None:
        trace = item.get("objectWriteTraceId")
        if isinstance(trace, str | int) and not isinstance(trace, bool) and trace != "":
            return str(trace)
        return None

    # ================================================================= single-object ops
    def get_page(self) -> Reply:
        limit = self._query_limit()
        archived = self._query_bool("archived")
        assoc = self._query_associations()
        after = self.query.get("after") or None
        try:
            records, next_after = self.store.page(after, limit, archived)
        except KeyError:
            raise validation_error(
                f"Invalid paging cursor after={after!r}: use paging.next.after from a previous "
                "page",
                errors=[{"message": "invalid cursor", "code": "INVALID_AFTER", "in": "after"}],
            ) from None
        requested = self._query_list("properties")
        history = self._query_list("propertiesWithHistory")
        body: dict[str, Any] = {
            "results": [
                self.view(r, requested=requested, history=history, associations=assoc)
                for r in records
            ]
        }
        if next_after is not None:
            # The API key stays out of the link: links get logged and shared.
            query = self.query.remove("hapikey").set("after", next_after)
            link = f"{self.config.base_url.rstrip('/')}{self.path}?{query}"
            body["paging"] = {"next": {"after": next_after, "link": link}}
        return Reply(200, body)

    def create(self) -> Reply:
        body = self._json_body()
        props, assocs = self._prepare_create(body, "", {})
        return Reply(201, self.view(self._insert(props, assocs), requested=None))

    def get(self, record_id: str) -> Reply:
        id_property = self._check_id_property(self.query.get("idProperty") or "hs_object_id")
        archived = self._query_bool("archived")
        associations = self._query_associations()
        rec = self._lookup(record_id, id_property)
        if rec is None or rec.archived != archived:
            raise not_found()
        return Reply(
            200,
            self.view(
                rec,
                requested=self._query_list("properties"),
                history=self._query_list("propertiesWithHistory"),
                associations=associations,
            ),
        )

    def update(self, record_id: str) -> Reply:
        id_property = self._check_id_property(self.query.get("idProperty") or "hs_object_id")
        rec = self._lookup(record_id, id_property)
        if rec is None or rec.archived:
            raise not_found()
        body = self._json_body()
        props = self._properties(body.get("properties"), "properties")
        self._check_unique(props, rec, {})
        self._apply(rec, props)
        return Reply(200, self.echo(rec, props))

    def archive(self, record_id: str) -> Reply:
        rec = self.store.record(record_id)
        if rec is not None:
            self.store.archive(rec, self.now_ms)
        # Unknown and already-archived ids also get 204, as on HubSpot.
        return Reply(204, None)

    # ================================================================= batch ops
    def batch_read(self) -> Reply:
        body = self._json_body()
        history = self._string_list(body.get("propertiesWithHistory"), "propertiesWithHistory")
        limit = self.config.max_history_batch_inputs if history else self.config.max_batch_inputs
        inputs = self._inputs(body, limit, history=bool(history))
        requested = self._string_list(body.get("properties"), "properties")
        raw_id_property = body.get("idProperty") or "hs_object_id"
        if not isinstance(raw_id_property, str):
            raise invalid_json("idProperty must be a string", "idProperty")
        id_property = self._check_id_property(raw_id_property)
        archived = self._query_bool("archived")
        results: list[dict[str, Any]] = []
        missing: list[str] = []
        seen: set[str] = set()
        for i, item in enumerate(inputs):
            rid = self._id_value(item.get("id"), f"inputs[{i}].id")
            if rid in seen:
                continue
            seen.add(rid)
            rec = self._lookup(rid, id_property)
            if rec is None or rec.archived != archived:
                missing.append(rid)
                continue
            results.append(self.view(rec, requested=requested, history=history))
        errors = [self._not_found_entry(missing)] if missing else []
        return self._batch_body(200, results, errors)

    def batch_create(self) -> Reply:
        inputs = self._inputs(self._json_body(), self.config.max_batch_inputs)
        pending: dict[str, dict[str, str]] = {}
        ready: list[tuple[dict[str, str], list[Link]]] = []
        errors: list[dict[str, Any]] = []
        problems: list[PropertyProblem] = []
        for i, item in enumerate(inputs):
            trace = self._trace_id(item)
            try:
                props, assocs = self._prepare_create(item, f"inputs[{i}].", pending)
            except ErrorReply as exc:
                self._input_failed(exc, trace, errors, problems)
                continue
            self._remember_unique(props, pending, f"inputs[{i}]")
            ready.append((props, assocs))
        self._raise_problems(problems)
        results = [self.view(self._insert(p, a), requested=None) for p, a in ready]
        # The 2025-09 beta answered batch create with 200 (docs/hubspot-behaviour.md, "Date-based
        # API versioning").
        return self._batch_body(200 if self.version == "2025-09" else 201, results, errors)

    def batch_update(self) -> Reply:
        inputs = self._inputs(self._json_body(), self.config.max_batch_inputs)
        ids = [self._id_value(item.get("id"), f"inputs[{i}].id") for i, item in enumerate(inputs)]
        self._reject_duplicate_ids(ids)
        pending: dict[str, dict[str, str]] = {}
        ready: list[tuple[Record, dict[str, str]]] = []
        errors: list[dict[str, Any]] = []
        problems: list[PropertyProblem] = []
        missing: list[str] = []
        for i, (item, rid) in enumerate(zip(inputs, ids, strict=True)):
            trace = self._trace_id(item)
            try:
                raw_prop = item.get("idProperty") or "hs_object_id"
                if not isinstance(raw_prop, str):
                    raise invalid_json("idProperty must be a string", f"inputs[{i}].idProperty")
                rec = self._lookup(rid, self._check_id_property(raw_prop))
                if rec is None or rec.archived:
                    missing.append(rid)
                    continue
                props = self._properties(item.get("properties"), f"inputs[{i}].properties")
                self._check_unique(props, rec, pending)
            except ErrorReply as exc:
                self._input_failed(exc, trace, errors, problems)
                continue
            self._remember_unique(props, pending, f"inputs[{i}]")
            ready.append((rec, props))
        self._raise_problems(problems)
        results = []
        for rec, props in ready:
            self._apply(rec, props)
            results.append(self.echo(rec, props))
        if missing:
            errors.insert(0, self._not_found_entry(missing))
        return self._batch_body(200, results, errors)

    def batch_archive(self) -> Reply:
        inputs = self._inputs(self._json_body(), self.config.max_batch_inputs)
        ids = [self._id_value(item.get("id"), f"inputs[{i}].id") for i, item in enumerate(inputs)]
        for rid in ids:
            rec = self.store.record(rid)
            if rec is not None:
                self.store.archive(rec, self.now_ms)
        return Reply(204, None)

    def batch_upsert(self) -> Reply:
        inputs = self._inputs(self._json_body(), self.config.max_batch_inputs)
        # One id twice fails the whole request, trace ids or not, as in batch update.
        keys = [(item.get("idProperty"), item.get("id")) for item in inputs]
        self._reject_duplicate_ids(
            [str(key) for prop, key in keys if keys.count((prop, key)) > 1 and key is not None]
        )
        pending: dict[str, dict[str, str]] = {}
        ready: list[_Pending] = []
        errors: list[dict[str, Any]] = []
        problems: list[PropertyProblem] = []
        for i, item in enumerate(inputs):
            trace = self._trace_id(item)
            where = f"inputs[{i}]"
            try:
                id_property = item.get("idProperty")
                if not isinstance(id_property, str) or not id_property:
                    raise invalid_json(
                        f"{where}.idProperty is required for upsert: name a unique property",
                        f"{where}.idProperty",
                    )
                self._check_id_property(id_property)
                key = self._id_value(item.get("id"), f"{where}.id")
                rec = self.store.find(id_property, key)
                if rec is not None and rec.archived:
                    rec = None
                props = self._properties(item.get("properties"), f"{where}.properties")
                if rec is None:
                    if id_property == "hs_object_id":
                        raise not_found(f"No {self.otype.singular} with hs_object_id {key}")
                    props[id_property] = key
                    self._complete_new(props)
                assocs = self._parse_associations(item.get("associations"), f"{where}.associations")
                self.associations.require((link.to_type, link.to_id) for link in assocs)
                self._check_unique(props, rec, pending)
            except ErrorReply as exc:
                self._input_failed(exc, trace, errors, problems)
                continue
            self._remember_unique(props, pending, where)
            ready.append((rec, props, assocs))
        self._raise_problems(problems)
        results: list[dict[str, Any]] = []
        for maybe_rec, props, assocs in ready:
            if maybe_rec is None:
                view = self.view(self._insert(props, assocs), requested=None)
                created = True
            else:
                self._apply(maybe_rec, props)
                view = self.echo(maybe_rec, props)
                created = False
            results.append({**view, "new": created})
        return self._batch_body(200, results, errors)

    def search(self) -> Reply:
        limit = self.config.search_max_body_chars
        size = len(self.body.decode("utf-8", errors="replace"))
        if limit is not None and size > limit:
            raise validation_error(
                f"The search request body is {size} characters; the limit is {limit}."
            )
        body = self._json_body()
        # Imported lazily: the search engine is a separate module and may be replaced.
        module = importlib.import_module(f"{__package__}.search")
        run_search: Callable[..., dict[str, Any]] = module.run_search
        search_error: type[Exception] = module.SearchError
        try:
            result = run_search(
                self.store.active_views(),
                body,
                default_properties=list(self.otype.default_properties),
                searchable_properties=self.otype.searchable,
                property_types=self.otype.property_types(),
                unset_requested_properties=self.config.unset_requested_properties,
                ids_ascending=True,
                multi_valued=self.associations.search_properties(self.otype.name),
            )
        except search_error as exc:
            errors = getattr(exc, "errors", None) or None
            raise validation_error(getattr(exc, "message", str(exc)), errors=errors) from None
        return Reply(200, result)
