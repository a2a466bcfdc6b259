"""Credentials as httpx.Auth flows: private-app/OAuth bearer tokens, legacy hapikey, and OAuth
refresh-token flows that refresh once, however many threads and tasks are waiting."""

from __future__ import annotations

import asyncio
import json
import math
import os
import re
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Mapping

import httpx

from ._exceptions import (
    ConfigurationError,
    OAuthRefreshError,
    ResponseValidationError,
    TokenPersistenceError,
    error_fields,
)
from ._exceptions import error_for_response as _error_for_response
from ._redact import logger, mask_secret

__all__ = ["ApiKey", "BearerToken", "OAuth2RefreshToken", "auth_from_env"]

DEFAULT_REFRESH_URL = "https://api.hubapi.com/oauth/v1/token"


# Credentials go into headers and query strings verbatim; anything else (a control character,
# a space, non-ASCII) would make httpx echo the whole header value in its protocol error.
_SECRET_CHARS = re.compile(r"[\x21-\x7e]+")


def _require_secret(owner: str, name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{owner}.{name}", "must be a non-empty string")
    if not _SECRET_CHARS.fullmatch(value):
        # Name the setting only: the value is a secret.
        raise ConfigurationError(
            f"{owner}.{name}",
            "must be printable ASCII without spaces, control characters or line breaks",
        )
    return value


class BearerToken(httpx.Auth):
    """A private-app token (`pat-...`) or a fixed OAuth access token."""

    def __init__(self, token: str) -> None:
        self._token = _require_secret("BearerToken", "token", token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return f"BearerToken(token={mask_secret(self._token)!r})"


class ApiKey(httpx.Auth):
    """A developer API key sent as a query parameter (HubSpot's `hapikey`)."""

    def __init__(self, key: str, *, param: str = "hapikey") -> None:
        self._key = _require_secret("ApiKey", "key", key)
        if not isinstance(param, str) or not param:
            raise ConfigurationError("ApiKey.param", "must be a non-empty string")
        self.param = param

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.url = request.url.copy_set_param(self.param, self._key)
        yield request

    def __repr__(self) -> str:
        return f"ApiKey(key={mask_secret(self._key)!r}, param={self.param!r})"


class _TokenState:
    """What the OAuth flows decide, without I/O: when to refresh, what to send, what came back."""

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        refresh_url: str,
        on_refresh_token: Callable[[str], None] | None,
        refresh_margin: float,
        clock: Callable[[], float],
        access_token: str | None,
        expires_at: float | None,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.refresh_url = refresh_url
        self.on_refresh_token = on_refresh_token
        self.refresh_margin = refresh_margin
        self.clock = clock
        self.access_token = access_token
        self.expires_at = expires_at
        self.refresh_count = 0
        # The lifetime HubSpot granted the current token (None for a caller-supplied one).
        self.lifetime: float | None = None
        # A rotated refresh token the callback has not yet taken: offered again every request.
        self.unpersisted = False
        self.persistence_error: TokenPersistenceError | None = None

    def needs_refresh(self) -> bool:
        if self.access_token is None:
            return True
        if self.expires_at is None:
            return False  # a caller-supplied token without expiry: refresh on 401 only
        margin = self.refresh_margin
        if self.lifetime is not None:
            # A token shorter-lived than the margin would otherwise be refreshed on every request.
            margin = min(margin, self.lifetime / 2)
        return self.clock() >= self.expires_at - margin

    def refresh_request(self, original: httpx.Request) -> httpx.Request:
        url = httpx.URL(self.refresh_url)
        if not url.is_absolute_url:  # a bare path: the token endpoint of the API host in use
            url = original.url.copy_with(raw_path=url.raw_path, query=None, fragment=None)
        return httpx.Request(
            "POST",
            url,
            data={
                "grant_type": "refresh_token",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "refresh_token": self.refresh_token,
            },
            headers={"Accept": "application/json"},
        )

    def accept(self, response: httpx.Response) -> None:
        """Store the refreshed token, or raise a typed error that contains no secret."""
        status = response.status_code
        if status >= 400:
            if status == 429 or status >= 500:
                raise _error_for_response(response)
            raise self._refusal(response)
        try:
            body = json.loads(response.content)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ResponseValidationError("$", "token response is not a JSON object")
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise ResponseValidationError("access_token", "missing from the token response")
        expires_in = body.get("expires_in")
        if isinstance(expires_in, bool) or not isinstance(expires_in, int | float):
            raise ResponseValidationError("expires_in", "missing or not a number")
        self.access_token = access
        self.lifetime = max(0.0, float(expires_in))
        self.expires_at = self.clock() + float(expires_in)
        self.refresh_count += 1
        rotated = body.get("refresh_token")
        if isinstance(rotated, str) and rotated and rotated != self.refresh_token:
            # Kept in memory first: HubSpot has already retired the old one.
            self.refresh_token = rotated
            self.unpersisted = self.on_refresh_token is not None
        self.persist()

    def persist(self) -> None:
        """Hand an unpersisted rotated refresh token to `on_refresh_token`; on failure keep it
        pending (tried again next request) and log a warning that names no secret."""
        callback = self.on_refresh_token
        if not self.unpersisted or callback is None:
            return
        try:
            callback(self.refresh_token)
        except Exception as exc:
            error = TokenPersistenceError(_callback_name(callback), type(exc).__name__)
            self.persistence_error = error
            # No exc_info: the callback's own message or traceback locals may quote the token.
            logger.warning("%s", error)
            return
        self.unpersisted = False
        self.persistence_error = None

    @staticmethod
    def _refusal(response: httpx.Response) -> OAuthRefreshError:
        fields = error_fields(response)
        body = fields.pop("body")
        oauth_error = None
        if isinstance(body, dict):
            status_word = body.get("status")
            if isinstance(status_word, str) and status_word != "error":
                fields["category"] = status_word  # e.g. BAD_REFRESH_TOKEN
            err = body.get("error")
            oauth_error = err if isinstance(err, str) else None
        fields["message"] = f"token refresh refused: {fields['message']}"
        # The body echoes nothing secret today, but keep only its non-credential fields.
        safe_body = (
            {k: v for k, v in body.items() if "token" not in k and "secret" not in k}
            if isinstance(body, dict)
            else None
        )
        return OAuthRefreshError(oauth_error=oauth_error, body=safe_body, **fields)

    def apply(self, request: httpx.Request) -> str:
        token = self.access_token
        assert token is not None
        request.headers["Authorization"] = f"Bearer {token}"
        return token

    @staticmethod
    def is_expired(response: httpx.Response) -> bool:
        if response.status_code != 401:
            return False
        try:
            body = json.loads(response.content)
        except (ValueError, httpx.ResponseNotRead):
            return False
        return isinstance(body, dict) and body.get("category") == "EXPIRED_AUTHENTICATION"


def _callback_name(callback: Callable[[str], None]) -> str:
    name = getattr(callback, "__qualname__", None) or getattr(callback, "__name__", None)
    return name if isinstance(name, str) else type(callback).__name__


def _check_refresh_url(owner: str, refresh_url: object) -> None:
    """An absolute http(s) URL with a host, or a path on the API host ("/oauth/v1/token"):
    anything else would only fail at the first request, as a transport error mid-job."""
    reason = "must be an http(s) URL or a path starting with '/'"
    if not isinstance(refresh_url, str) or not refresh_url.strip():
        raise ConfigurationError(f"{owner}.refresh_url", reason)
    try:
        url = httpx.URL(refresh_url)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise ConfigurationError(f"{owner}.refresh_url", f"{reason}; not a URL") from None
    if url.is_absolute_url:
        if url.scheme not in ("http", "https") or not url.host:
            raise ConfigurationError(f"{owner}.refresh_url", reason)
    elif not refresh_url.startswith("/") or any(c.isspace() for c in refresh_url):
        raise ConfigurationError(f"{owner}.refresh_url", reason)


class OAuth2RefreshToken(httpx.Auth):
    """OAuth 2 with a refresh token: refreshes `refresh_margin` seconds before `expires_in` runs
    out, and once more (then retries once) on a 401 EXPIRED_AUTHENTICATION.

    A token whose lifetime is shorter than twice `refresh_margin` is refreshed at half its
    lifetime instead, so a short-lived token is not refreshed before every request.

    The token request goes through the client's own transport stack. A rotated refresh token
    is kept and handed to `on_refresh_token` so the caller can persist it. If the callback
    raises, the request still proceeds (the new access token is valid): the rotated token stays
    in memory and is used for later refreshes, a warning naming the callback (never the token)
    goes to the `hubspot_meetings` logger, `persistence_error` holds a `TokenPersistenceError`,
    and the callback is called again with the token before every later request until it
    succeeds. One refresh runs at a time across all threads (threading.Lock) and all tasks
    (asyncio.Lock, per event loop).
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        *,
        refresh_url: str = DEFAULT_REFRESH_URL,
        on_refresh_token: Callable[[str], None] | None = None,
        refresh_margin: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        access_token: str | None = None,
        expires_at: float | None = None,
    ) -> None:
        owner = "OAuth2RefreshToken"
        if (
            isinstance(refresh_margin, bool)
            or not isinstance(refresh_margin, int | float)
            or not math.isfinite(refresh_margin)  # NaN compares false: never refresh early
            or refresh_margin < 0
        ):
            raise ConfigurationError(
                f"{owner}.refresh_margin", f"must be a finite number >= 0, got {refresh_margin!r}"
            )
        if on_refresh_token is not None and not callable(on_refresh_token):
            raise ConfigurationError(f"{owner}.on_refresh_token", "must be callable or None")
        _check_refresh_url(owner, refresh_url)
        self._state = _TokenState(
            client_id=_require_secret(owner, "client_id", client_id),
            client_secret=_require_secret(owner, "client_secret", client_secret),
            refresh_token=_require_secret(owner, "refresh_token", refresh_token),
            refresh_url=refresh_url,
            on_refresh_token=on_refresh_token,
            refresh_margin=float(refresh_margin),
            clock=clock,
            access_token=(
                _require_secret(owner, "access_token", access_token)
                if access_token is not None
                else None
            ),
            expires_at=expires_at,
        )
        self._thread_lock = threading.Lock()
        self._async_locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self._async_locks_guard = threading.Lock()

    @property
    def expires_at(self) -> float | None:
        return self._state.expires_at

    @property
    def refresh_count(self) -> int:
        """How many refreshes succeeded (for monitoring and tests)."""
        return self._state.refresh_count

    @property
    def refresh_token_persisted(self) -> bool:
        """False while a rotated refresh token waits for `on_refresh_token` to succeed."""
        return not self._state.unpersisted

    @property
    def persistence_error(self) -> TokenPersistenceError | None:
        """Why the last `on_refresh_token` call failed, until a later call succeeds."""
        return self._state.persistence_error

    def __repr__(self) -> str:
        s = self._state
        return (
            f"OAuth2RefreshToken(client_id={s.client_id!r}, client_secret={'****'!r}, "
            f"refresh_token={mask_secret(s.refresh_token)!r}, expires_at={s.expires_at!r})"
        )

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        state = self._state
        request.read()  # sent a second time after a 401
        refreshed = False
        if state.needs_refresh():
            with self._thread_lock:
                if state.needs_refresh():  # another thread may have refreshed meanwhile
                    token_response = yield state.refresh_request(request)
                    token_response.read()
                    state.accept(token_response)
                    refreshed = True
        if state.unpersisted and not refreshed:
            with self._thread_lock:
                state.persist()
        used = state.apply(request)
        response = yield request
        if response.status_code != 401:
            return
        response.read()
        if not state.is_expired(response):
            return
        with self._thread_lock:
            if state.access_token == used:
                token_response = yield state.refresh_request(request)
                token_response.read()
                state.accept(token_response)
        state.apply(request)
        yield request

    def _async_lock(self) -> asyncio.Lock:
        # asyncio.Lock binds to one loop; a client reused under another loop gets its own lock.
        loop = asyncio.get_running_loop()
        with self._async_locks_guard:
            for old in [lp for lp in self._async_locks if lp.is_closed()]:
                del self._async_locks[old]
            return self._async_locks.setdefault(loop, asyncio.Lock())

    async def _acquire_thread_lock(self) -> None:
        # Sync clients may share this auth: take the thread lock without blocking the loop.
        while not self._thread_lock.acquire(blocking=False):
            await asyncio.sleep(0.001)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        state = self._state
        await request.aread()
        refreshed = False
        if state.needs_refresh():
            async with self._async_lock():
                if state.needs_refresh():
                    await self._acquire_thread_lock()
                    try:
                        if state.needs_refresh():
                            token_response = yield state.refresh_request(request)
                            await token_response.aread()
                            state.accept(token_response)
                            refreshed = True
                    finally:
                        self._thread_lock.release()
        if state.unpersisted and not refreshed:
            async with self._async_lock():
                await self._acquire_thread_lock()
                try:
                    state.persist()
                finally:
                    self._thread_lock.release()
        used = state.apply(request)
        response = yield request
        if response.status_code != 401:
            return
        await response.aread()
        if not state.is_expired(response):
            return
        async with self._async_lock():
            await self._acquire_thread_lock()
            try:
                if state.access_token == used:
                    token_response = yield state.refresh_request(request)
                    await token_response.aread()
                    state.accept(token_response)
            finally:
                self._thread_lock.release()
        state.apply(request)
        yield request


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
