"""What the clients return: records, pages and merged batch results.

The record and page types are thin typed wrappers over HubSpot's response bodies.

Every wrapper keeps the raw JSON (`raw`, the parsed body itself, not a copy) and offers the
generated attrs model (`model`), built from `raw` on first access: most callers never look at
it, and building it costs more than everything else in parsing a page. `properties` is always a
plain dict, whatever the parse mode.

The records of a page are read lazily: a record parsed from a list, search or batch read page
holds only its JSON, and each field (`id`, `properties`, `created_at`...) is checked and
converted when first read, then kept. A 100-record page then costs little more than its JSON,
and a caller pays only for the fields it reads. A record built by its constructor (or
`from_raw`) has every field set from the start; the two kinds are indistinguishable otherwise.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, Literal, Protocol

import attrs
import httpx
from typing_extensions import TypeVar

from ._exceptions import HubSpotError, shareable_response

__all__ = [
    "AssociateTo",
    "Association",
    "AssociationLabel",
    "AssociationSpec",
    "BatchError",
    "BatchResult",
    "CrmObject",
    "Page",
    "PageLike",
    "RateLimit",
    "RawResponse",
    "RecordT",
    "ResponseInfo",
    "SearchPage",
    "SearchPageLike",
    "Status",
    "parse_datetime",
    "rate_limit_header",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_STR_OR_NONE = frozenset({str, type(None)})


def parse_datetime(value: object) -> datetime.datetime | None:
    """HubSpot's ISO-8601 timestamp (`2026-03-15T08:00:00.000Z`), or None when absent/garbled."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None


def str_dict(value: object) -> dict[str, str | None]:
    """A copy of a property dict; values that are not strings are made strings (None kept)."""
    if not isinstance(value, Mapping):
        return {}
    # A JSON object of strings (the usual case) is copied in C, without a per-value loop.
    if type(value) is dict and _STR_OR_NONE.issuperset(map(type, value.values())):
        return dict(value)
    return {str(k): (v if v is None or isinstance(v, str) else str(v)) for k, v in value.items()}


def history_dict(value: object) -> dict[str, list[dict[str, Any]]]:
    """`propertiesWithHistory` as {property: [entry dict, ...]}, malformed parts left out."""
    history: dict[str, list[dict[str, Any]]] = {}
    if isinstance(value, Mapping):
        for name, entries in value.items():
            if isinstance(entries, list):
                history[str(name)] = [dict(e) for e in entries if isinstance(e, Mapping)]
    return history


def associations_dict(value: object) -> dict[str, list[dict[str, Any]]]:
    """`associations` as {type: [{"id": ..., "type": ...}, ...]}, malformed parts left out."""
    associations: dict[str, list[dict[str, Any]]] = {}
    if isinstance(value, Mapping):
        for name, coll in value.items():
            results = coll.get("results") if isinstance(coll, Mapping) else None
            if isinstance(results, list):
                associations[str(name)] = [dict(r) for r in results if isinstance(r, Mapping)]
    return associations


class LazyModel:
    """The `model` property of the wrappers: the generated model of `raw`, built once, when
    first asked for; None when `raw` does not fit it (lenient parsing of a malformed body)."""

    __slots__ = ()
    raw: dict[str, Any]
    _model: Any
    _model_cls: type[Any] | None

    @property
    def model(self) -> Any:
        model_cls = self._model_cls
        if model_cls is None:
            return self._model
        try:
            model = model_cls.from_dict(self.raw)
        except Exception:  # the generated parser raises KeyError/TypeError/ValueError...
            model = None
        # Model first, then the class: a racing thread either finds this model or builds an
        # equal one. Frozen attrs classes are set through object.__setattr__.
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_model_cls", None)
        return model


def _raw_dict(raw: Mapping[str, Any]) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else dict(raw)


class LazyFields(Protocol):
    """How a lazily parsed record reads a field it was created without (see `_plan.parsing`)."""

    def field(self, raw: dict[str, Any], name: str) -> Any:
        """The value of field `name` read from `raw`; AttributeError for a name that is not
        a field, ResponseValidationError for a malformed value when parsing strictly."""

    def check(self, raw: dict[str, Any]) -> None:
        """Raise ResponseValidationError naming the first malformed part of `raw` (strict
        parsing only; a no-op when lenient)."""


@attrs.frozen
class CrmObject(LazyModel):
    """One CRM record (a meeting, for the meetings client).

    `model` is the generated attrs model of `raw` (e.g. `SimplePublicObject`), built on first
    access when the object was parsed with its model class (`model_cls`).
    """

    id: str
    properties: dict[str, str | None]
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    archived: bool | None = None
    archived_at: datetime.datetime | None = None
    # {property: [{"value": ..., "timestamp": ..., "sourceType": ...}, ...]}
    properties_with_history: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict)
    # {"contacts": [{"id": "101", "type": "meeting_event_to_contact"}, ...]}
    associations: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict)
    object_write_trace_id: str | None = None
    new: bool | None = None  # upsert only: whether the record was created
    url: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    _model: Any = attrs.field(default=None, repr=False, eq=False)
    _model_cls: type[Any] | None = attrs.field(default=None, repr=False, eq=False)
    # Set only on a record parsed lazily (`parsing._lazy_records`): how to read its unset fields.
    _lazy: LazyFields | None = attrs.field(default=None, init=False, repr=False, eq=False)

    def __getattr__(self, name: str) -> Any:
        # Python calls this only when normal lookup fails: for a lazily parsed record, that is
        # a field slot not read yet. The value is read from `raw` once, then kept in its slot.
        if name == "_lazy" or name.startswith("__"):
            raise AttributeError(name)
        lazy = self._lazy
        if lazy is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = lazy.field(self.raw, name)
        object.__setattr__(self, name, value)
        return value

    @property
    def model(self) -> Any:
        # A strictly parsed lazy record is checked as a whole before its model is built, so a
        # malformed one raises ResponseValidationError naming the field instead of giving None.
        lazy = self._lazy
        if lazy is not None and self._model_cls is not None:
            lazy.check(self.raw)
        return LazyModel.model.__get__(self)

    @classmethod
    def from_raw(
        cls, raw: Mapping[str, Any], model: Any = None, *, model_cls: type[Any] | None = None
    ) -> CrmObject:
        """Build leniently from a response dict: malformed fields become None, `raw` keeps them.

        Give `model` (a generated model already built) or `model_cls` (its class, to build
        `model` from `raw` on first access)."""
        get = raw.get
        archived = get("archived")
        new = get("new")
        trace = get("objectWriteTraceId")
        url = get("url")
        history = get("propertiesWithHistory")
        assoc = get("associations")
        return cls(
            id=str(get("id", "")),
            properties=str_dict(get("properties")),
            created_at=parse_datetime(get("createdAt")),
            updated_at=parse_datetime(get("updatedAt")),
            archived=archived if isinstance(archived, bool) else None,
            archived_at=parse_datetime(get("archivedAt")),
            properties_with_history={} if history is None else history_dict(history),
            associations={} if assoc is None else associations_dict(assoc),
            object_write_trace_id=trace if isinstance(trace, str) else None,
            new=new if isinstance(new, bool) else None,
            url=url if isinstance(url, str) else None,
            raw=_raw_dict(raw),
            model=model,
            model_cls=None if model is not None else model_cls,
        )


class PageLike(Protocol[T_co]):
    """One page of a list: what ``ObjectClient.list`` returns."""

    @property
    def results(self) -> Sequence[T_co]: ...

    @property
    def next_after(self) -> str | None: ...


class SearchPageLike(PageLike[T_co], Protocol[T_co]):
    """One page of a search: also carries the total number of matches."""

    @property
    def total(self) -> int | None: ...


# The record type a client returns: CrmObject, or a subclass such as the meetings client's
# Meeting. The default keeps plain `Page` / `ObjectClient` meaning "of CrmObject".
RecordT = TypeVar("RecordT", bound=CrmObject, default=CrmObject)


@attrs.frozen
class Page(LazyModel, Generic[RecordT]):
    """One page of a list call; pass `next_after` as `after` for the next page (None: last)."""

    results: list[RecordT]
    next_after: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    _model: Any = attrs.field(default=None, repr=False, eq=False)
    _model_cls: type[Any] | None = attrs.field(default=None, repr=False, eq=False)


@attrs.frozen
class SearchPage(LazyModel, Generic[RecordT]):
    """One page of a search; `total` counts every match, not just this page."""

    results: list[RecordT]
    total: int | None = None
    next_after: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    _model: Any = attrs.field(default=None, repr=False, eq=False)
    _model_cls: type[Any] | None = attrs.field(default=None, repr=False, eq=False)


def next_after(raw: Mapping[str, Any]) -> str | None:
    paging = raw.get("paging")
    nxt = paging.get("next") if isinstance(paging, Mapping) else None
    after = nxt.get("after") if isinstance(nxt, Mapping) else None
    if isinstance(after, str | int) and not isinstance(after, bool):
        return str(after)
    return None


Status = Literal["COMPLETE", "PARTIAL", "FAILED"]


@attrs.frozen
class BatchError:
    """One failure tied to the inputs it concerns (`input_indexes` count from 0 in the batch)."""

    inputs: list[Any]
    input_indexes: list[int]
    error: HubSpotError | dict[str, Any]
    category: str | None
    message: str


@attrs.frozen
class BatchResult(Generic[T_co]):
    """The merged outcome of a batch call.

    `status` is COMPLETE when every input succeeded, FAILED when none did, none is in doubt
    and no result came back, PARTIAL otherwise. `unknown` holds inputs whose write may or may
    not have been applied (`unknown_errors` says why); they are neither failed nor done.
    """

    results: list[T_co]
    errors: list[BatchError]
    status: Status
    total: int
    requests: int
    unknown: list[Any] = attrs.field(factory=list)
    unknown_errors: list[BatchError] = attrs.field(factory=list)

    @property
    def failed_indexes(self) -> list[int]:
        return sorted(i for err in self.errors for i in err.input_indexes)

    @property
    def failed_inputs(self) -> list[Any]:
        return [inp for err in self.errors for inp in err.inputs]

    @property
    def unknown_indexes(self) -> list[int]:
        return sorted(i for err in self.unknown_errors for i in err.input_indexes)

    @property
    def ok(self) -> bool:
        return self.status == "COMPLETE"


def rate_limit_header(headers: httpx.Headers, name: str) -> int | None:
    """A count from one of HubSpot's `X-HubSpot-RateLimit-*` headers (all are whole numbers);
    None when absent, malformed or negative."""
    raw = headers.get(name)
    try:
        value = int(raw) if raw is not None else None
    except ValueError:
        return None
    return value if value is not None and value >= 0 else None


@attrs.frozen
class RateLimit:
    """HubSpot's rate-limit figures (its `X-HubSpot-RateLimit-*` headers); None where unknown.

    `limit` requests per `interval` seconds (the rolling window), `remaining` of them left;
    `daily_limit` / `daily_remaining` for the day (private apps); `secondly_limit` /
    `secondly_remaining` where HubSpot sends them. On `client.rate_limit`, `limit`,
    `remaining` and `interval` are what the client's pacer believes (its own sends since
    counted) and `updated_at` is the client's clock (`time.monotonic()` unless a test clock
    is set) when HubSpot's headers last calibrated it; on a response it is None.
    """

    limit: int | None = None
    remaining: int | None = None
    interval: float | None = None
    daily_limit: int | None = None
    daily_remaining: int | None = None
    secondly_limit: int | None = None
    secondly_remaining: int | None = None
    updated_at: float | None = None

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> RateLimit:
        interval_ms = rate_limit_header(headers, "x-hubspot-ratelimit-interval-milliseconds")
        return cls(
            limit=rate_limit_header(headers, "x-hubspot-ratelimit-max"),
            remaining=rate_limit_header(headers, "x-hubspot-ratelimit-remaining"),
            interval=interval_ms / 1000.0 if interval_ms else None,
            daily_limit=rate_limit_header(headers, "x-hubspot-ratelimit-daily"),
            daily_remaining=rate_limit_header(headers, "x-hubspot-ratelimit-daily-remaining"),
            secondly_limit=rate_limit_header(headers, "x-hubspot-ratelimit-secondly"),
            secondly_remaining=rate_limit_header(headers, "x-hubspot-ratelimit-secondly-remaining"),
        )


class ResponseInfo:
    """One HTTP response HubSpot sent: status, headers and what they say.

    `http_response` is the `httpx.Response` itself (its body already read). Its `request`
    carries the credentials: log the fields here, not the request.
    """

    __slots__ = ("http_response",)

    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_version(self) -> str:
        """`HTTP/1.1` or `HTTP/2`."""
        return self.http_response.http_version

    @property
    def elapsed(self) -> datetime.timedelta:
        """From sending the request to reading the response (this attempt only)."""
        return self.http_response.elapsed

    @property
    def correlation_id(self) -> str | None:
        """HubSpot's `X-HubSpot-Correlation-Id`: quote it to HubSpot support."""
        value: str | None = self.http_response.headers.get("x-hubspot-correlation-id")
        return value

    @property
    def rate_limit(self) -> RateLimit:
        """The `X-HubSpot-RateLimit-*` values of this response."""
        return RateLimit.from_headers(self.http_response.headers)

    def __repr__(self) -> str:
        # No headers and no request: the request's carry the credentials.
        return (
            f"{type(self).__name__}(status_code={self.status_code}, "
            f"correlation_id={self.correlation_id!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The live response links to the sent request, its Authorization header and any extra
        # header of the caller's: a pickled copy keeps the response and a bare request only.
        return (_restored_info, (_detached(self.http_response),))


class RawResponse(ResponseInfo, Generic[T]):
    """What a call returned, with the HTTP response(s) behind it.

    The status, headers and the rest describe the call's last response; `responses` holds
    every response the call received (one per request: each chunk of a batch, in the order
    they arrived; a retried request counts once, by its final answer). `parse()` returns what
    the call without `with_raw_response` returns: errors were raised as they would be.
    """

    __slots__ = ("_parsed", "responses")

    def __init__(self, responses: Sequence[httpx.Response], parsed: T) -> None:
        super().__init__(responses[-1])
        self.responses = [ResponseInfo(r) for r in responses]
        self._parsed = parsed

    def parse(self) -> T:
        """The call's result: a `CrmObject`, `Page`, `BatchResult`, ... or the decoded JSON
        of `client.request`."""
        return self._parsed

    def __reduce__(self) -> tuple[Any, ...]:
        detached = [_detached(info.http_response) for info in self.responses]
        return (_restored_raw, (detached, self._parsed))


Detached = tuple[httpx.Response, str, datetime.timedelta | None]


def _detached(response: httpx.Response) -> Detached:
    """What of a response may leave the process (see `shareable_response`), with the two
    facts httpx does not pickle: the HTTP version and the time it took."""
    try:
        elapsed: datetime.timedelta | None = response.elapsed
    except RuntimeError:
        elapsed = None
    return shareable_response(response), response.http_version, elapsed


def _reattached(detached: Detached) -> httpx.Response:
    response, http_version, elapsed = detached
    response.extensions["http_version"] = http_version.encode("ascii")
    if elapsed is not None:
        response.elapsed = elapsed
    return response


def _restored_info(detached: Detached) -> ResponseInfo:
    return ResponseInfo(_reattached(detached))


def _restored_raw(detached: list[Detached], parsed: Any) -> RawResponse[Any]:
    return RawResponse([_reattached(d) for d in detached], parsed)


@attrs.frozen
class AssociationSpec:
    """One association type, as HubSpot names it: a category and a type id.

    Accepted wherever the clients take an association type: in `associations=` of `create`,
    as `label=`, as a key of `associate=`; so are HubSpot's own shape
    (`{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}`) and a bare
    HUBSPOT_DEFINED type id. Two specs are equal when HubSpot treats them as one type (same
    category and id): the direction (`from_type`, `to_type`) and `label`, when known, only
    describe it, and a direction given is checked against the call it is used in.
    """

    type_id: int
    category: str = "HUBSPOT_DEFINED"
    from_type: str | None = attrs.field(default=None, kw_only=True, eq=False)
    to_type: str | None = attrs.field(default=None, kw_only=True, eq=False)
    label: str | None = attrs.field(default=None, kw_only=True, eq=False)

    def to_dict(self) -> dict[str, Any]:
        """HubSpot's AssociationSpec JSON (what a request body carries)."""
        return {"associationCategory": self.category, "associationTypeId": self.type_id}


@attrs.frozen
class Association:
    """One link between two records, seen from `from_type` `from_id`: the record it links to
    (`to_type`, `to_id`) and the association types between them (HubSpot's unlabeled default,
    and any labels)."""

    from_type: str
    from_id: str
    to_type: str
    to_id: str
    types: tuple[AssociationSpec, ...] = ()

    @property
    def labels(self) -> list[str]:
        """The labels among `types` (the unlabeled default has none)."""
        return [t.label for t in self.types if t.label]


# An association type as the clients take it: an AssociationSpec, HubSpot's JSON shape
# (`{"associationCategory": ..., "associationTypeId": ...}`), or a HUBSPOT_DEFINED type id.
AssociationLabel = AssociationSpec | Mapping[str, Any] | int
# `associate=`: record ids to link to, keyed by object type (its default association type) or
# by association type.
AssociateTo = (
    Mapping[str, Iterable[str | int]]
    | Mapping[AssociationSpec, Iterable[str | int]]
    | Mapping[str | AssociationSpec, Iterable[str | int]]
)
