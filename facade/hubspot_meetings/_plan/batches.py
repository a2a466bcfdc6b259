"""Planning of the batch operations: checked bodies, trace ids, chunks, per-chunk calls; no I/O.

Each function turns a caller's inputs into a `BatchPlan`: the chunks to send, the `Call` that
sends one chunk, and how to merge the answers (`BatchPlan.finish`). The sync and async shells
only run the chunks (`batching.run_chunks` / `run_chunks_async`).
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs
import httpx

from .._exceptions import HubSpotError, RequestValidationError
from .._redact import logger
from .._types import BatchResult, CrmObject, RecordT
from .calls import UNREADABLE_RESENDS, Call, read_json, was_resent
from .checks import (
    check_encodable,
    check_id,
    check_limit,
    check_properties,
    to_plain,
    wire_properties,
)
from .chunks import Chunk, ChunkAnswer, ErrorKeys, chunked, error_keys, merge, sliced
from .dedupe import dedupe_input, refuse_associate_with_dedupe, settle_new
from .limits import BATCH_LIMIT, HISTORY_BATCH_LIMIT, KEYSET_PROPERTY
from .parsing import parse_batch
from .records import Operations

__all__ = [
    "BatchPlan",
    "batch_archive",
    "batch_create",
    "batch_read",
    "batch_update",
    "batch_upsert",
]

T = TypeVar("T")
_TRACE_PREFIX = "hsm-"


@attrs.frozen
class BatchPlan(Generic[T]):
    """A batch call, planned: its chunks, the call for one chunk, and how answers merge."""

    object_type: str
    op: str
    chunks: list[Chunk]
    call: Callable[[Chunk], Call[ChunkAnswer[T]]]
    writes: bool
    result_key: Callable[[T], str | None] | None = None
    error_keys: ErrorKeys = error_keys

    def finish(self, answers: Sequence[ChunkAnswer[T] | HubSpotError]) -> BatchResult[T]:
        result = merge(
            self.chunks,
            answers,
            writes=self.writes,
            result_key=self.result_key,
            error_keys=self.error_keys,
        )
        if not logger.isEnabledFor(logging.INFO):
            return result
        logger.info(
            "%s %s: %d inputs in %d requests, %s (%d failed, %d unknown outcome)",
            self.object_type,
            self.op,
            result.total,
            result.requests,
            result.status,
            len(result.failed_indexes),
            len(result.unknown),
        )
        return result


# --- inputs ----------------------------------------------------------------------------------


# The keys of one batch input in HubSpot's spec (SimplePublicObjectBatchInput*): any other key
# is dropped by HubSpot without a word, so a misspelt one ("asociations") would be lost silently.
_CREATE_KEYS = frozenset({"properties", "associations", "objectWriteTraceId"})
_UPDATE_KEYS = frozenset({"id", "idProperty", "properties", "objectWriteTraceId"})


def _check_keys(body: Mapping[str, Any], where: str, allowed: frozenset[str]) -> None:
    for key in body:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise RequestValidationError(
            f"{where}.{key}",
            f"unknown key{hint}; these inputs take only {', '.join(sorted(allowed))}",
        )


def _listify(value: Iterable[Any] | None, path: str) -> list[Any]:
    if value is not None and not isinstance(value, str | bytes | Mapping):
        try:
            return list(value)
        except TypeError:
            pass
    got = "None" if value is None else type(value).__name__
    raise RequestValidationError(path, f"expected an iterable of inputs, got {got}")


def _chunk_size(ops: Operations[Any], chunk_size: int | None, maximum: int) -> int:
    if chunk_size is None:
        return maximum
    if ops.validation:
        return check_limit(chunk_size, "chunk_size", maximum)
    return chunk_size


def _input_bodies(
    ops: Operations[Any],
    inputs: Iterable[Any] | None,
    check: Callable[[dict[str, Any], str], None],
    defaults: Mapping[str, Any] | None = None,
) -> tuple[list[Any], list[dict[str, Any]]]:
    """The caller's inputs and their bodies as dicts (`defaults` filled in), each body passed
    to `check` with its path, in order, when validating."""
    originals = _listify(inputs, "inputs")
    bodies: list[dict[str, Any]] = []
    for i, item in enumerate(originals):
        where = f"inputs[{i}]"
        body = to_plain(item, where)
        for key, value in (defaults or {}).items():
            body.setdefault(key, value)
        if ops.validation:
            check(body, where)
        elif "properties" in body:
            body["properties"] = wire_properties(body["properties"])
        bodies.append(body)
    return originals, bodies


def _id_inputs(
    ops: Operations[Any], originals: list[Any]
) -> Iterator[tuple[Any, dict[str, Any], tuple[str, ...]]]:
    """(original, {"id": id}, (id,)) for ids given as strings, numbers, dicts or models."""
    for i, item in enumerate(originals):
        # A plain id string, the usual input, skips building the path an error would name.
        if type(item) is str and ops.validation and (obj_id := item.strip()):
            if not obj_id.isascii():
                check_encodable(obj_id, f"ids[{i}]")
            yield item, {"id": obj_id}, (obj_id,)
            continue
        raw_id = item
        if not isinstance(item, str | int):
            try:
                raw_id = to_plain(item, f"ids[{i}]").get("id")
            except RequestValidationError:
                raise RequestValidationError(
                    f"ids[{i}]",
                    "expected an id (a string or an integer) or a dict or model holding one, "
                    f"got {type(item).__name__}",
                ) from None
        obj_id = ops.object_id(raw_id, f"ids[{i}]")
        yield item, {"id": obj_id}, (obj_id,)


_STR_ONLY = frozenset({str})


def _id_chunks(ops: Operations[Any], originals: list[Any], size: int) -> list[Chunk]:
    """The chunks of a batch of ids. Ids given as non-blank strings, the usual input, are
    checked and laid out with a few list operations rather than input by input."""
    if ops.validation and _STR_ONLY.issuperset(map(type, originals)):
        ids = list(map(str.strip, originals))
        if all(ids) and all(map(str.isascii, ids)):
            return sliced(originals, [{"id": i} for i in ids], list(zip(ids)), size)
    return chunked(_id_inputs(ops, originals), size)


def _trace_ids(ops: Operations[Any], bodies: list[dict[str, Any]]) -> list[str]:
    """Give every input an objectWriteTraceId so HubSpot reports failures per input
    (a 207) instead of failing the whole request; callers' own ids are kept."""
    seen: set[str] = set()
    ids: list[str] = []
    for i, body in enumerate(bodies):
        trace = body.get("objectWriteTraceId")
        if trace is None:
            trace = f"{_TRACE_PREFIX}{i}"
            body["objectWriteTraceId"] = trace
        trace = str(trace)
        if ops.validation and trace in seen:
            raise RequestValidationError(
                f"inputs[{i}].objectWriteTraceId", f"duplicate trace id {trace!r}"
            )
        seen.add(trace)
        ids.append(trace)
    return ids


def _traced_chunks(
    ops: Operations[Any], originals: list[Any], bodies: list[dict[str, Any]], size: int
) -> list[Chunk]:
    """Chunks whose inputs HubSpot names by their trace ids in per-item errors."""
    traces = _trace_ids(ops, bodies)
    return chunked(zip(originals, bodies, ((t,) for t in traces), strict=True), size)


def _chunk_call(
    ops: Operations[RecordT],
    op: str,
    input_role: str,
    response_role: str,
    item_role: str,
    extra: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    *,
    writes: bool = True,
    checked: bool = False,
    upsert: bool = False,
) -> Callable[[Chunk], Call[ChunkAnswer[RecordT]]]:
    """`checked`: every part of the body was checked while planning (ids, names), so the
    generated input model's round trip (about 1 µs per input) would check nothing more.
    `upsert`: the write is keyed on a unique property, so sending it again lands in the same
    state: an unreadable answer is resent rather than left in doubt, and `new` is settled
    for answers to a resend (see `dedupe.settle_new`)."""
    build = ops.binding.builder(op)
    response_cls = ops.binding.model(response_role)
    item_cls = ops.binding.model(item_role)
    strict = ops.validation
    record_cls = ops.record_cls

    def parse(response: httpx.Response) -> ChunkAnswer[RecordT]:
        # A read's records are read lazily; a write's are checked now, since an unreadable
        # answer to a write is an unknown outcome (see calls.Call.answer).
        parsed = parse_batch(
            read_json(response),
            response_cls,
            item_cls,
            strict=strict,
            record_cls=record_cls,
            lazy=not writes,
        )
        results = parsed.results
        if upsert and was_resent(response):
            results = [settle_new(r, True) for r in results]
        return ChunkAnswer(results, parsed.errors)

    def call(chunk: Chunk) -> Call[ChunkAnswer[RecordT]]:
        body = {"inputs": chunk.payload, **(extra or {})}
        sent = ops.as_given(body) if checked else ops.body(input_role, body)
        kwargs = build(body=sent, **(query or {}))
        return Call(
            kwargs,
            parse,
            inputs=chunk.originals,
            writes=writes,
            resend_unreadable=UNREADABLE_RESENDS if upsert else 0,
        )

    return call


def _upsert_call(
    ops: Operations[RecordT], *, checked: bool = False
) -> Callable[[Chunk], Call[ChunkAnswer[RecordT]]]:
    return _chunk_call(
        ops,
        "batch_upsert",
        "batch_upsert_input",
        "batch_upsert_response",
        "upsert_object",
        checked=checked,
        upsert=True,
    )


def _link(ops: Operations[Any], body: dict[str, Any], where: str) -> None:
    """`associate` is this client's shorthand, translated into HubSpot's `associations`
    whether or not inputs are checked (HubSpot would drop the key without a word)."""
    associate = body.pop("associate", None)
    if associate is not None:
        links = ops.create_links(associate, f"{where}.associate")
        body["associations"] = [*(body.get("associations") or ()), *links]


def _create_check(
    ops: Operations[Any], *, deduped: bool = False
) -> Callable[[dict[str, Any], str], None]:
    """The check of one create input (plain, or to be sent as an upsert with dedupe_on)."""

    def check(body: dict[str, Any], where: str) -> None:
        if deduped:
            refuse_associate_with_dedupe(body.get("associate"), f"{where}.associate")
        _link(ops, body, where)
        if "properties" not in body:
            raise RequestValidationError(where, "expected {'properties': {...}}")
        body["properties"] = check_properties(
            body["properties"], f"{where}.properties", ops.rules, creating=True
        )
        if body.get("associations") is not None:
            body["associations"] = ops.associations(body["associations"], f"{where}.associations")
        _check_keys(body, where, _CREATE_KEYS)

    return check


def _by_id(obj: CrmObject) -> str | None:
    return obj.id


# --- operations ------------------------------------------------------------------------------


def batch_create(
    ops: Operations[RecordT],
    inputs: Iterable[Any],
    *,
    chunk_size: int | None = None,
    dedupe_on: str | None = None,
) -> BatchPlan[RecordT]:
    size = _chunk_size(ops, chunk_size, BATCH_LIMIT)
    if dedupe_on is not None:
        return _batch_create_deduped(ops, inputs, size, dedupe_on)
    originals, bodies = _input_bodies(ops, inputs, _create_check(ops))
    if not ops.validation:
        for i, body in enumerate(bodies):
            _link(ops, body, f"inputs[{i}]")
    chunks = _traced_chunks(ops, originals, bodies, size)
    call = _chunk_call(ops, "batch_create", "batch_create_input", "batch_response", "object")
    return BatchPlan(ops.binding.object_type, "batch_create", chunks, call, writes=True)


def _batch_create_deduped(
    ops: Operations[RecordT], inputs: Iterable[Any], size: int, dedupe_on: str
) -> BatchPlan[RecordT]:
    """Creates sent as upserts on `dedupe_on` (see `dedupe`): checked as creates, keyed on the
    value each input carries, and retried like any idempotent write. An upsert input takes
    no associations, so an input's `associate` is refused, checked or not."""
    originals, bodies = _input_bodies(ops, inputs, _create_check(ops, deduped=True))
    upserts: list[dict[str, Any]] = []
    for i, body in enumerate(bodies):
        where = f"inputs[{i}]"
        refuse_associate_with_dedupe(body.get("associate"), f"{where}.associate")
        item = dedupe_input(
            body.get("properties"),
            body.get("associations"),
            dedupe_on,
            f"{where}.properties",
            f"{where}.associations",
        )
        if "objectWriteTraceId" in body:
            item["objectWriteTraceId"] = body["objectWriteTraceId"]
        upserts.append(item)
    chunks = _traced_chunks(ops, originals, upserts, size)
    call = _upsert_call(ops, checked=True)
    return BatchPlan(ops.binding.object_type, "batch_create", chunks, call, writes=True)


def batch_read(
    ops: Operations[RecordT],
    ids: Iterable[Any],
    *,
    properties: Iterable[str] | None = None,
    properties_with_history: Iterable[str] | None = None,
    id_property: str | None = None,
    archived: bool | None = None,
    chunk_size: int | None = None,
) -> BatchPlan[RecordT]:
    if properties_with_history is not None:
        properties_with_history = list(properties_with_history)
    history = bool(properties_with_history)
    size = _chunk_size(ops, chunk_size, HISTORY_BATCH_LIMIT if history else BATCH_LIMIT)
    chunks = _id_chunks(ops, _listify(ids, "ids"), size)
    extra: dict[str, Any] = {}
    if properties is not None:
        extra["properties"] = ops.name_list(properties, "properties")
    if properties_with_history is not None:
        extra["propertiesWithHistory"] = ops.name_list(
            properties_with_history, "properties_with_history"
        )
    if id_property is not None:
        id_property = ops.id_property(id_property)
        extra["idProperty"] = id_property
        if id_property != KEYSET_PROPERTY:
            # HubSpot returns only the properties asked for (its defaults otherwise), and a
            # result is matched to its input by the value it was looked up by: without that
            # value every found record would look missing whenever results and inputs differ
            # in number (a repeated value), and be reported failed.
            wanted = extra.get("properties", [])
            if id_property not in wanted:
                extra["properties"] = [*wanted, id_property]
    query = {"archived": ops.flag(archived, "archived")} if archived is not None else None
    call = _chunk_call(
        ops,
        "batch_read",
        "batch_read_input",
        "batch_response",
        "object",
        extra,
        query,
        writes=False,
        checked=True,
    )

    def result_key(obj: RecordT) -> str | None:
        if id_property is not None and id_property != KEYSET_PROPERTY:
            return obj.properties.get(id_property)
        return obj.id

    return BatchPlan(
        ops.binding.object_type, "batch_read", chunks, call, writes=False, result_key=result_key
    )


def batch_update(
    ops: Operations[RecordT], inputs: Iterable[Any], *, chunk_size: int | None = None
) -> BatchPlan[RecordT]:
    size = _chunk_size(ops, chunk_size, BATCH_LIMIT)

    def check(body: dict[str, Any], where: str) -> None:
        body["id"] = check_id(body.get("id"), f"{where}.id")
        body["properties"] = check_properties(
            body.get("properties"), f"{where}.properties", ops.rules
        )
        _check_keys(body, where, _UPDATE_KEYS)

    originals, bodies = _input_bodies(ops, inputs, check)
    traces = _trace_ids(ops, bodies)
    keys = [(t, str(b.get("id"))) for t, b in zip(traces, bodies, strict=True)]
    chunks = chunked(zip(originals, bodies, keys, strict=True), size)
    call = _chunk_call(ops, "batch_update", "batch_update_input", "batch_response", "object")
    # Results name records by id, so only inputs addressed by id can be matched to them.
    by_id = all("idProperty" not in b for b in bodies)
    return BatchPlan(
        ops.binding.object_type,
        "batch_update",
        chunks,
        call,
        writes=True,
        result_key=_by_id if by_id else None,
    )


def batch_upsert(
    ops: Operations[RecordT],
    inputs: Iterable[Any],
    *,
    id_property: str | None = None,
    chunk_size: int | None = None,
) -> BatchPlan[RecordT]:
    size = _chunk_size(ops, chunk_size, BATCH_LIMIT)

    def check(body: dict[str, Any], where: str) -> None:
        body["id"] = check_id(body.get("id"), f"{where}.id")
        prop = body.get("idProperty")
        if not isinstance(prop, str) or not prop:
            raise RequestValidationError(
                f"{where}.idProperty",
                "upsert needs a unique property: pass id_property= or idProperty",
            )
        body["properties"] = check_properties(
            body.get("properties"), f"{where}.properties", ops.rules
        )
        _check_keys(body, where, _UPDATE_KEYS)

    defaults = {"idProperty": id_property} if id_property is not None else None
    originals, bodies = _input_bodies(ops, inputs, check, defaults)
    chunks = _traced_chunks(ops, originals, bodies, size)
    call = _upsert_call(ops)
    return BatchPlan(ops.binding.object_type, "batch_upsert", chunks, call, writes=True)


def batch_archive(
    ops: Operations[Any], ids: Iterable[Any], *, chunk_size: int | None = None
) -> BatchPlan[str]:
    size = _chunk_size(ops, chunk_size, BATCH_LIMIT)
    chunks = _id_chunks(ops, _listify(ids, "ids"), size)
    build = ops.binding.builder("batch_archive")

    def call(chunk: Chunk) -> Call[ChunkAnswer[str]]:
        kwargs = build(body=ops.body("batch_archive_input", {"inputs": chunk.payload}))
        # 204 and no body: every id in the chunk was archived.
        done = [str(p["id"]) for p in chunk.payload]
        return Call(kwargs, lambda _r: ChunkAnswer(done), inputs=chunk.originals, writes=True)

    return BatchPlan(ops.binding.object_type, "batch_archive", chunks, call, writes=True)
