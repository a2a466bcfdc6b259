"""The keyword-argument sets of the object clients, declared once for the sync and async shells.

Each set is a `TypedDict` unpacked into a signature (`**options: Unpack[GetOptions]`), so a
type checker sees the same keywords and types in `ObjectClient` and `AsyncObjectClient`, and
the defaults live in one place: the planning function each shell forwards to.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypedDict, TypeVar

import httpx

from ._config import CircuitBreakerConfig, Compression, PacingConfig, RetryConfig

__all__ = [
    "BatchReadOptions",
    "BatchUpsertOptions",
    "ChunkOptions",
    "CreateOptions",
    "GetOptions",
    "IterPagesOptions",
    "ListAllOptions",
    "ListOptions",
    "ReadOptions",
    "SearchAllOptions",
    "SearchOptions",
    "TransportSettings",
    "UpdateOptions",
    "check_keywords",
]

TransportT = TypeVar("TransportT")


class TransportSettings(TypedDict, Generic[TransportT], total=False):
    """What builds a client's own httpx stack (see `http.HttpSettings`); `TransportT` is
    `httpx.BaseTransport` for the sync client, `httpx.AsyncBaseTransport` for the async one.
    Only the keys a caller passes are set: the rest keep HttpSettings' defaults."""

    auth: httpx.Auth | None
    base_url: str
    http_version: str
    timeout: float | httpx.Timeout
    retry: RetryConfig | None
    circuit_breaker: CircuitBreakerConfig | None
    pacing: PacingConfig | None
    verify: Any
    cert: Any
    proxy: str | httpx.Proxy | None
    compression: Compression
    user_agent: str | None
    transport: TransportT | None
    limits: httpx.Limits | None
    api_version: str | None
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    async_sleep: Callable[[float], Awaitable[None]]


class CreateOptions(TypedDict, total=False):
    associations: Iterable[Any] | None


class UpdateOptions(TypedDict, total=False):
    id_property: str | None


class ReadOptions(TypedDict, total=False):
    """What to read of each record."""

    properties: Iterable[str] | None
    properties_with_history: Iterable[str] | None
    associations: Iterable[str] | None
    archived: bool | None


class GetOptions(ReadOptions, total=False):
    id_property: str | None


class ListOptions(ReadOptions, total=False):
    limit: int | None
    after: str | None


class ListAllOptions(ReadOptions, total=False):
    page_size: int | None


class IterPagesOptions(ListAllOptions, total=False):
    after: str | None


class SearchOptions(TypedDict, total=False):
    filter_groups: Sequence[Any] | None
    sorts: Sequence[Any] | None
    query: str | None
    properties: Iterable[str] | None
    limit: int | None
    after: str | int | None


class SearchAllOptions(TypedDict, total=False):
    filter_groups: Sequence[Any] | None
    query: str | None
    sorts: Sequence[Any] | None
    properties: Iterable[str] | None
    page_size: int


class ChunkOptions(TypedDict, total=False):
    chunk_size: int | None


class BatchUpsertOptions(ChunkOptions, total=False):
    id_property: str | None


class BatchReadOptions(ChunkOptions, total=False):
    properties: Iterable[str] | None
    properties_with_history: Iterable[str] | None
    id_property: str | None
    archived: bool | None


def check_keywords(
    given: Mapping[str, object], options: type[Mapping[str, Any]], where: str
) -> None:
    """Refuse keywords outside `options` as Python refuses an unknown keyword argument, where
    they would otherwise reach a callee that takes more than the public method offers."""
    allowed = options.__required_keys__ | options.__optional_keys__  # type: ignore[attr-defined]
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise TypeError(f"{where}() got an unexpected keyword argument {unknown[0]!r}")
