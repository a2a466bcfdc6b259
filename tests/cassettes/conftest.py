"""Cassette tests replay recorded HTTP by default; `pytest tests/cassettes --record` (make
record) records them again: against the emulator over a real socket, or against HubSpot when
HUBSPOT_ACCESS_TOKEN is set."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--record",
        action="store_true",
        default=False,
        help="re-record the vcrpy cassettes (emulator, or HubSpot with HUBSPOT_ACCESS_TOKEN)",
    )


@pytest.fixture
def recording(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--record", default=False))
