"""`ObjectClient` / `AsyncObjectClient`: the only code that sends requests.

They serve any CRM object whose generated package is bound through `_generated.bind`
(meetings, calls, notes...): nothing here names an object type.

Both classes are shells: every decision (argument checks, the request, what the answer means,
chunking and merging batches, paging, per-call options) is made by plain code that does no
I/O, in `_plan`; the shells only send (or await) the planned requests, run batch chunks
(threads or tasks) and drive the page iterators. The constructor is written once, in
`_BaseClient`, for both.

Contracts shared by both shells:
- every operation takes the per-call options `headers`, `timeout` and `deadline`, resolved
  once per call into httpx request arguments and applied to each request the call sends;
- `with_options(...)` is a copy with other defaults over the same connection pool, pacer,
  breaker and credentials (`_transports.stack.Shared`); only the original closes the pool;
- `with_raw_response.<operation>` runs the same operation on a recording copy, which keeps
  every response it receives (`_Exchange`), and returns them with the result (`RawResponse`);
- `request(...)` sends one planned request to any path through the same stack.
"""

from __future__ import annotations

import asyncio
import builtins
import copy
import datetime
import functools
import inspect
import ssl
import threading
import time
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
from typing import Any, ClassVar, Concatenate, Generic, Literal, ParamSpec, Self, TypeVar, cast

import attrs
import httpx

from ._auth import ApiKey
from ._config import (
    CALL_OPTIONS_DOC,
    DEFAULT_BASE_URL,
    DEFAULT_DEADLINE,
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
from ._exceptions import (
    ClientClosedError,
    ConfigurationError,
    HubSpotError,
    RequestValidationError,
    UnknownOutcomeError,
)
from ._generated import AssociationsBinding, ObjectBinding, bind_associations
from ._plan import batches
from ._plan.associations import (
    AssociationOps,
    IdsPage,
    LinkedRecords,
    LinkedRecordsMany,
    LinksPage,
)
from ._plan.batches import BatchPlan
from ._plan.calls import Call, Resend
from ._plan.checks import PropertyRule
from ._plan.chunks import Chunk, unexpected_failure
from ._plan.options import AUTH_HEADERS, NO_OPTIONS, RequestOptions, merged_kwargs
from ._plan.pages import ListCursor, list_params
from ._plan.records import Operations
from ._plan.requests import API_KEY_PARAMS, plan_request
from ._plan.search_all import SearchAllPlan, SearchRequest
from ._plan.urls import url_joiner
from ._redact import redact_url
from ._transports.errors import IsIdempotent
from ._transports.stack import (
    Shared,
    async_shared,
    build_async_client,
    build_sync_client,
    stack_is_idempotent,
    sync_shared,
)
from ._types import (
    AssociateTo,
    Association,
    AssociationLabel,
    AssociationSpec,
    BatchResult,
    CrmObject,
    Page,
    PageLike,
    RateLimit,
    RawResponse,
    RecordT,
    SearchPage,
    SearchPageLike,
)

__all__ = ["AsyncObjectClient", "AsyncRawOperations", "ObjectClient", "RawOperations"]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")
PageT = TypeVar("PageT", bound="PageLike[Any]")
ClientT = TypeVar("ClientT", bound=httpx.Client | httpx.AsyncClient)
TransportT = TypeVar("TransportT", bound=httpx.BaseTransport | httpx.AsyncBaseTransport)


C = TypeVar("C", bound=type)
F = TypeVar("F", bound=Callable[..., Any])


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


def call_options(method: F) -> F:
    """Add the per-call options to an operation's docstring (what `help()` shows); the sync
    and async twins get the same text."""
    method.__doc__ = (method.__doc__ or "").rstrip() + CALL_OPTIONS_DOC
    return method


class _Closed:
    """Whether the client that owns a connection pool has closed it (one flag for it and
    every copy that shares the pool)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = False


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
        deadline: float | None = DEFAULT_DEADLINE,
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
        trust_env: bool = True,
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
        if (
            isinstance(rules, str | bytes)
            or not isinstance(rules, Iterable)
            or not all(isinstance(rule, PropertyRule) for rule in rules)
        ):
            raise ConfigurationError("rules", "must be a sequence of PropertyRule")
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
            deadline=deadline,
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
            trust_env=trust_env,
            clock=_clock or SYSTEM_CLOCK,
        )
        self._owns_client = http_client is None
        # Shared with every with_options copy: closing this client closes them all.
        self._closed = _Closed()
        self._clock: Clock = settings.clock
        # Defaults of every call (set by `with_options`), and the responses a recording copy
        # keeps (`with_raw_response`); None: not recording.
        self._options: RequestOptions = NO_OPTIONS
        self._sink: list[_Exchange] | None = None
        self._shared: Shared[TransportT] | None = None
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
            self._shared = self._share(settings)
            http_client = self._build(settings, self._shared)
        # Sent with directly: the generated client's own token header is fixed at build time,
        # and its response handling crashes on Cloudflare's 52x (see _plan.calls).
        self._http_client: ClientT = http_client
        self._base_url = str(http_client.base_url)
        self._join_url = url_joiner()  # shared by with_options copies, as the pool is
        # What a header or a query parameter may not carry: the client's credentials.
        key = http_client.auth if isinstance(http_client.auth, ApiKey) else None
        self._key_params = API_KEY_PARAMS | ({key.param.lower()} if key else set())
        self._refused_headers = AUTH_HEADERS | self._key_params

    def _share(self, settings: HttpSettings) -> Shared[TransportT]:
        raise NotImplementedError

    def _build(self, settings: HttpSettings, shared: Shared[TransportT]) -> ClientT:
        raise NotImplementedError

    @property
    def http_client(self) -> ClientT:
        """The httpx client requests go through (the caller's own, or the one built here)."""
        return self._http_client

    def __repr__(self) -> str:
        # The auth object is left out on purpose: reprs never carry credentials.
        base_url = redact_url(self._base_url)
        return f"{type(self).__name__}(object_type={self.binding.object_type!r}, {base_url=!r})"

    def _request_kwargs(self, call: Call[Any], extra: dict[str, Any] | None) -> dict[str, Any]:
        """httpx's arguments for `call`: the call's options applied, the URL joined."""
        kwargs = call.kwargs if extra is None else merged_kwargs(call.kwargs, extra)
        return {**kwargs, "url": self._join_url(self._http_client.base_url, kwargs["url"])}

    def _check_open(self) -> None:
        # httpx's own RuntimeError would surface untyped, and inside a batch chunk as an
        # "unknown outcome" for a request that never left.
        if self._closed.value or self._http_client.is_closed:
            raise ClientClosedError(type(self).__name__)

    @property
    def binding(self) -> ObjectBinding:
        """The generated package this client is bound to."""
        return self._ops.binding

    @property
    def max_concurrency(self) -> int:
        """Batch chunks in flight at once."""
        return self._max_concurrency

    def _links(self) -> AssociationOps:
        """The associations v4 planning, bound on first use: most clients never link. Rebuilt
        when `validation` differs (a `with_options(validation=...)` copy)."""
        links = self._link_ops
        if links is None or links.validation != self._ops.validation:
            links = self._link_ops = AssociationOps(_associations_binding(), self._ops.validation)
        return links

    @property
    def rate_limit(self) -> RateLimit | None:
        """HubSpot's rate limit as the client's pacer believes it now: the rolling window's
        `limit`, `remaining` and `interval` (calibrated by HubSpot's headers, the client's own
        requests since counted), the daily figures of the last headers, and `updated_at`.
        None without pacing (`pacing=None`, or a caller's own `http_client`)."""
        pacer = self._shared.pacer if self._shared is not None else None
        return pacer.snapshot() if pacer is not None else None

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryConfig | None = None,
        headers: Mapping[str, str] | None = None,
        validation: bool | None = None,
        max_concurrency: int | None = None,
        api_version: str | None = None,
        deadline: float | None = None,
    ) -> Self:
        """A client like this one with some settings changed (None keeps this one's).

        The copy shares this client's connection pool, pacer, circuit breaker and credentials
        (an OAuth token refreshed by either serves both): both count against one rate budget.
        `headers` go over this client's extra headers; `timeout` and `deadline` apply to each
        call as the per-call options do; `retry=RetryConfig.disabled()` stops retrying.
        Closing the copy leaves the pool open; closing this client closes it for both.
        A client on a caller's own `http_client` has no retry or versioning layer to change.
        """
        self._check_open()  # a copy of a closed client would send through a closed pool
        twin = self._twin()
        try:
            twin._options = self._options.over(
                headers=headers, timeout=timeout, deadline=deadline, refused=self._refused_headers
            )
        except RequestValidationError as exc:
            raise ConfigurationError(exc.field, exc.reason) from None
        if validation is not None:
            if not isinstance(validation, bool):
                raise ConfigurationError("validation", f"must be True or False, got {validation!r}")
            twin._ops = attrs.evolve(self._ops, validation=validation)
        if max_concurrency is not None:
            twin._max_concurrency = _check_concurrency(max_concurrency)
        if retry is not None or api_version is not None:
            if self.settings is None or self._shared is None:
                raise ConfigurationError(
                    "retry" if retry is not None else "api_version",
                    "a client on your own http_client has no transport stack to change; "
                    "build another httpx client with build_transport(...)",
                )
            settings = attrs.evolve(
                self.settings,
                retry=self.settings.retry if retry is None else retry,
                api_version=self.settings.api_version if api_version is None else api_version,
            )
            twin.settings = settings
            twin._is_idempotent = stack_is_idempotent(settings)
            twin._http_client = self._build(settings, self._shared)
        return twin

    def _twin(self) -> Self:
        """A copy over the same pool, which it does not close."""
        twin = copy.copy(self)
        twin._owns_client = False
        # Batch threads are the copy's own (sized by its max_concurrency, stopped by its close).
        twin.__dict__.pop("_batch_threads", None)
        return twin

    def _recording(self) -> tuple[Self, list[_Exchange]]:
        """A copy that keeps every response it receives in the returned list (for
        `with_raw_response`)."""
        twin = self._twin()
        sink: list[_Exchange] = []
        twin._sink = sink
        return twin, sink

    def _call_options(
        self, headers: Mapping[str, str] | None, timeout: object, deadline: object
    ) -> RequestOptions:
        """One call's options: the client's, with the call's own on top (checked)."""
        if headers is None and timeout is None and deadline is None:
            return self._options
        return self._options.over(
            headers=headers, timeout=timeout, deadline=deadline, refused=self._refused_headers
        )

    def _send_kwargs(self, options: RequestOptions) -> dict[str, Any] | None:
        """httpx request arguments for a call starting now; None for a plain call."""
        return None if options is NO_OPTIONS else options.send_kwargs(self._clock())

    def _extra(
        self, headers: Mapping[str, str] | None, timeout: object, deadline: object
    ) -> dict[str, Any] | None:
        return self._send_kwargs(self._call_options(headers, timeout, deadline))


class _Exchange:
    """One response a recording call received, and what it came to (a page, a chunk...)."""

    __slots__ = ("response", "result")

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.result: object = None


def _give_elapsed(response: httpx.Response, started: float) -> None:
    """Give `response` an `elapsed` when its transport did not: httpx times a response as its
    body streams in, and one that arrives whole (an in-process transport's) is never timed.
    Then it is the time the call took to get it, retries included."""
    try:
        response.elapsed  # noqa: B018
    except RuntimeError:
        response.elapsed = datetime.timedelta(seconds=time.perf_counter() - started)


def _recorded(
    sink: list[_Exchange],
    call: Call[T],
    response: httpx.Response,
    is_idempotent: IsIdempotent,
    started: float,
) -> T:
    _give_elapsed(response, started)
    exchange = _Exchange(response)
    sink.append(exchange)  # before the answer: a failed chunk's response is kept too
    result = call.answer(response, is_idempotent)
    exchange.result = result
    return result


def _raw_response(sink: list[_Exchange], result: T) -> RawResponse[T]:
    if not sink:
        raise RequestValidationError(
            "with_raw_response", "nothing was sent (no inputs), so there is no response to return"
        )
    return RawResponse([e.response for e in sink], result)


def _page_response(exchange: _Exchange) -> RawResponse[Any]:
    return RawResponse([exchange.response], exchange.result)


_RAW_DOC = """

        Through `with_raw_response`: returns a `RawResponse` (status, headers,
        correlation id, rate limit, every response) whose `parse()` gives the result."""
_RAW_PAGES_DOC = """

        Through `with_raw_response`: yields one `RawResponse` per page request (status,
        headers, correlation id, rate limit), whose `parse()` gives the page."""


class _RawView:
    """`client.with_raw_response`: the operations below, run on a recording copy of `client`.
    Their wrappers are made once per class, so reaching the view costs one small object."""

    __slots__ = ("client",)

    def __init__(self, client: _BaseClient[Any, Any, Any]) -> None:
        self.client = client


def _raw_doc(wrapper: Callable[..., Any], func: Callable[..., Any], returns: str, doc: str) -> None:
    """What `help()` shows for a raw operation: the operation's own text and parameters."""
    wrapper.__doc__ = (func.__doc__ or "").rstrip() + doc
    signature = inspect.signature(func).replace(return_annotation=returns)
    setattr(wrapper, "__signature__", signature)  # noqa: B010


def raw_call(
    func: Callable[Concatenate[Any, P], T],
) -> Callable[Concatenate[_RawView, P], RawResponse[T]]:
    """An operation (`func`, unbound) returning its result with every response."""

    @functools.wraps(func)
    def call(view: _RawView, /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        twin, sink = view.client._recording()
        return _raw_response(sink, func(twin, *args, **kwargs))

    _raw_doc(call, func, "RawResponse", _RAW_DOC)
    return call


def araw_call(
    func: Callable[Concatenate[Any, P], Awaitable[T]],
) -> Callable[Concatenate[_RawView, P], Awaitable[RawResponse[T]]]:
    """The async `raw_call`."""

    @functools.wraps(func)
    async def call(view: _RawView, /, *args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        twin, sink = view.client._recording()
        return _raw_response(sink, await func(twin, *args, **kwargs))

    _raw_doc(call, func, "RawResponse", _RAW_DOC)
    return call


def raw_pages(
    func: Callable[Concatenate[Any, P], Iterator[Any]], page: type[T]
) -> Callable[Concatenate[_RawView, P], Iterator[RawResponse[T]]]:
    """A paging operation (`func` yields pages or records) yielding one RawResponse per page
    request instead, driving the operation only as far as the caller reads."""

    @functools.wraps(func)
    def call(view: _RawView, /, *args: P.args, **kwargs: P.kwargs) -> Iterator[RawResponse[T]]:
        twin, sink = view.client._recording()
        return _page_responses(func(twin, *args, **kwargs), sink)

    _raw_doc(call, func, f"Iterator[RawResponse[{page.__name__}]]", _RAW_PAGES_DOC)
    return call


def araw_pages(
    func: Callable[Concatenate[Any, P], AsyncIterator[Any]], page: type[T]
) -> Callable[Concatenate[_RawView, P], AsyncIterator[RawResponse[T]]]:
    """The async `raw_pages`."""

    @functools.wraps(func)
    def call(view: _RawView, /, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[RawResponse[T]]:
        twin, sink = view.client._recording()
        return _apage_responses(func(twin, *args, **kwargs), sink)

    _raw_doc(call, func, f"AsyncIterator[RawResponse[{page.__name__}]]", _RAW_PAGES_DOC)
    return call


def _page_responses(items: Iterator[Any], sink: list[_Exchange]) -> Iterator[RawResponse[Any]]:
    # Pulling one item fetches at most the next page; each fetched page's response is handed
    # out before anything more is fetched.
    while True:
        while sink:
            yield _page_response(sink.pop(0))
        if next(items, _END) is _END:
            break
    for exchange in sink:
        yield _page_response(exchange)


async def _apage_responses(
    items: AsyncIterator[Any], sink: list[_Exchange]
) -> AsyncIterator[RawResponse[Any]]:
    while True:
        while sink:
            yield _page_response(sink.pop(0))
        if await anext(items, _END) is _END:
            break
    for exchange in sink:
        yield _page_response(exchange)


_END = object()


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


def iter_pages(fetch: Callable[[str | None], PageT], after: str | None = None) -> Iterator[PageT]:
    """Pages from ``fetch(after)`` until one has no ``next_after``; resumable from ``after``."""
    cursor = ListCursor(after)
    while not cursor.done:
        page = fetch(cursor.after)
        cursor.advance(page)
        yield page


async def aiter_pages(
    fetch: Callable[[str | None], Awaitable[PageT]], after: str | None = None
) -> AsyncIterator[PageT]:
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

    def _share(self, settings: HttpSettings) -> Shared[httpx.BaseTransport]:
        return sync_shared(settings)

    def _build(self, settings: HttpSettings, shared: Shared[httpx.BaseTransport]) -> httpx.Client:
        return build_sync_client(settings, shared)

    def close(self) -> None:
        """Close the connection pool (a caller's own `http_client`, and a `with_options`
        copy's shared pool, are left open)."""
        threads, self._batch_threads = self._batch_threads, None
        if threads is not None:
            threads.shutdown()
        if self._owns_client:
            self._closed.value = True
            self.http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def with_raw_response(self) -> RawOperations:
        """Every operation, returning a `RawResponse` (status, headers, correlation id, rate
        limit) whose `parse()` gives what the operation returns."""
        return RawOperations(self)

    def _send(self, call: Call[Any], extra: dict[str, Any] | None) -> httpx.Response:
        self._check_open()
        kwargs = self._request_kwargs(call, extra)
        try:
            return self.http_client.request(**kwargs)
        except httpx.TransportError as exc:
            raise call.failed(exc) from exc
        except httpx.DecodingError as exc:
            raise call.undecodable(exc) from exc
        except UnicodeEncodeError as exc:
            raise call.unencodable(exc) from None
        except UnknownOutcomeError as exc:
            call.in_doubt(exc)
            raise

    def _run(self, call: Call[T], extra: dict[str, Any] | None = None) -> T:
        started = time.perf_counter()
        response = self._send(call, extra)
        try:
            if self._sink is None:
                return call.answer(response, self._is_idempotent)
            return _recorded(self._sink, call, response, self._is_idempotent, started)
        except Resend:  # an idempotent write whose answer could not be read
            return self._run(call.resend(), extra)

    def _run_batch(self, plan: BatchPlan[T], extra: dict[str, Any] | None) -> BatchResult[T]:
        self._check_open()
        send = self._run
        answers = run_chunks(
            plan.chunks,
            lambda c: send(plan.call(c), extra),
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

    @call_options
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> RawResponse[Any]:
        """One request to any HubSpot API path (`"/crm/v3/owners"`, joined to `base_url`),
        through the same auth, retry, pacing, breaker and typed errors as every operation.

        `params` are query parameters, `json` the request body. Returns the `RawResponse`;
        its `parse()` gives the decoded JSON body (None when empty). An error status raises
        its `ApiError`; a 5xx to a POST that may have been applied, `UnknownOutcomeError`.
        """
        extra = self._extra(headers, timeout, deadline)
        call = plan_request(method, path, params=params, json=json, refused_params=self._key_params)
        started = time.perf_counter()
        response = self._send(call, extra)
        _give_elapsed(response, started)
        return RawResponse([response], call.answer(response, self._is_idempotent))

    # --- single records --------------------------------------------------------------------

    @call_options
    def create(
        self,
        properties: Mapping[str, Any] | Any,
        *,
        associations: Iterable[Any] | None = None,
        associate: AssociateTo | None = None,
        dedupe_on: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> RecordT:
        """Create one record.

        `properties` is a dict of property values (or a generated input model, whose own
        associations are used unless `associations` is given); `associations` as HubSpot
        takes them: `[{"to": {"id": "101"}, "types": [{"associationCategory":
        "HUBSPOT_DEFINED", "associationTypeId": 200}]}]`; `associate` links the new record
        to others by their default association type: `{"contacts": ["101"], "deals": ["7"]}`
        (an association type may be the key instead of an object type).

        `dedupe_on` names a unique property whose value `properties` carries: the create is
        sent as an upsert on it, so it is safe to resend and is retried after any failure:
        never a duplicate, and in doubt (UnknownOutcomeError) only once the retries ran out,
        when sending it again is safe. A record that already has that value is updated
        instead (`.new` says which). An upsert takes no links: with `dedupe_on`, neither
        `associations` nor `associate` (RequestValidationError); link the record afterwards.
        """
        extra = self._extra(headers, timeout, deadline)
        return self._run(
            self._ops.create(
                properties, associations=associations, associate=associate, dedupe_on=dedupe_on
            ),
            extra,
        )

    @call_options
    def get(
        self,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        id_property: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> RecordT:
        """Read one record by id, or by a unique property's value named by `id_property`.

        `properties` to read (default: HubSpot's defaults), `properties_with_history`,
        `associations` (object types whose linked ids to include), `archived` to read a
        record in the recycle bin.
        """
        extra = self._extra(headers, timeout, deadline)
        return self._run(
            self._ops.get(
                object_id,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
                id_property=id_property,
            ),
            extra,
        )

    @call_options
    def update(
        self,
        object_id: str,
        properties: Mapping[str, Any] | Any,
        *,
        id_property: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> RecordT:
        """Change some properties of one record (`""` clears a value); `id_property` names
        a unique property whose value `object_id` is."""
        extra = self._extra(headers, timeout, deadline)
        return self._run(self._ops.update(object_id, properties, id_property=id_property), extra)

    @call_options
    def archive(
        self,
        object_id: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> None:
        """Move one record to the recycle bin (HubSpot answers 204 even for unknown ids)."""
        extra = self._extra(headers, timeout, deadline)
        self._run(self._ops.archive(object_id), extra)

    @call_options
    def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Page[RecordT]:
        """One page of records (`limit` up to 100); pass `page.next_after` as `after` for
        the next one. What to read as for `get`."""
        extra = self._extra(headers, timeout, deadline)
        return self._run(
            self._ops.list_page(
                limit=limit,
                after=after,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
            ),
            extra,
        )

    @call_options
    def search(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        sorts: Sequence[Any] | None = None,
        query: str | None = None,
        properties: Iterable[str] | None = None,
        limit: int | None = None,
        after: str | int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> SearchPage[RecordT]:
        """One page of search results (`.results`, `.total`, `.next_after`).

        `filter_groups` are ORed, the filters inside a group ANDed (`[{"filters":
        [{"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": "COMPLETED"}]}]`);
        one sort (`"-hs_timestamp"` or `{"propertyName": ..., "direction": ...}`); `query`
        searches the default text properties; `limit` up to 200; `after` from the last page.
        """
        extra = self._extra(headers, timeout, deadline)
        return self._run(
            self._ops.search_page(
                filter_groups=filter_groups,
                sorts=sorts,
                query=query,
                properties=properties,
                limit=limit,
                after=after,
            ),
            extra,
        )

    # --- batches: any number of inputs, chunked to HubSpot's limits ---------------------------

    @call_options
    def batch_create(
        self,
        inputs: Iterable[Any],
        *,
        chunk_size: int | None = None,
        dedupe_on: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[RecordT]:
        """Create many records (`{"properties": {...}, "associations": [...]}` each, or
        `"associate": {"contacts": ["101"]}` as for `create`), 100 per request; every input
        ends up in `results`, `errors` or `unknown`. `dedupe_on`: as for `create`, for every
        input (each must carry that property's value, and none may carry links)."""
        extra = self._extra(headers, timeout, deadline)
        return self._run_batch(
            batches.batch_create(self._ops, inputs, chunk_size=chunk_size, dedupe_on=dedupe_on),
            extra,
        )

    @call_options
    def batch_read(
        self,
        ids: Iterable[Any],
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        id_property: str | None = None,
        archived: bool | None = None,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[RecordT]:
        """Read many records by id (or by `id_property`'s values), 100 per request (50 with
        property history)."""
        extra = self._extra(headers, timeout, deadline)
        return self._run_batch(
            batches.batch_read(
                self._ops,
                ids,
                properties=properties,
                properties_with_history=properties_with_history,
                id_property=id_property,
                archived=archived,
                chunk_size=chunk_size,
            ),
            extra,
        )

    @call_options
    def batch_update(
        self,
        inputs: Iterable[Any],
        *,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[RecordT]:
        """Update many records (`{"id", "properties", "idProperty"?}` each), 100 per request."""
        extra = self._extra(headers, timeout, deadline)
        return self._run_batch(
            batches.batch_update(self._ops, inputs, chunk_size=chunk_size), extra
        )

    @call_options
    def batch_upsert(
        self,
        inputs: Iterable[Any],
        *,
        id_property: str | None = None,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[RecordT]:
        """Create or update by a unique property (`{"id": <value>, "properties"}` each);
        `id_property` names that property for inputs without their own `idProperty`."""
        extra = self._extra(headers, timeout, deadline)
        return self._run_batch(
            batches.batch_upsert(self._ops, inputs, id_property=id_property, chunk_size=chunk_size),
            extra,
        )

    @call_options
    def batch_archive(
        self,
        ids: Iterable[Any],
        *,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[str]:
        """Archive many records by id; `results` holds the archived ids."""
        extra = self._extra(headers, timeout, deadline)
        return self._run_batch(batches.batch_archive(self._ops, ids, chunk_size=chunk_size), extra)

    # --- lazy paging: one page in memory at a time ----------------------------------------------

    @call_options
    def iter_pages(
        self,
        *,
        after: str | None = None,
        page_size: int | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Iterator[Page[RecordT]]:
        """Every page of `list`, lazily; resume from a saved `page.next_after` with `after`.
        `page_size` defaults to 100 (50 with `properties_with_history`). The options apply to
        each page's request (`deadline` too)."""
        start, params = list_params(
            after=after,
            page_size=page_size,
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
        )
        options = self._call_options(headers, timeout, deadline)
        ops = self._ops

        def fetch(cursor: str | None) -> Page[RecordT]:
            return self._run(ops.list_page(after=cursor, **params), self._send_kwargs(options))

        return iter_pages(fetch, start)

    @call_options
    def list_all(
        self,
        *,
        page_size: int | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Iterator[RecordT]:
        """Every record, lazily, one page in memory at a time (the options apply to each page's
        request)."""
        return iter_items(
            self.iter_pages(
                page_size=page_size,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
                headers=headers,
                timeout=timeout,
                deadline=deadline,
            )
        )

    @call_options
    def search_all(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        query: str | None = None,
        sorts: Sequence[Any] | None = None,
        properties: Iterable[str] | None = None,
        page_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Iterator[RecordT]:
        """Every match, past HubSpot's 10,000-result window, in hs_object_id order unless
        `sorts` says otherwise (then more than 10,000 matches raise SearchWindowError). The
        options apply to each page's request."""
        plan = SearchAllPlan(
            filter_groups=filter_groups,
            query=query,
            sorts=sorts,
            properties=properties,
            page_size=page_size,
        )
        options = self._call_options(headers, timeout, deadline)
        ops = self._ops

        def fetch(request: SearchRequest) -> SearchPage[RecordT]:
            return self._run(ops.search_page(**request.kwargs()), self._send_kwargs(options))

        return search_all(fetch, plan)

    # --- associations (v4): links from this client's records to records of any type ----------

    @call_options
    def associate(
        self,
        object_id: str,
        to_object_type: str,
        to_object_id: str,
        *,
        label: AssociationLabel | Iterable[AssociationLabel] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Association:
        """Link one record to another (`to_object_type` as HubSpot names it: "contacts",
        "contact" or "0-1"): HubSpot's default association type, or the association types
        `label` names, which then replace the labels between the two. Linking twice is linking
        once."""
        extra = self._extra(headers, timeout, deadline)
        links = self._links()
        return self._run(
            links.associate(
                self.binding.object_type, object_id, to_object_type, to_object_id, label
            ),
            extra,
        )

    @call_options
    def unassociate(
        self,
        object_id: str,
        to_object_type: str,
        to_object_id: str,
        *,
        label: AssociationLabel | Iterable[AssociationLabel] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Association:
        """Remove the link between two records (every association type between them), or
        only the labels `label` names. Unlinking records that are not linked does nothing."""
        extra = self._extra(headers, timeout, deadline)
        links = self._links()
        return self._run(
            links.unassociate(
                self.binding.object_type, object_id, to_object_type, to_object_id, label
            ),
            extra,
        )

    @call_options
    def associations(
        self,
        object_id: str,
        to_object_type: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Iterator[Association]:
        """Every record of `to_object_type` this record links to, lazily, 500 per request,
        each with the association types between the two. The options apply to each page's
        request."""
        options = self._call_options(headers, timeout, deadline)
        fetch = self._links().pages(self.binding.object_type, object_id, to_object_type)

        def page(cursor: str | None) -> LinksPage:
            return self._run(fetch(cursor), self._send_kwargs(options))

        return iter_items(iter_pages(page))

    @call_options
    def batch_associate(
        self,
        pairs: Iterable[Any],
        *,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[Association]:
        """Link many pairs, 2,000 per request: `(object_id, to_object_type, to_object_id)`, with
        a fourth item `label` for labelled links (or mappings with the keys from_id, to_type,
        to_id, label). Every pair ends up in `results`, `errors` or `unknown`; linking twice is
        linking once, so pairs in `unknown` can be sent again."""
        extra = self._extra(headers, timeout, deadline)
        plan = self._links().batch_associate(self.binding.object_type, pairs, chunk_size=chunk_size)
        return self._run_batch(plan, extra)

    @call_options
    def batch_unassociate(
        self,
        pairs: Iterable[Any],
        *,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[Association]:
        """Unlink many pairs, given as for `batch_associate` (or as the `Association`s that
        `associations` yields), 2,000 per request; with a `label`, only those labels go."""
        extra = self._extra(headers, timeout, deadline)
        plan = self._links().batch_unassociate(
            self.binding.object_type, pairs, chunk_size=chunk_size
        )
        return self._run_batch(plan, extra)

    def _linked(
        self,
        object_type: str,
        object_id: str,
        properties: Iterable[str] | None,
        options: RequestOptions,
    ) -> Iterator[RecordT]:
        """This client's records linked to one record of `object_type` (the meetings client's
        `meetings_for`); `options` apply to each request (a page of links, a batch read)."""
        plan = LinkedRecords(
            self._links(),
            self._ops,
            object_type_=object_type,
            object_id=object_id,
            properties=properties,
        )
        return iter_linked(
            lambda call: self._run(call, self._send_kwargs(options)),
            lambda read: self._run_batch(read, self._send_kwargs(options)),
            plan,
        )

    def _linked_many(
        self,
        object_type: str,
        ids: Iterable[str],
        properties: Iterable[str] | None,
        extra: dict[str, Any] | None,
    ) -> dict[str, builtins.list[RecordT]]:
        """This client's records linked to each of many records of `object_type`."""
        plan = LinkedRecordsMany(
            self._links(), self._ops, object_type_=object_type, ids=ids, properties=properties
        )
        while (links := plan.next_links()) is not None:
            plan.accept_links(self._run_batch(links, extra))
        if (read := plan.read()) is not None:
            plan.accept_records(self._run_batch(read, extra))
        return plan.result()


class RawOperations(_RawView):
    """`client.with_raw_response`: each operation of a sync client, returning a `RawResponse`
    whose `parse()` gives the operation's result; the paging operations yield one per page."""

    __slots__ = ()
    client: ObjectClient[Any]

    create = raw_call(ObjectClient.create)
    get = raw_call(ObjectClient.get)
    update = raw_call(ObjectClient.update)
    archive = raw_call(ObjectClient.archive)
    list = raw_call(ObjectClient.list)
    search = raw_call(ObjectClient.search)
    batch_create = raw_call(ObjectClient.batch_create)
    batch_read = raw_call(ObjectClient.batch_read)
    batch_update = raw_call(ObjectClient.batch_update)
    batch_upsert = raw_call(ObjectClient.batch_upsert)
    batch_archive = raw_call(ObjectClient.batch_archive)
    iter_pages = raw_pages(ObjectClient.iter_pages, Page)
    list_all = raw_pages(ObjectClient.list_all, Page)
    search_all = raw_pages(ObjectClient.search_all, SearchPage)
    associate = raw_call(ObjectClient.associate)
    unassociate = raw_call(ObjectClient.unassociate)
    associations = raw_pages(ObjectClient.associations, LinksPage)
    batch_associate = raw_call(ObjectClient.batch_associate)
    batch_unassociate = raw_call(ObjectClient.batch_unassociate)


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

    def _share(self, settings: HttpSettings) -> Shared[httpx.AsyncBaseTransport]:
        return async_shared(settings)

    def _build(
        self, settings: HttpSettings, shared: Shared[httpx.AsyncBaseTransport]
    ) -> httpx.AsyncClient:
        return build_async_client(settings, shared)

    async def aclose(self) -> None:
        """Close the connection pool (a caller's own `http_client`, and a `with_options`
        copy's shared pool, are left open)."""
        if self._owns_client:
            self._closed.value = True
            await self.http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def with_raw_response(self) -> AsyncRawOperations:
        """Every operation, returning a `RawResponse` (status, headers, correlation id, rate
        limit) whose `parse()` gives what the operation returns."""
        return AsyncRawOperations(self)

    async def _send(self, call: Call[Any], extra: dict[str, Any] | None) -> httpx.Response:
        self._check_open()
        kwargs = self._request_kwargs(call, extra)
        try:
            return await self.http_client.request(**kwargs)
        except httpx.TransportError as exc:
            raise call.failed(exc) from exc
        except httpx.DecodingError as exc:
            raise call.undecodable(exc) from exc
        except UnicodeEncodeError as exc:
            raise call.unencodable(exc) from None
        except UnknownOutcomeError as exc:
            call.in_doubt(exc)
            raise

    async def _run(self, call: Call[T], extra: dict[str, Any] | None = None) -> T:
        started = time.perf_counter()
        response = await self._send(call, extra)
        try:
            if self._sink is None:
                return call.answer(response, self._is_idempotent)
            return _recorded(self._sink, call, response, self._is_idempotent, started)
        except Resend:  # an idempotent write whose answer could not be read
            return await self._run(call.resend(), extra)

    async def _run_batch(self, plan: BatchPlan[T], extra: dict[str, Any] | None) -> BatchResult[T]:
        self._check_open()
        send = self._run
        answers = await run_chunks_async(
            plan.chunks,
            lambda c: send(plan.call(c), extra),
            self._max_concurrency,
            writes=plan.writes,
        )
        return plan.finish(answers)

    @call_options
    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> RawResponse[Any]:
        """One request to any HubSpot API path (`"/crm/v3/owners"`, joined to `base_url`),
        through the same auth, retry, pacing, breaker and typed errors as every operation.

        `params` are query parameters, `json` the request body. Returns the `RawResponse`;
        its `parse()` gives the decoded JSON body (None when empty). An error status raises
        its `ApiError`; a 5xx to a POST that may have been applied, `UnknownOutcomeError`.
        """
        extra = self._extra(headers, timeout, deadline)
        call = plan_request(method, path, params=params, json=json, refused_params=self._key_params)
        started = time.perf_counter()
        response = await self._send(call, extra)
        _give_elapsed(response, started)
        return RawResponse([response], call.answer(response, self._is_idempotent))

    # --- single records --------------------------------------------------------------------

    @call_options
    async def create(
        self,
        properties: Mapping[str, Any] | Any,
        *,
        associations: Iterable[Any] | None = None,
        associate: AssociateTo | None = None,
        dedupe_on: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> RecordT:
        """Create one record.

        `properties` is a dict of property values (or a generated input model, whose own
        associations are used unless `associations` is given); `associations` as HubSpot
        takes them: `[{"to": {"id": "101"}, "types": [{"associationCategory":
        "HUBSPOT_DEFINED", "associationTypeId": 200}]}]`; `associate` links the new record
        to others by their default association type: `{"contacts": ["101"], "deals": ["7"]}`
        (an association type may be the key instead of an object type).

        `dedupe_on` names a unique property whose value `properties` carries: the create is
        sent as an upsert on it, so it is safe to resend and is retried after any failure:
        never a duplicate, and in doubt (UnknownOutcomeError) only once the retries ran out,
        when sending it again is safe. A record that already has that value is updated
        instead (`.new` says which). An upsert takes no links: with `dedupe_on`, neither
        `associations` nor `associate` (RequestValidationError); link the record afterwards.
        """
        extra = self._extra(headers, timeout, deadline)
        return await self._run(
            self._ops.create(
                properties, associations=associations, associate=associate, dedupe_on=dedupe_on
            ),
            extra,
        )

    @call_options
    async def get(
        self,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        id_property: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> RecordT:
        """Read one record by id, or by a unique property's value named by `id_property`.

        `properties` to read (default: HubSpot's defaults), `properties_with_history`,
        `associations` (object types whose linked ids to include), `archived` to read a
        record in the recycle bin.
        """
        extra = self._extra(headers, timeout, deadline)
        return await self._run(
            self._ops.get(
                object_id,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
                id_property=id_property,
            ),
            extra,
        )

    @call_options
    async def update(
        self,
        object_id: str,
        properties: Mapping[str, Any] | Any,
        *,
        id_property: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> RecordT:
        """Change some properties of one record (`""` clears a value); `id_property` names
        a unique property whose value `object_id` is."""
        extra = self._extra(headers, timeout, deadline)
        return await self._run(
            self._ops.update(object_id, properties, id_property=id_property), extra
        )

    @call_options
    async def archive(
        self,
        object_id: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> None:
        """Move one record to the recycle bin (HubSpot answers 204 even for unknown ids)."""
        extra = self._extra(headers, timeout, deadline)
        await self._run(self._ops.archive(object_id), extra)

    @call_options
    async def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Page[RecordT]:
        """One page of records (`limit` up to 100); pass `page.next_after` as `after` for
        the next one. What to read as for `get`."""
        extra = self._extra(headers, timeout, deadline)
        return await self._run(
            self._ops.list_page(
                limit=limit,
                after=after,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
            ),
            extra,
        )

    @call_options
    async def search(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        sorts: Sequence[Any] | None = None,
        query: str | None = None,
        properties: Iterable[str] | None = None,
        limit: int | None = None,
        after: str | int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> SearchPage[RecordT]:
        """One page of search results (`.results`, `.total`, `.next_after`).

        `filter_groups` are ORed, the filters inside a group ANDed (`[{"filters":
        [{"propertyName": "hs_meeting_outcome", "operator": "EQ", "value": "COMPLETED"}]}]`);
        one sort (`"-hs_timestamp"` or `{"propertyName": ..., "direction": ...}`); `query`
        searches the default text properties; `limit` up to 200; `after` from the last page.
        """
        extra = self._extra(headers, timeout, deadline)
        return await self._run(
            self._ops.search_page(
                filter_groups=filter_groups,
                sorts=sorts,
                query=query,
                properties=properties,
                limit=limit,
                after=after,
            ),
            extra,
        )

    # --- batches: any number of inputs, chunked to HubSpot's limits ---------------------------

    @call_options
    async def batch_create(
        self,
        inputs: Iterable[Any],
        *,
        chunk_size: int | None = None,
        dedupe_on: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[RecordT]:
        """Create many records (`{"properties": {...}, "associations": [...]}` each, or
        `"associate": {"contacts": ["101"]}` as for `create`), 100 per request; every input
        ends up in `results`, `errors` or `unknown`. `dedupe_on`: as for `create`, for every
        input (each must carry that property's value, and none may carry links)."""
        extra = self._extra(headers, timeout, deadline)
        return await self._run_batch(
            batches.batch_create(self._ops, inputs, chunk_size=chunk_size, dedupe_on=dedupe_on),
            extra,
        )

    @call_options
    async def batch_read(
        self,
        ids: Iterable[Any],
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        id_property: str | None = None,
        archived: bool | None = None,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[RecordT]:
        """Read many records by id (or by `id_property`'s values), 100 per request (50 with
        property history)."""
        extra = self._extra(headers, timeout, deadline)
        return await self._run_batch(
            batches.batch_read(
                self._ops,
                ids,
                properties=properties,
                properties_with_history=properties_with_history,
                id_property=id_property,
                archived=archived,
                chunk_size=chunk_size,
            ),
            extra,
        )

    @call_options
    async def batch_update(
        self,
        inputs: Iterable[Any],
        *,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[RecordT]:
        """Update many records (`{"id", "properties", "idProperty"?}` each), 100 per request."""
        extra = self._extra(headers, timeout, deadline)
        return await self._run_batch(
            batches.batch_update(self._ops, inputs, chunk_size=chunk_size), extra
        )

    @call_options
    async def batch_upsert(
        self,
        inputs: Iterable[Any],
        *,
        id_property: str | None = None,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[RecordT]:
        """Create or update by a unique property (`{"id": <value>, "properties"}` each);
        `id_property` names that property for inputs without their own `idProperty`."""
        extra = self._extra(headers, timeout, deadline)
        return await self._run_batch(
            batches.batch_upsert(self._ops, inputs, id_property=id_property, chunk_size=chunk_size),
            extra,
        )

    @call_options
    async def batch_archive(
        self,
        ids: Iterable[Any],
        *,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[str]:
        """Archive many records by id; `results` holds the archived ids."""
        extra = self._extra(headers, timeout, deadline)
        return await self._run_batch(
            batches.batch_archive(self._ops, ids, chunk_size=chunk_size), extra
        )

    # --- lazy paging: `async for` over these ----------------------------------------------------

    @call_options
    def iter_pages(
        self,
        *,
        after: str | None = None,
        page_size: int | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> AsyncIterator[Page[RecordT]]:
        """Every page of `list`, lazily; resume from a saved `page.next_after` with `after`.
        `page_size` defaults to 100 (50 with `properties_with_history`). The options apply to
        each page's request (`deadline` too)."""
        start, params = list_params(
            after=after,
            page_size=page_size,
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
        )
        options = self._call_options(headers, timeout, deadline)
        ops = self._ops

        async def fetch(cursor: str | None) -> Page[RecordT]:
            return await self._run(
                ops.list_page(after=cursor, **params), self._send_kwargs(options)
            )

        return aiter_pages(fetch, start)

    @call_options
    def list_all(
        self,
        *,
        page_size: int | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> AsyncIterator[RecordT]:
        """Every record, lazily, one page in memory at a time (the options apply to each page's
        request)."""
        return aiter_items(
            self.iter_pages(
                page_size=page_size,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
                headers=headers,
                timeout=timeout,
                deadline=deadline,
            )
        )

    @call_options
    def search_all(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        query: str | None = None,
        sorts: Sequence[Any] | None = None,
        properties: Iterable[str] | None = None,
        page_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> AsyncIterator[RecordT]:
        """Every match, past HubSpot's 10,000-result window, in hs_object_id order unless
        `sorts` says otherwise (then more than 10,000 matches raise SearchWindowError). The
        options apply to each page's request."""
        plan = SearchAllPlan(
            filter_groups=filter_groups,
            query=query,
            sorts=sorts,
            properties=properties,
            page_size=page_size,
        )
        options = self._call_options(headers, timeout, deadline)
        ops = self._ops

        async def fetch(request: SearchRequest) -> SearchPage[RecordT]:
            return await self._run(ops.search_page(**request.kwargs()), self._send_kwargs(options))

        return asearch_all(fetch, plan)

    # --- associations (v4): links from this client's records to records of any type ----------

    @call_options
    async def associate(
        self,
        object_id: str,
        to_object_type: str,
        to_object_id: str,
        *,
        label: AssociationLabel | Iterable[AssociationLabel] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Association:
        """Link one record to another (`to_object_type` as HubSpot names it: "contacts",
        "contact" or "0-1"): HubSpot's default association type, or the association types
        `label` names, which then replace the labels between the two. Linking twice is linking
        once."""
        extra = self._extra(headers, timeout, deadline)
        links = self._links()
        return await self._run(
            links.associate(
                self.binding.object_type, object_id, to_object_type, to_object_id, label
            ),
            extra,
        )

    @call_options
    async def unassociate(
        self,
        object_id: str,
        to_object_type: str,
        to_object_id: str,
        *,
        label: AssociationLabel | Iterable[AssociationLabel] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Association:
        """Remove the link between two records (every association type between them), or
        only the labels `label` names. Unlinking records that are not linked does nothing."""
        extra = self._extra(headers, timeout, deadline)
        links = self._links()
        return await self._run(
            links.unassociate(
                self.binding.object_type, object_id, to_object_type, to_object_id, label
            ),
            extra,
        )

    @call_options
    def associations(
        self,
        object_id: str,
        to_object_type: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> AsyncIterator[Association]:
        """Every record of `to_object_type` this record links to, lazily, 500 per request,
        each with the association types between the two. The options apply to each page's
        request."""
        options = self._call_options(headers, timeout, deadline)
        fetch = self._links().pages(self.binding.object_type, object_id, to_object_type)

        async def page(cursor: str | None) -> LinksPage:
            return await self._run(fetch(cursor), self._send_kwargs(options))

        return aiter_items(aiter_pages(page))

    @call_options
    async def batch_associate(
        self,
        pairs: Iterable[Any],
        *,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[Association]:
        """Link many pairs, 2,000 per request: `(object_id, to_object_type, to_object_id)`, with
        a fourth item `label` for labelled links (or mappings with the keys from_id, to_type,
        to_id, label). Every pair ends up in `results`, `errors` or `unknown`; linking twice is
        linking once, so pairs in `unknown` can be sent again."""
        extra = self._extra(headers, timeout, deadline)
        plan = self._links().batch_associate(self.binding.object_type, pairs, chunk_size=chunk_size)
        return await self._run_batch(plan, extra)

    @call_options
    async def batch_unassociate(
        self,
        pairs: Iterable[Any],
        *,
        chunk_size: int | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> BatchResult[Association]:
        """Unlink many pairs, given as for `batch_associate` (or as the `Association`s that
        `associations` yields), 2,000 per request; with a `label`, only those labels go."""
        extra = self._extra(headers, timeout, deadline)
        plan = self._links().batch_unassociate(
            self.binding.object_type, pairs, chunk_size=chunk_size
        )
        return await self._run_batch(plan, extra)

    def _linked(
        self,
        object_type: str,
        object_id: str,
        properties: Iterable[str] | None,
        options: RequestOptions,
    ) -> AsyncIterator[RecordT]:
        """This client's records linked to one record of `object_type` (the meetings client's
        `meetings_for`); `options` apply to each request (a page of links, a batch read)."""
        plan = LinkedRecords(
            self._links(),
            self._ops,
            object_type_=object_type,
            object_id=object_id,
            properties=properties,
        )
        return aiter_linked(
            lambda call: self._run(call, self._send_kwargs(options)),
            lambda read: self._run_batch(read, self._send_kwargs(options)),
            plan,
        )

    async def _linked_many(
        self,
        object_type: str,
        ids: Iterable[str],
        properties: Iterable[str] | None,
        extra: dict[str, Any] | None,
    ) -> dict[str, builtins.list[RecordT]]:
        """This client's records linked to each of many records of `object_type`."""
        plan = LinkedRecordsMany(
            self._links(), self._ops, object_type_=object_type, ids=ids, properties=properties
        )
        while (links := plan.next_links()) is not None:
            plan.accept_links(await self._run_batch(links, extra))
        if (read := plan.read()) is not None:
            plan.accept_records(await self._run_batch(read, extra))
        return plan.result()


class AsyncRawOperations(_RawView):
    """`client.with_raw_response`: each operation of an async client, returning a
    `RawResponse` whose `parse()` gives the operation's result; the paging operations yield
    one per page."""

    __slots__ = ()
    client: AsyncObjectClient[Any]

    create = araw_call(AsyncObjectClient.create)
    get = araw_call(AsyncObjectClient.get)
    update = araw_call(AsyncObjectClient.update)
    archive = araw_call(AsyncObjectClient.archive)
    list = araw_call(AsyncObjectClient.list)
    search = araw_call(AsyncObjectClient.search)
    batch_create = araw_call(AsyncObjectClient.batch_create)
    batch_read = araw_call(AsyncObjectClient.batch_read)
    batch_update = araw_call(AsyncObjectClient.batch_update)
    batch_upsert = araw_call(AsyncObjectClient.batch_upsert)
    batch_archive = araw_call(AsyncObjectClient.batch_archive)
    iter_pages = araw_pages(AsyncObjectClient.iter_pages, Page)
    list_all = araw_pages(AsyncObjectClient.list_all, Page)
    search_all = araw_pages(AsyncObjectClient.search_all, SearchPage)
    associate = araw_call(AsyncObjectClient.associate)
    unassociate = araw_call(AsyncObjectClient.unassociate)
    associations = araw_pages(AsyncObjectClient.associations, LinksPage)
    batch_associate = araw_call(AsyncObjectClient.batch_associate)
    batch_unassociate = araw_call(AsyncObjectClient.batch_unassociate)
