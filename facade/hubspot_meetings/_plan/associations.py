"""Planning of HubSpot's v4 associations API; no I/O.

Generic over object types: every plan is given its from-type (a client's own object type, or,
for the records linked to another record, that record's type) and its to-type. The inputs are
read by `association_inputs`.

- `AssociationOps` plans the calls that link, unlink and list one record's links, and the
  batches that link, unlink and read many (chunked to HubSpot's limits, merged so that every
  pair is accounted for).
- `LinkedRecords` / `LinkedRecordsMany` plan reading the records of one type linked to one or
  many records of another: v4 pages (or v4 batch reads) of the linked ids, then batch reads of
  the records themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs
import httpx

from .._exceptions import (
    ApiError,
    HubSpotError,
    NotFoundError,
    RequestValidationError,
    ResponseValidationError,
)
from .._generated import AssociationsBinding
from .._types import Association, AssociationSpec, BatchError, BatchResult, RecordT, next_after
from .association_inputs import Pair, one_pair, read_pair, record_id
from .batches import BatchPlan
from .batches import batch_read as batch_read_records
from .calls import Call, RawBody, read_json
from .checks import check_limit, check_names
from .chunks import Chunk, ChunkAnswer, chunked, context_values
from .limits import (
    ASSOCIATION_BATCH_READ_LIMIT,
    ASSOCIATION_BATCH_WRITE_LIMIT,
    ASSOCIATION_PAGE_LIMIT,
)
from .object_types import object_type
from .pages import ListCursor
from .records import Operations

__all__ = ["AssociationOps", "IdsPage", "LinkedRecords", "LinkedRecordsMany", "LinksPage"]

P = TypeVar("P")
_NO_ASSOCIATIONS = "crm.associations.NO_ASSOCIATIONS_FOUND"
_DICT_ONLY = frozenset({dict})
# A linked record's id as HubSpot sends it: a number (its spec says a string).
_ID_TYPES = frozenset({int, str})


# --- answers ---------------------------------------------------------------------------------


class _Reader:
    """Reads an associations v4 body: strictly (a misshapen part raises ResponseValidationError
    naming its path) or leniently (a misshapen part is left out)."""

    def __init__(self, body: object, strict: bool) -> None:
        self.body = body
        self.strict = strict

    def fail(self, path: str, reason: str) -> None:
        if self.strict:
            raise ResponseValidationError(path, reason, self.body)

    def obj(self, value: object, path: str) -> Mapping[str, Any]:
        if isinstance(value, Mapping):
            return value
        self.fail(path, f"expected an object, got {value!r}")
        return {}

    def items(self, value: object, path: str) -> list[Mapping[str, Any]]:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {value!r}")
            return []
        return [self.obj(v, f"{path}[{i}]") for i, v in enumerate(value)]

    def record_id(self, value: object, path: str) -> str | None:
        # HubSpot sends ids of linked records as numbers, its spec says strings: either reads.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and value:
            return value
        self.fail(path, f"expected a record id, got {value!r}")
        return None

    def spec(self, raw: Mapping[str, Any], path: str, **direction: str) -> AssociationSpec | None:
        category = raw.get("category", raw.get("associationCategory"))
        type_id = raw.get("typeId", raw.get("associationTypeId"))
        label = raw.get("label")
        if (
            not isinstance(category, str)
            or isinstance(type_id, bool)
            or not isinstance(type_id, int)
        ):
            self.fail(path, f"expected an association type, got {dict(raw)!r}")
            return None
        return AssociationSpec(
            type_id, category, label=label if isinstance(label, str) else None, **direction
        )

    def targets(
        self, value: object, path: str, from_type: str, from_id: str, to_type: str
    ) -> list[Association]:
        """`[{toObjectId, associationTypes: [...]}]`: the records one record links to."""
        found: list[Association] = []
        for i, item in enumerate(self.items(value, path)):
            where = f"{path}[{i}]"
            to_id = self.record_id(item.get("toObjectId"), f"{where}.toObjectId")
            specs = [
                self.spec(t, f"{where}.associationTypes[{j}]", from_type=from_type, to_type=to_type)
                for j, t in enumerate(
                    self.items(item.get("associationTypes"), f"{where}.associationTypes")
                )
            ]
            if to_id is not None:
                types = tuple(s for s in specs if s is not None)
                found.append(Association(from_type, from_id, to_type, to_id, types))
        return found

    def target_ids(
        self, value: object, path: str, from_type: str, from_id: str, to_type: str
    ) -> list[str]:
        """Only the ids of `targets`: what a read of the linked records needs. A well-formed
        page (the usual one) is read with a few C-level passes; any other is read in full, so
        a strict read still names what is wrong."""
        if type(value) is list and _DICT_ONLY.issuperset(map(type, value)):
            ids = [item.get("toObjectId") for item in value]
            if _ID_TYPES.issuperset(map(type, ids)) and all(ids):
                return list(map(str, ids))
        return [link.to_id for link in self.targets(value, path, from_type, from_id, to_type)]

    def pair_key(self, item: Mapping[str, Any], path: str) -> str:
        """`from>to` of a link as HubSpot reports it: `{from: {id}, to: {id}}` (a default link)
        or `{fromObjectId, toObjectId, labels}` (a labelled one)."""
        if "fromObjectId" in item:
            ends = [item.get("fromObjectId"), item.get("toObjectId")]
        else:
            ends = [self.obj(item.get(k), f"{path}.{k}").get("id") for k in ("from", "to")]
        return f"{self.record_id(ends[0], path)}>{self.record_id(ends[1], path)}"

    def cursor(self, raw: Mapping[str, Any], path: str) -> str | None:
        after = next_after(raw)
        paging = raw.get("paging")
        if (
            paging is not None
            and after is None
            and isinstance(paging, Mapping)
            and "next" in paging
        ):
            self.fail(f"{path}paging.next.after", "expected a cursor string")
        return after

    def errors(self, raw: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [dict(e) for e in self.items(raw.get("errors", []), "errors")]


@attrs.frozen
class LinksPage:
    """One page of a record's links (`ObjectClient.associations` reads them page by page)."""

    results: list[Association]
    next_after: str | None = None


@attrs.frozen
class IdsPage:
    """One page of a record's links, only the linked records' ids (`LinkedRecords` reads
    them page by page)."""

    results: list[str]
    next_after: str | None = None


@attrs.frozen
class _LinkedIds:
    """One input of a v4 batch read answered: the ids `from_id` links to, and the cursor of
    the rest when there are more than one page of them."""

    from_id: str
    to_ids: list[str]
    after: str | None


def _pair_error_keys(raw: Mapping[str, Any]) -> list[str]:
    """The pairs a write error names. HubSpot names the from-record (`objectId`) and the records
    that do not exist (`INVALID_OBJECT_IDS`: `CONTACT=38 is not valid`): the pair when the
    missing one is the to-record, the from-record alone when it is the one missing."""
    invalid = [
        text.partition("=")[2].split(" ")[0] for text in context_values(raw, "INVALID_OBJECT_IDS")
    ]
    keys: list[str] = []
    for from_id in context_values(raw, "objectId", "fromObjectId"):
        named = [f"{from_id}>{to_id}" for to_id in invalid if to_id != from_id]
        keys.extend(named or [f"{from_id}>"])
    return keys


def _read_error_keys(raw: Mapping[str, Any]) -> list[str]:
    return context_values(raw, "fromObjectId", "ids", "objectId")


def _by_pair(link: Association) -> str:
    return f"{link.from_id}>{link.to_id}"


def _by_from(found: _LinkedIds) -> str:
    return found.from_id


def _input_list(value: object, path: str) -> list[Any]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise RequestValidationError(path, f"expected an iterable, got {type(value).__name__}")
    return list(value)


# --- the calls -------------------------------------------------------------------------------


@attrs.frozen
class AssociationOps:
    """The associations v4 planning of one client: the bound generated package and whether
    requests are checked and answers parsed strictly."""

    binding: AssociationsBinding
    validation: bool

    def _send(self, body: Any) -> RawBody:
        # Bodies here are built from checked parts only: the generated models would check
        # nothing more.
        return RawBody(body)

    def associate(
        self, from_type: str, from_id: object, to_type: object, to_id: object, label: object
    ) -> Call[Association]:
        pair = one_pair(from_type, from_id, to_type, to_id, label)
        link = Association(from_type, pair.from_id, pair.to_type, pair.to_id, pair.types)
        strict = self.validation

        if not pair.types:
            kwargs = self.binding.builder("create_default")(
                from_type, pair.from_id, pair.to_type, pair.to_id
            )

            def parse_default(response: httpx.Response) -> Association:
                # Both directions come back: this pair's is the one from `from_id`.
                body = read_json(response)
                reader = _Reader(body, strict)
                results = reader.items(reader.obj(body, "$").get("results"), "results")
                for i, item in enumerate(results):
                    if reader.pair_key(item, f"results[{i}]") == pair.key:
                        where = f"results[{i}].associationSpec"
                        spec = reader.spec(
                            reader.obj(item.get("associationSpec"), where),
                            where,
                            from_type=from_type,
                            to_type=pair.to_type,
                        )
                        return attrs.evolve(link, types=(spec,) if spec else ())
                reader.fail("results", f"no result from {pair.from_id} to {pair.to_id}")
                return link

            return Call(kwargs, parse_default, inputs=link, writes=True)

        kwargs = self.binding.builder("create_labelled")(
            from_type, pair.from_id, pair.to_type, pair.to_id, body=list(pair.types)
        )

        def parse_labelled(response: httpx.Response) -> Association:
            # LabelsBetweenObjectPair: the label names; the types are the ones just set.
            body = read_json(response)
            reader = _Reader(body, strict)
            labels = reader.obj(body, "$").get("labels", [])
            if not isinstance(labels, list):
                reader.fail("labels", f"expected a list, got {labels!r}")
            return link

        return Call(kwargs, parse_labelled, inputs=link, writes=True)

    def unassociate(
        self, from_type: str, from_id: object, to_type: object, to_id: object, label: object
    ) -> Call[Association]:
        pair = one_pair(from_type, from_id, to_type, to_id, label)
        unlinked = Association(from_type, pair.from_id, pair.to_type, pair.to_id, pair.types)
        if not pair.types:
            kwargs = self.binding.builder("delete")(
                from_type, pair.from_id, pair.to_type, pair.to_id
            )
        else:
            # v4 removes labels only in batches: a batch of one.
            body = {"inputs": [self._labelled_input(pair)]}
            kwargs = self.binding.builder("batch_archive_labels")(
                from_type, pair.to_type, body=self._send(body)
            )
        # 204 and no body either way.
        return Call(kwargs, lambda _response: unlinked, inputs=unlinked, writes=True)

    def pages(
        self, from_type: str, object_id: object, to_object_type: object
    ) -> Callable[[str | None], Call[LinksPage]]:
        """The page request of one record's links, for a cursor; the arguments checked now."""
        from_id = record_id(object_id, "object_id")
        to_type = object_type(to_object_type, "to_object_type")
        return lambda after: self.page(from_type, from_id, to_type, after=after)

    def _page(
        self,
        from_type: str,
        from_id: str,
        to_type: str,
        after: str | None,
        read: Callable[[_Reader, Mapping[str, Any]], P],
    ) -> Call[P]:
        """One page (500, HubSpot's most) of one record's links, read by `read`."""
        kwargs = self.binding.builder("list")(
            from_type,
            from_id,
            to_type,
            after=self.binding.unset if after is None else after,
            limit=ASSOCIATION_PAGE_LIMIT,
        )
        strict = self.validation

        def parse(response: httpx.Response) -> P:
            body = read_json(response)
            reader = _Reader(body, strict)
            return read(reader, reader.obj(body, "$"))

        return Call(kwargs, parse)

    def page(
        self, from_type: str, from_id: str, to_type: str, *, after: str | None
    ) -> Call[LinksPage]:
        def read(reader: _Reader, raw: Mapping[str, Any]) -> LinksPage:
            links = reader.targets(raw.get("results"), "results", from_type, from_id, to_type)
            return LinksPage(links, reader.cursor(raw, ""))

        return self._page(from_type, from_id, to_type, after, read)

    def id_page(
        self, from_type: str, from_id: str, to_type: str, *, after: str | None
    ) -> Call[IdsPage]:
        """`page`, reading only the linked ids: what reading the linked records needs, at a
        fraction of the cost of a full page."""

        def read(reader: _Reader, raw: Mapping[str, Any]) -> IdsPage:
            ids = reader.target_ids(raw.get("results"), "results", from_type, from_id, to_type)
            return IdsPage(ids, reader.cursor(raw, ""))

        return self._page(from_type, from_id, to_type, after, read)

    # --- batches ------------------------------------------------------------------------------

    @staticmethod
    def _labelled_input(pair: Pair) -> dict[str, Any]:
        return {
            "from": {"id": pair.from_id},
            "to": {"id": pair.to_id},
            "types": [t.to_dict() for t in pair.types],
        }

    def _pair_chunks(
        self, from_type: str, pairs: Iterable[Any], chunk_size: int | None
    ) -> tuple[list[Chunk], dict[int, list[Pair]]]:
        """Chunks of pairs in the caller's order, each of one target type and either all
        labelled or none (they go to different endpoints), with the pairs of each chunk by
        its start."""
        size = ASSOCIATION_BATCH_WRITE_LIMIT
        if chunk_size is not None:
            size = check_limit(chunk_size, "chunk_size", ASSOCIATION_BATCH_WRITE_LIMIT)
        originals = _input_list(pairs, "pairs")
        parsed = [read_pair(item, from_type, f"pairs[{i}]") for i, item in enumerate(originals)]

        def endpoint(pair: Pair) -> tuple[str, bool]:
            return pair.to_type, bool(pair.types)

        chunks: list[Chunk] = []
        members: dict[int, list[Pair]] = {}
        start = 0
        while start < len(parsed):
            end = start + 1
            while (
                end < len(parsed)
                and end - start < size
                and endpoint(parsed[end]) == endpoint(parsed[start])
            ):
                end += 1
            run = parsed[start:end]
            members[start] = run
            chunks.append(
                Chunk(
                    start,
                    originals[start:end],
                    [attrs.asdict(pair, recurse=False) for pair in run],
                    # The pair, and its from-record alone (an error may name only that one).
                    [(pair.key, f"{pair.from_id}>") for pair in run],
                )
            )
            start = end
        return chunks, members

    def _write_plan(
        self,
        from_type: str,
        op: str,
        chunks: list[Chunk],
        call: Callable[[Chunk], Call[ChunkAnswer[Association]]],
    ) -> BatchPlan[Association]:
        return BatchPlan(
            from_type,
            op,
            chunks,
            call,
            writes=True,
            result_key=_by_pair,
            error_keys=_pair_error_keys,
        )

    def batch_associate(
        self, from_type: str, pairs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchPlan[Association]:
        chunks, groups = self._pair_chunks(from_type, pairs, chunk_size)
        strict = self.validation

        def call(chunk: Chunk) -> Call[ChunkAnswer[Association]]:
            members = groups[chunk.start]
            head = members[0]
            wanted = {m.key: m for m in members}
            if head.types:
                body = {"inputs": [self._labelled_input(m) for m in members]}
                build = self.binding.builder("batch_create_labelled")
            else:
                body = {
                    "inputs": [{"from": {"id": m.from_id}, "to": {"id": m.to_id}} for m in members]
                }
                build = self.binding.builder("batch_create_default")
            kwargs = build(from_type, head.to_type, body=self._send(body))

            def parse(response: httpx.Response) -> ChunkAnswer[Association]:
                raw = read_json(response)
                reader = _Reader(raw, strict)
                found: dict[str, Association] = {}
                body = reader.obj(raw, "$")
                for i, item in enumerate(reader.items(body.get("results", []), "results")):
                    # A default link is reported in both directions: the pairs asked for count.
                    key = reader.pair_key(item, f"results[{i}]")
                    pair = wanted.get(key)
                    if pair is not None and key not in found:
                        found[key] = Association(
                            from_type, pair.from_id, pair.to_type, pair.to_id, pair.types
                        )
                return ChunkAnswer(list(found.values()), reader.errors(body))

            return Call(kwargs, parse, inputs=chunk.originals, writes=True)

        return self._write_plan(from_type, "batch_associate", chunks, call)

    def batch_unassociate(
        self, from_type: str, pairs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchPlan[Association]:
        chunks, groups = self._pair_chunks(from_type, pairs, chunk_size)

        def call(chunk: Chunk) -> Call[ChunkAnswer[Association]]:
            members = groups[chunk.start]
            head = members[0]
            if head.types:
                body = {"inputs": [self._labelled_input(m) for m in members]}
                build = self.binding.builder("batch_archive_labels")
            else:
                body = {
                    "inputs": [
                        {"from": {"id": m.from_id}, "to": [{"id": m.to_id}]} for m in members
                    ]
                }
                build = self.binding.builder("batch_archive")
            kwargs = build(from_type, head.to_type, body=self._send(body))
            # 204 and no body: every pair of the chunk is unlinked.
            done = [Association(from_type, m.from_id, m.to_type, m.to_id, m.types) for m in members]
            return Call(kwargs, lambda _r: ChunkAnswer(done), inputs=chunk.originals, writes=True)

        return self._write_plan(from_type, "batch_unassociate", chunks, call)

    def batch_read(
        self, from_type: str, to_type: str, inputs: Sequence[tuple[str, str | None]]
    ) -> BatchPlan[_LinkedIds]:
        """The ids each of `inputs` (record id, cursor of a next page or None) links to."""
        chunks = chunked(
            (
                (
                    (rid, after),
                    {"id": rid} if after is None else {"id": rid, "after": after},
                    (rid,),
                )
                for rid, after in inputs
            ),
            ASSOCIATION_BATCH_READ_LIMIT,
        )
        build = self.binding.builder("batch_read")
        strict = self.validation

        def call(chunk: Chunk) -> Call[ChunkAnswer[_LinkedIds]]:
            kwargs = build(from_type, to_type, body=self._send({"inputs": chunk.payload}))

            def parse(response: httpx.Response) -> ChunkAnswer[_LinkedIds]:
                raw = read_json(response)
                reader = _Reader(raw, strict)
                body = reader.obj(raw, "$")
                found: list[_LinkedIds] = []
                for i, item in enumerate(reader.items(body.get("results", []), "results")):
                    where = f"results[{i}]"
                    from_id = reader.record_id(
                        reader.obj(item.get("from"), f"{where}.from").get("id"), f"{where}.from.id"
                    )
                    if from_id is None:
                        continue
                    ids = reader.target_ids(
                        item.get("to"), f"{where}.to", from_type, from_id, to_type
                    )
                    found.append(_LinkedIds(from_id, ids, reader.cursor(item, f"{where}.")))
                return ChunkAnswer(found, reader.errors(body))

            return Call(kwargs, parse, inputs=chunk.originals)

        return BatchPlan(
            from_type,
            "batch_read_associations",
            chunks,
            call,
            writes=False,
            result_key=_by_from,
            error_keys=_read_error_keys,
        )


# --- records linked to other records ----------------------------------------------------------


def _failure(error: BatchError) -> HubSpotError:
    if isinstance(error.error, HubSpotError):
        return error.error
    raw = error.error
    kind = NotFoundError if error.category == "OBJECT_NOT_FOUND" else ApiError
    return kind(
        error.message, status=207, category=error.category, body=raw, context=raw.get("context")
    )


def _raise_for_read(result: BatchResult[Any], *, skip: Callable[[BatchError], bool]) -> None:
    """A read of linked records fails as a whole on any failure but the ones `skip` accepts."""
    for error in [*result.errors, *result.unknown_errors]:
        if not skip(error):
            raise _failure(error)


def _gone(error: BatchError) -> bool:
    # A record archived between reading its link and reading it: no longer linked.
    return error.category == "OBJECT_NOT_FOUND"


def _unlinked(error: BatchError) -> bool:
    return isinstance(error.error, Mapping) and error.error.get("subCategory") == _NO_ASSOCIATIONS


def _by_raw_id(records: list[RecordT]) -> dict[str, RecordT]:
    # The ids as the JSON has them: reading `.id` would check and convert each lazy record's
    # id now, a cost its reader pays anyway if (and when) it reads it.
    return {str(record.raw.get("id")): record for record in records}


def _in_order(records: list[RecordT], ids: list[str]) -> list[RecordT]:
    """`records` in the order of their links (a batch read promises no order)."""
    by_id = _by_raw_id(records)
    return [by_id[i] for i in ids if i in by_id]


class LinkedRecords(Generic[RecordT]):
    """The records of `ops`' object type linked to one record of another type: a v4 page of
    their ids (500 at most), then those records' batch reads, page after page; no I/O.

    Drive it: `next_page()` -> send -> `accept_page(page)` -> the batch read to run (None for
    an empty page) -> `records(result)` -> the records to yield, in the order of their links.
    """

    def __init__(
        self,
        links: AssociationOps,
        ops: Operations[RecordT],
        *,
        object_type_: object,
        object_id: object,
        properties: Iterable[str] | None,
    ) -> None:
        self._links = links
        self._ops = ops
        self._from_type = object_type(object_type_, "object_type")
        self._from_id = record_id(object_id, "object_id")
        self._properties = None if properties is None else check_names(properties, "properties")
        self._cursor = ListCursor()
        self._ids: list[str] = []

    def next_page(self) -> Call[IdsPage] | None:
        if self._cursor.done:
            return None
        return self._links.id_page(
            self._from_type, self._from_id, self._ops.binding.object_type, after=self._cursor.after
        )

    def accept_page(self, page: IdsPage) -> BatchPlan[RecordT] | None:
        self._cursor.advance(page)
        self._ids = list(dict.fromkeys(page.results))
        if not self._ids:
            return None
        return batch_read_records(self._ops, self._ids, properties=self._properties)

    def records(self, result: BatchResult[RecordT]) -> list[RecordT]:
        _raise_for_read(result, skip=_gone)
        return _in_order(result.results, self._ids)


class LinkedRecordsMany(Generic[RecordT]):
    """The records of `ops`' object type linked to each of many records of another type: v4
    batch reads of their ids (1,000 records a request, again for those with more than 500
    links), then one batch read of every linked record, each read once however many records
    it is linked to; no I/O.

    Drive it: while `next_links()` gives a plan, run it and `accept_links(result)`; then run
    `read()` (None: nothing linked) and `accept_records(result)`; `result()` maps every id
    asked for (in the order given) to its records, in the order of their links.
    """

    def __init__(
        self,
        links: AssociationOps,
        ops: Operations[RecordT],
        *,
        object_type_: object,
        ids: object,
        properties: Iterable[str] | None,
    ) -> None:
        self._links = links
        self._ops = ops
        self._from_type = object_type(object_type_, "object_type")
        given = [record_id(v, f"ids[{i}]") for i, v in enumerate(_input_list(ids, "ids"))]
        self._linked: dict[str, list[str]] = {rid: [] for rid in given}
        self._properties = None if properties is None else check_names(properties, "properties")
        self._pending: list[tuple[str, str | None]] = [(rid, None) for rid in self._linked]
        self._records: dict[str, RecordT] = {}

    def next_links(self) -> BatchPlan[_LinkedIds] | None:
        if not self._pending:
            return None
        pending, self._pending = self._pending, []
        return self._links.batch_read(self._from_type, self._ops.binding.object_type, pending)

    def accept_links(self, result: BatchResult[_LinkedIds]) -> None:
        _raise_for_read(result, skip=_unlinked)
        for found in result.results:
            linked = self._linked.get(found.from_id)
            if linked is None:
                continue
            linked.extend(found.to_ids)
            if found.after is not None:
                self._pending.append((found.from_id, found.after))

    def read(self) -> BatchPlan[RecordT] | None:
        ids = list(dict.fromkeys(i for linked in self._linked.values() for i in linked))
        if not ids:
            return None
        return batch_read_records(self._ops, ids, properties=self._properties)

    def accept_records(self, result: BatchResult[RecordT]) -> None:
        _raise_for_read(result, skip=_gone)
        self._records = _by_raw_id(result.results)

    def result(self) -> dict[str, list[RecordT]]:
        records = self._records
        return {
            rid: [records[i] for i in dict.fromkeys(linked) if i in records]
            for rid, linked in self._linked.items()
        }
