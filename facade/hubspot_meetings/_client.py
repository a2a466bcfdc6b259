"""`ObjectClient` / `AsyncObjectClient`: the only code that sends requests.

They serve any CRM object whose generated package is bound through `_generated.bind`
(meetings, calls, notes...): nothing here names an object type.

Both classes are shells: every decision (argument checks, the request, what the answer means,
chunking and merging batches, paging) is made by plain code that does no I/O, in `_plan`; the
shells only send (or await) the planned requests, run batch chunks (threads or tasks) and
drive the page iterators. The constructor is written once, in `_BaseClient`, for both.
"""

from __future__ import annotations

import asyncio
import builtins
import ssl
import threading
import types
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any, ClassVar, Generic, Literal, Self, TypeVar, cast

import httpx

from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_PACING,
    DEFAULT_RETRY,
    DEFAULT_TIMEOUT,
    SETTINGS_DOC,
    SYSTEM_CLOCK,
    CertTypes,
    CircuitBreakerConfig,
    Clock,
    Compression,
    HttpSettings,
    PacingConfig,
    RetryConfig,
    default_is_idempotent,
)
from ._exceptions import ConfigurationError, HubSpotError, UnknownOutcomeError
from ._generated import AssociationsBinding, ObjectBinding, bind_associations
from ._plan import batches
from ._plan.associations import AssociationOps, IdsPage, LinkedRecords, LinkedRecordsMany
from ._plan.batches import BatchPlan
from ._plan.calls import Call
from ._plan.checks import PropertyRule
from ._plan.chunks import Chunk, unexpected_failure
from ._plan.pages import ListCursor, list_params
from ._plan.records import Operations
from ._plan.search_all import SearchAllPlan, SearchRequest
from ._transports.errors import IsIdempotent
from ._transports.stack import build_async_client, build_sync_client, stack_is_idempotent
from ._types import (
    AssociateTo,
    Association,
    AssociationLabel,
    AssociationSpec,
    BatchResult,
    CrmObject,
    Page,
    PageLike,
    RecordT,
    SearchPage,
    SearchPageLike,
)

__all__ = ["AsyncObjectClient", "ObjectClient"]

T = TypeVar("T")
R = TypeVar("R")
P = TypeVar("P", bound="PageLike[Any]")
ClientT = TypeVar("ClientT", bound=httpx.Client | httpx.AsyncClient)
TransportT = TypeVar("TransportT", bound=httpx.BaseTransport | httpx.AsyncBaseTransport)


C = TypeVar("C", bound=type)


def public_client(cls: C) -> C:
    """Finish a public client class: its docstring's `{settings}` slot gets `SETTINGS_DOC`,
    and its constructor is named after it, so a misspelt keyword's TypeError names the class
    the caller wrote, not the private base that holds the code."""
    if cls.__doc__:
        cls.__doc__ = cls.__doc__.replace("{settings}", SETTINGS_DOC)
    # getattr: mypy refuses `cls.__init__` on a type variable.
    init: types.FunctionType = getattr(cls, "__init__")  # noqa: B009
    qualname = f"{cls.__name__}.__init__"
    own = types.FunctionType(
        init.__code__.replace(co_qualname=qualname),
        init.__globals__,
        "__init__",
        init.__defaults__,
        init.__closure__,
    )
    own.__kwdefaults__ = init.__kwdefaults__
    own.__annotations__ = init.__annotations__
    own.__doc__ = init.__doc__
    own.__qualname__ = qualname
    own.__module__ = init.__module__
    cls.__init__ = own  # type: ignore[misc]
    return cls


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


class _BaseClient(Generic[ClientT, TransportT, RecordT]):
    """Configuration shared by the sync and async shells: checked once, built once."""

    _client_class: type[httpx.Client | httpx.AsyncClient]
    # What a subclass for one object type says about it: the class its records are returned
    # as, and its default association type to each other object type (`associate=`).
    _record_cls: ClassVar[type[CrmObject]] = CrmObject
    _default_association_types: ClassVar[Mapping[str, AssociationSpec]] = {}
    _link_ops: AssociationOps | None = None

    def __init__(
        self,
        binding: ObjectBinding,
        /,
        *,
        auth: httpx.Auth | None = None,
        base_url: str = DEFAULT_BASE_URL,
        http_version: Literal["1.1", "2"] = "2",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryConfig | None = DEFAULT_RETRY,
        circuit_breaker: CircuitBreakerConfig | None = None,
        pacing: PacingConfig | None = DEFAULT_PACING,
        verify: bool | str | ssl.SSLContext = True,
        cert: CertTypes | None = None,
        proxy: str | httpx.Proxy | None = None,
        compression: Compression = "auto",
        user_agent: str | None = None,
        limits: httpx.Limits | None = None,
        transport: TransportT | None = None,
        api_version: str | None = None,
        http_client: ClientT | None = None,
        validation: bool = True,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        rules: Sequence[PropertyRule] = (),
        _clock: Clock | None = None,
    ) -> None:
        kind = self._client_class
        if http_client is not None and not isinstance(http_client, kind):
            raise ConfigurationError(
                "http_client", f"must be an httpx.{kind.__name__}, got {type(http_client).__name__}"
            )
        if not isinstance(validation, bool):
            raise ConfigurationError("validation", f"must be True or False, got {validation!r}")
        self._max_concurrency = _check_concurrency(max_concurrency)
        self._ops: Operations[RecordT] = Operations(
            binding,
            validation,
            tuple(rules),
            record_cls=cast("type[RecordT]", self._record_cls),
            default_types=self._default_association_types,
        )
        settings = HttpSettings(
            auth=auth,
            base_url=base_url,
            http_version=http_version,
            timeout=timeout,
            retry=retry,
            circuit_breaker=circuit_breaker,
            pacing=pacing,
            verify=verify,
            cert=cert,
            proxy=proxy,
            compression=compression,
            user_agent=user_agent,
            limits=limits,
            transport=transport,
            api_version=api_version,
            clock=_clock or SYSTEM_CLOCK,
        )
        self._owns_client = http_client is None
        self.settings: HttpSettings | None = None
        # Which writes a 5xx leaves in doubt: our own stack's rule, HubSpot's for a caller's
        # client (which has no ErrorTransport to decide it).
        self._is_idempotent: IsIdempotent = default_is_idempotent
        if http_client is not None:
            changed = settings.changed_from_defaults()
            if changed:
                raise ConfigurationError(
                    "http_client",
                    "a ready-made httpx client ignores transport settings; drop "
                    + ", ".join(changed),
                )
        else:
            self.settings = settings
            self._is_idempotent = stack_is_idempotent(settings)
            http_client = self._build(settings)
        # Sent with directly: the generated client's own token header is fixed at build time,
        # and its response handling crashes on Cloudflare's 52x (see _plan.calls).
        self._http_client: ClientT = http_client
        self._base_url = str(http_client.base_url)

    def _build(self, settings: HttpSettings) -> ClientT:
        raise NotImplementedError

    @property
    def http_client(self) -> ClientT:
        """The httpx client requests go through (the caller's own, or the one built here)."""
        return self._http_client

    def __repr__(self) -> str:
        # The auth object is left out on purpose: reprs never carry credentials.
        base_url = self._base_url
        return f"{type(self).__name__}(object_type={self.binding.object_type!r}, {base_url=!r})"

    @property
    def binding(self) -> ObjectBinding:
        """The generated package this client is bound to."""
        return self._ops.binding

    @property
    def max_concurrency(self) -> int:
        """Batch chunks in flight at once."""
        return self._max_concurrency

    def _links(self) -> AssociationOps:
        """The associations v4 planning, bound on first use: most clients never link."""
        if self._link_ops is None:
            self._link_ops = AssociationOps(_associations_binding(), self._ops.validation)
        return self._link_ops


def run_chunks(
    chunks: Sequence[Chunk],
    send: Callable[[Chunk], R],
    max_concurrency: int,
    *,
    writes: bool,
    pool: Callable[[], ThreadPoolExecutor] | None = None,
) -> list[R | HubSpotError]:
    """Send every chunk (in threads when `max_concurrency` > 1); answers in chunk order.
    `pool` gives the client's own threads, kept between batches; without it the threads are
    started for this batch alone."""

    def one(chunk: Chunk) -> R | HubSpotError:
        try:
            return send(chunk)
        except HubSpotError as exc:
            return exc
        except Exception as exc:
            return unexpected_failure(chunk, exc, writes=writes)

    if max_concurrency <= 1 or len(chunks) <= 1:
        return [one(c) for c in chunks]
    if pool is not None:
        return list(pool().map(one, chunks))
    with ThreadPoolExecutor(
        max_workers=min(max_concurrency, len(chunks)), thread_name_prefix="hubspot-batch"
    ) as threads:
        return list(threads.map(one, chunks))


async def run_chunks_async(
    chunks: Sequence[Chunk],
    send: Callable[[Chunk], Awaitable[R]],
    max_concurrency: int,
    *,
    writes: bool,
) -> list[R | HubSpotError]:
    """Send every chunk with at most `max_concurrency` in flight; answers in chunk order."""

    async def one(chunk: Chunk) -> R | HubSpotError:
        try:
            return await send(chunk)
        except HubSpotError as exc:
            return exc
        except Exception as exc:
            return unexpected_failure(chunk, exc, writes=writes)

    if len(chunks) == 1:
        # The usual case (<= 100 inputs): no task, semaphore or gather for a single send.
        return [await one(chunks[0])]
    gate = asyncio.Semaphore(max(1, max_concurrency))

    async def gated(chunk: Chunk) -> R | HubSpotError:
        async with gate:
            return await one(chunk)

    return list(await asyncio.gather(*(gated(c) for c in chunks)))


def iter_pages(fetch: Callable[[str | None], P], after: str | None = None) -> Iterator[P]:
    """Pages from ``fetch(after)`` until one has no ``next_after``; resumable from ``after``."""
    cursor = ListCursor(after)
    while not cursor.done:
        page = fetch(cursor.after)
        cursor.advance(page)
        yield page


async def aiter_pages(
    fetch: Callable[[str | None], Awaitable[P]], after: str | None = None
) -> AsyncIterator[P]:
    """Async ``iter_pages``."""
    cursor = ListCursor(after)
    while not cursor.done:
        page = await fetch(cursor.after)
        cursor.advance(page)
        yield page


def iter_items(pages: Iterator[PageLike[T]]) -> Iterator[T]:
    """Every result of every page, one page in memory at a time."""
    for page in pages:
        yield from page.results


async def aiter_items(pages: AsyncIterator[PageLike[T]]) -> AsyncIterator[T]:
    """Async ``iter_items``."""
    async for page in pages:
        for item in page.results:
            yield item


def search_all(
    search: Callable[[SearchRequest], SearchPageLike[T]], plan: SearchAllPlan
) -> Iterator[T]:
    """Every match of ``plan``'s search, fetching one page at a time with ``search``."""
    while (request := plan.next_request()) is not None:
        yield from plan.accept(search(request))


async def asearch_all(
    search: Callable[[SearchRequest], Awaitable[SearchPageLike[T]]], plan: SearchAllPlan
) -> AsyncIterator[T]:
    """Async ``search_all``."""
    while (request := plan.next_request()) is not None:
        for item in plan.accept(await search(request)):
            yield item


@cache
def _associations_binding() -> AssociationsBinding:
    """The generated associations v4 package, bound (and checked) once, when first used."""
    return bind_associations()


def iter_linked(
    run: Callable[[Call[IdsPage]], IdsPage],
    run_batch: Callable[[BatchPlan[RecordT]], BatchResult[RecordT]],
    plan: LinkedRecords[RecordT],
) -> Iterator[RecordT]:
    """The records `plan` reads: a page of links, then those records, page after page."""
    while (call := plan.next_page()) is not None:
        read = plan.accept_page(run(call))
        if read is not None:
            yield from plan.records(run_batch(read))


async def aiter_linked(
    run: Callable[[Call[IdsPage]], Awaitable[IdsPage]],
    run_batch: Callable[[BatchPlan[RecordT]], Awaitable[BatchResult[RecordT]]],
    plan: LinkedRecords[RecordT],
) -> AsyncIterator[RecordT]:
    """Async ``iter_linked``."""
    while (call := plan.next_page()) is not None:
        read = plan.accept_page(await run(call))
        if read is not None:
            for record in plan.records(await run_batch(read)):
                yield record


@public_client
class ObjectClient(_BaseClient[httpx.Client, httpx.BaseTransport, RecordT]):
    """CRUD, batch and search for one CRM object type, over `httpx.Client`.

    Use as a context manager, or call `close()`.

    Parameters
    ----------
    binding:
        The generated package of one CRM object type (`bind("calls", "hubspot_calls_api")`).
    {settings}
    rules:
        `PropertyRule`s: what the object type requires of its properties.
    """

    _client_class = httpx.Client

    def _build(self, settings: HttpSettings) -> httpx.Client:
        return build_sync_client(settings)

    def close(self) -> None:
        """Close the connection pool (a caller's own `http_client` is left open)."""
        threads, self._batch_threads = self._batch_threads, None
        if threads is not None:
            threads.shutdown()
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
            plan.chunks,
            lambda c: send(plan.call(c)),
            self._max_concurrency,
            writes=plan.writes,
            pool=self._threads,
        )
        return plan.finish(answers)

    _batch_threads: ThreadPoolExecutor | None = None
    _threads_lock = threading.Lock()

    def _threads(self) -> ThreadPoolExecutor:
        """The threads batch chunks run in, started on first use and kept until `close`:
        a read of many pages (`meetings_for`) runs a batch per page, and starting threads
        for each costs more than the requests' own client work."""
        with self._threads_lock:
            if self._batch_threads is None:
                self._batch_threads = ThreadPoolExecutor(
                    max_workers=self._max_concurrency, thread_name_prefix="hubspot-batch"
                )
            return self._batch_threads

    # --- single records --------------------------------------------------------------------

    def create(
        self,
        properties: Mapping[str, Any] | Any,
        *,
        associations: Iterable[Any] | None = None,
        associate: AssociateTo | None = None,
    ) -> RecordT:
        """Create one record.

        `properties` is a dict of property values (or a generated input model, whose own
        associations are used unless `associations` is given); `associations` as HubSpot
        takes them: `[{"to": {"id": "101"}, "types": [{"associationCategory":
        "HUBSPOT_DEFINED", "associationTypeId": 200}]}]`; `associate` links the new record
        to others by their default association type: `{"contacts": ["101"], "deals": ["7"]}`
        (an association type may be the key instead of an object type).
        """
        return self._run(
            self._ops.create(properties, associations=associations, associate=associate)
        )

    def get(
        self,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        id_property: str | None = None,
    ) -> RecordT:
        """Read one record by id, or by a unique property's value named by `id_property`.

        `properties` to read (default: HubSpot's defaults), `properties_with_history`,
        `associations` (object types whose linked ids to include), `archived` to read a
        record in the recycle bin.
        """
        return self._run(
            self._ops.get(
                object_id,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
                id_property=id_property,
            )
        )

    def update(
        self,
        object_id: str,
        properties: Mapping[str, Any] | Any,
        *,
        id_property: str | None = None,
    ) -> RecordT:
        """Change some properties of one record (`""` clears a value); `id_property` names
        a unique property whose value `object_id` is."""
        return self._run(self._ops.update(object_id, properties, id_property=id_property))

    def archive(self, object_id: str) -> None:
        """Move one record to the recycle bin (HubSpot answers 204 even for unknown ids)."""
        self._run(self._ops.archive(object_id))

    def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Page[RecordT]:
        """One page of records (`limit` up to 100); pass `page.next_after` as `after` for
        the next one. What to read as for `get`."""
        return self._run(
            self._ops.list_page(
                limit=limit,
                after=after,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
            )
        )

    def search(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        sorts: Sequence[Any] | None = None,
        query: str | None = None,
        properties: Iterable[str] | None = None,
        limit: int | None = None,
        after: str | int | None = None,
    ) -> SearchPage[RecordT]:
        """One page of search results (`.results`, `.total`, `.next_after`).

        `filter_groups` are ORed, the filters inside a group ANDed (`[{"filters":
        [{"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": "COMPLETED"}]}]`);
        one sort (`"-hs_timestamp"` or `{"propertyName": ..., "direction": ...}`); `query`
        searches the default text properties; `limit` up to 200; `after` from the last page.
        """
        return self._run(
            self._ops.search_page(
                filter_groups=filter_groups,
                sorts=sorts,
                query=query,
                properties=properties,
                limit=limit,
                after=after,
            )
        )

    # --- batches: any number of inputs, chunked to HubSpot's limits ---------------------------

    def batch_create(
        self, inputs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[RecordT]:
        """Create many records (`{"properties": {...}, "associations": [...]}` each), 100 per
        request; every input ends up in `results`, `errors` or `unknown`."""
        return self._run_batch(batches.batch_create(self._ops, inputs, chunk_size=chunk_size))

    def batch_read(
        self,
        ids: Iterable[Any],
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        id_property: str | None = None,
        archived: bool | None = None,
        chunk_size: int | None = None,
    ) -> BatchResult[RecordT]:
        """Read many records by id (or by `id_property`'s values), 100 per request (50 with
        property history)."""
        return self._run_batch(
            batches.batch_read(
                self._ops,
                ids,
                properties=properties,
                properties_with_history=properties_with_history,
                id_property=id_property,
                archived=archived,
                chunk_size=chunk_size,
            )
        )

    def batch_update(
        self, inputs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[RecordT]:
        """Update many records (`{"id", "properties", "idProperty"?}` each), 100 per request."""
        return self._run_batch(batches.batch_update(self._ops, inputs, chunk_size=chunk_size))

    def batch_upsert(
        self,
        inputs: Iterable[Any],
        *,
        id_property: str | None = None,
        chunk_size: int | None = None,
    ) -> BatchResult[RecordT]:
        """Create or update by a unique property (`{"id": <value>, "properties"}` each);
        `id_property` names that property for inputs without their own `idProperty`."""
        return self._run_batch(
            batches.batch_upsert(self._ops, inputs, id_property=id_property, chunk_size=chunk_size)
        )

    def batch_archive(
        self, ids: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[str]:
        """Archive many records by id; `results` holds the archived ids."""
        return self._run_batch(batches.batch_archive(self._ops, ids, chunk_size=chunk_size))

    # --- lazy paging: one page in memory at a time ----------------------------------------------

    def iter_pages(
        self,
        *,
        after: str | None = None,
        page_size: int | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Iterator[Page[RecordT]]:
        """Every page of `list`, lazily; resume from a saved `page.next_after` with `after`.
        `page_size` defaults to 100 (50 with `properties_with_history`)."""
        start, params = list_params(
            after=after,
            page_size=page_size,
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
        )
        return iter_pages(lambda cursor: self.list(after=cursor, **params), start)

    def list_all(
        self,
        *,
        page_size: int | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Iterator[RecordT]:
        """Every record, lazily, one page in memory at a time."""
        return iter_items(
            self.iter_pages(
                page_size=page_size,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
            )
        )

    def search_all(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        query: str | None = None,
        sorts: Sequence[Any] | None = None,
        properties: Iterable[str] | None = None,
        page_size: int | None = None,
    ) -> Iterator[RecordT]:
        """Every match, past HubSpot's 10,000-result window, in hs_object_id order unless
        `sorts` says otherwise (then more than 10,000 matches raise SearchWindowError)."""
        plan = SearchAllPlan(
            filter_groups=filter_groups,
            query=query,
            sorts=sorts,
            properties=properties,
            page_size=page_size,
        )
        return search_all(lambda request: self.search(**request.kwargs()), plan)

    # --- associations (v4): links from this client's records to records of any type ----------

    def associate(
        self,
        object_id: str,
        to_object_type: str,
        to_object_id: str,
        *,
        label: AssociationLabel | Iterable[AssociationLabel] | None = None,
    ) -> Association:
        """Link one record to another (`to_object_type` as HubSpot names it: "contacts",
        "contact" or "0-1"): HubSpot's default association type, or the association types
        `label` names, which then replace the labels between the two. Linking twice is linking
        once."""
        links = self._links()
        return self._run(
            links.associate(
                self.binding.object_type, object_id, to_object_type, to_object_id, label
            )
        )

    def unassociate(
        self,
        object_id: str,
        to_object_type: str,
        to_object_id: str,
        *,
        label: AssociationLabel | Iterable[AssociationLabel] | None = None,
    ) -> Association:
        """Remove the link between two records (every association type between them), or
        only the labels `label` names. Unlinking records that are not linked does nothing."""
        links = self._links()
        return self._run(
            links.unassociate(
                self.binding.object_type, object_id, to_object_type, to_object_id, label
            )
        )

    def associations(self, object_id: str, to_object_type: str) -> Iterator[Association]:
        """Every record of `to_object_type` this record links to, lazily, 500 per request,
        each with the association types between the two."""
        fetch = self._links().pages(self.binding.object_type, object_id, to_object_type)
        return iter_items(iter_pages(lambda cursor: self._run(fetch(cursor))))

    def batch_associate(
        self, pairs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[Association]:
        """Link many pairs, 2,000 per request: `(object_id, to_object_type, to_object_id)`, with
        a fourth item `label` for labelled links (or mappings with the keys from_id, to_type,
        to_id, label). Every pair ends up in `results`, `errors` or `unknown`; linking twice is
        linking once, so pairs in `unknown` can be sent again."""
        plan = self._links().batch_associate(self.binding.object_type, pairs, chunk_size=chunk_size)
        return self._run_batch(plan)

    def batch_unassociate(
        self, pairs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[Association]:
        """Unlink many pairs, given as for `batch_associate` (or as the `Association`s that
        `associations` yields), 2,000 per request; with a `label`, only those labels go."""
        plan = self._links().batch_unassociate(
            self.binding.object_type, pairs, chunk_size=chunk_size
        )
        return self._run_batch(plan)

    def _linked(
        self, object_type: str, object_id: str, properties: Iterable[str] | None
    ) -> Iterator[RecordT]:
        """This client's records linked to one record of `object_type` (the meetings client's
        `meetings_for`)."""
        plan = LinkedRecords(
            self._links(),
            self._ops,
            object_type_=object_type,
            object_id=object_id,
            properties=properties,
        )
        return iter_linked(self._run, self._run_batch, plan)

    def _linked_many(
        self, object_type: str, ids: Iterable[str], properties: Iterable[str] | None
    ) -> dict[str, builtins.list[RecordT]]:
        """This client's records linked to each of many records of `object_type`."""
        plan = LinkedRecordsMany(
            self._links(), self._ops, object_type_=object_type, ids=ids, properties=properties
        )
        while (links := plan.next_links()) is not None:
            plan.accept_links(self._run_batch(links))
        if (read := plan.read()) is not None:
            plan.accept_records(self._run_batch(read))
        return plan.result()


@public_client
class AsyncObjectClient(_BaseClient[httpx.AsyncClient, httpx.AsyncBaseTransport, RecordT]):
    """The asyncio twin of `ObjectClient`: the same settings and methods, as coroutines;
    `async with` closes it.

    Parameters
    ----------
    binding:
        The generated package of one CRM object type (`bind("calls", "hubspot_calls_api")`).
    {settings}
    rules:
        `PropertyRule`s: what the object type requires of its properties.
    """

    _client_class = httpx.AsyncClient

    def _build(self, settings: HttpSettings) -> httpx.AsyncClient:
        return build_async_client(settings)

    async def aclose(self) -> None:
        """Close the connection pool (a caller's own `http_client` is left open)."""
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

    # --- single records --------------------------------------------------------------------

    async def create(
        self,
        properties: Mapping[str, Any] | Any,
        *,
        associations: Iterable[Any] | None = None,
        associate: AssociateTo | None = None,
    ) -> RecordT:
        """Create one record.

        `properties` is a dict of property values (or a generated input model, whose own
        associations are used unless `associations` is given); `associations` as HubSpot
        takes them: `[{"to": {"id": "101"}, "types": [{"associationCategory":
        "HUBSPOT_DEFINED", "associationTypeId": 200}]}]`; `associate` links the new record
        to others by their default association type: `{"contacts": ["101"], "deals": ["7"]}`
        (an association type may be the key instead of an object type).
        """
        return await self._run(
            self._ops.create(properties, associations=associations, associate=associate)
        )

    async def get(
        self,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        id_property: str | None = None,
    ) -> RecordT:
        """Read one record by id, or by a unique property's value named by `id_property`.

        `properties` to read (default: HubSpot's defaults), `properties_with_history`,
        `associations` (object types whose linked ids to include), `archived` to read a
        record in the recycle bin.
        """
        return await self._run(
            self._ops.get(
                object_id,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
                id_property=id_property,
            )
        )

    async def update(
        self,
        object_id: str,
        properties: Mapping[str, Any] | Any,
        *,
        id_property: str | None = None,
    ) -> RecordT:
        """Change some properties of one record (`""` clears a value); `id_property` names
        a unique property whose value `object_id` is."""
        return await self._run(self._ops.update(object_id, properties, id_property=id_property))

    async def archive(self, object_id: str) -> None:
        """Move one record to the recycle bin (HubSpot answers 204 even for unknown ids)."""
        await self._run(self._ops.archive(object_id))

    async def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Page[RecordT]:
        """One page of records (`limit` up to 100); pass `page.next_after` as `after` for
        the next one. What to read as for `get`."""
        return await self._run(
            self._ops.list_page(
                limit=limit,
                after=after,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
            )
        )

    async def search(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        sorts: Sequence[Any] | None = None,
        query: str | None = None,
        properties: Iterable[str] | None = None,
        limit: int | None = None,
        after: str | int | None = None,
    ) -> SearchPage[RecordT]:
        """One page of search results (`.results`, `.total`, `.next_after`).

        `filter_groups` are ORed, the filters inside a group ANDed (`[{"filters":
        [{"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": "COMPLETED"}]}]`);
        one sort (`"-hs_timestamp"` or `{"propertyName": ..., "direction": ...}`); `query`
        searches the default text properties; `limit` up to 200; `after` from the last page.
        """
        return await self._run(
            self._ops.search_page(
                filter_groups=filter_groups,
                sorts=sorts,
                query=query,
                properties=properties,
                limit=limit,
                after=after,
            )
        )

    # --- batches: any number of inputs, chunked to HubSpot's limits ---------------------------

    async def batch_create(
        self, inputs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[RecordT]:
        """Create many records (`{"properties": {...}, "associations": [...]}` each), 100 per
        request; every input ends up in `results`, `errors` or `unknown`."""
        return await self._run_batch(batches.batch_create(self._ops, inputs, chunk_size=chunk_size))

    async def batch_read(
        self,
        ids: Iterable[Any],
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        id_property: str | None = None,
        archived: bool | None = None,
        chunk_size: int | None = None,
    ) -> BatchResult[RecordT]:
        """Read many records by id (or by `id_property`'s values), 100 per request (50 with
        property history)."""
        return await self._run_batch(
            batches.batch_read(
                self._ops,
                ids,
                properties=properties,
                properties_with_history=properties_with_history,
                id_property=id_property,
                archived=archived,
                chunk_size=chunk_size,
            )
        )

    async def batch_update(
        self, inputs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[RecordT]:
        """Update many records (`{"id", "properties", "idProperty"?}` each), 100 per request."""
        return await self._run_batch(batches.batch_update(self._ops, inputs, chunk_size=chunk_size))

    async def batch_upsert(
        self,
        inputs: Iterable[Any],
        *,
        id_property: str | None = None,
        chunk_size: int | None = None,
    ) -> BatchResult[RecordT]:
        """Create or update by a unique property (`{"id": <value>, "properties"}` each);
        `id_property` names that property for inputs without their own `idProperty`."""
        return await self._run_batch(
            batches.batch_upsert(self._ops, inputs, id_property=id_property, chunk_size=chunk_size)
        )

    async def batch_archive(
        self, ids: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[str]:
        """Archive many records by id; `results` holds the archived ids."""
        return await self._run_batch(batches.batch_archive(self._ops, ids, chunk_size=chunk_size))

    # --- lazy paging: `async for` over these ----------------------------------------------------

    def iter_pages(
        self,
        *,
        after: str | None = None,
        page_size: int | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> AsyncIterator[Page[RecordT]]:
        """Every page of `list`, lazily; resume from a saved `page.next_after` with `after`.
        `page_size` defaults to 100 (50 with `properties_with_history`)."""
        start, params = list_params(
            after=after,
            page_size=page_size,
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
        )
        return aiter_pages(lambda cursor: self.list(after=cursor, **params), start)

    def list_all(
        self,
        *,
        page_size: int | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> AsyncIterator[RecordT]:
        """Every record, lazily, one page in memory at a time."""
        return aiter_items(
            self.iter_pages(
                page_size=page_size,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
            )
        )

    def search_all(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        query: str | None = None,
        sorts: Sequence[Any] | None = None,
        properties: Iterable[str] | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[RecordT]:
        """Every match, past HubSpot's 10,000-result window, in hs_object_id order unless
        `sorts` says otherwise (then more than 10,000 matches raise SearchWindowError)."""
        plan = SearchAllPlan(
            filter_groups=filter_groups,
            query=query,
            sorts=sorts,
            properties=properties,
            page_size=page_size,
        )
        return asearch_all(lambda request: self.search(**request.kwargs()), plan)

    # --- associations (v4): links from this client's records to records of any type ----------

    async def associate(
        self,
        object_id: str,
        to_object_type: str,
        to_object_id: str,
        *,
        label: AssociationLabel | Iterable[AssociationLabel] | None = None,
    ) -> Association:
        """Link one record to another (`to_object_type` as HubSpot names it: "contacts",
        "contact" or "0-1"): HubSpot's default association type, or the association types
        `label` names, which then replace the labels between the two. Linking twice is linking
        once."""
        links = self._links()
        return await self._run(
            links.associate(
                self.binding.object_type, object_id, to_object_type, to_object_id, label
            )
        )

    async def unassociate(
        self,
        object_id: str,
        to_object_type: str,
        to_object_id: str,
        *,
        label: AssociationLabel | Iterable[AssociationLabel] | None = None,
    ) -> Association:
        """Remove the link between two records (every association type between them), or
        only the labels `label` names. Unlinking records that are not linked does nothing."""
        links = self._links()
        return await self._run(
            links.unassociate(
                self.binding.object_type, object_id, to_object_type, to_object_id, label
            )
        )

    def associations(self, object_id: str, to_object_type: str) -> AsyncIterator[Association]:
        """Every record of `to_object_type` this record links to, lazily, 500 per request,
        each with the association types between the two."""
        fetch = self._links().pages(self.binding.object_type, object_id, to_object_type)
        return aiter_items(aiter_pages(lambda cursor: self._run(fetch(cursor))))

    async def batch_associate(
        self, pairs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[Association]:
        """Link many pairs, 2,000 per request: `(object_id, to_object_type, to_object_id)`, with
        a fourth item `label` for labelled links (or mappings with the keys from_id, to_type,
        to_id, label). Every pair ends up in `results`, `errors` or `unknown`; linking twice is
        linking once, so pairs in `unknown` can be sent again."""
        plan = self._links().batch_associate(self.binding.object_type, pairs, chunk_size=chunk_size)
        return await self._run_batch(plan)

    async def batch_unassociate(
        self, pairs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[Association]:
        """Unlink many pairs, given as for `batch_associate` (or as the `Association`s that
        `associations` yields), 2,000 per request; with a `label`, only those labels go."""
        plan = self._links().batch_unassociate(
            self.binding.object_type, pairs, chunk_size=chunk_size
        )
        return await self._run_batch(plan)

    def _linked(
        self, object_type: str, object_id: str, properties: Iterable[str] | None
    ) -> AsyncIterator[RecordT]:
        """This client's records linked to one record of `object_type` (the meetings client's
        `meetings_for`)."""
        plan = LinkedRecords(
            self._links(),
            self._ops,
            object_type_=object_type,
            object_id=object_id,
            properties=properties,
        )
        return aiter_linked(self._run, self._run_batch, plan)

    async def _linked_many(
        self, object_type: str, ids: Iterable[str], properties: Iterable[str] | None
    ) -> dict[str, builtins.list[RecordT]]:
        """This client's records linked to each of many records of `object_type`."""
        plan = LinkedRecordsMany(
            self._links(), self._ops, object_type_=object_type, ids=ids, properties=properties
        )
        while (links := plan.next_links()) is not None:
            plan.accept_links(await self._run_batch(links))
        if (read := plan.read()) is not None:
            plan.accept_records(await self._run_batch(read))
        return plan.result()
