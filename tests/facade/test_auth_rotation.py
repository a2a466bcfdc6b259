"""OAuth refresh-token rotation cannot lock a client out when a token answer is lost.

The emulator's token endpoint rotates refresh tokens and retires the old one either at once
or once the new one is used; a fault loses its answer (the connection drops after the
rotation, or the body arrives unreadable). Where the old token still works the call recovers
by itself; where it does not, one RefreshTokenLostError says so and what to do, the
`on_refresh_lost` callback hears of it once, and later calls fail fast without sending.
"""

from __future__ import annotations

from typing import Any

import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    HubSpotMeetings,
    OAuth2RefreshToken,
    OAuthRefreshError,
    RefreshTokenLostError,
    RetryConfig,
    TransportError,
)

CLIENT_ID = "emulator-client-id"
CLIENT_SECRET = "emulator-client-secret"
TOKEN = FaultMatch(path="/oauth/")
# A lost answer: the connection drops after the rotation, or the body cannot be read.
LOST = [
    pytest.param(Fault.ambiguous(), id="dropped"),
    pytest.param(Fault.truncated_json(), id="unreadable"),
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class Hooks:
    def __init__(self) -> None:
        self.saved: list[str] = []
        self.lost: list[RefreshTokenLostError] = []


def setup(clock: FakeClock, retire: str | None, **client: Any) -> tuple[Emulator, Any, Hooks]:
    config: dict[str, Any] = {"oauth_rotate_refresh_tokens": retire is not None}
    if retire is not None:
        config["oauth_retire_old_refresh_token"] = retire
    emu = Emulator(EmulatorConfig(**config), clock=clock)
    hooks = Hooks()
    auth = OAuth2RefreshToken(
        CLIENT_ID,
        CLIENT_SECRET,
        emu.issue_refresh_token(),
        on_refresh_token=hooks.saved.append,
        on_refresh_lost=hooks.lost.append,
        clock=clock,
    )
    kwargs = {"auth": auth, "transport": emu.transport(), "_clock": clock, **client}
    kwargs.setdefault("retry", RetryConfig(jitter=0.0))
    return emu, kwargs, hooks


def token_requests(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.path.startswith("/oauth/"))


@pytest.mark.parametrize("fault", LOST)
def test_a_lost_rotation_is_one_clear_error_and_the_callback_hears_of_it(
    clock: FakeClock, fault: Fault
) -> None:
    emu, kwargs, hooks = setup(clock, "on_rotation")
    emu.faults.script(fault, TOKEN)
    with HubSpotMeetings(**kwargs) as client:
        with pytest.raises(RefreshTokenLostError) as info:
            client.list()
        sent = len(emu.requests)
        # Later calls fail the same way at once: the retired token is not sent again.
        with pytest.raises(RefreshTokenLostError) as again:
            client.list()
    assert len(emu.requests) == sent
    # The token endpoint rotated once (answer lost), then refused the old token once.
    assert token_requests(emu) == 2
    assert "re-authorize" in str(info.value).lower() and "re-authorize" in str(again.value).lower()
    assert isinstance(info.value, OAuthRefreshError) and info.value.category == "BAD_REFRESH_TOKEN"
    assert hooks.lost == [info.value]  # once, with the error raised
    assert hooks.saved == []  # nothing new to persist: the new token never arrived
    assert kwargs["auth"].refresh_lost is info.value


@pytest.mark.parametrize("fault", LOST)
def test_a_lost_answer_recovers_when_the_old_token_outlives_it(
    clock: FakeClock, fault: Fault
) -> None:
    emu, kwargs, hooks = setup(clock, "on_successor_use")
    emu.faults.script(fault, TOKEN)
    with HubSpotMeetings(**kwargs) as client:
        assert client.list().results == []
        clock.advance(1800)  # the access token expires: refresh with the token that arrived
        assert client.list().results == []
    assert hooks.lost == []
    assert len(hooks.saved) == 2  # both rotated tokens were handed over for persisting
    assert token_requests(emu) == 3


@pytest.mark.parametrize("fault", LOST)
def test_a_lost_answer_costs_nothing_without_rotation(clock: FakeClock, fault: Fault) -> None:
    emu, kwargs, hooks = setup(clock, None)  # HubSpot as documented: no rotation
    emu.faults.script(fault, TOKEN)
    with HubSpotMeetings(**kwargs) as client:
        assert client.list().results == []
    assert hooks.lost == [] and hooks.saved == []


def test_a_refusal_after_clean_refreshes_is_not_called_lost(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(oauth_rotate_refresh_tokens=True), clock=clock)
    refresh = emu.issue_refresh_token()
    lost: list[RefreshTokenLostError] = []
    auth = OAuth2RefreshToken(
        CLIENT_ID, CLIENT_SECRET, refresh, on_refresh_lost=lost.append, clock=clock
    )
    emu.revoke_refresh_token(refresh)  # the app was uninstalled: nothing was lost in transit
    with (
        HubSpotMeetings(auth=auth, transport=emu.transport(), _clock=clock) as client,
        pytest.raises(OAuthRefreshError) as info,
    ):
        client.list()
    assert not isinstance(info.value, RefreshTokenLostError)
    assert lost == [] and auth.refresh_lost is None


def test_without_retries_the_next_call_finds_the_loss(clock: FakeClock) -> None:
    emu, kwargs, hooks = setup(clock, "on_rotation", retry=None)
    emu.faults.script(Fault.ambiguous(), TOKEN)
    with HubSpotMeetings(**kwargs) as client:
        with pytest.raises(TransportError) as first:
            client.list()
        assert not isinstance(first.value, RefreshTokenLostError)
        with pytest.raises(RefreshTokenLostError):
            client.list()
    assert len(hooks.lost) == 1


def test_a_5xx_that_changed_nothing_is_retried_and_recovers(clock: FakeClock) -> None:
    emu, kwargs, hooks = setup(clock, "on_rotation")
    emu.faults.script(Fault.status(503), TOKEN, times=2)  # refused before any rotation
    with HubSpotMeetings(**kwargs) as client:
        assert client.list().results == []
    assert hooks.lost == [] and len(hooks.saved) == 1


@pytest.mark.anyio
async def test_async_lost_rotation_is_one_clear_error(clock: FakeClock) -> None:
    emu, kwargs, hooks = setup(clock, "on_rotation")
    emu.faults.script(Fault.ambiguous(), TOKEN)
    async with AsyncHubSpotMeetings(**kwargs) as client:
        with pytest.raises(RefreshTokenLostError) as info:
            await client.list()
        sent = len(emu.requests)
        with pytest.raises(RefreshTokenLostError):
            await client.list()
    assert len(emu.requests) == sent
    assert hooks.lost == [info.value]


@pytest.mark.anyio
async def test_async_unreadable_answer_recovers_by_resending(clock: FakeClock) -> None:
    emu, kwargs, hooks = setup(clock, "on_successor_use")
    emu.faults.script(Fault.truncated_json(), TOKEN)
    async with AsyncHubSpotMeetings(**kwargs) as client:
        assert (await client.list()).results == []
    assert hooks.lost == [] and len(hooks.saved) == 1
