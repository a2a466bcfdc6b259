"""Helpers shared by the emulator tests (imported by name; fixtures live in conftest.py)."""

from __future__ import annotations

from typing import Any

import httpx

from hubspot_emulator import Emulator

BASE_URL = "https://api.hubapi.com"
TOKEN = "pat-emulator-token"
MEETINGS = "/crm/v3/objects/meetings"


def make_client(emu: Emulator, token: str | None = TOKEN, **kwargs: Any) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(transport=emu.transport(), base_url=BASE_URL, headers=headers, **kwargs)


def meeting(**extra: Any) -> dict[str, Any]:
    """A valid create body for a meeting."""
    props = {"hs_timestamp": "2026-03-20T10:00:00.000Z", "hs_meeting_title": "Kickoff"}
    props.update(extra)
    return {"properties": props}
