"""Object-agnostic CRUD, batch and search over one generated HubSpot object client.

`ObjectClient` / `AsyncObjectClient` serve any CRM object whose generated package is bound
through `_generated.bind` (meetings, calls, notes...): nothing here names an object type.

Each operation is planned by a plain method that does no I/O (`_plan_*`: check the arguments,
build the request with the generated `_get_kwargs`, pick the parser) and run by a sync or async
shell that only sends and awaits. Responses with status >= 400 become typed errors before any
generated parser sees them (the generated `_build_response` calls `HTTPStatus(status)`, which
crashes on Cloudflare's 52x), so the generated code is used to build requests and models, and
sending is ours.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, Generic, Self, TypeVar

import attrs
import httpx

from . import paging
from ._generated import ObjectBinding
from ._logging import describe_request, logger
from .batching import (
    BatchResult,
    Chunk,
    ChunkAnswer,
    chunked,
    merge,
    run_chunks,
    run_chunks_async,
)
from .errors import (
    ConfigurationError,
    HubSpotError,
    RequestValidationError,
    ResponseValidationError,
    UnknownOutcomeError,
    raise_for_response,
)
from .http import HttpSettings, build_async_client, build_sync_client
from .models import CrmObject, Page, SearchPage
from .settings import (
    CircuitBreakerConfig,
    Compression,
    PacingConfig,
    RetryConfig,
    default_is_idempotent,
)
from .transports.errors import translate_exception
from .validation import (
    BATCH_LIMIT,
    HISTORY_BATCH_LIMIT,
    LIST_LIMIT,
    PropertyRule,
    check_associations,
    check_batch_size,
    check_id,
    check_limit,
    check_names,
    check_properties,
    check_search,
    parse_batch,
    parse_object,
    parse_page,
    parse_search_page,
    to_plain,
)

__all__ = ["AsyncObjectClient", "ObjectClient"]

T = TypeVar("T")
_TRACE_PREFIX = "hsm-"


@attrs.frozen
class _Call(Generic[T]):
    """One planned request: the generated request kwargs and how to read the answer."""

    kwargs: dict[str, Any]
    parse: Callable[[httpx.Response], T]
    inputs: object = None  # attached to UnknownOutcomeError so the caller can check and resend
    # A write whose 2xx body cannot be read was applied, but what came of it is lost: that is
    # reported as an unknown outcome, not as a failure the caller might retry blindly.
    writes: bool = False


@attrs.frozen
class _BatchPlan(Generic[T]):
    op: str
    chunks: list[Chunk]
    call: Callable[[Chunk], _Call[ChunkAnswer[T]]]
    writes: bool
    result_key: Callable[[T], str | None] | None = None


class _RawBody:
    """A request body sent exactly as given (validation=False): the generated `_get_kwargs`
    only calls `to_dict()` on its body."""

    def __init__(self, body: dict[str, Any]) -> None:
        self._body = body

    def to_dict(self) -> dict[str, Any]:
        return self._body


def _split_input(value: Any) -> tuple[Any, Any]:
    """(properties, associations) from a property dict, or from a generated input model
    (`SimplePublicObjectInputForCreate`, `SimplePublicObjectInput`, or a properties model)."""
    if isinstance(value, Mapping) or not callable(getattr(value, "to_dict", None)):
        return value, None
    plain = value.to_dict()
    if isinstance(plain, dict) and isinstance(plain.get("properties"), Mapping):
        return dict(plain["properties"]), plain.get("associations")
    return plain, None


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError) as exc:
        snippet = response.text[:80] if response.content else ""
        raise ResponseValidationError("$", f"the body is not JSON ({snippet!r})") from exc


def _listify(value: Iterable[Any] | None, path: str) -> list[Any]:
    if value is None:
        raise RequestValidationError(path, "expected an iterable of inputs, got None")
    if isinstance(value, str | bytes | Mapping):
        raise RequestValidationError(
            path, f"expected an iterable of inputs, got {type(value).__name__}"
        )
    try:
        return list(value)
    except TypeError:
        raise RequestValidationError(
            path, f"expected an iterable of inputs, got {type(value).__name__}"
        ) from None


class _ObjectCore:
    """Settings, request planning and response parsing shared by the sync and async clients."""

    _binding: ObjectBinding
    _base_url: str
    _rules: tuple[PropertyRule, ...] = ()

    def _init_core(
        self,
        binding: ObjectBinding,
        *,
        validation: bool,
        rules: Sequence[PropertyRule],
        max_concurrency: int,
        http_client: object,
        transport_settings: dict[str, Any],
    ) -> HttpSettings | None:
        if not isinstance(validation, bool):
            raise ConfigurationError("validation", f"must be True or False, got {validation!r}")
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
            raise ConfigurationError(
                "max_concurrency", f"must be an integer >= 1, got {max_concurrency!r}"
            )
        if max_concurrency < 1:
            raise ConfigurationError(
                "max_concurrency", f"must be an integer >= 1, got {max_concurrency!r}"
            )
        self._binding = binding
        self._validation = validation
        self._rules = tuple(rules)
        self._max_concurrency = max_concurrency
        if http_client is not None:
            if transport_settings:
                raise ConfigurationError(
                    "http_client",
                    "a ready-made httpx client ignores transport settings; drop "
                    + ", ".join(sorted(transport_settings)),
                )
            return None
        return HttpSettings(**transport_settings)

    def __repr__(self) -> str:
        # The auth object is left out on purpose: reprs never carry credentials.
        base_url = self._base_url
        return f"{type(self).__name__}(object_type={self._binding.object_type!r}, {base_url=!r})"

    def _finish_batch(
        self, plan: _BatchPlan[T], answers: Sequence[ChunkAnswer[T] | HubSpotError]
    ) -> BatchResult[T]:
        result = merge(plan.chunks, answers, writes=plan.writes, result_key=plan.result_key)
        logger.info(
            "%s %s: %d inputs in %d requests, %s (%d failed, %d unknown outcome)",
            self._binding.object_type,
            plan.op,
            result.total,
            result.requests,
            result.status,
            len(result.failed_indexes),
            len(result.unknown),
        )
        return result

    # --- planning: argument checks and request building, no I/O ------------------------

    @property
    def binding(self) -> ObjectBinding:
        return self._binding

    @property
    def max_concurrency(self) -> int:
        return self._max_concurrency

    def _body(self, role: str, body: dict[str, Any]) -> Any:
        if not self._validation:
            return _RawBody(body)
        try:
            return self._binding.model(role).from_dict(body)
        except (KeyError, TypeError, ValueError) as exc:
            raise RequestValidationError(role, f"{type(exc).__name__}: {exc}") from exc

    def _opt(self, value: Any) -> Any:
        return self._binding.unset if value is None else value

    def _names(self, value: Iterable[str] | None, path: str) -> Any:
        if value is None:
            return self._binding.unset
        if not self._validation:
            return list(value)
        return check_names(value, path)

    def _id(self, value: object, path: str) -> str:
        return check_id(value, path) if self._validation else str(value)

    def _props(self, value: object, path: str, *, creating: bool = False) -> dict[str, Any]:
        if not self._validation:
            return dict(value) if isinstance(value, Mapping) else value  # type: ignore[return-value]
        return check_properties(value, path, self._rules, creating=creating)

    def _parse_object(self, role: str) -> Callable[[httpx.Response], CrmObject]:
        model = self._binding.model(role)
        strict = self._validation
        return lambda response: parse_object(_json(response), model, strict=strict)

    def _plan_create(self, properties: Any, associations: Iterable[Any] | None) -> _Call[CrmObject]:
        properties, in_model = _split_input(properties)
        if associations is None:
            associations = in_model
        body: dict[str, Any] = {"properties": self._props(properties, "properties", creating=True)}
        if associations is not None:
            body["associations"] = (
                check_associations(associations, "associations")
                if self._validation
                else list(associations)
            )
        kwargs = self._binding.op("create")._get_kwargs(body=self._body("create_input", body))
        return _Call(kwargs, self._parse_object("object"), inputs=body, writes=True)

    def _plan_get(
        self,
        object_id: str,
        *,
        properties: Iterable[str] | None,
        properties_with_history: Iterable[str] | None,
        associations: Iterable[str] | None,
        archived: bool | None,
        id_property: str | None,
    ) -> _Call[CrmObject]:
        kwargs = self._binding.op("get_by_id")._get_kwargs(
            self._id(object_id, "object_id"),
            archived=self._opt(archived),
            associations=self._names(associations, "associations"),
            id_property=self._opt(id_property),
            properties=self._names(properties, "properties"),
            properties_with_history=self._names(properties_with_history, "properties_with_history"),
        )
        return _Call(kwargs, self._parse_object("object_with_associations"))

    def _plan_update(
        self, object_id: str, properties: Any, id_property: str | None
    ) -> _Call[CrmObject]:
        properties, _ = _split_input(properties)
        body = {"properties": self._props(properties, "properties")}
        kwargs = self._binding.op("update")._get_kwargs(
            self._id(object_id, "object_id"),
            body=self._body("update_input", body),
            id_property=self._opt(id_property),
        )
        return _Call(kwargs, self._parse_object("object"), inputs=body, writes=True)

    def _plan_archive(self, object_id: str) -> _Call[None]:
        kwargs = self._binding.op("archive")._get_kwargs(self._id(object_id, "object_id"))
        return _Call(kwargs, lambda _response: None)

    def _plan_list_page(
        self,
        *,
        limit: int | None,
        after: str | None,
        properties: Iterable[str] | None,
        properties_with_history: Iterable[str] | None,
        associations: Iterable[str] | None,
        archived: bool | None,
    ) -> _Call[Page]:
        if self._validation and limit is not None:
            check_limit(limit, "limit", LIST_LIMIT)
        kwargs = self._binding.op("get_page")._get_kwargs(
            after=self._opt(after),
            archived=self._opt(archived),
            associations=self._names(associations, "associations"),
            limit=self._opt(limit),
            properties=self._names(properties, "properties"),
            properties_with_history=self._names(properties_with_history, "properties_with_history"),
        )
        page_cls = self._binding.model("page")
        item_cls = self._binding.model("object_with_associations")
        strict = self._validation
        return _Call(kwargs, lambda r: parse_page(_json(r), page_cls, item_cls, strict=strict))

    def _plan_search_page(
        self,
        *,
        filter_groups: Sequence[Any] | None,
        sorts: Sequence[Any] | None,
        query: str | None,
        properties: Iterable[str] | None,
        limit: int | None,
        after: str | int | None,
    ) -> _Call[SearchPage]:
        if self._validation:
            body = check_search(
                filter_groups=filter_groups,
                sorts=sorts,
                query=query,
                properties=properties,
                limit=limit,
                after=after,
            )
        else:
            given = {
                "filterGroups": filter_groups,
                "sorts": sorts,
                "query": query,
                "properties": None if properties is None else list(properties),
                "limit": limit,
                "after": None if after is None else str(after),
            }
            body = {k: v for k, v in given.items() if v is not None}
        kwargs = self._binding.op("search")._get_kwargs(body=self._body("search_request", body))
        page_cls = self._binding.model("search_page")
        item_cls = self._binding.model("object")
        strict = self._validation
        return _Call(
            kwargs, lambda r: parse_search_page(_json(r), page_cls, item_cls, strict=strict)
        )

    # --- batch planning --------------------------------------------------------------------

    def _chunk_size(self, chunk_size: int | None, maximum: int) -> int:
        if chunk_size is None:
            return maximum
        if self._validation:
            return check_batch_size(chunk_size, "chunk_size", maximum)
        return chunk_size

    def _batch_call(
        self,
        op: str,
        input_role: str,
        response_role: str,
        item_role: str,
        extra: dict[str, Any] | None = None,
        query: dict[str, Any] | None = None,
        *,
        writes: bool = True,
    ) -> Callable[[Chunk], _Call[ChunkAnswer[CrmObject]]]:
        module = self._binding.op(op)
        response_cls = self._binding.model(response_role)
        item_cls = self._binding.model(item_role)
        strict = self._validation

        def parse(response: httpx.Response) -> ChunkAnswer[CrmObject]:
            parsed = parse_batch(_json(response), response_cls, item_cls, strict=strict)
            return ChunkAnswer(parsed.results, parsed.errors)

        def call(chunk: Chunk) -> _Call[ChunkAnswer[CrmObject]]:
            body = {"inputs": chunk.payload, **(extra or {})}
            kwargs = module._get_kwargs(body=self._body(input_role, body), **(query or {}))
            return _Call(kwargs, parse, inputs=chunk.originals, writes=writes)

        return call

    def _trace_ids(self, inputs: list[dict[str, Any]]) -> list[str]:
        """Give every input an objectWriteTraceId so HubSpot reports failures per input
        (a 207) instead of failing the whole request; callers' own ids are kept."""
        seen: set[str] = set()
        ids: list[str] = []
        for i, body in enumerate(inputs):
            trace = body.get("objectWriteTraceId")
            if trace is None:
                trace = f"{_TRACE_PREFIX}{i}"
                body["objectWriteTraceId"] = trace
            trace = str(trace)
            if self._validation and trace in seen:
                raise RequestValidationError(
                    f"inputs[{i}].objectWriteTraceId", f"duplicate trace id {trace!r}"
                )
            seen.add(trace)
            ids.append(trace)
        return ids

    def _plan_batch_create(
        self, inputs: Iterable[Any], chunk_size: int | None
    ) -> _BatchPlan[CrmObject]:
        size = self._chunk_size(chunk_size, BATCH_LIMIT)
        originals = _listify(inputs, "inputs")
        bodies: list[dict[str, Any]] = []
        for i, item in enumerate(originals):
            where = f"inputs[{i}]"
            body = to_plain(item, where)
            if self._validation:
                if "properties" not in body:
                    raise RequestValidationError(where, "expected {'properties': {...}}")
                body["properties"] = check_properties(
                    body["properties"], f"{where}.properties", self._rules, creating=True
                )
                if body.get("associations") is not None:
                    body["associations"] = check_associations(
                        body["associations"], f"{where}.associations"
                    )
            bodies.append(body)
        traces = self._trace_ids(bodies)
        chunks = chunked(zip(originals, bodies, ((t,) for t in traces), strict=True), size)
        call = self._batch_call("batch_create", "batch_create_input", "batch_response", "object")
        return _BatchPlan("batch_create", chunks, call, writes=True)

    def _plan_batch_read(
        self,
        ids: Iterable[Any],
        *,
        properties: Iterable[str] | None,
        properties_with_history: Iterable[str] | None,
        id_property: str | None,
        archived: bool | None,
        chunk_size: int | None,
    ) -> _BatchPlan[CrmObject]:
        if properties_with_history is not None:
            properties_with_history = list(properties_with_history)
        history = bool(properties_with_history)
        size = self._chunk_size(chunk_size, HISTORY_BATCH_LIMIT if history else BATCH_LIMIT)
        originals = _listify(ids, "ids")
        bodies: list[dict[str, Any]] = []
        keys: list[tuple[str, ...]] = []
        for i, item in enumerate(originals):
            raw_id = item
            if not isinstance(item, str | int):
                raw_id = to_plain(item, f"ids[{i}]").get("id")
            obj_id = self._id(raw_id, f"ids[{i}]")
            bodies.append({"id": obj_id})
            keys.append((obj_id,))
        extra: dict[str, Any] = {}
        if properties is not None:
            extra["properties"] = (
                check_names(properties, "properties") if self._validation else list(properties)
            )
        if properties_with_history is not None:
            extra["propertiesWithHistory"] = (
                check_names(properties_with_history, "properties_with_history")
                if self._validation
                else list(properties_with_history)
            )
        if id_property is not None:
            extra["idProperty"] = id_property
        query = {"archived": archived} if archived is not None else None
        chunks = chunked(zip(originals, bodies, keys, strict=True), size)
        call = self._batch_call(
            "batch_read", "batch_read_input", "batch_response", "object", extra, query, writes=False
        )

        def result_key(obj: CrmObject) -> str | None:
            if id_property is not None:
                return obj.properties.get(id_property)
            return obj.id

        return _BatchPlan("batch_read", chunks, call, writes=False, result_key=result_key)

    def _plan_batch_update(
        self, inputs: Iterable[Any], chunk_size: int | None
    ) -> _BatchPlan[CrmObject]:
        size = self._chunk_size(chunk_size, BATCH_LIMIT)
        originals = _listify(inputs, "inputs")
        bodies: list[dict[str, Any]] = []
        for i, item in enumerate(originals):
            where = f"inputs[{i}]"
            body = to_plain(item, where)
            if self._validation:
                body["id"] = check_id(body.get("id"), f"{where}.id")
                body["properties"] = check_properties(
                    body.get("properties"), f"{where}.properties", self._rules
                )
            bodies.append(body)
        traces = self._trace_ids(bodies)
        keys = [(t, str(b.get("id"))) for t, b in zip(traces, bodies, strict=True)]
        chunks = chunked(zip(originals, bodies, keys, strict=True), size)
        call = self._batch_call("batch_update", "batch_update_input", "batch_response", "object")

        def result_key(obj: CrmObject) -> str | None:
            return obj.id

        by_id = all("idProperty" not in b for b in bodies)
        return _BatchPlan(
            "batch_update", chunks, call, writes=True, result_key=result_key if by_id else None
        )

    def _plan_batch_upsert(
        self, inputs: Iterable[Any], id_property: str | None, chunk_size: int | None
    ) -> _BatchPlan[CrmObject]:
        size = self._chunk_size(chunk_size, BATCH_LIMIT)
        originals = _listify(inputs, "inputs")
        bodies: list[dict[str, Any]] = []
        for i, item in enumerate(originals):
            where = f"inputs[{i}]"
            body = to_plain(item, where)
            if id_property is not None:
                body.setdefault("idProperty", id_property)
            if self._validation:
                body["id"] = check_id(body.get("id"), f"{where}.id")
                prop = body.get("idProperty")
                if not isinstance(prop, str) or not prop:
                    raise RequestValidationError(
                        f"{where}.idProperty",
                        "upsert needs a unique property: pass id_property= or idProperty",
                    )
                body["properties"] = check_properties(
                    body.get("properties"), f"{where}.properties", self._rules
                )
            bodies.append(body)
        traces = self._trace_ids(bodies)
        chunks = chunked(zip(originals, bodies, ((t,) for t in traces), strict=True), size)
        call = self._batch_call(
            "batch_upsert", "batch_upsert_input", "batch_upsert_response", "upsert_object"
        )
        return _BatchPlan("batch_upsert", chunks, call, writes=True)

    def _plan_batch_archive(self, ids: Iterable[Any], chunk_size: int | None) -> _BatchPlan[str]:
        size = self._chunk_size(chunk_size, BATCH_LIMIT)
        originals = _listify(ids, "ids")
        bodies: list[dict[str, Any]] = []
        keys: list[tuple[str, ...]] = []
        for i, item in enumerate(originals):
            raw_id = item
            if not isinstance(item, str | int):
                raw_id = to_plain(item, f"ids[{i}]").get("id")
            obj_id = self._id(raw_id, f"ids[{i}]")
            bodies.append({"id": obj_id})
            keys.append((obj_id,))
        chunks = chunked(zip(originals, bodies, keys, strict=True), size)
        module = self._binding.op("batch_archive")

        def call(chunk: Chunk) -> _Call[ChunkAnswer[str]]:
            kwargs = module._get_kwargs(
                body=self._body("batch_archive_input", {"inputs": chunk.payload})
            )
            # 204 and no body: every id in the chunk was archived.
            done = [str(p["id"]) for p in chunk.payload]
            return _Call(kwargs, lambda _r: ChunkAnswer(done), inputs=chunk.originals, writes=True)

        return _BatchPlan("batch_archive", chunks, call, writes=True)


def _translate(kwargs: dict[str, Any], exc: httpx.TransportError) -> HubSpotError:
    # A caller's own httpx client has no ErrorTransport: translate here as well.
    try:
        request = exc.request
    except RuntimeError:
        request = httpx.Request(str(kwargs.get("method", "GET")).upper(), str(kwargs.get("url")))
    return translate_exception(request, exc, default_is_idempotent)


def _attach_inputs(exc: UnknownOutcomeError, inputs: object) -> None:
    if exc.inputs is None:
        exc.inputs = inputs


def _unreadable_write(
    call: _Call[Any], response: httpx.Response, exc: ResponseValidationError
) -> UnknownOutcomeError:
    request = response.request
    return UnknownOutcomeError(
        f"{describe_request(request)}: HubSpot answered {response.status_code} but its body "
        f"could not be read ({exc}); the write was applied and its result is lost",
        request_method=request.method,
        request_url=str(request.url),
        inputs=call.inputs,
        response=response,
    )


_SETTING_NAMES = (
    "base_url",
    "auth",
    "http_version",
    "timeout",
    "retry",
    "circuit_breaker",
    "pacing",
    "verify",
    "cert",
    "proxy",
    "compression",
    "user_agent",
    "transport",
    "limits",
    "api_version",
    "clock",
    "sleep",
    "async_sleep",
)
_UNGIVEN: Any = object()


def _given(*values: Any) -> dict[str, Any]:
    """The transport settings the caller actually passed (the rest keep HttpSettings' defaults)."""
    return {
        name: value
        for name, value in zip(_SETTING_NAMES, values, strict=True)
        if value is not _UNGIVEN
    }


class ObjectClient(_ObjectCore):
    """CRUD, batch and search for one CRM object type, over `httpx.Client`.

    Transport settings (`auth`, `http_version`, `timeout`, `retry`, `circuit_breaker`, `pacing`,
    `verify`, `cert`, `proxy`, `compression`, `user_agent`, `transport`, `limits`) build the
    client's own httpx stack (see `http.HttpSettings`). Passing `http_client` instead uses that
    client as it is: none of the transport settings (nor retry, pacing or breaker) are applied,
    so giving both is refused; its `base_url` and auth are the caller's business, and it is not
    closed by `close()`. `clock`, `sleep` and `async_sleep` replace real time (for tests).
    """

    def __init__(
        self,
        binding: ObjectBinding,
        *,
        auth: httpx.Auth | None = _UNGIVEN,
        base_url: str = _UNGIVEN,
        http_version: str = _UNGIVEN,
        timeout: float | httpx.Timeout = _UNGIVEN,
        retry: RetryConfig | None = _UNGIVEN,
        circuit_breaker: CircuitBreakerConfig | None = _UNGIVEN,
        pacing: PacingConfig | None = _UNGIVEN,
        verify: Any = _UNGIVEN,
        cert: Any = _UNGIVEN,
        proxy: str | httpx.Proxy | None = _UNGIVEN,
        compression: Compression = _UNGIVEN,
        user_agent: str | None = _UNGIVEN,
        transport: httpx.BaseTransport | None = _UNGIVEN,
        limits: httpx.Limits | None = _UNGIVEN,
        api_version: str | None = _UNGIVEN,
        clock: Callable[[], float] = _UNGIVEN,
        sleep: Callable[[float], None] = _UNGIVEN,
        async_sleep: Callable[[float], Awaitable[None]] = _UNGIVEN,
        http_client: httpx.Client | None = None,
        validation: bool = True,
        rules: Sequence[PropertyRule] = (),
        max_concurrency: int = 4,
    ) -> None:
        settings = _given(
            base_url,
            auth,
            http_version,
            timeout,
            retry,
            circuit_breaker,
            pacing,
            verify,
            cert,
            proxy,
            compression,
            user_agent,
            transport,
            limits,
            api_version,
            clock,
            sleep,
            async_sleep,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise ConfigurationError(
                "http_client", f"must be an httpx.Client, got {type(http_client).__name__}"
            )
        http_settings = self._init_core(
            binding,
            validation=validation,
            rules=rules,
            max_concurrency=max_concurrency,
            http_client=http_client,
            transport_settings=settings,
        )
        self.settings = http_settings
        self._owns_client = http_client is None
        client = http_client if http_client is not None else build_sync_client(http_settings)  # type: ignore[arg-type]
        self._base_url = str(client.base_url)
        # The generated client's own token header is fixed at build time; ours is an httpx.Auth.
        self._gen = binding.client_class(base_url=self._base_url, token="")
        self._gen.set_httpx_client(client)

    @property
    def http_client(self) -> httpx.Client:
        client: httpx.Client = self._gen.get_httpx_client()
        return client

    def close(self) -> None:
        if self._owns_client:
            self.http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the shell: send, raise typed errors, parse ------------------------------------

    def _send(self, kwargs: dict[str, Any]) -> httpx.Response:
        try:
            response = self.http_client.request(**kwargs)
        except httpx.TransportError as exc:
            raise _translate(kwargs, exc) from exc
        raise_for_response(response)
        return response

    def _run(self, call: _Call[T]) -> T:
        try:
            response = self._send(call.kwargs)
        except UnknownOutcomeError as exc:
            _attach_inputs(exc, call.inputs)
            raise
        try:
            return call.parse(response)
        except ResponseValidationError as exc:
            if call.writes:
                raise _unreadable_write(call, response, exc) from exc
            raise

    def _run_batch(self, plan: _BatchPlan[T]) -> BatchResult[T]:
        answers = run_chunks(
            plan.chunks, lambda chunk: self._run(plan.call(chunk)), self._max_concurrency
        )
        return self._finish_batch(plan, answers)

    # --- operations ----------------------------------------------------------------------

    def create(
        self, properties: Mapping[str, Any] | Any, *, associations: Iterable[Any] | None = None
    ) -> CrmObject:
        """Create one record from a property dict (or a generated input model, whose own
        associations are used unless `associations` is given); `associations` as HubSpot takes
        them ({to: {id}, types: [...]})."""
        return self._run(self._plan_create(properties, associations))

    def get(
        self,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        id_property: str | None = None,
    ) -> CrmObject:
        """Read one record by id (or by a unique property's value with `id_property`)."""
        return self._run(
            self._plan_get(
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
    ) -> CrmObject:
        """Change some properties of one record ('' clears a value)."""
        return self._run(self._plan_update(object_id, properties, id_property))

    def archive(self, object_id: str) -> None:
        """Move one record to the recycle bin (HubSpot answers 204 even for unknown ids)."""
        self._run(self._plan_archive(object_id))

    def _list_page(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Page:
        return self._run(
            self._plan_list_page(
                limit=limit,
                after=after,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
            )
        )

    def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Page:
        """One page of records; pass `page.next_after` as `after` for the next one."""
        return self._list_page(
            limit=limit,
            after=after,
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
        )

    def _search_page(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        sorts: Sequence[Any] | None = None,
        query: str | None = None,
        properties: Iterable[str] | None = None,
        limit: int | None = None,
        after: str | int | None = None,
    ) -> SearchPage:
        return self._run(
            self._plan_search_page(
                filter_groups=filter_groups,
                sorts=sorts,
                query=query,
                properties=properties,
                limit=limit,
                after=after,
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
    ) -> SearchPage:
        """One page of search results (`.results`, `.total`, `.next_after`)."""
        return self._search_page(
            filter_groups=filter_groups,
            sorts=sorts,
            query=query,
            properties=properties,
            limit=limit,
            after=after,
        )

    def batch_create(
        self, inputs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[CrmObject]:
        """Create many records ({properties, associations?} each), 100 per request."""
        return self._run_batch(self._plan_batch_create(inputs, chunk_size))

    def batch_read(
        self,
        ids: Iterable[Any],
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        id_property: str | None = None,
        archived: bool | None = None,
        chunk_size: int | None = None,
    ) -> BatchResult[CrmObject]:
        """Read many records by id, 100 per request (50 with property history)."""
        return self._run_batch(
            self._plan_batch_read(
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
    ) -> BatchResult[CrmObject]:
        """Update many records ({id, properties, idProperty?} each), 100 per request."""
        return self._run_batch(self._plan_batch_update(inputs, chunk_size))

    def batch_upsert(
        self,
        inputs: Iterable[Any],
        *,
        id_property: str | None = None,
        chunk_size: int | None = None,
    ) -> BatchResult[CrmObject]:
        """Create or update by a unique property ({id: <value>, properties} each)."""
        return self._run_batch(self._plan_batch_upsert(inputs, id_property, chunk_size))

    def batch_archive(
        self, ids: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[str]:
        """Archive many records by id; `results` holds the archived ids."""
        return self._run_batch(self._plan_batch_archive(ids, chunk_size))

    # --- lazy paging (paging.py): one page in memory at a time --------------------------

    def iter_pages(
        self,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        page_size: int | None = None,
        after: str | None = None,
    ) -> Iterator[Page]:
        """Every page of `list`, lazily; resume from a saved `page.next_after` with `after`.
        `page_size` defaults to 100 (50 with `properties_with_history`)."""
        return paging.list_pages(
            self.list,
            after=after,
            page_size=page_size,
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
        )

    def list_all(
        self,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        page_size: int | None = None,
    ) -> Iterator[CrmObject]:
        """Every record, lazily, one page in memory at a time."""
        pages = self.iter_pages(
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
            page_size=page_size,
        )
        return paging.iter_items(pages)

    def search_all(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        query: str | None = None,
        sorts: Sequence[Any] | None = None,
        properties: Iterable[str] | None = None,
        page_size: int = paging.MAX_SEARCH_PAGE_SIZE,
    ) -> Iterator[CrmObject]:
        """Every match, past HubSpot's 10,000-result cap, in hs_object_id order unless `sorts`
        says otherwise (then more than 10,000 matches raise SearchWindowError); see paging.py."""
        plan = paging.SearchAllPlan(
            filter_groups=filter_groups,
            query=query,
            sorts=sorts,
            properties=properties,
            page_size=page_size,
        )
        return paging.search_all(lambda request: self.search(**request.kwargs()), plan)


class AsyncObjectClient(_ObjectCore):
    """The asyncio twin of `ObjectClient` (same settings, same methods, as coroutines)."""

    def __init__(
        self,
        binding: ObjectBinding,
        *,
        auth: httpx.Auth | None = _UNGIVEN,
        base_url: str = _UNGIVEN,
        http_version: str = _UNGIVEN,
        timeout: float | httpx.Timeout = _UNGIVEN,
        retry: RetryConfig | None = _UNGIVEN,
        circuit_breaker: CircuitBreakerConfig | None = _UNGIVEN,
        pacing: PacingConfig | None = _UNGIVEN,
        verify: Any = _UNGIVEN,
        cert: Any = _UNGIVEN,
        proxy: str | httpx.Proxy | None = _UNGIVEN,
        compression: Compression = _UNGIVEN,
        user_agent: str | None = _UNGIVEN,
        transport: httpx.AsyncBaseTransport | None = _UNGIVEN,
        limits: httpx.Limits | None = _UNGIVEN,
        api_version: str | None = _UNGIVEN,
        clock: Callable[[], float] = _UNGIVEN,
        sleep: Callable[[float], None] = _UNGIVEN,
        async_sleep: Callable[[float], Awaitable[None]] = _UNGIVEN,
        http_client: httpx.AsyncClient | None = None,
        validation: bool = True,
        rules: Sequence[PropertyRule] = (),
        max_concurrency: int = 4,
    ) -> None:
        settings = _given(
            base_url,
            auth,
            http_version,
            timeout,
            retry,
            circuit_breaker,
            pacing,
            verify,
            cert,
            proxy,
            compression,
            user_agent,
            transport,
            limits,
            api_version,
            clock,
            sleep,
            async_sleep,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ConfigurationError(
                "http_client", f"must be an httpx.AsyncClient, got {type(http_client).__name__}"
            )
        http_settings = self._init_core(
            binding,
            validation=validation,
            rules=rules,
            max_concurrency=max_concurrency,
            http_client=http_client,
            transport_settings=settings,
        )
        self.settings = http_settings
        self._owns_client = http_client is None
        client = http_client if http_client is not None else build_async_client(http_settings)  # type: ignore[arg-type]
        self._base_url = str(client.base_url)
        # The generated client's own token header is fixed at build time; ours is an httpx.Auth.
        self._gen = binding.client_class(base_url=self._base_url, token="")
        self._gen.set_async_httpx_client(client)

    @property
    def http_client(self) -> httpx.AsyncClient:
        client: httpx.AsyncClient = self._gen.get_async_httpx_client()
        return client

    async def aclose(self) -> None:
        if self._owns_client:
            await self.http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _send(self, kwargs: dict[str, Any]) -> httpx.Response:
        try:
            response = await self.http_client.request(**kwargs)
        except httpx.TransportError as exc:
            raise _translate(kwargs, exc) from exc
        raise_for_response(response)
        return response

    async def _run(self, call: _Call[T]) -> T:
        try:
            response = await self._send(call.kwargs)
        except UnknownOutcomeError as exc:
            _attach_inputs(exc, call.inputs)
            raise
        try:
            return call.parse(response)
        except ResponseValidationError as exc:
            if call.writes:
                raise _unreadable_write(call, response, exc) from exc
            raise

    async def _run_batch(self, plan: _BatchPlan[T]) -> BatchResult[T]:
        def send(chunk: Chunk) -> Awaitable[ChunkAnswer[T]]:
            return self._run(plan.call(chunk))

        answers = await run_chunks_async(plan.chunks, send, self._max_concurrency)
        return self._finish_batch(plan, answers)

    async def create(
        self, properties: Mapping[str, Any] | Any, *, associations: Iterable[Any] | None = None
    ) -> CrmObject:
        return await self._run(self._plan_create(properties, associations))

    async def get(
        self,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        id_property: str | None = None,
    ) -> CrmObject:
        return await self._run(
            self._plan_get(
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
    ) -> CrmObject:
        return await self._run(self._plan_update(object_id, properties, id_property))

    async def archive(self, object_id: str) -> None:
        await self._run(self._plan_archive(object_id))

    async def _list_page(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Page:
        return await self._run(
            self._plan_list_page(
                limit=limit,
                after=after,
                properties=properties,
                properties_with_history=properties_with_history,
                associations=associations,
                archived=archived,
            )
        )

    async def list(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Page:
        return await self._list_page(
            limit=limit,
            after=after,
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
        )

    async def _search_page(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        sorts: Sequence[Any] | None = None,
        query: str | None = None,
        properties: Iterable[str] | None = None,
        limit: int | None = None,
        after: str | int | None = None,
    ) -> SearchPage:
        return await self._run(
            self._plan_search_page(
                filter_groups=filter_groups,
                sorts=sorts,
                query=query,
                properties=properties,
                limit=limit,
                after=after,
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
    ) -> SearchPage:
        return await self._search_page(
            filter_groups=filter_groups,
            sorts=sorts,
            query=query,
            properties=properties,
            limit=limit,
            after=after,
        )

    async def batch_create(
        self, inputs: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[CrmObject]:
        return await self._run_batch(self._plan_batch_create(inputs, chunk_size))

    async def batch_read(
        self,
        ids: Iterable[Any],
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        id_property: str | None = None,
        archived: bool | None = None,
        chunk_size: int | None = None,
    ) -> BatchResult[CrmObject]:
        return await self._run_batch(
            self._plan_batch_read(
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
    ) -> BatchResult[CrmObject]:
        return await self._run_batch(self._plan_batch_update(inputs, chunk_size))

    async def batch_upsert(
        self,
        inputs: Iterable[Any],
        *,
        id_property: str | None = None,
        chunk_size: int | None = None,
    ) -> BatchResult[CrmObject]:
        return await self._run_batch(self._plan_batch_upsert(inputs, id_property, chunk_size))

    async def batch_archive(
        self, ids: Iterable[Any], *, chunk_size: int | None = None
    ) -> BatchResult[str]:
        return await self._run_batch(self._plan_batch_archive(ids, chunk_size))

    # --- lazy paging (paging.py): `async for` over these ---------------------------------

    def iter_pages(
        self,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        page_size: int | None = None,
        after: str | None = None,
    ) -> AsyncIterator[Page]:
        return paging.alist_pages(
            self.list,
            after=after,
            page_size=page_size,
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
        )

    def list_all(
        self,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[CrmObject]:
        pages = self.iter_pages(
            properties=properties,
            properties_with_history=properties_with_history,
            associations=associations,
            archived=archived,
            page_size=page_size,
        )
        return paging.aiter_items(pages)

    def search_all(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        query: str | None = None,
        sorts: Sequence[Any] | None = None,
        properties: Iterable[str] | None = None,
        page_size: int = paging.MAX_SEARCH_PAGE_SIZE,
    ) -> AsyncIterator[CrmObject]:
        plan = paging.SearchAllPlan(
            filter_groups=filter_groups,
            query=query,
            sorts=sorts,
            properties=properties,
            page_size=page_size,
        )
        return paging.asearch_all(lambda request: self.search(**request.kwargs()), plan)
