"""The seed walkthrough (every Meetings operation, Ballerina sample data) replayed from a
vcrpy cassette recorded over a real socket, with every credential filtered out."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import vcr
from cassette_support import scrub_request, scrub_response, vcr_options

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import BearerToken, HubSpotMeetings, RetryConfig
from hubspot_meetings._demo import UNIQUE_PROPERTY, walk

CASSETTE = Path(__file__).parent / "seed_walkthrough.yaml"
EMULATOR_TOKEN = "pat-emulator-token"


def _walk(client: HubSpotMeetings, record: bool) -> str:
    out = io.StringIO()
    # Without a contact of the account to link to, the walk creates one first, as the demo
    # does on the emulator (HubSpot refuses links to records that do not exist).
    contact_id = os.environ.get("HUBSPOT_DEMO_CONTACT_ID") or None
    with vcr.use_cassette(str(CASSETTE), **vcr_options(record)), client:
        result = walk(
            client,
            out,
            contact_id=contact_id,
            unique_property=(os.environ.get("HUBSPOT_DEMO_UNIQUE_PROPERTY") or UNIQUE_PROPERTY),
            create_contact=contact_id is None,
        )
    assert result.failed == 0, out.getvalue()
    assert result.ok == (11 if contact_id else 12)
    return out.getvalue()


def test_seed_walkthrough(recording: bool) -> None:
    if recording and os.environ.get("HUBSPOT_ACCESS_TOKEN"):
        _walk(HubSpotMeetings.from_env(http_version="1.1"), record=True)
    elif recording:
        emu = Emulator(
            EmulatorConfig(custom_properties={"meetings": {UNIQUE_PROPERTY: {"unique": True}}})
        )
        with emu.serve() as handle:
            client = HubSpotMeetings(
                auth=BearerToken(EMULATOR_TOKEN), base_url=str(handle.url), http_version="1.1"
            )
            _walk(client, record=True)
    else:
        if not CASSETTE.exists():
            pytest.fail(f"{CASSETTE.name} is missing: run `make record`")
        # Nothing listens on port 9: every answer must come from the cassette.
        client = HubSpotMeetings(
            auth=BearerToken("pat-replay-only"),
            base_url="http://127.0.0.1:9",
            retry=RetryConfig.disabled(),
            pacing=None,
        )
        text = _walk(client, record=False)
        assert "titles=['Sprint Planning', 'Design Review']" in text
        contact = text.split("id=")[1].split()[0]
        assert f"contacts=['{contact}']" in text


def test_cassette_holds_no_credentials() -> None:
    text = CASSETTE.read_text()
    assert "/crm/v3/objects/meetings/batch/upsert" in text
    for secret in (EMULATOR_TOKEN, os.environ.get("HUBSPOT_ACCESS_TOKEN") or EMULATOR_TOKEN):
        assert secret not in text
    assert "Bearer" not in text and "hapikey" not in text


def test_scrubbers_remove_token_endpoint_secrets() -> None:
    from vcr.request import Request

    token_request = Request(
        "POST",
        "https://api.hubapi.com/oauth/v1/token",
        b"grant_type=refresh_token&client_secret=s3cret&refresh_token=r3fresh",
        {},
    )
    assert b"s3cret" not in scrub_request(token_request).body
    response = {
        "status": {"code": 200},
        "headers": {},
        "body": {"string": b'{"access_token": "acc3ss", "refresh_token": "r3fresh"}'},
    }
    scrubbed = scrub_response(response)["body"]["string"]
    assert b"acc3ss" not in scrubbed and b"r3fresh" not in scrubbed
