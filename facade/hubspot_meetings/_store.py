"""Shared state for many clients: the store protocol, its operations, and the in-process store.

HubSpot's limits belong to the app and the account, not to a process, so pacing logs, OAuth
tokens and the circuit breaker can live in a store that every worker reaches. A store runs
named, atomic operations (`Op`): each one reads and writes a few keys at once and answers a
list of strings. `RedisStore` runs them as Lua scripts timed by Redis's clock; `LocalStore`
runs the same operations in memory, for clients that share one process (threads, or sync and
async clients side by side), and is the reference for what each operation does.

Contracts:
- Key names hold a hash of the app/token identity, never a credential (`fingerprint`).
- Every operation is atomic: two workers never both take the last slot or the refresh lock.
- A store that cannot answer raises `StoreUnavailableError` and, for `retry_interval` seconds
  after a failure, is not asked again (a dead server costs one timeout, not one per request).
  What a caller does then is its `on_unavailable`: "local" (the default) carries on with
  per-process state and one warning per outage; "raise" fails before anything is sent. Nothing
  that happens after a response arrived ever raises: the write was made, it must be reported.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs

from ._exceptions import ConfigurationError, StoreUnavailableError
from ._redact import logger

__all__ = [
    "LocalStore",
    "Op",
    "Store",
    "StoreUnavailableError",
    "fingerprint",
]

OnUnavailable = Literal["local", "raise"]


def fingerprint(*parts: str) -> str:
    """A key-safe name for an identity made of secrets: a hash that cannot be turned back."""
    digest = hashlib.sha256("\x00".join(("hubspot-meetings/1", *parts)).encode())
    return digest.hexdigest()[:32]


@attrs.frozen
class Op:
    """One atomic store operation: `name` (see the table in LocalStore), its `keys` (without
    the store's prefix) and `args` (as strings, as Redis takes them)."""

    name: str
    keys: tuple[str, ...]
    args: tuple[str, ...] = ()


class Store(ABC):
    """What pacing, OAuth and the breaker need from a shared store; see the module docstring."""

    # What `_run` raises when the backend cannot answer; anything else is a bug and propagates.
    failures: tuple[type[Exception], ...] = ()

    def __init__(
        self, *, prefix: str, on_unavailable: OnUnavailable, retry_interval: float
    ) -> None:
        owner = type(self).__name__
        if not isinstance(prefix, str) or not prefix or any(c.isspace() for c in prefix):
            raise ConfigurationError(f"{owner}.prefix", "must be a non-empty string without spaces")
        if on_unavailable not in ("local", "raise"):
            raise ConfigurationError(
                f"{owner}.on_unavailable", f"must be 'local' or 'raise', got {on_unavailable!r}"
            )
        if (
            isinstance(retry_interval, bool)
            or not isinstance(retry_interval, int | float)
            or not retry_interval >= 0
        ):
            raise ConfigurationError(f"{owner}.retry_interval", "must be a number >= 0")
        self.prefix = prefix
        self.on_unavailable: OnUnavailable = on_unavailable
        self.retry_interval = float(retry_interval)
        self._health = threading.Lock()
        self._down_until: float | None = None  # monotonic time; None while the store answers

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    @property
    def available(self) -> bool:
        """False during the `retry_interval` after a failure (the store is not asked then)."""
        with self._health:
            return self._down_until is None or time.monotonic() >= self._down_until

    def execute(self, op: Op) -> list[str]:
        self._check_health()
        try:
            result = self._run(op)
        except self.failures as exc:
            raise self._failed(exc) from None
        self._recovered()
        return result

    async def aexecute(self, op: Op) -> list[str]:
        self._check_health()
        try:
            result = await self._arun(op)
        except self.failures as exc:
            raise self._failed(exc) from None
        self._recovered()
        return result

    @abstractmethod
    def _run(self, op: Op) -> list[str]: ...

    @abstractmethod
    async def _arun(self, op: Op) -> list[str]: ...

    def _describe(self) -> str:
        return type(self).__name__

    def _check_health(self) -> None:
        with self._health:
            down_until = self._down_until
        if down_until is not None and time.monotonic() < down_until:
            raise StoreUnavailableError(f"{self._describe()} unavailable (retrying shortly)")

    def _failed(self, exc: Exception) -> StoreUnavailableError:
        with self._health:
            first = self._down_until is None
            self._down_until = time.monotonic() + self.retry_interval
        # Only the exception's type: a client library's message may quote a URL with a password.
        what = f"{self._describe()} unavailable ({type(exc).__name__})"
        if first:
            then = (
                "failing requests before sending"
                if self.on_unavailable == "raise"
                else "pacing, tokens and breaker fall back to this process alone"
            )
            logger.warning("%s: %s until it answers again", what, then)
        return StoreUnavailableError(what)

    def _recovered(self) -> None:
        with self._health:
            was_down = self._down_until is not None
            self._down_until = None
        if was_down:
            logger.warning("%s answers again: shared state resumed", self._describe())

    def __reduce__(self) -> Any:
        # A store holds connections and, for Redis, maybe a password: build one per process.
        raise TypeError(f"{type(self).__name__} cannot be pickled; create it in each process")


# ------------------------------------------------------------------------------------------
# The operations, in memory. RedisStore's Lua scripts do exactly this, timed by Redis's clock.


def _num(text: str) -> float:
    return float(text)


class _Log:
    """A sliding-window log: (score, member) pairs kept sorted by score."""

    def __init__(self) -> None:
        self.entries: list[tuple[float, str]] = []

    def prune(self, horizon: float) -> None:
        cut = bisect.bisect_right(self.entries, (horizon, "\uffff"))
        del self.entries[:cut]

    def add(self, score: float, member: str) -> None:
        self.remove(member)
        bisect.insort(self.entries, (score, member))

    def add_fresh(self, score: float, count: int, name: Callable[[], str]) -> None:
        """`count` entries named by `name()`, which gives names not in the log yet: no search
        for an old entry of the same name, and one sort (a 429 can fill thousands)."""
        self.entries.extend((score, name()) for _ in range(count))
        self.entries.sort()

    def remove(self, member: str) -> bool:
        for i, (_, m) in enumerate(self.entries):
            if m == member:
                del self.entries[i]
                return True
        return False


class LocalStore(Store):
    """The in-process store: shares one budget, one token and one breaker between the clients
    of this process. Never unavailable. `clock` (default `time.monotonic`) times its windows.

    Operations (keys and args as in `Op`; answers are lists of strings):
    - pace_acquire [log, seq] (limit, span, lease) -> [slot or "", wait]: drop entries older
      than `span`; below `limit`, add an in-flight slot that counts until released or until
      `lease` runs out, else the seconds until the oldest finished entry leaves the window
      (`span / limit` when every slot is in flight).
    - pace_finish [log, seq] (slot, limit, span, remaining, hold) -> [frees_in or ""]: mark
      `slot` finished now; if `remaining` (a response's header) is given, add entries for the
      requests the server counted that the log lacks (other clients of the app); if `hold` is
      given (a 429), fill the window for `hold` seconds and say when a slot frees.
    - tokens_read [access, refresh] () -> [access, fresh_ms, lifetime, refresh]
    - tokens_lock [lock] (owner, lease_ms) -> ["1" or "0"]
    - tokens_write [access, refresh, lock] (owner, access, lifetime, fresh_ms, refresh,
      refresh_ttl_ms) -> ["1"]: store both tokens (the access token expires when its refresh
      is due) and release the lock if `owner` still holds it.
    - tokens_unlock [lock] (owner) -> ["1" or "0"]
    - breaker_before [state] (reset, trial_lease) -> [verdict, retry_in, became_half_open]
    - breaker_record [state, all, failed, seq] (failed, trial, window, min_requests,
      threshold, ttl) -> [event]: event is "opened", "closed" or "".
    - breaker_abandon [state] () -> []
    - breaker_state [state] (reset) -> [closed | open | half_open]
    """

    def __init__(
        self,
        *,
        prefix: str = "hubspot-meetings",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(prefix=prefix, on_unavailable="local", retry_interval=0.0)
        self._clock = clock
        self._lock = threading.Lock()
        self._logs: dict[str, _Log] = {}
        self._values: dict[str, tuple[Any, float | None]] = {}  # key -> (value, expires at)
        self._seq = 0

    def __repr__(self) -> str:
        return f"LocalStore(prefix={self.prefix!r})"

    def _run(self, op: Op) -> list[str]:
        handler: Callable[[float, Sequence[str], Sequence[str]], list[str]] = getattr(
            self, "_op_" + op.name
        )
        with self._lock:
            return handler(self._clock(), [self.key(k) for k in op.keys], op.args)

    async def _arun(self, op: Op) -> list[str]:
        return self._run(op)  # memory only: nothing to await

    # -- plumbing
    def _get(self, key: str, now: float) -> Any:
        value, expires = self._values.get(key, (None, None))
        if expires is not None and now >= expires:
            del self._values[key]
            return None
        return value

    def _set(self, key: str, value: Any, now: float, ttl: float | None) -> None:
        self._values[key] = (value, None if ttl is None else now + ttl)

    def _ttl(self, key: str, now: float) -> float:
        _, expires = self._values.get(key, (None, None))
        return 0.0 if expires is None else max(0.0, expires - now)

    def _next(self) -> str:
        self._seq += 1
        return str(self._seq)

    # -- pacing
    def _op_pace_acquire(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        limit, span, lease = int(args[0]), _num(args[1]), _num(args[2])
        log = self._logs.setdefault(keys[0], _Log())
        log.prune(now - span)
        if len(log.entries) < limit:
            slot = "i" + self._next()
            log.add(now + lease, slot)
            return [slot, "0"]
        oldest = log.entries[0][0]
        wait = oldest + span - now if oldest <= now else span / limit
        return ["", repr(max(wait, 1e-6))]

    def _op_pace_finish(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        slot, limit, span, remaining, hold = args
        log = self._logs.setdefault(keys[0], _Log())
        if slot and log.remove(slot):
            log.add(now, slot)
        log.prune(now - _num(span))
        if remaining:
            foreign = (int(limit) - int(remaining)) - len(log.entries)
            log.add_fresh(now, max(0, foreign), self._foreign_name)
        if not hold:
            return [""]
        return [repr(self._fill(log, now, int(limit), _num(span), _num(hold)))]

    def _fill(self, log: _Log, now: float, limit: int, span: float, hold: float) -> float:
        done = [score for score, _ in log.entries if score <= now]
        first = max(done[0] + span - now, 0.0) if done else hold
        missing = limit - len(log.entries)
        if missing <= 0:
            return first
        score = now if hold >= span else now + hold - span
        log.add_fresh(score, missing, self._foreign_name)
        return min(first, hold)

    def _foreign_name(self) -> str:
        return "f" + self._next()

    # -- OAuth tokens
    def _op_tokens_read(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        access = self._get(keys[0], now)
        refresh = self._get(keys[1], now) or ""
        if access is None:
            return ["", "0", "0", refresh]
        token, lifetime = access
        return [token, str(int(self._ttl(keys[0], now) * 1000)), lifetime, refresh]

    def _op_tokens_lock(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        if self._get(keys[0], now) is not None:
            return ["0"]
        self._set(keys[0], args[0], now, _num(args[1]) / 1000)
        return ["1"]

    def _op_tokens_write(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        owner, access, lifetime, fresh_ms, refresh, refresh_ttl_ms = args
        self._set(keys[0], (access, lifetime), now, _num(fresh_ms) / 1000)
        if refresh:
            self._set(keys[1], refresh, now, _num(refresh_ttl_ms) / 1000)
        self._op_tokens_unlock(now, keys[2:], (owner,))
        return ["1"]

    def _op_tokens_unlock(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        if self._get(keys[0], now) == args[0]:
            del self._values[keys[0]]
            return ["1"]
        return ["0"]

    # -- circuit breaker
    def _breaker(self, key: str, now: float) -> dict[str, Any]:
        state: dict[str, Any] | None = self._get(key, now)
        if state is None:
            state = {"state": "closed", "opened_at": 0.0, "trial_until": 0.0}
            self._set(key, state, now, None)
        return state

    def _op_breaker_before(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        reset, trial_lease = _num(args[0]), _num(args[1])
        st = self._breaker(keys[0], now)
        became = "0"
        if st["state"] == "open" and now - st["opened_at"] >= reset:
            st["state"], became = "half_open", "1"
        if st["state"] == "closed":
            return ["closed", "0", became]
        if st["state"] == "half_open" and st["trial_until"] <= now:
            st["trial_until"] = now + trial_lease
            return ["trial", "0", became]
        return ["open", repr(max(0.0, st["opened_at"] + reset - now)), became]

    def _op_breaker_record(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        failed, trial = args[0] == "1", args[1] == "1"
        window, min_requests, threshold = _num(args[2]), int(args[3]), _num(args[4])
        st = self._breaker(keys[0], now)
        outcomes = self._logs.setdefault(keys[1], _Log())
        failures = self._logs.setdefault(keys[2], _Log())
        if trial:
            st["trial_until"] = 0.0
            if failed:
                return [self._open(st, outcomes, failures, now)]
            st["state"] = "closed"
            outcomes.entries.clear()
            failures.entries.clear()
            return ["closed"]
        if st["state"] != "closed":
            return [""]  # a straggler sent before the circuit opened
        member = self._next()
        outcomes.add(now, member)
        if failed:
            failures.add(now, member)
        outcomes.prune(now - window)
        failures.prune(now - window)
        total, bad = len(outcomes.entries), len(failures.entries)
        if total >= min_requests and bad / total >= threshold:
            return [self._open(st, outcomes, failures, now)]
        return [""]

    @staticmethod
    def _open(st: dict[str, Any], outcomes: _Log, failures: _Log, now: float) -> str:
        st["state"], st["opened_at"] = "open", now
        outcomes.entries.clear()
        failures.entries.clear()
        return "opened"

    def _op_breaker_abandon(
        self, now: float, keys: Sequence[str], args: Sequence[str]
    ) -> list[str]:
        self._breaker(keys[0], now)["trial_until"] = 0.0
        return []

    def _op_breaker_state(self, now: float, keys: Sequence[str], args: Sequence[str]) -> list[str]:
        st = self._breaker(keys[0], now)
        if st["state"] == "open" and now - st["opened_at"] >= _num(args[0]):
            return ["half_open"]
        return [str(st["state"])]
