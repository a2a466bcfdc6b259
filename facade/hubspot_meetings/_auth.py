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
    RefreshTokenLostError,
    ResponseValidationError,
    TokenPersistenceError,
    error_fields,
)
from ._exceptions import error_for_response as _error_for_response
from ._redact import logger, mark_secret, mark_secret_param, mask_secret
from ._shared_tokens import Plan, SharedTokens, advance_async, local_refresh, run_sync
from ._store import Store, fingerprint
from ._transports.deadline import DEADLINE_KEYS
from ._transports.policy import MAYBE_APPLIED

__all__ = ["ApiKey", "BearerToken", "OAuth2RefreshToken", "auth_from_env", "store_identity"]

DEFAULT_REFRESH_URL = "https://api.hubapi.com/oauth/v1/token"


# Credentials go into headers and query strings verbatim; anything else (a control character,
# a space, non-ASCII) would make httpx echo the whole header value in its protocol error.
_SECRET_CHARS = re.compile(r"[\x21-\x7e]+")


_SECRET_CHARS_RULE = "must be printable ASCII without spaces, control characters or line breaks"


def _require_secret(owner: str, name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{owner}.{name}", "must be a non-empty string")
    # Marked before it is checked: even a refused value is redacted wherever it shows up.
    mark_secret(value)
    if not _SECRET_CHARS.fullmatch(value):
        # Name the setting only: the value is a secret.
        raise ConfigurationError(f"{owner}.{name}", _SECRET_CHARS_RULE)
    return value


def _received_secret(body: dict[str, object], name: str) -> str | None:
    """A credential from the token endpoint, checked like a caller's own: None when absent,
    ResponseValidationError (naming the field, never the value) when unusable."""
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ResponseValidationError(name, f"not a string but {type(value).__name__}")
    mark_secret(value)
    if not _SECRET_CHARS.fullmatch(value):
        raise ResponseValidationError(name, f"in the token response {_SECRET_CHARS_RULE}")
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
        # Redacted by name as well as by value: a key refused elsewhere is hidden too.
        mark_secret_param(param)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.url = request.url.copy_set_param(self.param, self._key)
        yield request

    def __repr__(self) -> str:
        return f"ApiKey(key={mask_secret(self._key)!r}, param={self.param!r})"


class _TokenState:
    """What the OAuth flows decide, without I/O: when to refresh, what to send, what came back.

    A refresh whose answer never arrived (the connection broke, a 5xx, an unreadable body)
    leaves the refresh token *in doubt*: a server that rotates refresh tokens may have retired
    it and issued one we never saw. The next exchange sends it once more on purpose: a server
    that does not rotate (HubSpot, as documented), or that retires the old token only once its
    successor is used, answers with a fresh pair, and nothing was lost. A refusal then means
    the rotation was lost: no request can recover it, so the state turns *lost* for good,
    `on_refresh_lost` hears of it once, and every later request fails fast without sending.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        refresh_url: str,
        on_refresh_token: Callable[[str], None] | None,
        on_refresh_lost: Callable[[RefreshTokenLostError], None] | None,
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
        self.on_refresh_lost = on_refresh_lost
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
        # A token request may have been applied without its answer reaching us.
        self.in_doubt = False
        self.lost: RefreshTokenLostError | None = None

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

    def check_lost(self) -> None:
        """Fail fast once the rotation is known to be lost: sending the retired token again
        would only be refused again."""
        if self.lost is not None:
            raise self.lost.again()

    def refresh_request(self, original: httpx.Request) -> httpx.Request:
        url = httpx.URL(self.refresh_url)
        if not url.is_absolute_url:  # a bare path: the token endpoint of the API host in use
            url = original.url.copy_with(raw_path=url.raw_path, query=None, fragment=None)
        # The refresh is part of the call that needed it: it counts against that call's deadline.
        extensions = {k: original.extensions[k] for k in DEADLINE_KEYS if k in original.extensions}
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
            extensions=extensions,
        )

    def answer_lost(self) -> None:
        """The token request ended without an answer (the flow was closed while it was out)."""
        self.in_doubt = True

    def accept(self, response: httpx.Response, *, may_probe: bool) -> bool:
        """Store the refreshed token and return True; return False when the answer left the
        refresh token in doubt and it should be sent once more (`may_probe`); or raise a typed
        error that contains no secret."""
        if response.request.extensions.get(MAYBE_APPLIED):
            # The retry layer resent the request after an attempt that may have been applied.
            self.in_doubt = True
        status = response.status_code
        if status >= 400:
            if status == 429 or status >= 500:
                if status >= 500:
                    self.in_doubt = True  # the endpoint may have rotated before it failed
                raise _error_for_response(response)
            refusal = self._refusal(response)
            if self.in_doubt and _refuses_the_grant(refusal):
                raise self._lose(refusal)
            raise refusal
        try:
            rotated, access, expires_in = _token_fields(response)
        except ResponseValidationError:
            # A 2xx we cannot read: the endpoint may have rotated the refresh token.
            self.in_doubt = True
            if may_probe:
                return False
            raise
        if rotated is not None and rotated != self.refresh_token:
            # Kept in memory first: the endpoint has already retired the old one.
            self.refresh_token = rotated
            self.unpersisted = self.on_refresh_token is not None
        self.in_doubt = False
        self.persist()
        if isinstance(access, ResponseValidationError):
            raise access
        self.access_token = access
        self.lifetime = max(0.0, float(expires_in))
        self.expires_at = self.clock() + float(expires_in)
        self.refresh_count += 1
        return True

    def _lose(self, refusal: OAuthRefreshError) -> RefreshTokenLostError:
        error = RefreshTokenLostError.from_refusal(refusal)
        self.lost = error
        callback = self.on_refresh_lost
        if callback is not None:
            try:
                callback(error)
            except Exception as exc:
                # The loss is what matters to the caller: it is raised whatever the callback did.
                logger.warning(
                    "on_refresh_lost callback %r raised %s",
                    _callback_name(callback),
                    type(exc).__name__,
                )
        logger.error("%s", error)
        return error

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


def _refuses_the_grant(refusal: OAuthRefreshError) -> bool:
    """The endpoint says the refresh token itself is no good (not the client, not the form)."""
    return refusal.oauth_error == "invalid_grant" or refusal.category == "BAD_REFRESH_TOKEN"


def _token_fields(
    response: httpx.Response,
) -> tuple[str | None, str | ResponseValidationError, float]:
    """(rotated refresh token or None, access token, expires_in) of a token response. A bad
    access token is returned as its error, so that a good rotated refresh token beside it is
    still kept; anything else unusable raises ResponseValidationError."""
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ResponseValidationError("$", "token response is not a JSON object")
    rotated = _received_secret(body, "refresh_token")
    expires_in = body.get("expires_in")
    if isinstance(expires_in, bool) or not isinstance(expires_in, int | float):
        raise ResponseValidationError("expires_in", "missing or not a number")
    access: str | ResponseValidationError
    try:
        received = _received_secret(body, "access_token")
        access = received or ResponseValidationError(
            "access_token", "missing from the token response"
        )
    except ResponseValidationError as exc:
        access = exc
    return rotated, access, float(expires_in)


def _callback_name(callback: Callable[..., None]) -> str:
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

    With `store` (e.g. `RedisStore`) and `store_key` (names the HubSpot account, e.g. its hub
    id: one app installed in two accounts has two refresh tokens), the tokens are shared by
    every process using that store: one refresh at a time across all of them, the others read
    the new tokens, and only the process that refreshed calls `on_refresh_token`.

    A refresh whose answer is lost (connection broken after sending, 5xx, unreadable body) may
    have rotated the refresh token. The same refresh token is then sent once more, on purpose:
    HubSpot (which does not rotate) and servers that retire a token only once its successor is
    used answer it, and nothing is lost. If it is refused, the rotation was lost and only a
    new authorization can help: `RefreshTokenLostError` is raised, `on_refresh_lost` is called
    with it once, `refresh_lost` holds it, and every later request raises it again without
    sending anything.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        *,
        refresh_url: str = DEFAULT_REFRESH_URL,
        on_refresh_token: Callable[[str], None] | None = None,
        on_refresh_lost: Callable[[RefreshTokenLostError], None] | None = None,
        refresh_margin: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        access_token: str | None = None,
        expires_at: float | None = None,
        store: Store | None = None,
        store_key: str | None = None,
    ) -> None:
        owner = "OAuth2RefreshToken"
        if store is not None and not isinstance(store, Store):
            raise ConfigurationError(f"{owner}.store", "must be a store (e.g. RedisStore) or None")
        if store is not None and (not isinstance(store_key, str) or not store_key.strip()):
            raise ConfigurationError(
                f"{owner}.store_key",
                "required with store=: a name for the HubSpot account these tokens belong to",
            )
        if (
            isinstance(refresh_margin, bool)
            or not isinstance(refresh_margin, int | float)
            or not math.isfinite(refresh_margin)  # NaN compares false: never refresh early
            or refresh_margin < 0
        ):
            raise ConfigurationError(
                f"{owner}.refresh_margin", f"must be a finite number >= 0, got {refresh_margin!r}"
            )
        for name, callback in (
            ("on_refresh_token", on_refresh_token),
            ("on_refresh_lost", on_refresh_lost),
        ):
            if callback is not None and not callable(callback):
                raise ConfigurationError(f"{owner}.{name}", "must be callable or None")
        _check_refresh_url(owner, refresh_url)
        self._state = _TokenState(
            client_id=_require_secret(owner, "client_id", client_id),
            client_secret=_require_secret(owner, "client_secret", client_secret),
            refresh_token=_require_secret(owner, "refresh_token", refresh_token),
            refresh_url=refresh_url,
            on_refresh_token=on_refresh_token,
            on_refresh_lost=on_refresh_lost,
            refresh_margin=float(refresh_margin),
            clock=clock,
            access_token=(
                _require_secret(owner, "access_token", access_token)
                if access_token is not None
                else None
            ),
            expires_at=expires_at,
        )
        self._store = store
        self._shared = (
            SharedTokens(store, client_id, store_key)
            if store is not None and store_key is not None
            else None
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

    @property
    def refresh_lost(self) -> RefreshTokenLostError | None:
        """Set once a rotation is known to be lost: re-authorize, then build a new auth."""
        return self._state.lost

    def __repr__(self) -> str:
        s = self._state
        return (
            f"OAuth2RefreshToken(client_id={s.client_id!r}, client_secret={'****'!r}, "
            f"refresh_token={mask_secret(s.refresh_token)!r}, expires_at={s.expires_at!r})"
        )

    def _refresh_plan(self, request: httpx.Request, expired: str | None) -> Plan:
        if self._shared is None:
            return local_refresh(self._state, request)
        return self._shared.plan(self._state, request, expired)

    def _should_refresh(self, used: str | None) -> bool:
        """Before the first send (`used` None): when the token is missing or about to expire;
        after a 401 EXPIRED_AUTHENTICATION: unless another request already replaced `used`."""
        state = self._state
        return state.needs_refresh() if used is None else state.access_token == used

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        state = self._state
        request.read()  # sent a second time after a 401
        used: str | None = None  # the access token a 401 EXPIRED_AUTHENTICATION refused
        while True:
            state.check_lost()
            refreshed = False
            if self._should_refresh(used):
                with self._thread_lock:
                    state.check_lost()
                    if self._should_refresh(used):  # another thread may have done it meanwhile
                        yield from run_sync(self._refresh_plan(request, used), self._store)
                        refreshed = True
            if state.unpersisted and not refreshed:
                with self._thread_lock:
                    state.persist()
            token = state.apply(request)
            response = yield request
            if used is not None or response.status_code != 401:
                return  # answered, or the one retry after a refresh is done
            response.read()
            if not state.is_expired(response):
                return
            used = token

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
        used: str | None = None
        while True:
            state.check_lost()
            refreshed = False
            if self._should_refresh(used):
                async with self._async_lock():
                    await self._acquire_thread_lock()
                    try:
                        state.check_lost()
                        if self._should_refresh(used):
                            plan = self._refresh_plan(request, used)
                            step = await advance_async(plan, self._store, None, None)
                            while step is not None:
                                try:
                                    token_response = yield step
                                    await token_response.aread()
                                except BaseException as exc:
                                    step = await advance_async(plan, self._store, None, exc)
                                    continue
                                step = await advance_async(plan, self._store, token_response, None)
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
            token = state.apply(request)
            response = yield request
            if used is not None or response.status_code != 401:
                return
            await response.aread()
            if not state.is_expired(response):
                return
            used = token


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


def store_identity(auth: httpx.Auth | None) -> str | None:
    """The hashed name of the rate-limit budget `auth` spends, for keys in a shared store:
    per token for private apps and API keys, per app and account for OAuth (needs store_key).
    None when it cannot be told."""
    if isinstance(auth, BearerToken):
        return fingerprint("bearer", auth._token)
    if isinstance(auth, ApiKey):
        return fingerprint("hapikey", auth._key)
    if isinstance(auth, OAuth2RefreshToken) and auth._shared is not None:
        return auth._shared.identity
    return None
