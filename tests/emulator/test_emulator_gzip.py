"""Gzip request bodies: decoded by default, configurable since HubSpot documents nothing."""

from __future__ import annotations

import gzip
import json

import httpx

from hubspot_emulator import Emulator, EmulatorConfig

BODY = {"properties": {"hs_timestamp": "2026-03-20T10:00:00.000Z", "hs_meeting_title": "Zip"}}


def post_gzipped(emu: Emulator) -> httpx.Response:
    with httpx.Client(transport=emu.transport(), base_url="https://api.hubapi.com") as client:
        return client.post(
            "/crm/v3/objects/meetings",
            content=gzip.compress(json.dumps(BODY).encode()),
            headers={
                "Authorization": "Bearer pat-emulator-token",
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
            },
        )


def test_gzip_body_is_decoded() -> None:
    response = post_gzipped(Emulator())
    assert response.status_code == 201
    assert response.json()["properties"]["hs_meeting_title"] == "Zip"


def test_gzip_decoding_can_be_turned_off() -> None:
    emu = Emulator(EmulatorConfig(decode_gzip_requests=False))
    response = post_gzipped(emu)
    assert response.status_code == 400
    assert response.json()["category"] == "VALIDATION_ERROR"
    assert emu.store("meetings").count() == 0
