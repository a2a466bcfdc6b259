"""Schemathesis against the emulator over a real socket: every operation of the meetings spec.

Asserts what a spec-driven client relies on: no 5xx, only documented status codes, documented
content types, and bodies that validate against the response schemas. Bounded to a few dozen
examples per operation (derandomized, no database) so it stays fast and reproducible.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.server import ServerHandle, serve

ROOT = Path(__file__).resolve().parents[2]
SANITIZED = ROOT / "openapi" / "meetings-v3.sanitized.json"
# HubSpot's spec as published, kept in the repository, so the test needs nothing outside it.
UPSTREAM = ROOT / "openapi" / "meetings-v3.json"
SPEC = SANITIZED if SANITIZED.exists() else UPSTREAM
AUTH = {"Authorization": "Bearer pat-emulator-token"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

# A fixed seed makes every run send the same requests, so a failure reproduces.
schema = schemathesis.openapi.from_path(SPEC, config=SchemathesisConfig(seed=20261125))


@pytest.fixture(scope="module")
def server() -> Iterator[ServerHandle]:
    # Rate limits off: schemathesis sends far more than 100 requests per 10 s by design.
    emulator = Emulator(EmulatorConfig(rate_limits_enabled=False))
    emulator.seed(
        "meetings",
        [
            {
                "hs_meeting_title": f"Conformance {i}",
                "hs_meeting_body": "agenda",
                "hs_timestamp": "2026-03-20T10:00:00.000Z",
            }
            for i in range(5)
        ],
    )
    with serve(emulator) as handle:
        yield handle


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: failures are reported as found
    suppress_health_check=list(HealthCheck),
)
def test_emulator_conforms_to_the_spec(case: schemathesis.Case, server: ServerHandle) -> None:
    case.call_and_validate(base_url=server.url, headers=AUTH, checks=CHECKS)


def test_an_id_ending_in_a_newline_is_not_the_collection(server: ServerHandle) -> None:
    # Found by this suite: a route pattern ending in `$` matched before a trailing newline,
    # so GET /meetings/%0A was answered as the list operation.
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        assert client.get("/crm/v3/objects/meetings/%0A").status_code == 404
        assert (
            client.patch("/crm/v3/objects/meetings/%0A", json={"properties": {}}).status_code == 404
        )
