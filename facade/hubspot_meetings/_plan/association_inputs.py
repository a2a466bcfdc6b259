"""Association inputs as the clients take them, checked and put in HubSpot's shapes; no I/O.

An association type may be given as an `AssociationSpec`, HubSpot's JSON shape (or the
generated model of it) or a bare HUBSPOT_DEFINED type id; `associate=` of create as
`{object type: [record ids]}` (each object type standing for the client's default association
type to it); a pair to link or unlink as `(from_id, to_type, to_id[, label])`, a mapping with
those keys, or an `Association`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .._exceptions import RequestValidationError
from .._types import Association, AssociationSpec
from .checks import check_id, to_plain
from .object_types import object_type, plural

__all__ = [
    "Pair",
    "create_links",
    "one_pair",
    "read_pair",
    "record_id",
    "type_spec",
    "type_specs",
    "wire_associations",
]

_CATEGORIES = frozenset({"HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK"})
_PAIR_KEYS = frozenset({"from_id", "to_type", "to_id", "label"})


def type_spec(value: object, path: str) -> AssociationSpec:
    """One association type from an `AssociationSpec`, HubSpot's JSON shape (or the generated
    model of it), or a bare HUBSPOT_DEFINED type id."""
    if isinstance(value, AssociationSpec):
        if value.category not in _CATEGORIES:
            raise RequestValidationError(
                path, f"expected a category in {sorted(_CATEGORIES)}, got {value.category!r}"
            )
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return AssociationSpec(value)
    plain = to_plain(value, path)
    category = plain.get("associationCategory", plain.get("category"))
    type_id = plain.get("associationTypeId", plain.get("typeId"))
    if category not in _CATEGORIES:
        raise RequestValidationError(
            f"{path}.associationCategory",
            f"expected one of {sorted(_CATEGORIES)}, got {category!r}",
        )
    if isinstance(type_id, bool) or not isinstance(type_id, int):
        raise RequestValidationError(
            f"{path}.associationTypeId", f"expected an integer, got {type_id!r}"
        )
    label = plain.get("label")
    return AssociationSpec(type_id, category, label=label if isinstance(label, str) else None)


def type_specs(value: object, path: str) -> tuple[AssociationSpec, ...]:
    """`label=`: one association type, or several (HubSpot sets them all at once)."""
    if isinstance(value, AssociationSpec | int | Mapping) or hasattr(value, "to_dict"):
        return (type_spec(value, path),)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise RequestValidationError(
            path, f"expected an association type (AssociationSpec, type id), got {value!r}"
        )
    specs = tuple(type_spec(v, f"{path}[{i}]") for i, v in enumerate(value))
    if not specs:
        raise RequestValidationError(path, "expected at least one association type")
    return specs


def _check_direction(spec: AssociationSpec, from_type: str, to_type: str | None, path: str) -> None:
    """A type that says which way it goes (the meetings constants do) must go this way:
    contact->meeting 199 given for a meeting->contact link is a slip HubSpot would refuse.
    `to_type` None: the target's type is the one the type id implies (create-time links)."""
    for given, wanted in ((spec.from_type, from_type), (spec.to_type, to_type)):
        if given is not None and wanted is not None and plural(given) != wanted:
            raise RequestValidationError(
                path,
                f"association type {spec.type_id} goes from {spec.from_type} to "
                f"{spec.to_type}; this links {from_type} to {to_type}",
            )


def record_id(value: object, path: str) -> str:
    """A record id: HubSpot's are numbers (`hs_object_id`), sent as strings; a name or an email
    in their place is a slip HubSpot would refuse."""
    text = check_id(value, path)
    if not text.isdigit():
        raise RequestValidationError(path, f"expected a record id (digits), got {value!r}")
    return text


def _id_list(value: object, path: str) -> list[str]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise RequestValidationError(path, f"expected a list of record ids, got {value!r}")
    return [record_id(v, f"{path}[{i}]") for i, v in enumerate(value)]


def create_links(
    associate: object, *, from_type: str, defaults: Mapping[str, AssociationSpec], path: str
) -> list[dict[str, Any]]:
    """`associate={"contacts": ["101"], "deals": ["7"]}` as HubSpot's create-time
    `associations` list: each object type stands for its default association type from
    `from_type` (`defaults`); an association type may be the key instead."""
    if not isinstance(associate, Mapping):
        raise RequestValidationError(
            path,
            "expected {object type or association type: [record ids]}, e.g. {'contacts': ['101']}",
        )
    links: list[dict[str, Any]] = []
    for key, ids in associate.items():
        # An association type key is named by its type id: `associate[211]`.
        where = f"{path}[{getattr(key, 'type_id', key)!r}]"
        if isinstance(key, str):
            to_type = object_type(key, where)
            spec = defaults.get(to_type)
            if spec is None:
                known = ", ".join(sorted(defaults)) or "none"
                raise RequestValidationError(
                    where,
                    f"no default association type from {from_type} to {to_type} is known "
                    f"here (known: {known}); use the association type as the key instead",
                )
        else:
            spec = type_spec(key, where)
            _check_direction(spec, from_type, None, where)
        types = [spec.to_dict()]
        links.extend({"to": {"id": to_id}, "types": types} for to_id in _id_list(ids, where))
    return links


@attrs.frozen
class Pair:
    """One pair to link or unlink: from this client's `from_id` to `to_type` `to_id`, with
    these association types (none: the default, or every type when unlinking)."""

    from_id: str
    to_type: str
    to_id: str
    types: tuple[AssociationSpec, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.from_id}>{self.to_id}"


def read_pair(item: object, from_type: str, path: str) -> Pair:
    """A pair from `(from_id, to_type, to_id[, label])`, a mapping with those keys, or an
    `Association` (whose types are not used: it names a pair)."""
    label: object = None
    from_id: object
    to_type: object
    to_id: object
    if isinstance(item, Association):
        if object_type(item.from_type, f"{path}.from_type") != from_type:
            raise RequestValidationError(
                f"{path}.from_type", f"this client links {from_type}, got {item.from_type!r}"
            )
        from_id, to_type, to_id = item.from_id, item.to_type, item.to_id
    elif isinstance(item, Mapping):
        for key in item:
            if key not in _PAIR_KEYS:
                close = difflib.get_close_matches(str(key), _PAIR_KEYS, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise RequestValidationError(
                    f"{path}.{key}", f"unknown key{hint}; pairs take {sorted(_PAIR_KEYS)}"
                )
        from_id, to_type, to_id = item.get("from_id"), item.get("to_type"), item.get("to_id")
        label = item.get("label")
    elif isinstance(item, Sequence) and not isinstance(item, str | bytes) and len(item) in (3, 4):
        from_id, to_type, to_id = item[0], item[1], item[2]
        label = item[3] if len(item) == 4 else None
    else:
        raise RequestValidationError(
            path, f"expected (from_id, to_type, to_id[, label]), got {type(item).__name__}"
        )
    target = object_type(to_type, f"{path}.to_type")
    types = () if label is None else type_specs(label, f"{path}.label")
    for spec in types:
        _check_direction(spec, from_type, target, f"{path}.label")
    return Pair(
        record_id(from_id, f"{path}.from_id"), target, record_id(to_id, f"{path}.to_id"), types
    )


def one_pair(
    from_type: str, object_id: object, to_object_type: object, to_object_id: object, label: object
) -> Pair:
    """The pair of `associate` / `unassociate`, its parts named as the caller's arguments."""
    target = object_type(to_object_type, "to_object_type")
    types = () if label is None else type_specs(label, "label")
    for spec in types:
        _check_direction(spec, from_type, target, "label")
    return Pair(
        record_id(object_id, "object_id"), target, record_id(to_object_id, "to_object_id"), types
    )


def wire_associations(value: Iterable[Any]) -> list[Any]:
    """Create-time associations as given (requests not validated), but with `AssociationSpec`s
    in HubSpot's JSON shape: they are not JSON, so "as given" cannot mean them."""
    wired: list[Any] = []
    for item in value:
        types = item.get("types") if isinstance(item, Mapping) else None
        if isinstance(types, list) and any(isinstance(t, AssociationSpec) for t in types):
            item = {
                **item,
                "types": [t.to_dict() if isinstance(t, AssociationSpec) else t for t in types],
            }
        wired.append(item)
    return wired
