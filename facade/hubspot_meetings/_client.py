"""`ObjectClient` / `AsyncObjectClient`: CRUD, batch and search over one CRM object type.

They serve any CRM object whose generated package is bound through `_generated.bind`
(meetings, calls, notes...): nothing here names an object type.

Both classes are shells: every decision (argument checks, the request, what the answer means,
chunking and merging batches, paging) is made by plain code that does no I/O, in
`_operations`, `_batch_operations`, `_calls` and `paging`; the shells only send (or await)
the planned requests. Their keywords are declared once, in `_options`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, Self, TypeVar, Unpack

import httpx

from ._config import default_is_idempotent
from ._exceptions import ConfigurationError, UnknownOutcomeError
from ._generated import ObjectBinding
from ._options import (
    BatchReadOptions,
    BatchUpsertOptions,
    ChunkOptions,
    CreateOptions,
    GetOptions,
    IterPagesOptions,
    ListAllOptions,
    ListOptions,
    SearchAllOptions,
    SearchOptions,
    TransportSettings,
    UpdateOptions,
    check_keywords,
)
from ._plan import batches as batch_ops
from ._plan import pages as paging
from ._plan.batches import BatchPlan
from ._plan.calls import Call
from ._plan.checks import PropertyRule
from ._plan.chunks import BatchResult, run_chunks, run_chunks_async
from ._plan.records import Operations
from ._plan.search_all import SearchAllPlan
from ._transports.errors import IsIdempotent
from ._transports.stack import (
    HttpSettings,
    build_async_client,
    build_sync_client,
    stack_is_idempotent,
)
from ._types import CrmObject, Page, SearchPage

__all__ = ["AsyncObjectClient", "ObjectClient"]

T = TypeVar("T")
ClientT = TypeVar("ClientT", httpx.Client, httpx.AsyncClient)
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)


def _check_concurrency(max_concurrency: object) -> int:
    if (
        isinstance(max_concurrency, bool)
        or not isinstance(max_concurrency, int)
        or max_concurrency < 1
    ):
        raise ConfigurationError(
            "max_concurrency", f"must be an integer >= 1, got {max_concurrency!r}"
        )
    return max_concurrency


class _ClientCore(Generic[ClientT, TransportT]):
    """Configuration shared by the sync and async shells: checked once, built once."""

    _client_class: type[httpx.Client | httpx.AsyncClient]

    def __init__(
        self,
        binding: ObjectBinding,
        *,
        http_client: ClientT | None = None,
        validation: bool = True,
        rules: Sequence[PropertyRule] = (),
        max_concurrency: int = 4,
        **settings: Unpack[TransportSettings[TransportT]],
    ) -> None:
        check_keywords(settings, TransportSettings, type(self).__name__)
        kind = self._client_class
        if http_client is not None and not isinstance(http_client, kind):
            raise ConfigurationError(
                "http_client", f"must be an httpx.{kind.__name__}, got {type(http_client).__name__}"
            )
        if not isinstance(validation, bool):
            raise ConfigurationError("validation", f"must be True or False, got {validation!r}")
        self._max_concurrency = _check_concurrency(max_concurrency)
        self._ops = Operations(binding, validation, tuple(rules))
        if http_client is not None and settings:
            raise ConfigurationError(
                "http_client",
                "a ready-made httpx client ignores transport settings; drop "
                + ", ".join(sorted(settings)),
            )
        self._owns_client = http_client is None
        self.settings: HttpSettings | None = None
        # Which writes a 5xx leaves in doubt: our own stack's rule, HubSpot's for a caller's
        # client (which has no ErrorTransport to decide it).
        self._is_idempotent: IsIdempotent = default_is_idempotent
        if http_client is None:
            # `http_version` is typed `str` for callers; HttpSettings' validator narrows it.
            given: Mapping[str, Any] = settings
            self.settings = HttpSettings(**given)
            self._is_idempotent = stack_is_idempotent(self.settings)
            http_client = self._build(self.settings)
        # Sent with directly: the generated client's own token header is fixed at build time,
        # and its response handling crashes on Cloudflare's 52x (see _calls).
        self._http_client: ClientT = http_client
        self._base_url = str(http_client.base_url)

    def _build(self, settings: HttpSettings) -> ClientT:
        raise NotImplementedError

    @property
    def http_client(self) -> ClientT:
        return self._http_client

    def __repr__(self) -> str:
        # The auth object is left out on purpose: reprs never carry credentials.
        base_url = self._base_url
        return f"{type(self).__name__}(object_type={self.binding.object_type!r}, {base_url=!r})"

    @property
    def binding(self) -> ObjectBinding:
        return self._ops.binding

    @property
    def max_concurrency(self) -> int:
        return self._max_concurrency


class ObjectClient(_ClientCore[httpx.Client, httpx.BaseTransport]):
    """CRUD, batch and search for one CRM object type, over `httpx.Client`.

    Transport settings (`auth`, `http_version`, `timeout`, `retry`, `circuit_breaker`, `pacing`,
    `verify`, `cert`, `proxy`, `compression`, `user_agent`, `transport`, `limits`) build the
    client's own httpx stack (see `http.HttpSettings`). Passing `http_client` instead uses that
    client as it is: none of the transport settings (nor retry, pacing or breaker) are applied,
    so giving both is refused; its `base_url` and auth are the caller's business, and it is not
    closed by `close()`. `clock`, `sleep` and `async_sleep` replace real time (for tests).
    """

    _client_class = httpx.Client

    def _build(self, settings: HttpSettings) -> httpx.Client:
        return build_sync_client(settings)

    def close(self) -> None:
        if self._owns_client:
            self.http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, call: Call[T]) -> T:
        try:
            response = self.http_client.request(**call.kwargs)
        except httpx.TransportError as exc:
            raise call.failed(exc) from exc
        except httpx.DecodingError as exc:
            raise call.undecodable(exc) from exc
        except UnknownOutcomeError as exc:
            call.in_doubt(exc)
            raise
        return call.answer(response, self._is_idempotent)

    def _run_batch(self, plan: BatchPlan[T]) -> BatchResult[T]:
        send = self._run
        answers = run_chunks(
            plan.chunks, lambda c: send(plan.call(c)), self._max_concurrency, writes=plan.writes
        )
        return plan.finish(answers)

    # --- operations ----------------------------------------------------------------------

    def create(
        self, properties: Mapping[str, Any] | Any, **options: Unpack[CreateOptions]
    ) -> CrmObject:
        """Create one record from a property dict (or a generated input model, whose own
        associations are used unless `associations` is given); `associations` as HubSpot takes
        them ({to: {id}, types: [...]})."""
        return self._run(self._ops.create(properties, **options))

    def get(self, object_id: str, **options: Unpack[GetOptions]) -> CrmObject:
        """Read one record by id (or by a unique property's value with `id_property`);
        keywords: properties, properties_with_history, associations, archived, id_property."""
        return self._run(self._ops.get(object_id, **options))

    def update(
        self, object_id: str, properties: Mapping[str, Any] | Any, **options: Unpack[UpdateOptions]
    ) -> CrmObject:
        """Change some properties of one record ('' clears a value)."""
        return self._run(self._ops.update(object_id, properties, **options))

    def archive(self, object_id: str) -> None:
        """Move one record to the recycle bin (HubSpot answers 204 even for unknown ids)."""
        self._run(self._ops.archive(object_id))

    def list(self, **options: Unpack[ListOptions]) -> Page:
        """One page of records; pass `page.next_after` as `after` for the next one."""
        return self._run(self._ops.list_page(**options))

    def search(self, **options: Unpack[SearchOptions]) -> SearchPage:
        """One page of search results (`.results`, `.total`, `.next_after`)."""
        return self._run(self._ops.search_page(**options))

    def batch_create(
        self, inputs: Iterable[Any], **options: Unpack[ChunkOptions]
    ) -> BatchResult[CrmObject]:
        """Create many records ({properties, associations?} each), 100 per request."""
        return self._run_batch(batch_ops.batch_create(self._ops, inputs, **options))

    def batch_read(
        self, ids: Iterable[Any], **options: Unpack[BatchReadOptions]
    ) -> BatchResult[CrmObject]:
        """Read many records by id, 100 per request (50 with property history)."""
        return self._run_batch(batch_ops.batch_read(self._ops, ids, **options))

    def batch_update(
        self, inputs: Iterable[Any], **options: Unpack[ChunkOptions]
    ) -> BatchResult[CrmObject]:
        """Update many records ({id, properties, idProperty?} each), 100 per request."""
        return self._run_batch(batch_ops.batch_update(self._ops, inputs, **options))

    def batch_upsert(
        self, inputs: Iterable[Any], **options: Unpack[BatchUpsertOptions]
    ) -> BatchResult[CrmObject]:
        """Create or update by a unique property ({id: <value>, properties} each);
        `id_property` names that property for inputs without their own `idProperty`."""
        return self._run_batch(batch_ops.batch_upsert(self._ops, inputs, **options))

    def batch_archive(
        self, ids: Iterable[Any], **options: Unpack[ChunkOptions]
    ) -> BatchResult[str]:
        """Archive many records by id; `results` holds the archived ids."""
        return self._run_batch(batch_ops.batch_archive(self._ops, ids, **options))

    # --- lazy paging (paging.py): one page in memory at a time --------------------------

    def iter_pages(self, **options: Unpack[IterPagesOptions]) -> Iterator[Page]:
        """Every page of `list`, lazily; resume from a saved `page.next_after` with `after`.
        `page_size` defaults to 100 (50 with `properties_with_history`)."""
        return paging.list_pages(self.list, **options)

    def list_all(self, **options: Unpack[ListAllOptions]) -> Iterator[CrmObject]:
        """Every record, lazily, one page in memory at a time."""
        check_keywords(options, ListAllOptions, f"{type(self).__name__}.list_all")
        return paging.iter_items(self.iter_pages(**options))

    def search_all(self, **options: Unpack[SearchAllOptions]) -> Iterator[CrmObject]:
        """Every match, past HubSpot's 10,000-result cap, in hs_object_id order unless `sorts`
        says otherwise (then more than 10,000 matches raise SearchWindowError); see paging.py."""
        check_keywords(options, SearchAllOptions, f"{type(self).__name__}.search_all")
        plan = SearchAllPlan(**options)
        return paging.search_all(lambda request: self.search(**request.kwargs()), plan)


class AsyncObjectClient(_ClientCore[httpx.AsyncClient, httpx.AsyncBaseTransport]):
    """The asyncio twin of `ObjectClient` (same settings, same methods, as coroutines)."""

    _client_class = httpx.AsyncClient

    def _build(self, settings: HttpSettings) -> httpx.AsyncClient:
        return build_async_client(settings)

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _run(self, call: Call[T]) -> T:
        try:
            response = await self.http_client.request(**call.kwargs)
        except httpx.TransportError as exc:
            raise call.failed(exc) from exc
        except httpx.DecodingError as exc:
            raise call.undecodable(exc) from exc
        except UnknownOutcomeError as exc:
            call.in_doubt(exc)
            raise
        return call.answer(response, self._is_idempotent)

    async def _run_batch(self, plan: BatchPlan[T]) -> BatchResult[T]:
        send = self._run
        answers = await run_chunks_async(
            plan.chunks, lambda c: send(plan.call(c)), self._max_concurrency, writes=plan.writes
        )
        return plan.finish(answers)

    async def create(
        self, properties: Mapping[str, Any] | Any, **options: Unpack[CreateOptions]
    ) -> CrmObject:
        return await self._run(self._ops.create(properties, **options))

    async def get(self, object_id: str, **options: Unpack[GetOptions]) -> CrmObject:
        return await self._run(self._ops.get(object_id, **options))

    async def update(
        self, object_id: str, properties: Mapping[str, Any] | Any, **options: Unpack[UpdateOptions]
    ) -> CrmObject:
        return await self._run(self._ops.update(object_id, properties, **options))

    async def archive(self, object_id: str) -> None:
        await self._run(self._ops.archive(object_id))

    async def list(self, **options: Unpack[ListOptions]) -> Page:
        return await self._run(self._ops.list_page(**options))

    async def search(self, **options: Unpack[SearchOptions]) -> SearchPage:
        return await self._run(self._ops.search_page(**options))

    async def batch_create(
        self, inputs: Iterable[Any], **options: Unpack[ChunkOptions]
    ) -> BatchResult[CrmObject]:
        return await self._run_batch(batch_ops.batch_create(self._ops, inputs, **options))

    async def batch_read(
        self, ids: Iterable[Any], **options: Unpack[BatchReadOptions]
    ) -> BatchResult[CrmObject]:
        return await self._run_batch(batch_ops.batch_read(self._ops, ids, **options))

    async def batch_update(
        self, inputs: Iterable[Any], **options: Unpack[ChunkOptions]
    ) -> BatchResult[CrmObject]:
        return await self._run_batch(batch_ops.batch_update(self._ops, inputs, **options))

    async def batch_upsert(
        self, inputs: Iterable[Any], **options: Unpack[BatchUpsertOptions]
    ) -> BatchResult[CrmObject]:
        return await self._run_batch(batch_ops.batch_upsert(self._ops, inputs, **options))

    async def batch_archive(
        self, ids: Iterable[Any], **options: Unpack[ChunkOptions]
    ) -> BatchResult[str]:
        return await self._run_batch(batch_ops.batch_archive(self._ops, ids, **options))

    # --- lazy paging (paging.py): `async for` over these ---------------------------------

    def iter_pages(self, **options: Unpack[IterPagesOptions]) -> AsyncIterator[Page]:
        return paging.alist_pages(self.list, **options)

    def list_all(self, **options: Unpack[ListAllOptions]) -> AsyncIterator[CrmObject]:
        check_keywords(options, ListAllOptions, f"{type(self).__name__}.list_all")
        return paging.aiter_items(self.iter_pages(**options))

    def search_all(self, **options: Unpack[SearchAllOptions]) -> AsyncIterator[CrmObject]:
        check_keywords(options, SearchAllOptions, f"{type(self).__name__}.search_all")
        plan = SearchAllPlan(**options)
        return paging.asearch_all(lambda request: self.search(**request.kwargs()), plan)
