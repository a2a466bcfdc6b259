"""OAuth tokens shared by every worker of one HubSpot account: one refresh at a time, rotation-safe.

With `OAuth2RefreshToken(..., store=, store_key=)` the access token, when its refresh is due,
and the current refresh token live in the store under a hash of the client id and `store_key`:
- a worker whose token is due reads the store first: if another worker refreshed, it takes
  that access token and the rotated refresh token without calling HubSpot;
- otherwise it takes the refresh lock (with a lease: a dead worker cannot keep it), reads again,
  refreshes with the refresh token in the store, then writes both tokens and releases the lock
  in one operation; workers that found the lock taken wait for it and read the new tokens;
- the access token leaves the store when its refresh is due, the refresh token after
  `REFRESH_TOKEN_TTL` without a refresh; no token is logged or part of a key name.
Only the worker that refreshed calls `on_refresh_token`.

When the store is unavailable, `on_unavailable="raise"` fails before the request is sent;
"local" refreshes alone with the newest refresh token this process has seen (with rotation,
workers that still hold an older one then get BAD_REFRESH_TOKEN: say so in the docs).

The refresh is a plan (a generator of steps, no I/O) run by a sync or an async shell: `Op`s go
to the store, `Pause`s are waited out, `httpx.Request`s go to HubSpot through the auth flow.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from ._exceptions import StoreUnavailableError
from ._store import Op, Store, fingerprint

if TYPE_CHECKING:
    from ._auth import _TokenState

__all__ = ["Pause", "SharedTokens", "advance_async", "local_refresh", "run_sync"]

REFRESH_TOKEN_TTL = 30 * 24 * 3600.0
# Longer than a token request with its retries; a worker that dies holding the lock delays the
# others by at most this.
LOCK_LEASE = 30.0
LOCK_POLL = 0.02


@attrs.frozen
class Pause:
    seconds: float


Step = Op | Pause | httpx.Request
Plan = Generator[Step, Any, None]


@attrs.frozen
class _Shared:
    access: str
    fresh_ms: int
    lifetime: float
    refresh: str

    @classmethod
    def parse(cls, reply: list[str]) -> _Shared:
        return cls(reply[0], int(reply[1]), float(reply[2]), reply[3])

    def usable(self, expired: str | None) -> bool:
        return bool(self.access) and self.fresh_ms > 0 and self.access != expired


def local_refresh(state: _TokenState, original: httpx.Request) -> Plan:
    """One refresh at the token endpoint, as a client without a store does it: at most one
    deliberate resend of the same refresh token when its answer was unreadable (see
    `OAuth2RefreshToken`: a lost answer may have rotated it)."""
    may_probe = True
    while True:
        try:
            response = yield state.refresh_request(original)
        except GeneratorExit:  # the token request failed and httpx closed the flow
            state.answer_lost()
            raise
        if state.accept(response, may_probe=may_probe):
            return
        may_probe = False


def _due_margin(state: _TokenState, lifetime: float) -> float:
    # The same margin _TokenState.needs_refresh applies.
    return min(state.refresh_margin, lifetime / 2)


class SharedTokens:
    def __init__(self, store: Store, client_id: str, store_key: str) -> None:
        self.store = store
        self.identity = fingerprint("oauth", client_id, store_key)
        base = f"oauth:{{{self.identity}}}"
        self._access, self._refresh = f"{base}:access", f"{base}:refresh"
        self._lock = f"{base}:lock"

    def plan(self, state: _TokenState, original: httpx.Request, expired: str | None) -> Plan:
        """Leave a usable access token in `state`: one another worker got, or a new one.
        `expired` is a token HubSpot just answered EXPIRED_AUTHENTICATION for."""
        owner = secrets.token_hex(16)
        read = Op("tokens_read", (self._access, self._refresh))
        try:
            while True:
                shared = _Shared.parse((yield read))
                if shared.usable(expired):
                    self._adopt(state, shared)
                    return
                lock_args = (owner, str(int(LOCK_LEASE * 1000)))
                if (yield Op("tokens_lock", (self._lock,), lock_args)) == ["1"]:
                    break
                yield Pause(LOCK_POLL)  # another worker is refreshing
            # It may have written between our read and our lock.
            shared = _Shared.parse((yield read))
        except StoreUnavailableError:
            if self.store.on_unavailable == "raise":
                raise
            yield from local_refresh(state, original)
            return
        if shared.usable(expired):
            self._adopt(state, shared)
            yield from self._quietly(Op("tokens_unlock", (self._lock,), (owner,)))
            return
        if shared.refresh:
            state.refresh_token = shared.refresh  # rotated by another worker: the live one
        try:
            yield from local_refresh(state, original)
        except BaseException:
            yield from self._quietly(Op("tokens_unlock", (self._lock,), (owner,)))
            raise
        yield from self._quietly(self._write(owner, state))

    @staticmethod
    def _quietly(op: Op) -> Plan:
        with contextlib.suppress(StoreUnavailableError):  # the lock's lease frees it
            yield op

    def _write(self, owner: str, state: _TokenState) -> Op:
        lifetime = state.lifetime or 0.0
        fresh_ms = max(1, int((lifetime - _due_margin(state, lifetime)) * 1000))
        args = (
            owner,
            state.access_token or "",
            repr(lifetime),
            str(fresh_ms),
            state.refresh_token,
            str(int(REFRESH_TOKEN_TTL * 1000)),
        )
        return Op("tokens_write", (self._access, self._refresh, self._lock), args)

    @staticmethod
    def _adopt(state: _TokenState, shared: _Shared) -> None:
        state.access_token = shared.access
        state.lifetime = shared.lifetime
        # Due exactly when the store's copy expires (needs_refresh subtracts the margin again).
        fresh = shared.fresh_ms / 1000
        state.expires_at = state.clock() + fresh + _due_margin(state, shared.lifetime)
        if shared.refresh:
            state.refresh_token = shared.refresh


def _next_step(plan: Plan, reply: Any, error: BaseException | None) -> Step | None:
    try:
        return plan.send(reply) if error is None else plan.throw(error)
    except StopIteration:
        return None


def _advance_sync(
    plan: Plan, store: Store | None, reply: Any, error: BaseException | None
) -> httpx.Request | None:
    """Run the plan's store steps and pauses up to its next request to HubSpot (None: done)."""
    while (step := _next_step(plan, reply, error)) is not None:
        reply, error = None, None
        if isinstance(step, httpx.Request):
            return step
        if isinstance(step, Pause):
            time.sleep(step.seconds)
        else:
            assert store is not None
            try:
                reply = store.execute(step)
            except StoreUnavailableError as exc:
                error = exc
    return None


async def advance_async(
    plan: Plan, store: Store | None, reply: Any, error: BaseException | None
) -> httpx.Request | None:
    """`_advance_sync` for the async flow, which cannot delegate with `yield from`."""
    while (step := _next_step(plan, reply, error)) is not None:
        reply, error = None, None
        if isinstance(step, httpx.Request):
            return step
        if isinstance(step, Pause):
            await asyncio.sleep(step.seconds)
        else:
            assert store is not None
            try:
                reply = await store.aexecute(step)
            except StoreUnavailableError as exc:
                error = exc
    return None


def run_sync(plan: Plan, store: Store | None) -> Generator[httpx.Request, httpx.Response, None]:
    """The sync shell, for `yield from` inside a sync auth flow."""
    step = _advance_sync(plan, store, None, None)
    while step is not None:
        try:
            response = yield step
            response.read()
        except BaseException as exc:
            # Tell the plan (it releases the lock), which then raises the error again.
            step = _advance_sync(plan, store, None, exc)
            continue
        step = _advance_sync(plan, store, response, None)
