"""Store settings: refused with a ConfigurationError that names them, and no secret in a repr,
a pickle or a message."""

from __future__ import annotations

import pickle

import httpx
import pytest

from hubspot_emulator import Emulator
from hubspot_meetings import (
    CircuitBreakerConfig,
    ConfigurationError,
    HubSpotMeetings,
    LocalStore,
    PacingConfig,
    RedisStore,
)

PASSWORD = "s3cret-redis-password"


def test_redis_store_shows_no_password_and_will_not_be_pickled() -> None:
    store = RedisStore(f"redis://:{PASSWORD}@127.0.0.1:6379/0", prefix="acme")
    assert PASSWORD not in repr(store)
    assert "redis://****@127.0.0.1:6379/0" in repr(store)
    with pytest.raises(TypeError, match="create it in each process"):
        pickle.dumps(store)


@pytest.mark.parametrize(
    ("build", "setting"),
    [
        (lambda: RedisStore("http://localhost:6379"), "RedisStore.url"),
        (lambda: RedisStore(prefix="has space"), "RedisStore.prefix"),
        (lambda: RedisStore(on_unavailable="ignore"), "RedisStore.on_unavailable"),  # type: ignore[arg-type]
        (lambda: RedisStore(socket_timeout=0), "RedisStore.socket_timeout"),
        (lambda: PacingConfig(store="redis://localhost"), "PacingConfig.store"),  # type: ignore[arg-type]
        (lambda: PacingConfig(store_key=""), "PacingConfig.store_key"),
        (lambda: CircuitBreakerConfig(store=object()), "CircuitBreakerConfig.store"),  # type: ignore[arg-type]
    ],
)
def test_bad_store_settings_name_the_setting(build: object, setting: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        build()  # type: ignore[operator]
    assert refused.value.setting == setting


class HeaderAuth(httpx.Auth):
    """A credential the client cannot name a budget after."""


def test_a_shared_budget_needs_a_name_when_the_credential_cannot_give_one() -> None:
    emu = Emulator()
    pacing = PacingConfig(store=LocalStore())
    with pytest.raises(ConfigurationError) as refused:
        HubSpotMeetings(transport=emu.transport(), auth=HeaderAuth(), pacing=pacing)
    assert refused.value.setting == "PacingConfig.store_key"
    named = PacingConfig(store=LocalStore(), store_key="my-app")
    with HubSpotMeetings(transport=emu.transport(), auth=HeaderAuth(), pacing=named):
        pass
