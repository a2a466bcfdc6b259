"""HubSpot's object type names and HUBSPOT_DEFINED association types, as plain data.

Contract: ``object_type_name`` resolves every spelling HubSpot accepts for an object type in a path
or an ``associations=`` value (plural, singular, object type id; any case) to the plural name;
``definition`` and ``types_from`` answer which association type ids exist from one type to
another, which id is the unlabeled default, which label each carries and which id is its inverse.
Sources: the associate-records guide's type-id tables and the object-type-id table of the
understanding-the-CRM guide (docs/hubspot-behaviour.md, "Associations and related objects").
Nothing here knows about records; the catalog and the association store build on it.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

__all__ = [
    "HUBSPOT_DEFINED",
    "AssociationType",
    "PairDefinition",
    "definition",
    "object_type_id",
    "object_type_name",
    "singular",
    "types_from",
]

HUBSPOT_DEFINED = "HUBSPOT_DEFINED"

# plural -> (singular, object type id)
_NAMES: Mapping[str, tuple[str, str]] = {
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
_ALIASES: dict[str, str] = {}
for _plural, (_singular, _type_id) in _NAMES.items():
    for _alias in (_plural, _singular, _type_id):
        _ALIASES[_alias] = _plural


def object_type_name(token: str) -> str | None:
    """The plural name for any accepted spelling of an object type, or None when unknown."""
    return _ALIASES.get(token.strip().lower())


def singular(plural: str) -> str:
    return _NAMES[plural][0]


def object_type_id(plural: str) -> str:
    return _NAMES[plural][1]


@attrs.frozen
class AssociationType:
    type_id: int
    inverse_id: int
    label: str | None  # None for the unlabeled (default) type
    v3_name: str  # the "type" a v3 read reports, e.g. "meeting_to_contact"


@attrs.frozen
class PairDefinition:
    """The HUBSPOT_DEFINED types from one object type to another."""

    default: AssociationType
    types: Mapping[int, AssociationType]


# (a, b, a->b unlabeled id, b->a unlabeled id, [(a->b labelled id, b->a id, label), ...])
_PAIRS: tuple[tuple[str, str, int, int, tuple[tuple[int, int, str], ...]], ...] = (
    ("contacts", "companies", 279, 280, ((1, 2, "Primary"),)),
    ("contacts", "deals", 4, 3, ()),
    ("contacts", "tickets", 15, 16, ()),
    ("companies", "deals", 342, 341, ((6, 5, "Primary"),)),
    ("companies", "tickets", 340, 339, ((25, 26, "Primary"),)),
    ("deals", "tickets", 27, 28, ()),
    ("contacts", "contacts", 449, 449, ()),
    ("companies", "companies", 450, 450, ()),
    ("deals", "deals", 451, 451, ()),
    ("tickets", "tickets", 452, 452, ()),
    ("meetings", "contacts", 200, 199, ()),
    ("meetings", "companies", 188, 187, ()),
    ("meetings", "deals", 212, 211, ()),
    ("meetings", "tickets", 226, 225, ()),
    ("meetings", "leads", 601, 600, ()),
    ("meetings", "orders", 769, 768, ()),
    ("meetings", "appointments", 919, 918, ()),
    ("meetings", "courses", 873, 872, ()),
    ("meetings", "listings", 897, 896, ()),
    ("meetings", "services", 839, 838, ()),
    ("calls", "contacts", 194, 193, ()),
    ("calls", "companies", 182, 181, ()),
    ("calls", "deals", 206, 205, ()),
    ("calls", "tickets", 220, 219, ()),
    ("notes", "contacts", 202, 201, ()),
    ("notes", "companies", 190, 189, ()),
    ("notes", "deals", 214, 213, ()),
    ("notes", "tickets", 228, 227, ()),
    ("tasks", "contacts", 204, 203, ()),
    ("tasks", "companies", 192, 191, ()),
    ("tasks", "deals", 216, 215, ()),
    ("tasks", "tickets", 230, 229, ()),
    ("emails", "contacts", 198, 197, ()),
    ("emails", "companies", 186, 185, ()),
    ("emails", "deals", 210, 209, ()),
    ("emails", "tickets", 224, 223, ()),
)


def _build() -> dict[tuple[str, str], PairDefinition]:
    found: dict[tuple[str, str], PairDefinition] = {}

    def add(
        src: str, dst: str, unlabeled: tuple[int, int], labelled: list[tuple[int, int, str]]
    ) -> None:
        base = f"{singular(src)}_to_{singular(dst)}"
        # A pair with a labelled type reports its unlabeled one as "..._unlabeled" in v3 reads.
        default = AssociationType(
            unlabeled[0], unlabeled[1], None, f"{base}_unlabeled" if labelled else base
        )
        types = {default.type_id: default}
        for tid, inverse, label in labelled:
            types[tid] = AssociationType(tid, inverse, label, base)
        found[src, dst] = PairDefinition(default, types)

    for a, b, ab, ba, labels in _PAIRS:
        add(a, b, (ab, ba), [(x, y, label) for x, y, label in labels])
        if a != b:
            add(b, a, (ba, ab), [(y, x, label) for x, y, label in labels])
    return found


_DEFINITIONS = _build()


def definition(from_type: str, to_type: str) -> PairDefinition | None:
    """The HUBSPOT_DEFINED types from ``from_type`` to ``to_type`` (plural names), if any."""
    return _DEFINITIONS.get((from_type, to_type))


def types_from(from_type: str) -> dict[int, str]:
    """Every HUBSPOT_DEFINED type id from ``from_type`` -> the plural target type it names."""
    return {
        tid: dst
        for (src, dst), pair in _DEFINITIONS.items()
        if src == from_type
        for tid in pair.types
    }
