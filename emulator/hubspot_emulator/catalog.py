"""What the emulated account knows about each engagement object type: properties, associations.

Meetings follow the reference facts §4; the other engagement types get the small property sets
their HubSpot guides document. Association type ids are HubSpot's HUBSPOT_DEFINED ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .config import EmulatorConfig

__all__ = [
    "DEFAULT_PROPERTIES",
    "ObjectType",
    "PropertyDef",
    "build_catalog",
    "target_type_name",
]

# Returned on every GET/list/search whatever the caller asks for.
DEFAULT_PROPERTIES: tuple[str, ...] = ("hs_createdate", "hs_lastmodifieddate", "hs_object_id")


@attrs.frozen
class PropertyDef:
    name: str
    type: str = "string"  # string | datetime | enumeration | number
    options: tuple[str, ...] = ()
    unique: bool = False
    read_only: bool = False


@attrs.frozen
class ObjectType:
    name: str  # plural, as in the path: "meetings"
    type_id: str  # "0-47"
    singular: str  # "meeting", used in association labels and messages
    properties: Mapping[str, PropertyDef]
    # association type id -> target object type (plural)
    association_types: Mapping[int, str]
    searchable: tuple[str, ...]
    # If hs_timestamp is missing on create it defaults to this property (meetings only).
    timestamp_fallback: str | None = None

    @property
    def unique_properties(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties.values() if p.unique)

    def property_types(self) -> dict[str, str]:
        return {p.name: p.type for p in self.properties.values()}


# Association targets: accepted spellings (plural, singular, object type id) -> plural name.
_TARGETS: Mapping[str, tuple[str, str]] = {
    "contacts": ("contact", "0-1"),
    "companies": ("company", "0-2"),
    "deals": ("deal", "0-3"),
    "tickets": ("ticket", "0-5"),
    "leads": ("lead", "0-136"),
    "orders": ("order", "0-123"),
    "appointments": ("appointment", "0-421"),
    "courses": ("course", "0-410"),
    "listings": ("listing", "0-420"),
    "services": ("service", "0-162"),
}
_TARGET_ALIASES: dict[str, str] = {}
for _plural, (_singular, _tid) in _TARGETS.items():
    for _alias in (_plural, _singular, _tid):
        _TARGET_ALIASES[_alias] = _plural


def target_type_name(name: str) -> str | None:
    """The plural target name for an ``associations=`` query value, or None when unknown."""
    return _TARGET_ALIASES.get(name.strip().lower())


def target_singular(plural: str) -> str:
    return _TARGETS[plural][0]


def _p(name: str, ptype: str = "string", options: tuple[str, ...] = ()) -> PropertyDef:
    return PropertyDef(name=name, type=ptype, options=options)


def _common() -> list[PropertyDef]:
    # Imported here: computed.py builds on this module.
    from .computed import COMPUTED_PROPERTIES

    return [
        *(PropertyDef(name, ptype, read_only=True) for name, ptype in COMPUTED_PROPERTIES),
        PropertyDef("hs_object_id", "number", read_only=True, unique=True),
        PropertyDef("hs_createdate", "datetime", read_only=True),
        PropertyDef("hs_lastmodifieddate", "datetime", read_only=True),
        _p("hs_timestamp", "datetime"),
        _p("hubspot_owner_id", "number"),
        _p("hubspot_team_id"),
        _p("hs_attachment_ids"),
        _p("hs_activity_type"),
        _p("hs_pinned_engagement_id", "number"),
        _p("hs_engagement_source"),
    ]


_MEETINGS = [
    _p("hs_meeting_title"),
    _p("hs_meeting_body"),
    _p("hs_internal_meeting_notes"),
    _p("hs_meeting_external_url"),
    _p("hs_meeting_location"),
    _p("hs_meeting_location_type"),
    _p("hs_meeting_source"),
    _p("hs_meeting_start_time", "datetime"),
    _p("hs_meeting_end_time", "datetime"),
    _p(
        "hs_meeting_outcome",
        "enumeration",
        ("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"),
    ),
]
_CALLS = [
    _p("hs_call_title"),
    _p("hs_call_body"),
    _p("hs_call_duration", "number"),
    _p("hs_call_direction", "enumeration", ("INBOUND", "OUTBOUND")),
    _p("hs_call_disposition"),
    _p("hs_call_from_number"),
    _p("hs_call_to_number"),
    _p("hs_call_recording_url"),
    _p(
        "hs_call_status",
        "enumeration",
        (
            "BUSY",
            "CALLING_CRM_USER",
            "CANCELED",
            "COMPLETED",
            "CONNECTING",
            "FAILED",
            "IN_PROGRESS",
            "NO_ANSWER",
            "QUEUED",
            "RINGING",
        ),
    ),
]
_NOTES = [_p("hs_note_body")]
_TASKS = [
    _p("hs_task_subject"),
    _p("hs_task_body"),
    _p(
        "hs_task_status",
        "enumeration",
        ("NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"),
    ),
    _p("hs_task_priority", "enumeration", ("NONE", "LOW", "MEDIUM", "HIGH")),
    _p("hs_task_type", "enumeration", ("EMAIL", "CALL", "TODO", "LINKED_IN")),
    _p("hs_task_reminders", "datetime"),
]
_EMAILS = [
    _p("hs_email_subject"),
    _p("hs_email_text"),
    _p("hs_email_html"),
    _p("hs_email_headers"),
    _p("hs_email_direction", "enumeration", ("EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL")),
    _p("hs_email_status", "enumeration", ("BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT")),
]

# (name, type id, singular, specific properties, {target: type id}, searchable, ts fallback)
_SPECS: tuple[tuple[str, str, str, list[PropertyDef], dict[str, int], tuple[str, ...]], ...] = (
    (
        "meetings",
        "0-47",
        "meeting",
        _MEETINGS,
        {
            "contacts": 200,
            "companies": 188,
            "deals": 212,
            "tickets": 226,
            "leads": 601,
            "orders": 769,
            "appointments": 919,
            "courses": 873,
            "listings": 897,
            "services": 839,
        },
        ("hs_meeting_title", "hs_meeting_body"),
    ),
    (
        "calls",
        "0-48",
        "call",
        _CALLS,
        {"contacts": 194, "companies": 182, "deals": 206, "tickets": 220},
        ("hs_call_title", "hs_call_body"),
    ),
    (
        "notes",
        "0-46",
        "note",
        _NOTES,
        {"contacts": 202, "companies": 190, "deals": 214, "tickets": 228},
        ("hs_note_body",),
    ),
    (
        "tasks",
        "0-27",
        "task",
        _TASKS,
        {"contacts": 204, "companies": 192, "deals": 216, "tickets": 230},
        ("hs_task_subject", "hs_task_body"),
    ),
    (
        "emails",
        "0-49",
        "email",
        _EMAILS,
        {"contacts": 198, "companies": 186, "deals": 210, "tickets": 224},
        ("hs_email_subject", "hs_email_text"),
    ),
)


def _custom(name: str, spec: Mapping[str, Any]) -> PropertyDef:
    return PropertyDef(
        name=name,
        type=str(spec.get("type", "string")),
        options=tuple(str(o) for o in spec.get("options", ())),
        unique=bool(spec.get("unique", False)),
    )


def build_catalog(config: EmulatorConfig) -> dict[str, ObjectType]:
    """Object types by every accepted path spelling (plural name and object type id)."""
    catalog: dict[str, ObjectType] = {}
    for name, type_id, singular, specific, assoc, searchable in _SPECS:
        props = {p.name: p for p in (*_common(), *specific)}
        for pname, spec in config.custom_properties.get(name, {}).items():
            props[pname] = _custom(pname, spec)
        otype = ObjectType(
            name=name,
            type_id=type_id,
            singular=singular,
            properties=props,
            association_types={tid: target for target, tid in assoc.items()},
            searchable=searchable,
            timestamp_fallback="hs_meeting_start_time" if name == "meetings" else None,
        )
        catalog[name] = otype
        catalog[type_id] = otype
    return catalog
