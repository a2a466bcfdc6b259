"""Request checks before anything is sent (response parsing is in `parsing`).

Nothing here knows which CRM object it serves: object-specific knowledge (a required
timestamp, date-valued properties) arrives as `PropertyRule`s from the object's client.
Paths in errors follow the caller's own arguments: `inputs[3].properties.hs_timestamp`,
`filter_groups[0].filters[2].value`.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from .._exceptions import RequestValidationError
from .limits import MAX_PATH_ID_CHARS, SEARCH_LIMITS
from .object_types import OBJECT_TYPES, SEARCHABLE, plural

__all__ = [
    "OPERATORS",
    "PropertyRule",
    "check_associations",
    "check_encodable",
    "check_flag",
    "check_id",
    "check_id_property",
    "check_limit",
    "check_names",
    "check_path_id",
    "check_properties",
    "check_search",
    "normalise_sort",
    "to_plain",
    "wire_properties",
]


# Which of value / values / highValue each operator needs.
_VALUE_OPERATORS = frozenset(
    {"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"}
)
_LIST_OPERATORS = frozenset({"IN", "NOT_IN"})
_NO_VALUE_OPERATORS = frozenset({"HAS_PROPERTY", "NOT_HAS_PROPERTY"})
OPERATORS = _VALUE_OPERATORS | _LIST_OPERATORS | _NO_VALUE_OPERATORS | {"BETWEEN"}
_DIRECTIONS = frozenset({"ASCENDING", "DESCENDING"})
_ASSOCIATION_CATEGORIES = frozenset(
    {"HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK"}
)
_EPOCH_MS = re.compile(r"^-?\d{1,15}$")
# 1e11 ms is 1973-03-03; 1e11 s is the year 5138. A number below it is almost surely epoch
# seconds (or a bare year), which HubSpot would silently store as a date in 1970.
_EPOCH_MS_MIN = 10**11


@attrs.frozen
class PropertyRule:
    """Object-specific knowledge about one property, given to the generic checks."""

    name: str
    required_on_create: bool = False
    kind: Literal["string", "datetime"] = "string"
    # A property HubSpot takes the value from when this one is missing on create, which makes
    # giving either enough (hs_timestamp defaults to hs_meeting_start_time).
    defaults_to: str | None = None


# --- requests -----------------------------------------------------------------------------


def to_plain(value: object, path: str) -> dict[str, Any]:
    """A dict from a plain mapping or a generated attrs model (anything with `to_dict`)."""
    if isinstance(value, Mapping):
        return dict(value)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        plain = to_dict()
        if isinstance(plain, dict):
            return plain
    raise RequestValidationError(path, f"expected a dict or a model, got {type(value).__name__}")


def check_id(value: object, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RequestValidationError(path, f"expected an id string, got {type(value).__name__}")
    text = str(value).strip()
    if not text:
        raise RequestValidationError(path, "the id is empty")
    return text


# Characters that change where a request goes even when percent-encoded: servers and proxies
# decode %2F / %5C back into separators, "?" and "#" end the path, "%" marks an encoding the
# caller made (sent as %25..., or decoded twice on the way), ";" starts path parameters on
# Java servlet containers (which strip it and what follows: "123;x" would read record 123).
_PATH_CHANGING = frozenset("/\\?#%;")


def check_path_id(value: object, path: str, *, strip: bool = True) -> str:
    """An id that becomes one segment of the request path (get, update, archive).

    Checked whatever `validation` says: an id like "." or ".." is resolved by URL
    normalisation to the collection itself (a get lists records, an archive DELETEs the
    collection path), so no setting may let one through. `strip` trims surrounding
    whitespace first (validation on); unchecked clients send the id otherwise as given.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RequestValidationError(path, f"expected an id string, got {type(value).__name__}")
    text = str(value)
    if strip:
        text = text.strip()
    if not text.strip():
        raise RequestValidationError(path, "the id is empty" if not text else "the id is blank")
    if text.strip() in (".", ".."):  # " .. " too: a gateway may trim before resolving
        raise RequestValidationError(
            path, f"{text!r} is not an id: in a URL it names the collection, not a record"
        )
    if len(text) > MAX_PATH_ID_CHARS:
        raise RequestValidationError(
            path,
            f"the id is {len(text):,} characters, over the {MAX_PATH_ID_CHARS} that fit in a "
            "URL; read such values with batch_read(..., id_property=...), which sends them "
            "in the body",
        )
    for char in text:
        if char in _PATH_CHANGING:
            raise RequestValidationError(
                path,
                f"{char!r} in an id would change the request's path; a unique value holding it "
                "can be read with batch_read(..., id_property=...), which sends it in the body",
            )
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            raise RequestValidationError(
                path, f"the id holds a control or invisible character ({char!r})"
            )
    if not text.isascii():
        check_encodable(text, path)
    return text


def check_encodable(text: str, path: str) -> None:
    """Refuse a lone surrogate (from `json.loads('"\\ud800"')` or a surrogateescape file
    name): no UTF-8 request can carry it, and httpx would fail only while sending."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        char = text[exc.start]
        raise RequestValidationError(
            path, f"holds a lone surrogate ({char!r}), which UTF-8 cannot encode"
        ) from None


def check_id_property(value: object, path: str) -> str:
    """The name of the unique property an id is a value of (`id_property`)."""
    if not isinstance(value, str) or not value.strip():
        raise RequestValidationError(path, f"expected a property name, got {value!r}")
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise RequestValidationError(path, f"a property name has no spaces or controls: {value!r}")
    return value


def check_flag(value: object, path: str) -> bool | None:
    """A yes/no argument (`archived`): True, False or None; "yes" or 1 are refused, since
    a truthy string would be sent as given and read by HubSpot as something else."""
    if value is not None and not isinstance(value, bool):
        raise RequestValidationError(path, f"expected True or False, got {value!r}")
    return value


def check_names(value: object, path: str) -> list[str]:
    """A list of property / association names (a lone string is refused: it is a common slip)."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise RequestValidationError(path, f"expected a list of names, got {type(value).__name__}")
    names: list[str] = []
    for i, name in enumerate(value):
        if not isinstance(name, str) or not name.strip():
            raise RequestValidationError(f"{path}[{i}]", f"expected a non-empty name, got {name!r}")
        names.append(name)
    return names


def check_limit(value: object, path: str, maximum: int) -> int:
    """A count HubSpot bounds (a page size, a chunk size): an integer within 1..maximum."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise RequestValidationError(
            path,
            f"must be an integer between 1 and {maximum}, got {value!r} "
            f"(HubSpot's range is 1..{maximum})",
        )
    return value


def _hubspot_datetime(value: datetime.datetime) -> str:
    """HubSpot's own form of a moment: UTC, milliseconds, `Z` (`2026-03-20T10:00:00.000Z`)."""
    utc = value.astimezone(datetime.UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def wire_properties(value: object) -> object:
    """A property map as given (requests not validated), but with its dates in HubSpot's form:
    a date is not JSON, so "as given" cannot mean it. Nothing is checked or refused here."""
    if not isinstance(value, Mapping):
        return value
    props = dict(value)
    for name, raw in props.items():
        if isinstance(raw, datetime.datetime):
            props[name] = _hubspot_datetime(raw) if raw.tzinfo else raw.isoformat()
        elif isinstance(raw, datetime.date):
            props[name] = raw.isoformat()
    return props


def _property_value(value: object, path: str) -> str:
    """HubSpot stores every property value as a string; convert scalars the way it would."""
    if isinstance(value, str):
        if not value.isascii():
            check_encodable(value, path)
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | decimal.Decimal):
        # NaN and the infinities have no JSON spelling; str() would send 'nan' / 'inf' as text
        # that HubSpot stores in a number property, or refuses, depending on the property.
        if isinstance(value, float) and not math.isfinite(value):
            raise RequestValidationError(path, f"{value!r} is not a property value (not finite)")
        if isinstance(value, decimal.Decimal) and not value.is_finite():
            raise RequestValidationError(path, f"{value} is not a property value (not finite)")
        return str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise RequestValidationError(path, "a naive datetime is ambiguous; give it a timezone")
        return _hubspot_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None:
        raise RequestValidationError(path, "None is not a property value; send '' to clear it")
    raise RequestValidationError(
        path, f"property values are strings, numbers or booleans, got {type(value).__name__}"
    )


def _check_datetime(value: str, path: str) -> None:
    if _EPOCH_MS.match(value.strip()):
        if int(value) < _EPOCH_MS_MIN:
            raise RequestValidationError(
                path,
                f"{value.strip()} looks like epoch seconds; expected epoch milliseconds "
                f"(at least {_EPOCH_MS_MIN}, i.e. after 1973-03-03) or an ISO-8601 date-time",
            )
        return
    try:
        datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise RequestValidationError(
            path, f"expected an ISO-8601 date-time or epoch milliseconds, got {value!r}"
        ) from None


def check_properties(
    value: object,
    path: str,
    rules: Sequence[PropertyRule] = (),
    *,
    creating: bool = False,
) -> dict[str, str]:
    """The property map with values converted to strings, checked against `rules`."""
    if not isinstance(value, Mapping):
        raise RequestValidationError(path, f"expected a dict, got {type(value).__name__}")
    props: dict[str, str] = {}
    for name, raw in value.items():
        if not isinstance(name, str) or not name:
            raise RequestValidationError(path, f"property names are non-empty strings: {name!r}")
        props[name] = _property_value(raw, f"{path}.{name}")
    for rule in rules:
        where = f"{path}.{rule.name}"
        fallback = rule.defaults_to
        if creating and rule.required_on_create and not props.get(rule.name):
            if fallback is None:
                raise RequestValidationError(where, "is required when creating")
            if not props.get(fallback):
                raise RequestValidationError(
                    where, f"is required when creating, unless {fallback} is given"
                )
        if rule.kind == "datetime" and props.get(rule.name):
            _check_datetime(props[rule.name], where)
    return props


def check_associations(value: object, path: str) -> list[dict[str, Any]]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise RequestValidationError(path, f"expected a list, got {type(value).__name__}")
    out: list[dict[str, Any]] = []
    for i, item in enumerate(value):
        here = f"{path}[{i}]"
        assoc = to_plain(item, here)
        to = assoc.get("to")
        if not isinstance(to, Mapping):
            raise RequestValidationError(f"{here}.to", "expected {'id': ...}")
        to = {**to, "id": check_id(to.get("id"), f"{here}.to.id")}
        types = assoc.get("types")
        if isinstance(types, str | Mapping) or not isinstance(types, Iterable):
            raise RequestValidationError(f"{here}.types", "expected a non-empty list")
        checked_types: list[dict[str, Any]] = []
        for j, spec in enumerate(types):
            where = f"{here}.types[{j}]"
            spec = to_plain(spec, where)
            category = spec.get("associationCategory")
            if category not in _ASSOCIATION_CATEGORIES:
                raise RequestValidationError(
                    f"{where}.associationCategory",
                    f"expected one of {sorted(_ASSOCIATION_CATEGORIES)}, got {category!r}",
                )
            type_id = spec.get("associationTypeId")
            if isinstance(type_id, bool) or not isinstance(type_id, int):
                raise RequestValidationError(
                    f"{where}.associationTypeId", f"expected an integer, got {type_id!r}"
                )
            checked_types.append(spec)
        if not checked_types:
            raise RequestValidationError(f"{here}.types", "expected a non-empty list")
        out.append({**assoc, "to": to, "types": checked_types})
    return out


# What HubSpot's search takes on an `associations.{type}` pseudo-property: its search guide
# shows EQ; the set-like operators are the others that mean something on a set of linked ids.
_ASSOCIATION_OPERATORS = frozenset(
    {"EQ", "NEQ", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY"}
)


def _check_association_filter(flt: Mapping[str, Any], path: str) -> None:
    """An `associations.{type}` filter: a type HubSpot searches by (singular), an operator
    that means something on a set of linked ids, and record ids as values."""
    name = str(flt["propertyName"])
    target = name.partition(".")[2]
    if target not in SEARCHABLE:
        known = plural(target)
        hint = (
            f" (did you mean 'associations.{OBJECT_TYPES[known][0]}'?)"
            if known in OBJECT_TYPES
            else ""
        )
        raise RequestValidationError(
            f"{path}.propertyName",
            f"{name!r} is not an association HubSpot searches by{hint}; it takes "
            "associations.<singular object type>, e.g. associations.contact",
        )
    op = flt["operator"]
    if op not in _ASSOCIATION_OPERATORS:
        raise RequestValidationError(
            f"{path}.operator",
            f"{name} filters take {', '.join(sorted(_ASSOCIATION_OPERATORS))}, got {op!r}",
        )
    values = [("value", flt["value"])] if op in ("EQ", "NEQ") else []
    if op in _LIST_OPERATORS:
        values = [(f"values[{i}]", v) for i, v in enumerate(flt["values"])]
    for where, value in values:
        if not str(value).strip().isdigit():
            raise RequestValidationError(
                f"{path}.{where}", f"expected a {target} record id (digits), got {value!r}"
            )


def _check_filter(raw: object, path: str) -> dict[str, Any]:
    flt = to_plain(raw, path)
    name = flt.get("propertyName")
    if not isinstance(name, str) or not name:
        raise RequestValidationError(f"{path}.propertyName", "a non-empty property name is needed")
    op = flt.get("operator")
    if op not in OPERATORS:
        raise RequestValidationError(
            f"{path}.operator", f"unknown operator {op!r}; expected one of {sorted(OPERATORS)}"
        )
    out = dict(flt)
    needs_value = op in _VALUE_OPERATORS or op == "BETWEEN"
    if needs_value:
        if flt.get("value") is None:
            raise RequestValidationError(f"{path}.value", f"operator {op} needs a value")
        out["value"] = _property_value(flt["value"], f"{path}.value")
    if op == "BETWEEN":
        if flt.get("highValue") is None:
            raise RequestValidationError(f"{path}.highValue", "operator BETWEEN needs a highValue")
        out["highValue"] = _property_value(flt["highValue"], f"{path}.highValue")
    if op in _LIST_OPERATORS:
        values = flt.get("values")
        if isinstance(values, str) or not isinstance(values, Sequence) or not values:
            raise RequestValidationError(f"{path}.values", f"operator {op} needs a non-empty list")
        out["values"] = [_property_value(v, f"{path}.values[{k}]") for k, v in enumerate(values)]
    if op in _NO_VALUE_OPERATORS:
        for key in ("value", "values", "highValue"):
            if flt.get(key) is not None:
                raise RequestValidationError(f"{path}.{key}", f"operator {op} takes no value")
    if name.startswith("associations."):
        _check_association_filter(out, path)
    return out


def normalise_sort(raw: object, path: str) -> dict[str, str]:
    """One sort as `{"propertyName", "direction"}`, from `"name"` / `"-name"` (descending, as
    HubSpot's own SDK users write it) or a mapping or generated model."""
    if isinstance(raw, str):
        descending = raw.startswith("-")
        name: object = raw[1:] if descending else raw
        direction: object = "DESCENDING" if descending else "ASCENDING"
        if not name:
            raise RequestValidationError(path, "an empty sort")
    else:
        sort = to_plain(raw, path)
        name, direction = sort.get("propertyName"), sort.get("direction", "ASCENDING")
        if not isinstance(name, str) or not name:
            raise RequestValidationError(
                f"{path}.propertyName", "a non-empty property name is needed"
            )
    if direction not in _DIRECTIONS:
        raise RequestValidationError(
            f"{path}.direction", f"expected ASCENDING or DESCENDING, got {direction!r}"
        )
    return {"propertyName": str(name), "direction": str(direction)}


def _check_sort(raw: object, path: str) -> str | dict[str, Any]:
    # Sent as given (HubSpot takes both forms); normalising only checks it.
    normalise_sort(raw, path)
    return raw if isinstance(raw, str) else to_plain(raw, path)


def check_search(
    *,
    filter_groups: object = None,
    sorts: object = None,
    query: object = None,
    properties: object = None,
    limit: object = None,
    after: object = None,
) -> dict[str, Any]:
    """A search body within HubSpot's documented limits (5 groups, 6 filters each, 18 in all,
    one sort, limit <= 200, query <= 3000 characters)."""
    lim = SEARCH_LIMITS
    body: dict[str, Any] = {}
    if filter_groups is not None:
        if isinstance(filter_groups, str | Mapping) or not isinstance(filter_groups, Iterable):
            raise RequestValidationError("filter_groups", "expected a list of filter groups")
        groups = [to_plain(g, f"filter_groups[{i}]") for i, g in enumerate(filter_groups)]
        if len(groups) > lim.groups:
            raise RequestValidationError(
                "filter_groups", f"HubSpot allows at most {lim.groups} groups, got {len(groups)}"
            )
        total = 0
        checked_groups = []
        for i, group in enumerate(groups):
            filters = group.get("filters")
            here = f"filter_groups[{i}].filters"
            if isinstance(filters, str | Mapping) or not isinstance(filters, Sequence):
                raise RequestValidationError(here, "expected a list of filters")
            if len(filters) > lim.filters_per_group:
                raise RequestValidationError(
                    here,
                    f"HubSpot allows at most {lim.filters_per_group} filters per group, "
                    f"got {len(filters)}",
                )
            total += len(filters)
            checked = [_check_filter(f, f"{here}[{j}]") for j, f in enumerate(filters)]
            checked_groups.append({**group, "filters": checked})
        if total > lim.filters_total:
            raise RequestValidationError(
                "filter_groups",
                f"HubSpot allows at most {lim.filters_total} filters in all, got {total}",
            )
        body["filterGroups"] = checked_groups
    if sorts is not None:
        if isinstance(sorts, str | Mapping) or not isinstance(sorts, Sequence):
            raise RequestValidationError("sorts", "expected a list with one sort")
        if len(sorts) > lim.sorts:
            raise RequestValidationError(
                "sorts", f"HubSpot allows {lim.sorts} sort per search, got {len(sorts)}"
            )
        body["sorts"] = [_check_sort(s, f"sorts[{i}]") for i, s in enumerate(sorts)]
    if query is not None:
        if not isinstance(query, str):
            raise RequestValidationError("query", f"expected a string, got {type(query).__name__}")
        if len(query) > lim.query_chars:
            raise RequestValidationError(
                "query", f"HubSpot allows {lim.query_chars} characters, got {len(query)}"
            )
        body["query"] = query
    if properties is not None:
        body["properties"] = check_names(properties, "properties")
    if limit is not None:
        body["limit"] = check_limit(limit, "limit", lim.limit)
    if after is not None:
        text = str(after) if isinstance(after, int) and not isinstance(after, bool) else after
        if not isinstance(text, str) or not text.isdigit():
            raise RequestValidationError("after", f"expected an integer offset, got {after!r}")
        body["after"] = text
    return body
