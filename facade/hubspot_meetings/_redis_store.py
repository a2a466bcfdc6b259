"""RedisStore: the shared store on Redis (`pip install "hubspot-meetings[redis]"`).

Each operation of `_store.LocalStore`'s table is one Lua script, so it is atomic across every
worker and timed by Redis's own clock (TIME), never by the workers' clocks. Keys carry the
store's prefix and a hash of the identity in braces (one Redis Cluster slot per identity);
every key has a TTL. A Redis that is down, slow (past `socket_timeout`) or refuses a command
raises `StoreUnavailableError` through `Store.execute`, which applies `on_unavailable`.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ._exceptions import ConfigurationError
from ._store import OnUnavailable, Op, Store

__all__ = ["RedisStore"]

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local function f(x) return string.format('%.6f', x) end
"""

_SCRIPTS = {
    "pace_acquire": """
local limit, span, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', f(now - span))
if redis.call('ZCARD', KEYS[1]) < limit then
  local slot = 'i' .. redis.call('INCR', KEYS[2])
  redis.call('ZADD', KEYS[1], f(now + lease), slot)
  redis.call('PEXPIRE', KEYS[1], math.ceil((span + lease) * 1000))
  redis.call('PEXPIRE', KEYS[2], 86400000)
  return {slot, '0'}
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
local wait = span / limit
if oldest <= now then wait = oldest + span - now end
return {'', f(math.max(wait, 0.000001))}
""",
    "pace_finish": """
local slot, limit, span, remaining, hold = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]),
  ARGV[4], ARGV[5]
if slot ~= '' then redis.call('ZADD', KEYS[1], 'XX', f(now), slot) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', f(now - span))
if remaining ~= '' then
  local foreign = (limit - tonumber(remaining)) - redis.call('ZCARD', KEYS[1])
  for _ = 1, foreign do
    redis.call('ZADD', KEYS[1], f(now), 'f' .. redis.call('INCR', KEYS[2]))
  end
end
local out = ''
if hold ~= '' then
  hold = tonumber(hold)
  local first = hold
  local done = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', f(now), 'WITHSCORES', 'LIMIT', 0, 1)
  if #done > 0 then first = math.max(tonumber(done[2]) + span - now, 0) end
  local missing = limit - redis.call('ZCARD', KEYS[1])
  if missing > 0 then
    local score = now
    if hold < span then score = now + hold - span end
    for _ = 1, missing do
      redis.call('ZADD', KEYS[1], f(score), 'f' .. redis.call('INCR', KEYS[2]))
    end
    first = math.min(first, hold)
  end
  out = f(first)
end
local keep = math.ceil(span * 1000)
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
redis.call('PEXPIRE', KEYS[2], 86400000)
return {out}
""",
    "tokens_read": """
local a = redis.call('HMGET', KEYS[1], 'token', 'lifetime')
local refresh = redis.call('GET', KEYS[2]) or ''
if not a[1] then return {'', '0', '0', refresh} end
return {a[1], tostring(redis.call('PTTL', KEYS[1])), a[2], refresh}
""",
    "tokens_lock": """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'1'} end
return {'0'}
""",
    "tokens_write": """
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'lifetime', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if ARGV[5] ~= '' then redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[6]) end
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
return {'1'}
""",
    "tokens_unlock": """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return {'1'} end
return {'0'}
""",
    "breaker_before": """
local reset, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
local st = redis.call('HMGET', KEYS[1], 'state', 'opened_at', 'trial_until')
local state = st[1] or 'closed'
local opened, trial_until = tonumber(st[2] or '0'), tonumber(st[3] or '0')
local became = '0'
if state == 'open' and now - opened >= reset then
  state, became = 'half_open', '1'
  redis.call('HSET', KEYS[1], 'state', state)
end
if state == 'closed' then return {'closed', '0', became} end
if state == 'half_open' and trial_until <= now then
  redis.call('HSET', KEYS[1], 'trial_until', f(now + lease))
  return {'trial', '0', became}
end
return {'open', f(math.max(0, opened + reset - now)), became}
""",
    "breaker_record": """
local failed, trial = ARGV[1] == '1', ARGV[2] == '1'
local window, minimum, threshold, ttl = tonumber(ARGV[3]), tonumber(ARGV[4]),
  tonumber(ARGV[5]), ARGV[6]
local function open()
  redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', f(now), 'trial_until', '0')
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('DEL', KEYS[2], KEYS[3])
  return {'opened'}
end
if trial then
  redis.call('HSET', KEYS[1], 'trial_until', '0')
  if failed then return open() end
  redis.call('HSET', KEYS[1], 'state', 'closed')
  redis.call('DEL', KEYS[2], KEYS[3])
  return {'closed'}
end
if (redis.call('HGET', KEYS[1], 'state') or 'closed') ~= 'closed' then return {''} end
local member = redis.call('INCR', KEYS[4])
redis.call('ZADD', KEYS[2], f(now), member)
if failed then redis.call('ZADD', KEYS[3], f(now), member) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', f(now - window))
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', f(now - window))
local keep = math.ceil(window * 1000)
redis.call('PEXPIRE', KEYS[2], keep)
redis.call('PEXPIRE', KEYS[3], keep)
redis.call('PEXPIRE', KEYS[4], 86400000)
local total, bad = redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3])
if total >= minimum and bad / total >= threshold then return open() end
return {''}
""",
    "breaker_abandon": """
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'trial_until', '0') end
return {}
""",
    "breaker_state": """
local st = redis.call('HMGET', KEYS[1], 'state', 'opened_at')
local state = st[1] or 'closed'
if state == 'open' and now - tonumber(st[2] or '0') >= tonumber(ARGV[1]) then
  state = 'half_open'
end
return {state}
""",
}


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None and parts.username is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"****@{host}"))


class RedisStore(Store):
    """Pacing, OAuth tokens and the circuit breaker shared through Redis.

    `url` is a redis-py URL (`redis://[:password@]host:6379/0`, `rediss://` for TLS,
    `unix:///path.sock`). `prefix` starts every key (one prefix per deployment). A Redis
    that fails or takes longer than `socket_timeout` seconds is treated as unavailable:
    `on_unavailable="local"` (default) carries on per process with a warning,
    `on_unavailable="raise"` raises `StoreUnavailableError` before sending; it is asked again
    after `retry_interval` seconds. The store is yours to close (`close()` / `aclose()`).
    """

    def __init__(
        self,
        url: str = "redis://localhost:6379/0",
        *,
        prefix: str = "hubspot-meetings",
        on_unavailable: OnUnavailable = "local",
        retry_interval: float = 5.0,
        socket_timeout: float = 0.5,
    ) -> None:
        super().__init__(
            prefix=prefix, on_unavailable=on_unavailable, retry_interval=retry_interval
        )
        if not isinstance(url, str) or not url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigurationError(
                "RedisStore.url", "must be a redis://, rediss:// or unix:// URL"
            )
        if (
            isinstance(socket_timeout, bool)
            or not isinstance(socket_timeout, int | float)
            or not socket_timeout > 0
        ):
            raise ConfigurationError("RedisStore.socket_timeout", "must be a number > 0")
        try:
            import redis
            import redis.asyncio
            import redis.asyncio.retry
            import redis.backoff
            import redis.exceptions
            import redis.retry
        except ImportError as exc:  # pragma: no cover - the extra is installed in development
            raise ConfigurationError(
                "RedisStore", 'needs redis-py: pip install "hubspot-meetings[redis]"'
            ) from exc
        # A Redis that is down, slow or refuses a command (evicted scripts are reloaded by
        # redis-py; a WRONGTYPE from garbled keys is a refusal).
        self.failures = (redis.exceptions.RedisError, OSError)
        self._url = url
        self._shown = _redacted(url)
        # No client-side retries: one failure is one answer, and `retry_interval` decides when
        # Redis is asked again. A retrying client would turn an outage into seconds per request.
        self._options: dict[str, Any] = {
            "socket_timeout": float(socket_timeout),
            "socket_connect_timeout": float(socket_timeout),
            "decode_responses": True,
        }
        self._sync = redis.Redis.from_url(
            url, retry=redis.retry.Retry(redis.backoff.NoBackoff(), 0), **self._options
        )
        self._sync_scripts = {n: self._sync.register_script(_NOW + s) for n, s in _SCRIPTS.items()}
        self._async: dict[asyncio.AbstractEventLoop, tuple[Any, dict[str, Any]]] = {}
        self._async_guard = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"RedisStore(url={self._shown!r}, prefix={self.prefix!r}, "
            f"on_unavailable={self.on_unavailable!r})"
        )

    def _describe(self) -> str:
        return f"Redis at {self._shown}"

    def _run(self, op: Op) -> list[str]:
        keys = [self.key(k) for k in op.keys]
        return list(self._sync_scripts[op.name](keys=keys, args=list(op.args)))

    async def _arun(self, op: Op) -> list[str]:
        keys = [self.key(k) for k in op.keys]
        _, scripts = self._async_client()
        return list(await scripts[op.name](keys=keys, args=list(op.args)))

    def _async_client(self) -> tuple[Any, dict[str, Any]]:
        # redis.asyncio connections belong to one event loop: one client per running loop.
        import redis.asyncio
        import redis.asyncio.retry
        import redis.backoff

        loop = asyncio.get_running_loop()
        with self._async_guard:
            for old in [lp for lp in self._async if lp.is_closed()]:
                del self._async[old]
            entry = self._async.get(loop)
            if entry is None:
                client = redis.asyncio.Redis.from_url(
                    self._url,
                    retry=redis.asyncio.retry.Retry(redis.backoff.NoBackoff(), 0),
                    **self._options,
                )
                scripts = {n: client.register_script(_NOW + s) for n, s in _SCRIPTS.items()}
                entry = self._async[loop] = (client, scripts)
            return entry

    def ping(self) -> bool:
        """True if Redis answers now (for health checks; pacing never needs it)."""
        try:
            return bool(self._sync.ping())
        except Exception:
            return False

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        loop = asyncio.get_running_loop()
        with self._async_guard:
            entry = self._async.pop(loop, None)
        if entry is not None:
            await entry[0].aclose()
