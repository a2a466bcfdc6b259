"""The emulator's CRM search engine: pure functions over in-memory records, no I/O.

Semantics follow HubSpot's documented search behaviour (docs/hubspot-behaviour.md, "Limits,
paging and search"): filter groups are OR-ed, filters within a group AND-ed, at most 5 groups / 6
filters per group / 18 filters, one sort, ``limit`` 1..200, ``after`` an integer offset, and no
paging past 10,000 results. Properties with several values per record (HubSpot's
``associations.{type}`` pseudo-properties) are given by the caller as ``multi_valued`` getters and
answer the operators that make sense for a set of ids.
"""

from __future__ import annotations

import functools
import math
import operator as operator_module
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

__all__ = [
    "MAX_FILTERS_PER_GROUP",
    "MAX_FILTERS_TOTAL",
    "MAX_FILTER_GROUPS",
    "MAX_LIMIT",
    "MAX_QUERY_LENGTH",
    "MAX_RESULT_WINDOW",
    "OPERATORS",
    "SearchError",
    "run_search",
]

MAX_FILTER_GROUPS = 5
MAX_FILTERS_PER_GROUP = 6
MAX_FILTERS_TOTAL = 18
MAX_LIMIT = 200
DEFAULT_LIMIT = 10
MAX_QUERY_LENGTH = 3000
MAX_RESULT_WINDOW = 10_000

_SINGLE_VALUE_OPERATORS = frozenset(
    {"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"}
)

# Properties whose type is fixed by HubSpot regardless of what the caller's schema says.
_BUILTIN_TYPES: Mapping[str, str] = {
    "hs_object_id": "number",
    "hs_createdate": "datetime",
    "hs_lastmodifieddate": "datetime",
    "hs_timestamp": "datetime",
}

_TOKEN_SPLIT = re.compile(r"[^0-9a-z]+")
_EPOCH_MS = re.compile(r"-?\d+")

Record = Mapping[str, Any]
Predicate = Callable[[Record], bool]
ValuesOf = Callable[[Record], Collection[str]]

# The search docs show associations.{type} only with EQ; the other set-like operators behave as
# their names say (any id / no id / some id / none of the ids).
_MULTI_VALUED_OPERATORS = frozenset(
    {"EQ", "NEQ", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY"}
)


class SearchError(Exception):
    """A search request HubSpot would reject with ``400 VALIDATION_ERROR``.

    ``errors`` holds HubSpot ``ErrorDetail``-shaped dicts (``message``, ``code``, ``in``,
    ``context`` with list-of-string values) so the HTTP layer can put them straight on the wire.
    """

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: list[dict[str, Any]] = errors if errors is not None else []


def _fail(
    message: str, *, code: str, where: str, context: Mapping[str, str] | None = None
) -> SearchError:
    detail: dict[str, Any] = {"message": message, "code": code, "in": where}
    if context:
        detail["context"] = {k: [v] for k, v in context.items()}
    return SearchError(message, [detail])


# ---------------------------------------------------------------------------
# value parsing


def _parse_number(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def _parse_instant(raw: object) -> float | None:
    """Epoch milliseconds from either an ISO-8601 string or epoch milliseconds."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw) if math.isfinite(raw) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if _EPOCH_MS.fullmatch(text):
        return float(text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        # HubSpot stores instants in UTC; a naive timestamp can only mean UTC.
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp() * 1000.0


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(text.casefold()) if t]


def _stored(record: Record, name: str) -> str | None:
    """The record's value for ``name``; an empty string is a cleared property, i.e. no value."""
    value = record["properties"].get(name)
    if value is None or value == "":
        # System properties mirror top-level fields, so stores need not duplicate them.
        fallback = _SYSTEM_FALLBACKS.get(name)
        return None if fallback is None else fallback(record)
    return str(value)


_SYSTEM_FALLBACKS: Mapping[str, Callable[[Record], str | None]] = {
    "hs_object_id": lambda r: str(r["id"]),
    "hs_createdate": lambda r: r.get("createdAt"),
    "hs_lastmodifieddate": lambda r: r.get("updatedAt"),
}


def _getter(name: str) -> Callable[[Record], str | None]:
    """A fast accessor equivalent to ``_stored(record, name)``; searches call it per record."""
    fallback = _SYSTEM_FALLBACKS.get(name)
    if fallback is None:

        def plain(r: Record) -> str | None:
            # Stored values are str or None by contract; "" (cleared) reads as no value.
            value: str | None = r["properties"].get(name)
            return value or None

        return plain

    def system(r: Record) -> str | None:
        value = r["properties"].get(name)
        return fallback(r) if value is None or value == "" else str(value)

    return system


def _stored_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _stored_instant(text: str) -> float | None:
    if text.isdigit():
        return float(text)
    return _cached_iso_instant(text)


@functools.lru_cache(maxsize=65_536)
def _cached_iso_instant(text: str) -> float | None:
    # Cached because paging re-sorts the same ISO timestamps on every page request.
    return _parse_instant(text)


def _parse_string(raw: object) -> str | None:
    return raw.casefold() if isinstance(raw, str) else None


def _parse_enumeration(raw: object) -> str | None:
    return raw if isinstance(raw, str) else None


class _Kind:
    """How values of one property type are parsed from filter input and from stored values.

    ``parse_stored`` is the per-record hot path: it only ever sees ``str`` and skips type checks.
    """

    def __init__(
        self, name: str, parse: Callable[[object], Any], parse_stored: Callable[[str], Any]
    ) -> None:
        self.name = name
        self.parse = parse
        self.parse_stored = parse_stored


_KINDS: Mapping[str, _Kind] = {
    "number": _Kind("number", _parse_number, _stored_number),
    "datetime": _Kind("datetime", _parse_instant, _stored_instant),
    "enumeration": _Kind("enumeration", _parse_enumeration, str),
    "string": _Kind("string", _parse_string, str.casefold),
}


def _kind_for(name: str, property_types: Mapping[str, str]) -> _Kind:
    declared = _BUILTIN_TYPES.get(name) or property_types.get(name, "string")
    # "date" properties are instants at midnight UTC; bool and phone behave as strings for search.
    if declared == "date":
        declared = "datetime"
    return _KINDS.get(declared, _KINDS["string"])


# ---------------------------------------------------------------------------
# filter compilation


def _filter_value(flt: Mapping[str, Any], key: str, kind: _Kind, where: str, operator: str) -> Any:
    raw = flt.get(key)
    if raw is None:
        raise _fail(
            f"{where}: operator {operator} requires a '{key}'",
            code="MISSING_VALUE" if key == "value" else "MISSING_HIGH_VALUE",
            where=f"{where}.{key}",
            context={"propertyName": str(flt.get("propertyName"))},
        )
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise _fail(
            f"{where}.{key} must be a string, got {type(raw).__name__}",
            code="INVALID_VALUE",
            where=f"{where}.{key}",
        )
    parsed = kind.parse(raw)
    if parsed is None:
        raise _fail(
            f"{where}.{key}: {raw!r} is not a valid {kind.name} value "
            f"for property {flt.get('propertyName')!r}",
            code="INVALID_NUMBER" if kind.name == "number" else "INVALID_DATE",
            where=f"{where}.{key}",
            context={"propertyName": str(flt.get("propertyName"))},
        )
    return parsed


_TOKEN_CHARS = "[0-9a-z]"
_TOKEN_START = f"(?<!{_TOKEN_CHARS})"
_TOKEN_END = f"(?!{_TOKEN_CHARS})"


def _token_regex(value: str) -> re.Pattern[str] | None:
    """A case-insensitive regex equivalent to "the tokenised value contains this token (phrase)".

    Tokens are runs of ASCII letters and digits. ``*`` matches any non-blank run, so both
    ``kick*`` and ``*@hubspot.com`` (which spans several tokens) work as HubSpot documents.
    """
    if "*" in value:
        body = r"\S*".join(re.escape(part) for part in value.split("*"))
    else:
        words = _tokens(value)
        if not words:
            return None
        body = "[^0-9a-z]+".join(re.escape(w) for w in words)
    return re.compile(_TOKEN_START + body + _TOKEN_END, re.IGNORECASE)


def _values_list(flt: Mapping[str, Any], where: str, operator: str, name: str) -> list[Any]:
    raw_values = flt.get("values")
    if not isinstance(raw_values, list) or not raw_values:
        raise _fail(
            f"{where}: operator {operator} requires a non-empty 'values' list",
            code="MISSING_VALUES",
            where=f"{where}.values",
            context={"propertyName": name},
        )
    return raw_values


def _multi_valued_filter(
    flt: Mapping[str, Any], where: str, name: str, operator: str, values_of: ValuesOf
) -> Predicate:
    if operator in ("HAS_PROPERTY", "NOT_HAS_PROPERTY"):
        present = operator == "HAS_PROPERTY"
        return lambda r: bool(values_of(r)) == present
    raw = (
        [flt.get("value")]
        if operator in ("EQ", "NEQ")
        else _values_list(flt, where, operator, name)
    )
    kind = _KINDS["string"]
    wanted = {
        _filter_value({"propertyName": name, "value": v}, "value", kind, where, operator)
        for v in raw
    }
    negate = operator in ("NEQ", "NOT_IN")
    return lambda r: wanted.isdisjoint(v.casefold() for v in values_of(r)) == negate


def _compile_filter(
    flt: object,
    where: str,
    property_types: Mapping[str, str],
    multi_valued: Mapping[str, ValuesOf],
) -> Predicate:
    if not isinstance(flt, Mapping):
        raise _fail(f"{where} must be an object", code="INVALID_FILTER", where=where)
    name = flt.get("propertyName")
    if not isinstance(name, str) or not name:
        raise _fail(f"{where}.propertyName is required", code="MISSING_PROPERTY_NAME", where=where)
    operator = flt.get("operator", "EQ")
    values_of = multi_valued.get(name)
    allowed = OPERATORS if values_of is None else _MULTI_VALUED_OPERATORS
    if not isinstance(operator, str) or operator not in allowed:
        raise _fail(
            f"{where}.operator {operator!r} is not a valid operator for {name}; "
            f"expected one of {', '.join(sorted(allowed))}",
            code="INVALID_OPERATOR",
            where=f"{where}.operator",
            context={"propertyName": name},
        )
    if values_of is not None:
        return _multi_valued_filter(flt, where, name, operator, values_of)
    spec = _FilterSpec(flt, where, name, operator, _kind_for(name, property_types), _getter(name))
    return _OPERATOR_BUILDERS[operator](spec)


@attrs.frozen
class _FilterSpec:
    """One checked filter: what every operator's predicate builder reads."""

    flt: Mapping[str, Any]
    where: str
    name: str
    operator: str
    kind: _Kind
    get: Callable[[Record], str | None]

    @property
    def negated(self) -> bool:
        return self.operator.startswith(("NOT_", "NEQ"))

    def value(self, key: str = "value") -> Any:
        return _filter_value(self.flt, key, self.kind, self.where, self.operator)


def _has_property(s: _FilterSpec) -> Predicate:
    get, negate = s.get, s.negated
    return lambda r: (get(r) is not None) != negate


def _in_values(s: _FilterSpec) -> Predicate:
    raw_values = _values_list(s.flt, s.where, s.operator, s.name)
    wanted = {
        _filter_value(
            {"propertyName": s.name, "value": v}, "value", s.kind, f"{s.where}.values", s.operator
        )
        for v in raw_values
    }
    if s.kind.name == "string":
        # HubSpot matches IN/NOT_IN string values exactly against the lowercased stored
        # value ("values must be lowercase"), so an uppercase value matches nothing.
        wanted = {v if isinstance(v, str) else str(v) for v in raw_values}
    get, parse, negate = s.get, s.kind.parse_stored, s.negated

    def in_pred(r: Record) -> bool:
        stored = get(r)
        hit = stored is not None and parse(stored) in wanted
        return hit != negate

    return in_pred


def _contains_token(s: _FilterSpec) -> Predicate:
    raw = s.flt.get("value")
    if not isinstance(raw, str) or raw == "":
        raise _fail(
            f"{s.where}: operator {s.operator} requires a non-empty string 'value'",
            code="MISSING_VALUE",
            where=f"{s.where}.value",
            context={"propertyName": s.name},
        )
    regex = _token_regex(raw)
    negate = s.negated
    if regex is None:
        # A value with no letters or digits contains no token, so nothing can match it.
        return lambda _r: negate
    get, search = s.get, regex.search

    def token_pred(r: Record) -> bool:
        stored = get(r)
        hit = stored is not None and search(stored) is not None
        return hit != negate

    return token_pred


def _between(s: _FilterSpec) -> Predicate:
    low, high = s.value(), s.value("highValue")
    get, parse = s.get, s.kind.parse_stored

    def between(r: Record) -> bool:
        stored = get(r)
        parsed = None if stored is None else parse(stored)
        return parsed is not None and low <= parsed <= high

    return between


def _equals(s: _FilterSpec) -> Predicate:
    value = s.value()
    get, parse, negate = s.get, s.kind.parse_stored, s.negated

    def eq(r: Record) -> bool:
        stored = get(r)
        hit = stored is not None and parse(stored) == value
        return hit != negate

    return eq


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "LT": operator_module.lt,
    "LTE": operator_module.le,
    "GT": operator_module.gt,
    "GTE": operator_module.ge,
}


def _ordered(s: _FilterSpec) -> Predicate:
    value = s.value()
    get, parse, compare = s.get, s.kind.parse_stored, _ORDER[s.operator]

    def ordered(r: Record) -> bool:
        stored = get(r)
        parsed = None if stored is None else parse(stored)
        return parsed is not None and compare(parsed, value)

    return ordered


# Every single-valued operator HubSpot's search accepts, and what its predicate is built by.
_OPERATOR_BUILDERS: dict[str, Callable[[_FilterSpec], Predicate]] = {
    "HAS_PROPERTY": _has_property,
    "NOT_HAS_PROPERTY": _has_property,
    "IN": _in_values,
    "NOT_IN": _in_values,
    "CONTAINS_TOKEN": _contains_token,
    "NOT_CONTAINS_TOKEN": _contains_token,
    "BETWEEN": _between,
    "EQ": _equals,
    "NEQ": _equals,
    **dict.fromkeys(_ORDER, _ordered),
}
OPERATORS = frozenset(_OPERATOR_BUILDERS)


def _compile_groups(
    groups: object, property_types: Mapping[str, str], multi_valued: Mapping[str, ValuesOf]
) -> list[list[Predicate]]:
    if groups is None:
        return []
    if not isinstance(groups, list):
        raise _fail(
            "filterGroups must be a list", code="INVALID_FILTER_GROUPS", where="filterGroups"
        )
    if len(groups) > MAX_FILTER_GROUPS:
        raise _fail(
            f"Too many filter groups: {len(groups)}. The maximum is {MAX_FILTER_GROUPS}.",
            code="TOO_MANY_FILTER_GROUPS",
            where="filterGroups",
        )
    compiled: list[list[Predicate]] = []
    total = 0
    for gi, group in enumerate(groups):
        where = f"filterGroups[{gi}]"
        if not isinstance(group, Mapping):
            raise _fail(f"{where} must be an object", code="INVALID_FILTER_GROUP", where=where)
        filters = group.get("filters", [])
        if not isinstance(filters, list):
            raise _fail(f"{where}.filters must be a list", code="INVALID_FILTER_GROUP", where=where)
        if len(filters) > MAX_FILTERS_PER_GROUP:
            raise _fail(
                f"Too many filters in {where}: {len(filters)}. "
                f"The maximum per group is {MAX_FILTERS_PER_GROUP}.",
                code="TOO_MANY_FILTERS_IN_GROUP",
                where=f"{where}.filters",
            )
        total += len(filters)
        if total > MAX_FILTERS_TOTAL:
            raise _fail(
                f"Too many filters: more than {MAX_FILTERS_TOTAL} across all filter groups.",
                code="TOO_MANY_FILTERS",
                where="filterGroups",
            )
        compiled.append(
            [
                _compile_filter(flt, f"{where}.filters[{fi}]", property_types, multi_valued)
                for fi, flt in enumerate(filters)
            ]
        )
    # An empty group matches everything, exactly like no group at all.
    return compiled


# ---------------------------------------------------------------------------
# query, sort, paging


def _compile_query(query: object, searchable: Sequence[str]) -> Predicate | None:
    if query is None:
        return None
    if not isinstance(query, str):
        raise _fail("query must be a string", code="INVALID_QUERY", where="query")
    if len(query) > MAX_QUERY_LENGTH:
        raise _fail(
            f"The search query is {len(query)} characters long; the maximum is {MAX_QUERY_LENGTH}.",
            code="QUERY_TOO_LONG",
            where="query",
        )
    words = _tokens(query)
    if not words:
        return None
    # Every query word must start some word of the searchable text (HubSpot matches prefixes).
    searches = [re.compile(_TOKEN_START + re.escape(w), re.IGNORECASE).search for w in words]
    getters = [_getter(name) for name in searchable]

    def query_pred(r: Record) -> bool:
        text = "\n".join(v for v in (g(r) for g in getters) if v is not None)
        return all(s(text) is not None for s in searches)

    return query_pred


def _parse_sort(sorts: object) -> tuple[str, bool] | None:
    if sorts is None:
        return None
    if not isinstance(sorts, list):
        raise _fail("sorts must be a list", code="INVALID_SORTS", where="sorts")
    if not sorts:
        return None
    if len(sorts) > 1:
        raise _fail(
            f"Only one sort is allowed per search, got {len(sorts)}.",
            code="TOO_MANY_SORTS",
            where="sorts",
        )
    sort = sorts[0]
    name: object
    if isinstance(sort, str):
        descending = sort.startswith("-")
        name = sort[1:] if descending else sort
    elif isinstance(sort, Mapping):
        name = sort.get("propertyName")
        direction = sort.get("direction", "ASCENDING")
        if direction not in ("ASCENDING", "DESCENDING"):
            raise _fail(
                f"sorts[0].direction {direction!r} must be ASCENDING or DESCENDING",
                code="INVALID_SORT_DIRECTION",
                where="sorts[0].direction",
            )
        descending = direction == "DESCENDING"
    else:
        raise _fail(
            "sorts[0] must be a property name or {propertyName, direction}",
            code="INVALID_SORT",
            where="sorts[0]",
        )
    if not isinstance(name, str) or not name:
        raise _fail("sorts[0] needs a property name", code="INVALID_SORT", where="sorts[0]")
    return name, descending


def _numeric_id(record: Record) -> tuple[int, str]:
    rid = str(record["id"])
    return (int(rid), rid) if rid.isdigit() else (0, rid)


def _sorted(
    records: Sequence[Record],
    name: str,
    descending: bool,
    property_types: Mapping[str, str],
    *,
    ids_ascending: bool = False,
) -> list[Record]:
    if name == "hs_object_id" and ids_ascending:
        # The caller vouches that records are already in id order (the emulator's store issues
        # ids in creation order), so the sort search_all asks for on every page is already done.
        return list(reversed(records)) if descending else list(records)
    parse = _kind_for(name, property_types).parse_stored
    get = _getter(name)
    present: list[tuple[Any, Record]] = []
    missing: list[Record] = []
    for r in records:
        stored = get(r)
        parsed = None if stored is None else parse(stored)
        if parsed is None:
            missing.append(r)
        else:
            present.append((parsed, r))
    # Two stable sorts: id ascending first, so ties keep numeric-id order in either direction.
    present.sort(key=lambda pair: _numeric_id(pair[1]))
    present.sort(key=lambda pair: pair[0], reverse=descending)
    missing.sort(key=_numeric_id)
    # Records without a value go last in both directions, as HubSpot does.
    return [r for _, r in present] + missing


def _parse_limit(limit: object) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise _fail(f"limit must be an integer, got {limit!r}", code="INVALID_LIMIT", where="limit")
    if not 1 <= limit <= MAX_LIMIT:
        raise _fail(
            f"limit must be between 1 and {MAX_LIMIT}, got {limit}",
            code="INVALID_LIMIT",
            where="limit",
        )
    return limit


def _parse_after(after: object) -> int:
    if after is None or after == "":
        return 0
    if isinstance(after, int) and not isinstance(after, bool):
        text = str(after)
    elif isinstance(after, str):
        text = after.strip()
    else:
        text = ""
    if not text.isdigit():
        raise _fail(
            f"after must be formatted as an integer, got {after!r}",
            code="INVALID_AFTER",
            where="after",
        )
    return int(text)


def _project(record: Record, wanted: Sequence[str], unset_as_null: bool) -> dict[str, Any]:
    properties: dict[str, str | None] = {}
    for name in wanted:
        value = _stored(record, name)
        if value is not None:
            properties[name] = value
        elif unset_as_null:
            properties[name] = None
    return {
        "id": str(record["id"]),
        "properties": properties,
        "createdAt": record["createdAt"],
        "updatedAt": record["updatedAt"],
        "archived": bool(record.get("archived", False)),
    }


def run_search(
    records: list[dict[str, Any]],
    body: Mapping[str, Any],
    *,
    default_properties: Sequence[str],
    searchable_properties: Sequence[str] = ("hs_meeting_title", "hs_meeting_body"),
    property_types: Mapping[str, str] | None = None,
    unset_requested_properties: Literal["null", "omit"] = "omit",
    ids_ascending: bool = False,
    multi_valued: Mapping[str, ValuesOf] | None = None,
) -> dict[str, Any]:
    """Evaluate a HubSpot search request body against ``records`` (non-archived, creation order).

    Returns the ``CollectionResponseWithTotalSimplePublicObject`` body; raises ``SearchError`` for
    anything HubSpot answers with ``400 VALIDATION_ERROR``. ``unset_requested_properties``
    picks between the docs' two stories for requested properties a record lacks: ``"null"``
    (meetings guide) or ``"omit"`` (object-API guide; the v3 schema types values as non-null).
    ``ids_ascending`` tells that ``records`` are in increasing id order, which lets an
    ``hs_object_id`` sort skip sorting. ``multi_valued`` maps pseudo-property names to the
    values a record has for them (filters only; they are never returned or sorted on).
    """
    if not isinstance(body, Mapping):
        raise _fail(
            "The search request body must be a JSON object", code="INVALID_BODY", where="body"
        )
    types: Mapping[str, str] = property_types if property_types is not None else {}

    groups = _compile_groups(body.get("filterGroups"), types, multi_valued or {})
    query_pred = _compile_query(body.get("query"), searchable_properties)
    sort = _parse_sort(body.get("sorts"))
    limit = _parse_limit(body.get("limit"))
    after = _parse_after(body.get("after"))
    if after + limit > MAX_RESULT_WINDOW:
        raise _fail(
            f"Cannot page beyond {MAX_RESULT_WINDOW:,} results (after={after}, limit={limit}).",
            code="PAGE_BEYOND_LIMIT",
            where="after",
        )
    requested = body.get("properties")
    if requested is None:
        requested = []
    if not isinstance(requested, list) or not all(isinstance(p, str) for p in requested):
        raise _fail(
            "properties must be a list of strings", code="INVALID_PROPERTIES", where="properties"
        )
    wanted = list(dict.fromkeys([*requested, *default_properties]))
    if unset_requested_properties not in ("null", "omit"):
        raise ValueError(
            "unset_requested_properties must be 'null' or 'omit', "
            f"got {unset_requested_properties!r}"
        )
    unset_as_null = unset_requested_properties == "null"

    matched: Sequence[Record] = records
    active_groups = [g for g in groups if g]
    if active_groups and len(active_groups) == len(groups):
        matched = [r for r in matched if any(all(p(r) for p in g) for g in active_groups)]
    if query_pred is not None:
        matched = [r for r in matched if query_pred(r)]
    if sort is not None:
        matched = _sorted(matched, sort[0], sort[1], types, ids_ascending=ids_ascending)

    page = matched[after : after + limit]
    result: dict[str, Any] = {
        "total": len(matched),
        "results": [_project(r, wanted, unset_as_null) for r in page],
    }
    next_after = after + limit
    if next_after < len(matched) and next_after < MAX_RESULT_WINDOW:
        result["paging"] = {"next": {"after": str(next_after)}}
    return result
