"""Property values on the wire: coercion to strings, type checks, HubSpot's timestamp format."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from .catalog import ObjectType
from .errors import PropertyProblem, invalid_json

__all__ = ["coerce_properties", "iso_ms", "normalise_datetime"]

_EPOCH_MS = re.compile(r"-?\d{1,15}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def iso_ms(epoch_ms: int) -> str:
    """HubSpot's timestamp format: ISO-8601 UTC with milliseconds and Z."""
    dt = datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def normalise_datetime(value: str) -> str | None:
    """ISO-8601 or epoch milliseconds -> ``YYYY-MM-DDTHH:MM:SS.mmmZ``; None when unparseable."""
    text = value.strip()
    if _EPOCH_MS.fullmatch(text):
        return iso_ms(int(text))
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    # Integer arithmetic on the timedelta avoids float rounding of the milliseconds.
    return iso_ms((dt - _EPOCH) // timedelta(milliseconds=1))


def _to_wire_string(name: str, value: Any, where: str) -> str:
    # HubSpot's JSON binding turns scalars into strings and refuses objects and arrays.
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    kind = "Object" if isinstance(value, dict) else "Array"
    raise invalid_json(
        f"Cannot deserialize value of type `java.lang.String` from {kind} value "
        f"(property {name!r})",
        f"{where}.{name}",
    )


def coerce_properties(
    otype: ObjectType, raw: Any, *, where: str
) -> tuple[dict[str, str], list[PropertyProblem]]:
    """Validate a ``properties`` object. Structural problems raise; value problems are listed.

    Empty strings are kept: they clear a value ("To clear a property value, pass an empty string").
    """
    if raw is None:
        return {}, []
    if not isinstance(raw, Mapping):
        raise invalid_json(f"{where} must be an object of property name -> string", where)
    out: dict[str, str] = {}
    problems: list[PropertyProblem] = []
    for name, value in raw.items():
        text = _to_wire_string(name, value, where)
        pdef = otype.properties.get(name)
        if pdef is None:
            msg = f'Property "{name}" does not exist'
            problems.append(PropertyProblem(name, "PROPERTY_DOESNT_EXIST", msg))
            continue
        if pdef.read_only:
            msg = f'Property "{name}" is a read only property; its value cannot be set.'
            problems.append(PropertyProblem(name, "READ_ONLY_VALUE", msg))
            continue
        if text == "":
            out[name] = text
            continue
        if pdef.type == "datetime":
            normal = normalise_datetime(text)
            if normal is None:
                msg = (
                    f"{text!r} was not a valid date for property {name!r}: use ISO-8601 "
                    "(2024-11-20T20:12:03.054Z) or Unix epoch milliseconds"
                )
                problems.append(PropertyProblem(name, "INVALID_DATE", msg))
                continue
            text = normal
        elif pdef.type == "number" and not _NUMBER.fullmatch(text.strip()):
            msg = f"{text!r} was not a valid number for property {name!r}"
            problems.append(PropertyProblem(name, "INVALID_INTEGER", msg))
            continue
        elif pdef.type == "enumeration" and text not in pdef.options:
            msg = f"{text!r} was not one of the allowed options: {list(pdef.options)}"
            problems.append(PropertyProblem(name, "INVALID_OPTION", msg))
            continue
        out[name] = text
    return out, problems
