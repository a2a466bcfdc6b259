"""HubSpot's standard object types and the spellings HubSpot takes for each; no I/O.

Paths take the plural, the singular or the object type id, in any case; search filters
(`associations.contact`) take the singular. Names of other object types (a custom object's
`2-1234` or `p123_cars`) are used as given.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._exceptions import RequestValidationError

__all__ = ["OBJECT_TYPES", "SEARCHABLE", "object_type", "plural"]

# plural (the name used here) -> (singular, object type id)
OBJECT_TYPES: Mapping[str, tuple[str, str]] = {
    "contacts": ("contact", "0-1"),
    "companies": ("company", "0-2"),
    "deals": ("deal", "0-3"),
    "tickets": ("ticket", "0-5"),
    "meetings": ("meeting", "0-47"),
    "calls": ("call", "0-48"),
    "notes": ("note", "0-46"),
    "tasks": ("task", "0-27"),
    "emails": ("email", "0-49"),
    "leads": ("lead", "0-136"),
    "orders": ("order", "0-123"),
    "appointments": ("appointment", "0-421"),
    "courses": ("course", "0-410"),
    "listings": ("listing", "0-420"),
    "services": ("service", "0-162"),
}
_PLURAL = {name: plural for plural, names in OBJECT_TYPES.items() for name in (plural, *names)}
# singular -> plural: the object types an `associations.{singular}` search filter names.
SEARCHABLE: Mapping[str, str] = {singular: p for p, (singular, _id) in OBJECT_TYPES.items()}


def plural(name: str) -> str:
    """The plural of a standard object type from any of its spellings; another name as given."""
    return _PLURAL.get(name.strip().lower(), name.strip())


def object_type(value: object, path: str) -> str:
    """`plural(value)` of a non-empty name; RequestValidationError naming `path` otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise RequestValidationError(
            path, f"expected an object type such as 'contacts', got {value!r}"
        )
    return plural(value)
