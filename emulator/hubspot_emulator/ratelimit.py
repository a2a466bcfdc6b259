"""HubSpot's rate limits (docs/hubspot-behaviour.md, "Rate limits"), driven by an injected clock,
never sleeping.

- a rolling 10-second window per app (private-app token, API key, or OAuth client);
- a daily counter per account for non-OAuth callers (OAuth has no daily limit, no Daily headers);
- search: exempt from the 10-second window, 5 requests per second per account, and its
  responses carry no rate-limit headers at all.
Rejected requests are not counted.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

from .auth import Principal
from .config import EmulatorConfig

__all__ = ["Decision", "RateLimiter", "rate_limit_body"]

_WINDOW_S = 10.0
_MESSAGES = {
    "TEN_SECONDLY_ROLLING": "You have reached your ten_secondly_rolling limit.",
    "SECONDLY": "You have reached your secondly limit.",
    "DAILY": "You have reached your daily limit.",
}


@attrs.frozen
class Decision:
    allowed: bool
    policy: str | None = None  # the policy that refused the request
    headers: dict[str, str] = attrs.Factory(dict)


def rate_limit_body(policy: str, group_name: str) -> dict[str, Any]:
    """The 429 body. The usage guidelines document the DAILY one with a ``requestId``; the
    ten-secondly and secondly ones recorded from HubSpot carry a ``groupName`` instead."""
    body: dict[str, Any] = {
        "status": "error",
        "message": _MESSAGES[policy],
        "errorType": "RATE_LIMIT",
        "correlationId": "",
        "policyName": policy,
    }
    if policy == "DAILY":
        body["requestId"] = str(uuid.uuid4())
    else:
        body["groupName"] = group_name
    return body


class RateLimiter:
    def __init__(self, config: EmulatorConfig, clock: Callable[[], float]) -> None:
        self._config = config
        self._clock = clock
        self.reset()

    def reset(self) -> None:
        self._windows: dict[str, deque[float]] = {}
        self._search: deque[float] = deque()
        self._day: str = ""
        self._daily_used = 0

    def group_name(self, principal: Principal, policy: str) -> str:
        hub, app = self._config.hub_id, self._config.app_id
        if policy == "SECONDLY":
            return f"publicapi:crm-search-api-calls-secondly:{hub}"
        kind = {"private_app": "private_app", "hapikey": "hapikey", "oauth": "oauth"}.get(
            principal.kind, "private_app"
        )
        period = "daily" if policy == "DAILY" else "ten-secondly"
        if kind == "hapikey":
            return f"publicapi:hapikey-api-calls-{period}:{hub}"
        return f"publicapi:{kind}-api-calls-{period}:{hub}:{app}"

    def _limit(self, principal: Principal) -> int:
        if principal.kind == "oauth" and self._config.oauth_ten_second_limit is not None:
            return self._config.oauth_ten_second_limit
        return self._config.ten_second_limit

    def _roll_day(self, now: float) -> None:
        # Resets at midnight; the emulated account's time zone is UTC.
        day = datetime.fromtimestamp(now, tz=UTC).date().isoformat()
        if day != self._day:
            self._day = day
            self._daily_used = 0

    def admit(self, principal: Principal) -> Decision:
        """Count a non-search request, or refuse it (TEN_SECONDLY_ROLLING or DAILY)."""
        if not self._config.rate_limits_enabled:
            return Decision(True)
        now = self._clock()
        limit = self._limit(principal)
        window = self._windows.setdefault(principal.bucket, deque())
        while window and window[0] <= now - _WINDOW_S:
            window.popleft()
        has_daily = principal.kind != "oauth"
        daily = self._config.daily_limit
        if has_daily:
            self._roll_day(now)

        refused: str | None = None
        if has_daily and self._daily_used >= daily:
            refused = "DAILY"
        elif len(window) >= limit:
            refused = "TEN_SECONDLY_ROLLING"
        else:
            window.append(now)
            if has_daily:
                self._daily_used += 1

        headers = {
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(int(_WINDOW_S * 1000)),
            "X-HubSpot-RateLimit-Max": str(limit),
            "X-HubSpot-RateLimit-Remaining": str(max(0, limit - len(window))),
        }
        if has_daily:
            headers["X-HubSpot-RateLimit-Daily"] = str(daily)
            headers["X-HubSpot-RateLimit-Daily-Remaining"] = str(max(0, daily - self._daily_used))
        return Decision(refused is None, refused, headers)

    def admit_search(self) -> Decision:
        """Count a search request against the per-account per-second limit (no headers)."""
        if not self._config.rate_limits_enabled:
            return Decision(True)
        now = self._clock()
        while self._search and self._search[0] <= now - 1.0:
            self._search.popleft()
        if len(self._search) >= self._config.search_per_second_limit:
            return Decision(False, "SECONDLY")
        self._search.append(now)
        return Decision(True)
