"""HubSpotMeetings / AsyncHubSpotMeetings: the meetings surface over the generic object client.

Everything meetings-specific lives here: the generated package bound as "meetings" and what
HubSpot requires of a meeting (an `hs_timestamp` on create, date-valued time properties).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping, Sequence
from typing import Literal, Self

import httpx

from ._auth import auth_from_env
from ._client import (
    AsyncObjectClient,
    ClientT,
    ObjectClient,
    TransportT,
    _BaseClient,
    public_client,
)
from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_PACING,
    DEFAULT_RETRY,
    DEFAULT_TIMEOUT,
    CertTypes,
    CircuitBreakerConfig,
    Clock,
    Compression,
    PacingConfig,
    RetryConfig,
)
from ._generated import ObjectBinding, bind
from ._plan.checks import PropertyRule

__all__ = ["MEETING_RULES", "AsyncHubSpotMeetings", "HubSpotMeetings", "meetings_binding"]

# hs_timestamp is the one property HubSpot requires, and the meetings guide has it default to
# hs_meeting_start_time; the times accept ISO-8601 or epoch ms.
MEETING_RULES: tuple[PropertyRule, ...] = (
    PropertyRule(
        "hs_timestamp",
        required_on_create=True,
        kind="datetime",
        defaults_to="hs_meeting_start_time",
    ),
    PropertyRule("hs_meeting_start_time", kind="datetime"),
    PropertyRule("hs_meeting_end_time", kind="datetime"),
)

_binding: ObjectBinding | None = None


def meetings_binding() -> ObjectBinding:
    global _binding
    if _binding is None:
        _binding = bind("meetings")
    return _binding


class _MeetingsClient(_BaseClient[ClientT, TransportT]):
    """The meetings constructor and `from_env`, written once for the sync and async clients."""

    def __init__(
        self,
        *,
        auth: httpx.Auth | None = None,
        base_url: str = DEFAULT_BASE_URL,
        http_version: Literal["1.1", "2"] = "2",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float | None = DEFAULT_DEADLINE,
        retry: RetryConfig | None = DEFAULT_RETRY,
        circuit_breaker: CircuitBreakerConfig | None = None,
        pacing: PacingConfig | None = DEFAULT_PACING,
        verify: bool | str | ssl.SSLContext = True,
        cert: CertTypes | None = None,
        proxy: str | httpx.Proxy | None = None,
        compression: Compression = "auto",
        user_agent: str | None = None,
        limits: httpx.Limits | None = None,
        transport: TransportT | None = None,
        api_version: str | None = None,
        trust_env: bool = True,
        http_client: ClientT | None = None,
        validation: bool = True,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        rules: Sequence[PropertyRule] = MEETING_RULES,
        _clock: Clock | None = None,
    ) -> None:
        super().__init__(
            meetings_binding(),
            auth=auth,
            base_url=base_url,
            http_version=http_version,
            timeout=timeout,
            deadline=deadline,
            retry=retry,
            circuit_breaker=circuit_breaker,
            pacing=pacing,
            verify=verify,
            cert=cert,
            proxy=proxy,
            compression=compression,
            user_agent=user_agent,
            limits=limits,
            transport=transport,
            api_version=api_version,
            trust_env=trust_env,
            http_client=http_client,
            validation=validation,
            max_concurrency=max_concurrency,
            rules=rules,
            _clock=_clock,
        )

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        auth: httpx.Auth | None = None,
        base_url: str | None = None,
        http_version: Literal["1.1", "2"] = "2",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float | None = DEFAULT_DEADLINE,
        retry: RetryConfig | None = DEFAULT_RETRY,
        circuit_breaker: CircuitBreakerConfig | None = None,
        pacing: PacingConfig | None = DEFAULT_PACING,
        verify: bool | str | ssl.SSLContext = True,
        cert: CertTypes | None = None,
        proxy: str | httpx.Proxy | None = None,
        compression: Compression = "auto",
        user_agent: str | None = None,
        limits: httpx.Limits | None = None,
        transport: TransportT | None = None,
        api_version: str | None = None,
        trust_env: bool = True,
        http_client: ClientT | None = None,
        validation: bool = True,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        rules: Sequence[PropertyRule] = MEETING_RULES,
        _clock: Clock | None = None,
    ) -> Self:
        """A client configured from the environment: credentials from `auth_from_env` unless
        `auth` is given, `base_url` from HUBSPOT_BASE_URL unless given; every other setting
        as for the constructor."""
        env = os.environ if env is None else env
        if auth is None:
            auth = auth_from_env(env)
        if base_url is None:
            base_url = env.get("HUBSPOT_BASE_URL", "").strip() or DEFAULT_BASE_URL
        return cls(
            auth=auth,
            base_url=base_url,
            http_version=http_version,
            timeout=timeout,
            deadline=deadline,
            retry=retry,
            circuit_breaker=circuit_breaker,
            pacing=pacing,
            verify=verify,
            cert=cert,
            proxy=proxy,
            compression=compression,
            user_agent=user_agent,
            limits=limits,
            transport=transport,
            api_version=api_version,
            trust_env=trust_env,
            http_client=http_client,
            validation=validation,
            max_concurrency=max_concurrency,
            rules=rules,
            _clock=_clock,
        )


@public_client
class HubSpotMeetings(_MeetingsClient[httpx.Client, httpx.BaseTransport], ObjectClient):
    """The HubSpot CRM Meetings v3 client (sync). Use as a context manager, or call `close()`.

    Parameters
    ----------
    {settings}
    rules:
        What a meeting requires of its properties (`MEETING_RULES`: an `hs_timestamp` on
        create unless `hs_meeting_start_time` stands in for it, date-valued times).
    """


@public_client
class AsyncHubSpotMeetings(
    _MeetingsClient[httpx.AsyncClient, httpx.AsyncBaseTransport], AsyncObjectClient
):
    """The asyncio twin of `HubSpotMeetings`: the same settings, methods are coroutines,
    `async with` closes it.

    Parameters
    ----------
    {settings}
    rules:
        What a meeting requires of its properties (`MEETING_RULES`).
    """
