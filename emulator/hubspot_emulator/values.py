"""Property values on the wire: coercion to strings, type checks, HubSpot's timestamp format.

Datetimes are stored as HubSpot prints them: ISO-8601 UTC, milliseconds only when there are some
(``2022-11-12T15:48:22Z``, ``2025-10-30T03:30:17.883Z``). Values HubSpot cannot hold (before the
epoch, past year 9999, longer than a string property takes) are problems, never exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from .catalog import ObjectType
from .errors import PropertyProblem, invalid_json

__all__ = ["MAX_EPOCH_MS", "coerce_properties", "iso_instant", "normalise_datetime"]

_EPOCH_MS = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# 9999-12-31T23:59:59.999Z: the last instant ISO-8601's four-digit year can print.
MAX_EPOCH_MS = 253_402_300_799_999


def iso_instant(epoch_ms: int) -> str:
    """HubSpot's timestamp format (Java's ``Instant.toString``): ISO-8601 UTC ending in Z, with
    three fraction digits only when the milliseconds are not zero."""
    seconds, millis = divmod(epoch_ms, 1000)
    text = (_EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{millis:03d}Z" if millis else f"{text}Z"


def _epoch_ms(text: str) -> int | None:
    if _EPOCH_MS.fullmatch(text):
        # Bounded before int(): a thousand-digit string is refused, not converted.
        return int(text) if len(text) <= len(str(MAX_EPOCH_MS)) else None
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        # Integer arithmetic on the timedelta avoids float rounding of the milliseconds.
        return (dt - _EPOCH) // timedelta(milliseconds=1)
    except OverflowError:
        # An offset pushing year 1 or 9999 out of datetime's range.
        return None


def normalise_datetime(value: str) -> str | None:
    """ISO-8601 or epoch milliseconds -> HubSpot's printed form; None when unparseable or outside
    1970-01-01 .. 9999-12-31."""
    ms = _epoch_ms(value.strip())
    if ms is None or not 0 <= ms <= MAX_EPOCH_MS:
        return None
    return iso_instant(ms)


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
    otype: ObjectType, raw: Any, *, where: str, max_chars: int | None = None
) -> tuple[dict[str, str], list[PropertyProblem]]:
    """Validate a ``properties`` object. Structural problems raise; value problems are listed.

    Empty strings are kept: they clear a value ("To clear a property value, pass an empty string").
    ``max_chars`` caps every value's length (HubSpot: a string is "limited to 65,536 characters").
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
        if max_chars is not None and len(text) > max_chars:
            msg = (
                f"Property {name!r} has a value of {len(text)} characters; values are limited "
                f"to {max_chars} characters"
            )
            problems.append(PropertyProblem(name, "INVALID_STRING_LENGTH", msg))
            continue
        if pdef.type == "datetime":
            normal = normalise_datetime(text)
            if normal is None:
                shown = text if len(text) <= 40 else f"{text[:40]}..."
                msg = (
                    f"{shown!r} was not a valid date for property {name!r}: use ISO-8601 "
                    "(2024-11-20T20:12:03.054Z) or Unix epoch milliseconds, between "
                    "1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"
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
