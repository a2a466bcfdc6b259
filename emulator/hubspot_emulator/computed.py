"""Properties HubSpot computes when a record is written, and which properties a write echoes.

Contract (recordings in tests/fidelity/fixtures, summary in docs/hubspot-behaviour.md):

- every created record gets the ``hs_object_source`` family: INTEGRATION with the app's id for an
  app's writes, or API / INTERNAL_PROCESSING (``EmulatorConfig.object_source``);
- a record with an owner gets ``hs_all_owner_ids``, ``hs_user_ids_of_all_owners`` and
  ``hubspot_owner_assigneddate`` (the emulator has no owner -> user table, so the user id is
  the owner id);
- writing an activity's body computes the ``hs_body_preview`` family (emails: from
  ``hs_email_text``, unwrapped; other activities: wrapped in the HTML document HubSpot renders);
- a create answers with everything stored; an update answers with the properties written, the
  record's id and dates, the source family, the owner family when the record has an owner, and the
  previews when the body was written. Untouched properties are not echoed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from .catalog import ObjectType
from .config import EmulatorConfig
from .values import iso_instant

__all__ = ["COMPUTED_PROPERTIES", "on_create", "on_update", "update_echo"]

SOURCE_PROPERTIES = ("hs_object_source", "hs_object_source_id", "hs_object_source_label")
OWNER_PROPERTIES = (
    "hubspot_owner_id",
    "hs_all_owner_ids",
    "hs_user_ids_of_all_owners",
    "hubspot_owner_assigneddate",
)
PREVIEW_PROPERTIES = ("hs_body_preview", "hs_body_preview_html", "hs_body_preview_is_truncated")
# (name, type) of what HubSpot sets; read-only, so a write naming one is refused like any
# read-only property. hubspot_owner_id itself is the caller's to write.
COMPUTED_PROPERTIES: tuple[tuple[str, str], ...] = (
    *((name, "string") for name in SOURCE_PROPERTIES),
    ("hs_all_owner_ids", "string"),
    ("hs_user_ids_of_all_owners", "string"),
    ("hubspot_owner_assigneddate", "datetime"),
    *((name, "string") for name in PREVIEW_PROPERTIES),
)

# The property each activity's preview is made from.
_BODY = {
    "meetings": "hs_meeting_body",
    "calls": "hs_call_body",
    "notes": "hs_note_body",
    "tasks": "hs_task_body",
    "emails": "hs_email_text",
}
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _preview(otype: ObjectType, body: str) -> dict[str, str]:
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", body))).strip()
    if otype.name == "emails":
        rendered = body
    else:
        # The document HubSpot's HTML renderer wraps a body in (notes, tasks, calls recordings).
        rendered = f"<html>\n <head></head>\n <body>\n {body}\n </body>\n</html>" if body else ""
    # No recording shows a truncated preview, so the emulator never truncates.
    return {
        "hs_body_preview": text,
        "hs_body_preview_html": rendered,
        "hs_body_preview_is_truncated": "false",
    }


def _owner(owner: str, now_ms: int) -> dict[str, str]:
    return {
        "hs_all_owner_ids": owner,
        "hs_user_ids_of_all_owners": owner,
        "hubspot_owner_assigneddate": iso_instant(now_ms) if owner else "",
    }


def on_create(
    otype: ObjectType, props: Mapping[str, str], config: EmulatorConfig, now_ms: int
) -> dict[str, str]:
    """The computed properties of a record created with ``props``."""
    out: dict[str, str] = {"hs_object_source": config.object_source}
    if config.object_source == "INTEGRATION":
        out["hs_object_source_id"] = str(config.app_id)
        out["hs_object_source_label"] = "INTEGRATION"
    else:
        out["hs_object_source_label"] = "INTERNAL_PROCESSING"
    if props.get("hubspot_owner_id"):
        out.update(_owner(props["hubspot_owner_id"], now_ms))
    body = _BODY.get(otype.name)
    if body is not None and props.get(body):
        out.update(_preview(otype, props[body]))
    elif otype.name == "emails":
        # Email creates carry the flag even without a text (batch create recording).
        out["hs_body_preview_is_truncated"] = "false"
    return out


def on_update(
    otype: ObjectType, stored: Mapping[str, str | None], written: Mapping[str, str], now_ms: int
) -> dict[str, str]:
    """The computed properties that change when ``written`` is applied to ``stored``."""
    out: dict[str, str] = {}
    owner = written.get("hubspot_owner_id")
    if owner is not None and owner != (stored.get("hubspot_owner_id") or ""):
        out.update(_owner(owner, now_ms))
    body = _BODY.get(otype.name)
    if body is not None and body in written:
        out.update(_preview(otype, written[body]))
    return out


def update_echo(
    otype: ObjectType, stored: Mapping[str, str | None], written: Iterable[str]
) -> list[str]:
    """The properties an update's answer shows, in no particular order. Only the record's id
    and dates join them, never the type's other default properties (a contact's email is not
    echoed: amp-labs/connectors providers/hubspot/test/batch/update/contacts/success.json)."""
    written = list(written)
    dates = (otype.created_property, otype.modified_property)
    names = [*written, "hs_object_id", *dates, *SOURCE_PROPERTIES]
    if stored.get("hubspot_owner_id"):
        names.extend(OWNER_PROPERTIES)
    if _BODY.get(otype.name) in written:
        names.extend(PREVIEW_PROPERTIES)
    return [name for name in dict.fromkeys(names) if name in stored]
