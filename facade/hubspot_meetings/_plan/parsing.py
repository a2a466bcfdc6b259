"""Strict or lenient parsing of HubSpot's response bodies into `CrmObject`, `Page`,
`SearchPage` and `ParsedBatch`.

Strict (validation on): a body that does not match HubSpot's documented shape raises
`ResponseValidationError` naming the path that is wrong. Lenient: malformed fields become None
or are left out, and `raw` keeps the body as it came. Nothing here knows which CRM object it
parses.

Each record is read once, straight from the JSON: strict checks are plain type checks on the
dict (and one datetime parse per date field, whose result is kept), never a pass through the
generated models. The generated model is built only when a caller reads `.model`. The checks
refuse everything the generated `from_dict` parsers would choke on (tests/facade/test_parsing.py
holds them to that), so a strictly parsed body always yields its model.

Records of a page (list, search, batch read) are lazy (`_LazyBody`): parsing checks the page's
shape and wraps each record's JSON; each field is checked and converted when first read, and a
strict check that fails then raises the same ResponseValidationError, naming the same path, as
an eager parse would have. Reading a 100-record page so costs little more than its JSON.
Records of a write's answer are checked eagerly: whether a write's answer can be read decides
how its outcome is reported (see `calls.Call.answer`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any, Generic

import attrs

from .._exceptions import ResponseValidationError
from .._types import (
    CrmObject,
    LazyModel,
    Page,
    RecordT,
    SearchPage,
    associations_dict,
    history_dict,
    next_after,
    str_dict,
)

__all__ = ["ParsedBatch", "parse_batch", "parse_object", "parse_page", "parse_search_page"]

_STR_OR_NONE = frozenset({str, type(None)})
_DICT_ONLY = frozenset({dict})
_ABSENT: Any = object()  # a key not in the body (None is a value HubSpot may send)
_fromisoformat = datetime.datetime.fromisoformat


def _fail(path: str, reason: str, body: object) -> ResponseValidationError:
    return ResponseValidationError(path, reason, body)


def _at(path: str, key: str) -> str:
    """`key` of the part at `path`; the body's own keys ("" path) are named bare: `total`."""
    return f"{path}.{key}" if path else key


# --- strict checks of parts of a body ----------------------------------------------------------


def _mapping(value: object, path: str, body: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(path, f"expected an object, got {value!r}", body)
    return value


def _list(value: object, path: str, body: object) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(path, f"expected a list, got {value!r}", body)
    return value


def _objects(value: object, path: str, body: object) -> list[Mapping[str, Any]]:
    """A list of JSON objects."""
    items = _list(value, path, body)
    for i, item in enumerate(items):
        _mapping(item, f"{path}[{i}]", body)
    return items


def _date(raw: Mapping[str, Any], key: str, path: str, body: object) -> datetime.datetime | None:
    value = raw.get(key, _ABSENT)
    if value is _ABSENT:
        return None
    try:
        return _fromisoformat(value)
    except (TypeError, ValueError):
        raise _fail(
            _at(path, key), f"expected an ISO-8601 date-time, got {value!r}", body
        ) from None


def _optional_object(raw: Mapping[str, Any], key: str, path: str, body: object) -> None:
    value = raw.get(key, _ABSENT)
    if value is not _ABSENT:
        _mapping(value, _at(path, key), body)


def _check_properties(props: object, path: str, body: object) -> dict[str, str | None]:
    """The record's property dict, copied: every value a string or None."""
    props = _mapping(props, path, body)
    # The usual JSON object of strings is checked and copied in C, without a per-value loop.
    if type(props) is not dict or not _STR_OR_NONE.issuperset(map(type, props.values())):
        for name, value in props.items():
            if value is not None and not isinstance(value, str):
                raise _fail(f"{path}.{name}", f"expected a string, got {value!r}", body)
    return dict(props)


def _check_history(value: object, path: str, body: object) -> dict[str, list[dict[str, Any]]]:
    for name, entries in _mapping(value, path, body).items():
        for i, entry in enumerate(_objects(entries, f"{path}.{name}", body)):
            _date(entry, "timestamp", f"{path}.{name}[{i}]", body)
    return history_dict(value)


def _check_associations(value: object, path: str, body: object) -> dict[str, list[dict[str, Any]]]:
    for name, coll in _mapping(value, path, body).items():
        where = f"{path}.{name}"
        coll = _mapping(coll, where, body)
        if "results" not in coll:
            raise _fail(f"{where}.results", "missing", body)
        for i, item in enumerate(_objects(coll["results"], f"{where}.results", body)):
            if "id" not in item:
                raise _fail(f"{where}.results[{i}].id", "missing", body)
        _check_paging(coll, where, body)
    return associations_dict(value)


def _check_warnings(value: object, path: str, body: object) -> None:
    for i, warning in enumerate(_objects(value, path, body)):
        _optional_object(warning, "context", f"{path}[{i}]", body)


def _check_paging(raw: Mapping[str, Any], path: str, body: object) -> None:
    paging = raw.get("paging", _ABSENT)
    if paging is _ABSENT:
        return
    where = _at(path, "paging")
    paging = _mapping(paging, where, body)
    _optional_object(paging, "next", where, body)
    _optional_object(paging, "prev", where, body)
    if "next" in paging and next_after(raw) is None:
        raise _fail(f"{where}.next.after", "expected a cursor string", body)


def _check_batch_error(error: Mapping[str, Any], path: str, body: object) -> None:
    for key in ("context", "links", "subCategory"):
        _optional_object(error, key, path, body)
    details = error.get("errors", _ABSENT)
    if details is not _ABSENT:
        for i, detail in enumerate(_objects(details, f"{path}.errors", body)):
            _optional_object(detail, "context", f"{path}.errors[{i}]", body)


# --- records -----------------------------------------------------------------------------------


# What most records hold: a page of them is read by `_plain_object`, the hot path.
_PLAIN_KEYS = frozenset({"id", "properties", "createdAt", "updatedAt", "archived", "url"})


def _plain_object(
    raw: object,
    model_cls: type[Any],
    record_cls: type[RecordT] = CrmObject,  # type: ignore[assignment]
) -> RecordT | None:
    """A well-formed record of the usual keys, built; None for anything else, which
    `_strict_object` (naming what is wrong) or `_lenient_object` then reads. Strict and lenient
    agree on well-formed records, so both take this path first, and the common case pays for
    no error reporting."""
    if type(raw) is not dict or not _PLAIN_KEYS.issuperset(raw):
        return None
    get = raw.get
    obj_id = get("id")
    props = get("properties")
    if (
        type(obj_id) is not str
        or not obj_id
        or type(props) is not dict
        or not _STR_OR_NONE.issuperset(map(type, props.values()))
    ):
        return None
    archived = get("archived", _ABSENT)
    if archived is _ABSENT:
        archived = None
    elif type(archived) is not bool:
        return None
    created = get("createdAt", _ABSENT)
    updated = get("updatedAt", _ABSENT)
    try:
        created_at = None if created is _ABSENT else _fromisoformat(created)
        updated_at = None if updated is _ABSENT else _fromisoformat(updated)
    except (TypeError, ValueError):
        return None
    return record_cls(
        obj_id, dict(props), created_at, updated_at, archived, raw=raw, model_cls=model_cls
    )


def _strict_object(
    raw: object,
    path: str,
    body: object,
    model_cls: type[Any],
    record_cls: type[RecordT] = CrmObject,  # type: ignore[assignment]
) -> RecordT:
    """Check one record and build it from the values the checks produced."""
    if not isinstance(raw, Mapping):
        raise _fail(path, f"expected an object, got {type(raw).__name__}", body)
    get = raw.get
    obj_id = get("id")
    if not isinstance(obj_id, str) or not obj_id:
        raise _fail(f"{path}.id", f"expected a non-empty string, got {obj_id!r}", body)
    properties = _check_properties(get("properties"), f"{path}.properties", body)
    created_at = _date(raw, "createdAt", path, body)
    updated_at = _date(raw, "updatedAt", path, body)
    archived_at = _date(raw, "archivedAt", path, body)
    archived = get("archived", _ABSENT)
    new = get("new", _ABSENT)
    for key, flag in (("archived", archived), ("new", new)):
        if flag is not _ABSENT and not isinstance(flag, bool):
            raise _fail(f"{path}.{key}", f"expected a boolean, got {flag!r}", body)
    history = get("propertiesWithHistory", _ABSENT)
    assoc = get("associations", _ABSENT)
    warnings = get("warnings", _ABSENT)
    if warnings is not _ABSENT:
        _check_warnings(warnings, f"{path}.warnings", body)
    trace = get("objectWriteTraceId")
    url = get("url")
    return record_cls(
        id=obj_id,
        properties=properties,
        created_at=created_at,
        updated_at=updated_at,
        archived=None if archived is _ABSENT else archived,
        archived_at=archived_at,
        properties_with_history=(
            {}
            if history is _ABSENT
            else _check_history(history, f"{path}.propertiesWithHistory", body)
        ),
        associations=(
            {} if assoc is _ABSENT else _check_associations(assoc, f"{path}.associations", body)
        ),
        object_write_trace_id=trace if isinstance(trace, str) else None,
        new=None if new is _ABSENT else new,
        url=url if isinstance(url, str) else None,
        raw=raw if isinstance(raw, dict) else dict(raw),
        model_cls=model_cls,
    )


def _lenient_object(raw: object, model_cls: type[Any], record_cls: type[RecordT]) -> RecordT:
    if not isinstance(raw, Mapping):
        return record_cls.from_raw({"_value": raw})  # type: ignore[return-value]
    return record_cls.from_raw(raw, model_cls=model_cls)  # type: ignore[return-value]


def parse_object(
    raw: object,
    model_cls: type[Any],
    *,
    strict: bool,
    path: str = "$",
    record_cls: type[RecordT] = CrmObject,  # type: ignore[assignment]
) -> RecordT:
    """One record, checked now; its generated model (`model_cls`) is built on first access to
    `.model`."""
    plain = _plain_object(raw, model_cls, record_cls)
    if plain is not None:
        return plain
    if strict:
        return _strict_object(raw, path, raw, model_cls, record_cls)
    return _lenient_object(raw, model_cls, record_cls)


# --- lazy records ------------------------------------------------------------------------------


def _read_id(body: _LazyBody, raw: dict[str, Any]) -> str:
    value = raw.get("id")
    if type(value) is str and value:
        return value
    if body.strict:
        raise _fail(f"{body.path(raw)}.id", f"expected a non-empty string, got {value!r}", body.raw)
    return str(raw.get("id", ""))


def _read_properties(body: _LazyBody, raw: dict[str, Any]) -> dict[str, str | None]:
    props = raw.get("properties")
    if type(props) is dict and _STR_OR_NONE.issuperset(map(type, props.values())):
        return dict(props)
    if body.strict:
        return _check_properties(props, f"{body.path(raw)}.properties", body.raw)
    return str_dict(props)


def _date_reader(key: str) -> Callable[[_LazyBody, dict[str, Any]], datetime.datetime | None]:
    def read(body: _LazyBody, raw: dict[str, Any]) -> datetime.datetime | None:
        value = raw.get(key, _ABSENT)
        if value is _ABSENT:
            return None
        try:
            return _fromisoformat(value)
        except (TypeError, ValueError):
            if body.strict:
                where = f"{body.path(raw)}.{key}"
                raise _fail(
                    where, f"expected an ISO-8601 date-time, got {value!r}", body.raw
                ) from None
            return None

    return read


def _flag_reader(key: str) -> Callable[[_LazyBody, dict[str, Any]], bool | None]:
    def read(body: _LazyBody, raw: dict[str, Any]) -> bool | None:
        value = raw.get(key, _ABSENT)
        if type(value) is bool:
            return value
        if value is not _ABSENT and body.strict:
            raise _fail(f"{body.path(raw)}.{key}", f"expected a boolean, got {value!r}", body.raw)
        return None

    return read


def _nested_reader(
    key: str,
    check: Callable[[object, str, object], dict[str, list[dict[str, Any]]]],
    lenient: Callable[[object], dict[str, list[dict[str, Any]]]],
) -> Callable[[_LazyBody, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    def read(body: _LazyBody, raw: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
        value = raw.get(key, _ABSENT)
        if value is _ABSENT:
            return {}
        if body.strict:
            return check(value, f"{body.path(raw)}.{key}", body.raw)
        return lenient(value)

    return read


def _text_reader(key: str) -> Callable[[_LazyBody, dict[str, Any]], str | None]:
    def read(_body: _LazyBody, raw: dict[str, Any]) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) else None

    return read


# The fields of CrmObject and how a lazy record reads each from its JSON.
_READERS: dict[str, Callable[[_LazyBody, dict[str, Any]], Any]] = {
    "id": _read_id,
    "properties": _read_properties,
    "created_at": _date_reader("createdAt"),
    "updated_at": _date_reader("updatedAt"),
    "archived_at": _date_reader("archivedAt"),
    "archived": _flag_reader("archived"),
    "new": _flag_reader("new"),
    "properties_with_history": _nested_reader(
        "propertiesWithHistory", _check_history, history_dict
    ),
    "associations": _nested_reader("associations", _check_associations, associations_dict),
    "object_write_trace_id": _text_reader("objectWriteTraceId"),
    "url": _text_reader("url"),
}


class _LazyBody:
    """The parsed body that the lazy records of one page share: how strictly to read them, the
    model class of each record, and where each record sits (for the path an error names)."""

    __slots__ = ("items", "model_cls", "raw", "strict")

    def __init__(
        self, raw: object, items: list[Any], model_cls: type[Any], *, strict: bool
    ) -> None:
        self.raw = raw
        self.items = items
        self.model_cls = model_cls
        self.strict = strict

    def path(self, record: object) -> str:
        """`results[i]` of `record`: found only when an error needs it, never stored."""
        for i, item in enumerate(self.items):
            if item is record:
                return f"results[{i}]"
        return "$"

    def field(self, raw: dict[str, Any], name: str) -> Any:
        reader = _READERS.get(name)
        if reader is not None:
            return reader(self, raw)
        if name == "_model":
            return None
        if name == "_model_cls":
            return self.model_cls
        raise AttributeError(name)

    def check(self, raw: dict[str, Any]) -> None:
        if self.strict:
            _strict_object(raw, self.path(raw), self.raw, self.model_cls)


_new = object.__new__
_set_raw = CrmObject.__dict__["raw"].__set__
_set_lazy = CrmObject.__dict__["_lazy"].__set__
_set_id = CrmObject.__dict__["id"].__set__


def _lazy_records(
    items: list[dict[str, Any]], body: _LazyBody, record_cls: type[RecordT]
) -> list[RecordT]:
    """One record per JSON object of `items`, with only `raw` set: every other field is read on
    first access (`CrmObject.__getattr__`). Object allocation and two slot writes per record
    are all a page of 100 costs here."""
    records: list[RecordT] = []
    append = records.append
    for raw in items:
        record = _new(record_cls)
        _set_raw(record, raw)
        _set_lazy(record, body)
        # Nearly every reader wants the id (a batch's merge keys results by it): a well-formed
        # one is set now, which costs less than a first read through __getattr__; a malformed
        # one is left to that first read, which reports it.
        record_id = raw.get("id")
        if type(record_id) is str and record_id:
            _set_id(record, record_id)
        append(record)
    return records


# --- pages and batches -------------------------------------------------------------------------


def _page_body(raw: object, strict: bool) -> dict[str, Any]:
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, Mapping):
        return dict(raw)
    if strict:
        raise _fail("$", f"expected an object, got {type(raw).__name__}", raw)
    return {}


def _records(
    body: dict[str, Any],
    item_cls: type[Any],
    strict: bool,
    record_cls: type[RecordT],
    *,
    lazy: bool,
) -> list[RecordT]:
    items = body.get("results")
    if not isinstance(items, list):
        if strict:
            raise _fail("results", f"expected a list, got {items!r}", body)
        return []
    if strict:
        _check_paging(body, "", body)
    if lazy and _DICT_ONLY.issuperset(map(type, items)):
        context = _LazyBody(body, items, item_cls, strict=strict)
        return _lazy_records(items, context, record_cls)
    if strict:
        return [
            _plain_object(item, item_cls, record_cls)
            or _strict_object(item, f"results[{i}]", body, item_cls, record_cls)
            for i, item in enumerate(items)
        ]
    return [
        _plain_object(item, item_cls, record_cls) or _lenient_object(item, item_cls, record_cls)
        for item in items
    ]


def parse_page(
    raw: object,
    page_cls: type[Any],
    item_cls: type[Any],
    *,
    strict: bool,
    record_cls: type[RecordT] = CrmObject,  # type: ignore[assignment]
) -> Page[RecordT]:
    """A list page; its records are read lazily."""
    body = _page_body(raw, strict)
    objects = _records(body, item_cls, strict, record_cls, lazy=True)
    return Page(results=objects, next_after=next_after(body), raw=body, model_cls=page_cls)


def parse_search_page(
    raw: object,
    page_cls: type[Any],
    item_cls: type[Any],
    *,
    strict: bool,
    record_cls: type[RecordT] = CrmObject,  # type: ignore[assignment]
) -> SearchPage[RecordT]:
    """A search page; its records are read lazily."""
    body = _page_body(raw, strict)
    objects = _records(body, item_cls, strict, record_cls, lazy=True)
    total = body.get("total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int)):
        if strict:
            raise _fail("total", f"expected an integer, got {total!r}", body)
        total = None
    return SearchPage(
        results=objects, total=total, next_after=next_after(body), raw=body, model_cls=page_cls
    )


@attrs.frozen
class ParsedBatch(LazyModel, Generic[RecordT]):
    """One batch response: its records, its per-item errors (raw dicts) and HubSpot's status.

    `model` (the generated batch response model) is built on first access."""

    results: list[RecordT]
    errors: list[dict[str, Any]]
    status: str | None
    raw: dict[str, Any]
    _model: Any = attrs.field(default=None, repr=False, eq=False)
    _model_cls: type[Any] | None = attrs.field(default=None, repr=False, eq=False)


def parse_batch(
    raw: object,
    response_cls: type[Any],
    item_cls: type[Any],
    *,
    strict: bool,
    record_cls: type[RecordT] = CrmObject,  # type: ignore[assignment]
    lazy: bool = False,
) -> ParsedBatch[RecordT]:
    """A batch answer; its records are read lazily when `lazy` (reads), else checked now."""
    body = _page_body(raw, strict)
    objects = _records(body, item_cls, strict, record_cls, lazy=lazy)
    errors_raw = body.get("errors", [])
    if not isinstance(errors_raw, list):
        if strict:
            raise _fail("errors", f"expected a list, got {errors_raw!r}", body)
        errors_raw = []
    errors: list[dict[str, Any]] = []
    for i, err in enumerate(errors_raw):
        if isinstance(err, Mapping):
            if strict:
                _check_batch_error(err, f"errors[{i}]", body)
            errors.append(dict(err))
        elif strict:
            raise _fail(f"errors[{i}]", f"expected an object, got {err!r}", body)
        else:
            errors.append({"message": str(err)})
    status = body.get("status")
    if status is not None and not isinstance(status, str):
        if strict:
            raise _fail("status", f"expected a string, got {status!r}", body)
        status = None
    if strict:
        for key in ("startedAt", "completedAt", "requestedAt"):
            _date(body, key, "", body)
        _optional_object(body, "links", "", body)
    return ParsedBatch(
        results=objects, errors=errors, status=status, raw=body, model_cls=response_cls
    )
