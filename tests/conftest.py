"""Shared test configuration: async tests run on asyncio through anyio's pytest plugin, and
the machine's proxy variables stay out of tests that talk to the emulator (clients honour
them by default, and a corporate proxy would not reach a loopback emulator); the live tests
keep them, since they go to HubSpot."""

import pytest

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("live") is not None:
        return
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
