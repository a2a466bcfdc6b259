"""Fault injection: scripted or seeded-random failures, deterministic for a given request order.

A fault either replaces the answer (``rate_limit``, ``status``, ``drop``: the change is NOT
applied) or decorates a normally handled request (``slow``, ``ambiguous``, ``malformed_json``,
``truncated_json``, ``cut_body``: the change IS applied), which is what makes retries of writes
interesting.
"""

from __future__ import annotations

import random as _random
from collections.abc import Sequence
from typing import Literal

import attrs

__all__ = ["CUT_BODY", "ConnectionDropped", "Fault", "FaultMatch", "Faults"]

FaultKind = Literal[
    "rate_limit",
    "status",
    "slow",
    "drop",
    "ambiguous",
    "malformed_json",
    "truncated_json",
    "cut_body",
]
_POLICIES = ("TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY")
_STATUSES = (500, 502, 503, 504)
# Response extension set on an answer whose body the front end must break off part-way.
CUT_BODY = "emulator_cut_body"


class ConnectionDropped(Exception):
    """The connection closed without a response. ``applied`` says whether the change happened."""

    def __init__(self, applied: bool) -> None:
        what = "after applying the change" if applied else "before applying the change"
        super().__init__(f"emulator dropped the connection {what}")
        self.applied = applied


@attrs.frozen
class Fault:
    """One failure to inject; build it with the class methods (``Fault.status(503)``...)."""

    kind: FaultKind
    status_code: int | None = None
    policy: str | None = None
    seconds: float | None = None
    html: bool | None = None

    @classmethod
    def rate_limit(cls, policy: str = "TEN_SECONDLY_ROLLING") -> Fault:
        if policy not in _POLICIES:
            raise ValueError(f"Fault.rate_limit: policy {policy!r} not in {list(_POLICIES)}")
        return cls("rate_limit", status_code=429, policy=policy)

    @classmethod
    def status(cls, code: int, *, html: bool | None = None) -> Fault:
        """A 5xx answer. ``html`` forces (or, False, forbids) a Cloudflare HTML page for 502."""
        if code not in _STATUSES:
            raise ValueError(f"Fault.status: code {code!r} not in {list(_STATUSES)}")
        return cls("status", status_code=code, html=html)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        if not seconds > 0:
            raise ValueError(f"Fault.slow: seconds must be > 0, got {seconds!r}")
        return cls("slow", seconds=float(seconds))

    @classmethod
    def drop(cls) -> Fault:
        return cls("drop")

    @classmethod
    def ambiguous(cls) -> Fault:
        return cls("ambiguous")

    @classmethod
    def malformed_json(cls) -> Fault:
        return cls("malformed_json")

    @classmethod
    def truncated_json(cls) -> Fault:
        return cls("truncated_json")

    @classmethod
    def cut_body(cls) -> Fault:
        """The answer's headers arrive (with the full Content-Length), then the connection
        closes part-way through its body. Unlike ``truncated_json``, the answer is visibly
        incomplete: the client's read fails."""
        return cls("cut_body")

    @property
    def applies_change(self) -> bool:
        return self.kind in ("slow", "ambiguous", "malformed_json", "truncated_json", "cut_body")

    def label(self) -> str:
        """A short name for the request log, e.g. ``status:503`` or ``rate_limit:DAILY``."""
        if self.kind == "status":
            return f"status:{self.status_code}"
        if self.kind == "rate_limit":
            return f"rate_limit:{self.policy}"
        if self.kind == "slow":
            return f"slow:{self.seconds}"
        return self.kind


def _upper(method: str | None) -> str | None:
    return method.upper() if isinstance(method, str) else method


@attrs.frozen
class FaultMatch:
    """Which requests a fault rule applies to; unset fields match anything.

    ``path`` matches when it occurs anywhere in the request path (``"/batch/create"``).
    """

    method: str | None = attrs.field(default=None, converter=_upper)
    path: str | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method.upper():
            return False
        return self.path is None or self.path in path


@attrs.define
class _ScriptRule:
    fault: Fault
    match: FaultMatch
    times: int | None
    after: int
    seen: int = 0
    fired: int = 0

    def take(self, method: str, path: str, *, may_fire: bool) -> bool:
        if not self.match.matches(method, path):
            return False
        self.seen += 1
        if self.seen <= self.after or not may_fire:
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        self.fired += 1
        return True


@attrs.define
class _RandomRule:
    rng: _random.Random
    rate: float
    kinds: tuple[Fault, ...]
    match: FaultMatch

    def take(self, method: str, path: str) -> Fault | None:
        if not self.match.matches(method, path):
            return None
        # Two draws per matching request whatever the outcome keeps the sequence reproducible.
        roll = self.rng.random()
        pick = self.rng.randrange(len(self.kinds))
        return self.kinds[pick] if roll < self.rate else None


class Faults:
    """The fault rules of one emulator. Scripted rules are consulted first, in order."""

    def __init__(self) -> None:
        self._scripts: list[_ScriptRule] = []
        self._random: list[_RandomRule] = []

    def script(
        self,
        fault: Fault,
        match: FaultMatch | None = None,
        *,
        times: int | None = 1,
        after: int = 0,
    ) -> None:
        """Fire ``fault`` on matching requests: skip the first ``after``, then fire ``times``
        times (``None``: forever)."""
        if not isinstance(fault, Fault):
            raise TypeError(f"Faults.script: expected a Fault, got {type(fault).__name__}")
        if times is not None and times < 1:
            raise ValueError(f"Faults.script: times must be >= 1 or None, got {times!r}")
        if after < 0:
            raise ValueError(f"Faults.script: after must be >= 0, got {after!r}")
        self._scripts.append(_ScriptRule(fault, match or FaultMatch(), times, after))

    def random(
        self,
        *,
        seed: int,
        rate: float,
        kinds: Sequence[Fault],
        match: FaultMatch | None = None,
    ) -> None:
        """Fire one of ``kinds`` on a ``rate`` fraction of matching requests, seeded."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"Faults.random: rate must be within [0, 1], got {rate!r}")
        if not kinds:
            raise ValueError("Faults.random: kinds must not be empty")
        for k in kinds:
            if not isinstance(k, Fault):
                raise TypeError(f"Faults.random: kinds must be Faults, got {type(k).__name__}")
        self._random.append(
            _RandomRule(_random.Random(seed), rate, tuple(kinds), match or FaultMatch())
        )

    def clear(self) -> None:
        self._scripts.clear()
        self._random.clear()

    def pick(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any (advances the rules' counters)."""
        chosen: Fault | None = None
        for rule in self._scripts:
            # Later rules still count the request (for ``after``) but do not spend a firing.
            if rule.take(method, path, may_fire=chosen is None):
                chosen = rule.fault
        for rrule in self._random:
            hit = rrule.take(method, path)
            if chosen is None:
                chosen = hit
        return chosen
