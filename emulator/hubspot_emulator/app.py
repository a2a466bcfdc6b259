"""The Emulator: one ``handle(request) -> response`` entry point for every front end.

Order of a CRM request, as on HubSpot: route -> authentication (401) -> rate limit (429) ->
400 for an object type it cannot resolve -> 404/405 for unknown operations and methods -> 400
for a body over the size limit -> the operation (object or association). Every front end (the
in-process transport, the socket server) goes through ``handle``, so each answers alike; a
client's mistake never ends in an exception or a 500. A 404 body is JSON, or the HTML page /
empty body HubSpot has also sent (``EmulatorConfig.not_found_body``). Injected faults replace or
decorate the answer (see faults.py). One RLock serialises requests: handlers are quick and the
store needs no finer locking.
"""

from __future__ import annotations

import importlib
import itertools
import json
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import httpx

from . import computed
from .association_handlers import AssociationOperations
from .association_types import object_type_name
from .associations import AssociationStore
from .auth import AuthService, Principal
from .catalog import ObjectType, build_catalog
from .config import DEFAULT_TOKEN, EmulatorConfig
from .errors import ErrorReply, error_body, unknown_object_type, validation_error
from .faults import CUT_BODY, ConnectionDropped, Fault, Faults
from .handlers import ObjectOperations, Reply
from .ratelimit import RateLimiter, rate_limit_body
from .routes import Route, route_request
from .store import ObjectStore
from .transport import EmulatorTransport
from .values import coerce_properties, iso_instant

__all__ = ["Emulator", "RequestRecord"]

_JSON = "application/json;charset=utf-8"
_CLOUDFLARE_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
# Jetty's error page, as HubSpot sent it for a missing record (HubSpot/hubspot-api-nodejs#240).
_HTML_404 = (
    b"<html>\n<head>\n"
    b'<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n'
    b"<title>Error 404 Not Found</title>\n</head>\n"
    b"<body><h2>HTTP ERROR 404</h2>\n<p>Resource not found</p>\n</body>\n</html>\n"
)
_STATUS_FAULT_TEXT = {
    500: ("INTERNAL_ERROR", "internal error"),
    502: ("BAD_GATEWAY", "Bad Gateway: the request took too long to process"),
    503: ("SERVICE_UNAVAILABLE", "Service Unavailable"),
    504: ("GATEWAY_TIMEOUT", "Gateway Timeout: the request took too long to process"),
}


@attrs.frozen
class RequestRecord:
    """One handled request. ``status`` is None when the connection was dropped; ``policy`` names
    the rate-limit policy of a 429; ``fault`` the injected fault's label."""

    method: str
    path: str
    status: int | None
    policy: str | None = None
    fault: str | None = None
    object_type: str | None = None
    operation: str | None = None


@attrs.define
class _Outcome:
    status: int
    body: Any | None
    headers: dict[str, str] = attrs.Factory(dict)
    policy: str | None = None
    object_type: str | None = None
    operation: str | None = None
    raw: bytes | None = None  # a non-JSON body (Cloudflare HTML)


def _is_gzip(request: httpx.Request) -> bool:
    encoding: str = request.headers.get("content-encoding", "")
    return encoding.strip().lower() == "gzip"


def _gunzip(body: bytes, limit: int) -> bytes:
    """The decoded body, stopping one byte past ``limit`` (so a gzip bomb is just "too large");
    the body as sent when it is not gzip, which then fails as JSON with HubSpot's 400."""
    decoder = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        decoded = decoder.decompress(body, limit + 1)
    except zlib.error:
        return body
    # A stream cut short is as undecodable as garbage.
    return decoded if decoder.eof or len(decoded) > limit else body


class Emulator:
    """An in-process HubSpot CRM objects v3 API (engagements and the records they link to) with
    the v4 associations API.

    ``clock`` returns seconds since the epoch (default ``time.time``); inject a fake one to
    drive rate-limit windows and token expiry without sleeping.
    """

    def __init__(
        self, config: EmulatorConfig | None = None, clock: Callable[[], float] | None = None
    ) -> None:
        self.config = config if config is not None else EmulatorConfig()
        self._clock: Callable[[], float] = clock if clock is not None else time.time
        self._lock = threading.RLock()
        self._catalog = build_catalog(self.config)
        self._ids = itertools.count(self.config.first_id)
        self._stores: dict[str, ObjectStore] = {}
        for otype in self._catalog.values():
            if otype.name not in self._stores:
                self._stores[otype.name] = ObjectStore(otype, self._next_id, self._lock)
        self._associations = AssociationStore(self._stores, self.config)
        self.auth = AuthService(self.config, self._clock)
        self.rate_limiter = RateLimiter(self.config, self._clock)
        self.faults = Faults()
        self._requests: list[RequestRecord] = []

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={s.count()}" for n, s in self._stores.items())
        return f"Emulator({counts}, requests={len(self._requests)})"

    def _next_id(self) -> str:
        # Engagement ids share one sequence, as on HubSpot.
        return str(next(self._ids))

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    # ================================================================= test & setup helpers
    @property
    def requests(self) -> list[RequestRecord]:
        """The request log (live list; ``emu.requests.clear()`` is fine)."""
        return self._requests

    @property
    def token_requests(self) -> int:
        """How many requests reached the OAuth token endpoint."""
        return self.auth.token_requests

    def store(self, object_type: str = "meetings") -> ObjectStore:
        otype = self._catalog.get(object_type)
        if otype is None:
            raise ValueError(
                f"unknown object type {object_type!r}; expected one of {sorted(self._stores)}"
            )
        return self._stores[otype.name]

    def object_type(self, object_type: str = "meetings") -> ObjectType:
        return self.store(object_type).object_type

    def seed(self, object_type: str, properties: Iterable[Mapping[str, Any]]) -> list[str]:
        """Create records without HTTP (validated like a create; an engagement's hs_timestamp
        defaults to now). Returns the new ids in order."""
        store = self.store(object_type)
        otype = store.object_type
        ids: list[str] = []
        with self._lock:
            now_ms = self._now_ms()
            for i, raw in enumerate(properties):
                props, problems = coerce_properties(
                    otype, raw, where=f"seed[{i}]", max_chars=self.config.max_property_value_chars
                )
                if problems:
                    detail = "; ".join(f"{p.name}: {p.message}" for p in problems)
                    raise ValueError(f"seed[{i}] for {otype.name}: {detail}")
                if otype.requires_timestamp and not props.get("hs_timestamp"):
                    fallback = otype.timestamp_fallback
                    props["hs_timestamp"] = (
                        props[fallback] if fallback and props.get(fallback) else iso_instant(now_ms)
                    )
                for name in otype.unique_properties:
                    value = props.get(name)
                    if value and store.unique_owner(name, value) is not None:
                        raise ValueError(f"seed[{i}]: duplicate unique {name}={value!r}")
                props.update(computed.on_create(otype, props, self.config, now_ms))
                ids.append(store.insert(props, now_ms).id)
        return ids

    def reset(self) -> None:
        """Empty every store, the request log and the rate-limit counters (faults stay)."""
        with self._lock:
            for s in self._stores.values():
                s.reset()
            self._associations.reset()
            self._requests.clear()
            self.rate_limiter.reset()

    def issue_refresh_token(
        self, client_id: str = "emulator-client-id", scopes: Iterable[str] | None = None
    ) -> str:
        with self._lock:
            return self.auth.issue_refresh_token(
                client_id, tuple(scopes) if scopes is not None else None
            )

    def issue_access_token(
        self, client_id: str = "emulator-client-id", ttl: float | None = None
    ) -> str:
        with self._lock:
            return self.auth.issue_access_token(client_id, ttl)

    def revoke_refresh_token(self, token: str) -> None:
        with self._lock:
            self.auth.revoke_refresh_token(token)

    @property
    def token(self) -> str:
        """A private-app token this emulator accepts (the default one when configured)."""
        tokens = self.config.private_app_tokens
        return DEFAULT_TOKEN if DEFAULT_TOKEN in tokens else min(tokens, default=DEFAULT_TOKEN)

    def transport(self) -> EmulatorTransport:
        """An httpx transport (sync and async) that answers from this emulator in-process."""
        return EmulatorTransport(self)

    def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        certfile: str | None = None,
        keyfile: str | None = None,
        client_ca: str | None = None,
    ) -> Any:
        """Serve over a real socket (see server.py); a context manager with ``.url``."""
        try:
            server = importlib.import_module(f"{__package__}.server")
        except ImportError as exc:
            raise NotImplementedError(
                "the socket server (hubspot_emulator.server) is not available"
            ) from exc
        return server.serve(
            self, host=host, port=port, certfile=certfile, keyfile=keyfile, client_ca=client_ca
        )

    # ================================================================= request handling
    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request. Raises ConnectionDropped for an injected dropped connection."""
        try:
            body = request.content
        except httpx.RequestNotRead:
            body = request.read()
        if self.config.decode_gzip_requests and _is_gzip(request):
            body = _gunzip(body, self.config.max_request_body_bytes)
        with self._lock:
            return self._handle(request, body)

    def _handle(self, request: httpx.Request, body: bytes) -> httpx.Response:
        method = request.method.upper()
        path = request.url.path
        correlation_id = str(uuid.uuid4())
        fault = self.faults.pick(method, path)
        label = fault.label() if fault is not None else None

        if fault is not None and fault.kind == "drop":
            self._requests.append(RequestRecord(method, path, None, fault=label))
            raise ConnectionDropped(applied=False)
        if fault is not None and fault.kind == "status":
            outcome = self._status_fault(fault)
        else:
            outcome = self._dispatch(method, path, request, body, fault)

        response = self._respond(request, outcome, correlation_id)
        self._requests.append(
            RequestRecord(
                method,
                path,
                None if fault is not None and fault.kind == "ambiguous" else outcome.status,
                policy=outcome.policy,
                fault=label,
                object_type=outcome.object_type,
                operation=outcome.operation,
            )
        )
        if fault is None:
            return response
        return self._decorate(request, response, fault)

    def _status_fault(self, fault: Fault) -> _Outcome:
        code = fault.status_code or 500
        html = fault.html if fault.html is not None else self.config.html_502
        if code == 502 and html:
            return _Outcome(
                502,
                None,
                {"Content-Type": "text/html", "Server": "cloudflare"},
                raw=_CLOUDFLARE_502,
            )
        category, message = _STATUS_FAULT_TEXT.get(code, ("INTERNAL_ERROR", "internal error"))
        return _Outcome(code, error_body(message, category))

    def _decorate(
        self, request: httpx.Request, response: httpx.Response, fault: Fault
    ) -> httpx.Response:
        if fault.kind == "ambiguous":
            # Only a request that succeeded changed anything; a refused one did not.
            raise ConnectionDropped(applied=response.status_code < 400)
        if fault.kind == "slow":
            response.extensions["emulator_delay"] = fault.seconds
            return response
        if fault.kind == "cut_body":
            # The front end (transport or socket server) breaks the body off as it delivers it.
            response.extensions[CUT_BODY] = True
            return response
        content = response.content
        if fault.kind == "malformed_json":
            content = b'{"status":"COMPLETE","results":[{"id":,}' + b"\x00<html>"
        elif fault.kind == "truncated_json":
            content = content[: len(content) // 2] if len(content) > 1 else b"{"
        headers = httpx.Headers(response.headers)
        headers["Content-Length"] = str(len(content))
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=content,
            request=request,
            extensions=dict(response.extensions),
        )

    def _respond(
        self, request: httpx.Request, outcome: _Outcome, correlation_id: str
    ) -> httpx.Response:
        headers = {"X-HubSpot-Correlation-Id": correlation_id, **outcome.headers}
        if outcome.status == 404 and self.config.not_found_body == "html":
            outcome.raw = _HTML_404
            headers["Content-Type"] = "text/html;charset=utf-8"
        elif outcome.status == 404 and self.config.not_found_body == "empty":
            outcome.raw = b""
        if outcome.raw is not None:
            content = outcome.raw
        elif outcome.body is None:
            content = b""
        else:
            payload = outcome.body
            if isinstance(payload, dict) and "correlationId" in payload:
                payload["correlationId"] = correlation_id
            content = json.dumps(payload, separators=(",", ":")).encode()
            headers.setdefault("Content-Type", _JSON)
        return httpx.Response(outcome.status, headers=headers, content=content, request=request)

    def _dispatch(
        self,
        method: str,
        path: str,
        request: httpx.Request,
        body: bytes,
        fault: Fault | None,
    ) -> _Outcome:
        route = route_request(method, path)
        if route.kind == "unknown":
            assert route.error is not None
            return _Outcome(route.error.status, route.error.body, route.error.headers)
        if route.kind == "oauth":
            if route.error is not None:
                return _Outcome(route.error.status, route.error.body, route.error.headers)
            query = {k: v for k, v in request.url.params.items()}
            token_reply = self.auth.token_endpoint(body, query, route.version)
            return _Outcome(token_reply.status, token_reply.body, operation="oauth_token")

        if route.kind == "association":
            from_type = object_type_name(route.type_token)
            otype = self._stores[from_type].object_type if from_type in self._stores else None
        else:
            otype = self._catalog.get(route.type_token)
        outcome = _Outcome(
            0, None, object_type=otype.name if otype else None, operation=route.operation
        )
        try:
            principal = self.auth.authenticate(
                request.headers.get("Authorization"), request.url.params.get("hapikey")
            )
        except ErrorReply as exc:
            outcome.status, outcome.body, outcome.headers = exc.status, exc.body, exc.headers
            return outcome

        is_search = route.operation == "search" and route.error is None
        limited = self._rate_limit(principal, is_search, fault, outcome)
        if limited:
            return outcome
        try:
            if otype is None:
                raise unknown_object_type(route.type_token)
            if route.error is not None:
                raise route.error
            limit = self.config.max_request_body_bytes
            if len(body) > limit:
                raise validation_error(
                    f"The request body is over {limit} bytes; send fewer inputs or shorter values"
                )
            reply = self._operate(otype, route, request, body)
            outcome.status, outcome.body = reply.status, reply.body
        except ErrorReply as exc:
            outcome.status, outcome.body = exc.status, exc.body
            outcome.headers.update(exc.headers)
        return outcome

    def _rate_limit(
        self, principal: Principal, is_search: bool, fault: Fault | None, outcome: _Outcome
    ) -> bool:
        """Admit the request (filling rate-limit headers) or fill ``outcome`` with a 429."""
        limiter = self.rate_limiter
        if fault is not None and fault.kind == "rate_limit":
            policy = fault.policy or "TEN_SECONDLY_ROLLING"
            headers = {} if policy == "SECONDLY" else self._exhausted_headers(principal, policy)
        else:
            decision = limiter.admit_search() if is_search else limiter.admit(principal)
            if not is_search:
                outcome.headers.update(decision.headers)
            if decision.allowed:
                return False
            policy = decision.policy or "TEN_SECONDLY_ROLLING"
            headers = decision.headers if not is_search else {}
        outcome.status = 429
        outcome.body = rate_limit_body(policy, limiter.group_name(principal, policy))
        outcome.headers = dict(headers)
        if self.config.retry_after_seconds is not None:
            outcome.headers["Retry-After"] = f"{self.config.retry_after_seconds:g}"
        outcome.policy = policy
        return True

    def _exhausted_headers(self, principal: Principal, policy: str) -> dict[str, str]:
        limit = (
            self.config.oauth_ten_second_limit
            if principal.kind == "oauth" and self.config.oauth_ten_second_limit is not None
            else self.config.ten_second_limit
        )
        headers = {
            "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
            "X-HubSpot-RateLimit-Max": str(limit),
            "X-HubSpot-RateLimit-Remaining": "0" if policy == "TEN_SECONDLY_ROLLING" else "1",
        }
        if principal.kind != "oauth":
            headers["X-HubSpot-RateLimit-Daily"] = str(self.config.daily_limit)
            headers["X-HubSpot-RateLimit-Daily-Remaining"] = "0" if policy == "DAILY" else "1"
        return headers

    def _operate(
        self, otype: ObjectType, route: Route, request: httpx.Request, body: bytes
    ) -> Reply:
        context: dict[str, Any] = {
            "store": self._stores[otype.name],
            "config": self.config,
            "now_ms": self._now_ms(),
            "path": request.url.path,
            "query": request.url.params,
            "body": body,
            "version": route.version,
            "associations": self._associations,
        }
        if route.kind == "association":
            to_type = object_type_name(route.to_type_token)
            if to_type is None:
                raise unknown_object_type(route.to_type_token)
            assoc = AssociationOperations(
                to_type=to_type, record_id=route.record_id, to_id=route.to_id, **context
            )
            association_op: Callable[[], Reply] = getattr(assoc, route.operation)
            return association_op()
        ops = ObjectOperations(**context)
        op = route.operation
        if op in ("get", "update", "archive"):
            single: Callable[[str], Reply] = getattr(ops, op)
            return single(route.record_id)
        handler: Callable[[], Reply] = getattr(ops, "get_page" if op == "list" else op)
        return handler()
