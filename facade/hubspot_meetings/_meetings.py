"""HubSpotMeetings / AsyncHubSpotMeetings: the meetings surface over the generic object client.

Everything meetings-specific lives here: the generated package bound as "meetings" and what
HubSpot requires of a meeting (an `hs_timestamp` on create, date-valued time properties).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, Self

import httpx

from ._auth import DEFAULT_REFRESH_URL, ApiKey, BearerToken, OAuth2RefreshToken
from ._client import AsyncObjectClient, ObjectClient
from ._exceptions import ConfigurationError
from ._generated import ObjectBinding, bind
from ._plan.checks import PropertyRule

__all__ = ["MEETING_RULES", "AsyncHubSpotMeetings", "HubSpotMeetings", "auth_from_env"]

# hs_timestamp is the one property HubSpot requires; the times accept ISO-8601 or epoch ms.
MEETING_RULES: tuple[PropertyRule, ...] = (
    PropertyRule("hs_timestamp", required_on_create=True, kind="datetime"),
    PropertyRule("hs_meeting_start_time", kind="datetime"),
    PropertyRule("hs_meeting_end_time", kind="datetime"),
)

_binding: ObjectBinding | None = None


def meetings_binding() -> ObjectBinding:
    global _binding
    if _binding is None:
        _binding = bind("meetings")
    return _binding


def auth_from_env(env: Mapping[str, str] | None = None) -> httpx.Auth:
    """Credentials from the environment, first match wins: HUBSPOT_ACCESS_TOKEN (private app
    or OAuth access token), HUBSPOT_CLIENT_ID + HUBSPOT_CLIENT_SECRET + HUBSPOT_REFRESH_TOKEN
    (OAuth refresh), HUBSPOT_API_KEY (legacy developer key)."""
    env = os.environ if env is None else env
    token = env.get("HUBSPOT_ACCESS_TOKEN", "").strip()
    if token:
        return BearerToken(token)
    oauth = [
        env.get(f"HUBSPOT_{n}", "").strip() for n in ("CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN")
    ]
    if all(oauth):
        # A bare path: refresh at the API host in use (HUBSPOT_BASE_URL may point elsewhere).
        # The token endpoint lives where the API does: behind HUBSPOT_BASE_URL (a gateway's path
        # prefix included) when set, else a bare path on whatever host the requests go to.
        base_url = env.get("HUBSPOT_BASE_URL", "").strip().rstrip("/")
        path = httpx.URL(DEFAULT_REFRESH_URL).path
        return OAuth2RefreshToken(*oauth, refresh_url=f"{base_url}{path}" if base_url else path)
    if any(oauth):
        missing = [
            f"HUBSPOT_{n}"
            for n, v in zip(("CLIENT_ID", "CLIENT_SECRET", "REFRESH_TOKEN"), oauth, strict=True)
            if not v
        ]
        raise ConfigurationError("environment", f"OAuth needs {', '.join(missing)} as well")
    key = env.get("HUBSPOT_API_KEY", "").strip()
    if key:
        return ApiKey(key)
    raise ConfigurationError(
        "environment",
        "set HUBSPOT_ACCESS_TOKEN, or HUBSPOT_CLIENT_ID/HUBSPOT_CLIENT_SECRET/"
        "HUBSPOT_REFRESH_TOKEN, or HUBSPOT_API_KEY",
    )


def _env_kwargs(env: Mapping[str, str] | None, overrides: dict[str, Any]) -> dict[str, Any]:
    env = os.environ if env is None else env
    kwargs: dict[str, Any] = {}
    if "auth" not in overrides:
        kwargs["auth"] = auth_from_env(env)
    base_url = env.get("HUBSPOT_BASE_URL", "").strip()
    if base_url and "base_url" not in overrides:
        kwargs["base_url"] = base_url
    return {**kwargs, **overrides}


class HubSpotMeetings(ObjectClient):
    """The HubSpot CRM Meetings v3 client (sync). Use as a context manager, or call close().

    Keywords: `auth` (BearerToken | OAuth2RefreshToken | ApiKey), `base_url`,
    `http_version="2"`, `timeout=30.0`, `retry=RetryConfig()`, `circuit_breaker=None`,
    `pacing=PacingConfig()`, `verify`, `cert`, `proxy`, `compression="auto"`, `user_agent`,
    `transport`, `limits`, `api_version` (e.g. "2026-03": HubSpot's date-versioned paths
    instead of /crm/v3); or `http_client` (your own httpx.Client: then none of the transport
    settings apply, and giving both is an error). `validation=True` checks requests before
    sending and parses responses strictly; `max_concurrency=4` batch chunks in flight.
    """

    def __init__(self, *, rules: Sequence[PropertyRule] = MEETING_RULES, **kwargs: Any) -> None:
        super().__init__(meetings_binding(), rules=rules, **kwargs)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """A client configured from HUBSPOT_* environment variables (see `auth_from_env`),
        plus HUBSPOT_BASE_URL; keywords override."""
        return cls(**_env_kwargs(env, overrides))


class AsyncHubSpotMeetings(AsyncObjectClient):
    """The asyncio twin of `HubSpotMeetings`: same keywords, methods are coroutines,
    `async with` closes it."""

    def __init__(self, *, rules: Sequence[PropertyRule] = MEETING_RULES, **kwargs: Any) -> None:
        super().__init__(meetings_binding(), rules=rules, **kwargs)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        return cls(**_env_kwargs(env, overrides))
