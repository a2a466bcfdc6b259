"""Serve an emulator over a real socket: hypercorn in a background thread, HTTP/1.1 and h2 (TLS).

The ASGI adapter turns each request into an ``httpx.Request``, hands it to the emulator's
thread-safe ``handle`` in a worker thread, and writes the ``httpx.Response`` back, so the socket
front end and the in-process transport share one code path.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from types import TracebackType
from typing import Any, Protocol

import httpx

from .faults import CUT_BODY, ConnectionDropped

__all__ = ["EmulatorApp", "RequestHandler", "ServerHandle", "serve"]

logger = logging.getLogger("hubspot_emulator.server")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# Connection-level headers must not be forwarded: h2 forbids them and hypercorn frames h1 itself.
_HOP_BY_HOP = frozenset(
    {b"connection", b"keep-alive", b"transfer-encoding", b"upgrade", b"proxy-connection", b"te"}
)
_STARTUP_TIMEOUT = 10.0
_STOP_TIMEOUT = 10.0


class RequestHandler(Protocol):
    """Anything that answers an ``httpx.Request`` synchronously and thread-safely (the Emulator)."""

    def handle(self, request: httpx.Request) -> httpx.Response: ...


class _DropConnection(Exception):
    """Raised inside the ASGI app after the transport was closed, so no response is written."""


async def _close_connection(send: Send) -> bool:
    """Abort the TCP connection under ``send`` without answering.

    ASGI has no "abort" message, and hypercorn turns an app exception into a 500, so reach the
    connection through hypercorn's objects: ``send`` is ``HTTPStream.app_send``; its ``send`` is
    the protocol's ``stream_send``, whose owner's ``send`` is ``TCPServer.protocol_send``. The
    transport is aborted (no TLS close_notify, no flush), which is what a dropped connection looks
    like; hypercorn's ``Closed`` event is the fallback. Returns False if the chain is not there.
    """
    stream = getattr(send, "__self__", None)
    stream_send = getattr(stream, "send", None)
    protocol = getattr(stream_send, "__self__", None)
    protocol_send = getattr(protocol, "send", None)
    tcp_server = getattr(protocol_send, "__self__", None)
    writer = getattr(tcp_server, "writer", None)
    transport = getattr(writer, "transport", None)
    if isinstance(transport, asyncio.WriteTransport):
        transport.abort()
        return True
    if protocol_send is None or not callable(protocol_send):
        return False
    from hypercorn.events import Closed

    await protocol_send(Closed())
    return True


class EmulatorApp:
    """ASGI 3 application wrapping a ``RequestHandler``."""

    def __init__(self, handler: RequestHandler) -> None:
        self._handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = await self._read_request(scope, receive)
        if request is None:
            return  # the client went away mid-request; there is nobody to answer
        try:
            response = await asyncio.to_thread(self._answer, request)
        except ConnectionDropped:
            if await _close_connection(send):
                # Whatever hypercorn writes after this (its default 500) hits a closed socket.
                return
            # Fallback: promise a body and never send it, so the client still sees a broken
            # connection rather than a well-formed answer.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"1")],
                }
            )
            raise _DropConnection from None
        status, headers, body, delay, cut = response
        if delay > 0:
            await asyncio.sleep(delay)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if cut:
            # Content-Length promises the whole body; half of it comes, then the connection goes.
            await send(
                {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
            )
            if not await _close_connection(send):
                raise _DropConnection
            return
        await send({"type": "http.response.body", "body": body, "more_body": False})

    def _answer(
        self, request: httpx.Request
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes, float, bool]:
        """Runs in a worker thread: the emulator may block (locks, large searches)."""
        response = self._handler.handle(request)
        # Iterate the stream, not .content: .content is decoded, but the headers describe the
        # bytes as encoded (e.g. a gzip body with Content-Encoding: gzip).
        stream = response.stream
        if isinstance(stream, httpx.SyncByteStream):  # noqa: SIM108 - mypy narrows only here
            body = b"".join(stream)
        else:
            body = response.content
        headers = [
            (name.lower(), value)
            for name, value in response.headers.raw
            if name.lower() not in _HOP_BY_HOP and name.lower() != b"content-length"
        ]
        if response.status_code in (204, 304) or response.status_code < 200:
            body = b""  # these statuses carry neither a body nor a Content-Length
        else:
            headers.append((b"content-length", str(len(body)).encode("ascii")))
        delay = response.extensions.get("emulator_delay") or 0.0
        cut = bool(response.extensions.get(CUT_BODY)) and len(body) > 1
        return response.status_code, headers, body, float(delay), cut

    @staticmethod
    async def _read_request(scope: Scope, receive: Receive) -> httpx.Request | None:
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        query: bytes = scope.get("query_string", b"")
        host, port = scope.get("server") or ("127.0.0.1", None)
        url = httpx.URL(
            scheme=scope.get("scheme", "http"),
            host=host,
            port=port,
            raw_path=raw_path + (b"?" + query if query else b""),
        )
        headers = [(k, v) for k, v in scope.get("headers", []) if not k.startswith(b":")]
        return httpx.Request(scope["method"], url, headers=headers, content=b"".join(chunks))

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


class ServerHandle:
    """A running server; a context manager that stops it on exit."""

    def __init__(
        self,
        *,
        url: str,
        port: int,
        thread: threading.Thread,
        loop_ready: threading.Event,
        state: _ServerState,
    ) -> None:
        self.url = url
        self.port = port
        self._thread = thread
        self._loop_ready = loop_ready
        self._state = state

    def __repr__(self) -> str:
        running = "running" if self._thread.is_alive() else "stopped"
        return f"<ServerHandle {self.url} {running}>"

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Stop accepting, close connections, and join the server thread (idempotent)."""
        state = self._state
        if state.loop is not None and state.shutdown is not None and self._thread.is_alive():
            state.loop.call_soon_threadsafe(state.shutdown.set)
        self._thread.join(_STOP_TIMEOUT)
        if state.error is not None:
            error, state.error = state.error, None
            raise RuntimeError(f"emulator server on {self.url} failed: {error}") from error

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _ServerState:
    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.shutdown: asyncio.Event | None = None
        self.error: BaseException | None = None


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit TCP_NODELAY on Linux; without it small responses can wait
        # ~40 ms for the client's delayed ACK (Nagle).
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        # Listen now so clients can connect before the server thread starts accepting.
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    return sock


def _check_tls_files(certfile: str | None, keyfile: str | None) -> None:
    if (certfile is None) != (keyfile is None):
        raise ValueError("serve: certfile and keyfile must be given together")
    if certfile is None:
        return
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(
            f"serve: cannot load TLS certificate {certfile!r} / key {keyfile!r}: {exc}"
        ) from exc


def serve(
    emulator: RequestHandler,
    host: str = "127.0.0.1",
    port: int = 0,
    certfile: str | None = None,
    keyfile: str | None = None,
    client_ca: str | None = None,
) -> ServerHandle:
    """Serve ``emulator`` on ``host:port`` (0 picks a free port) in a background thread.

    HTTP/1.1 always; with ``certfile``/``keyfile`` the server speaks TLS and offers h2 by ALPN.
    With ``client_ca`` as well, it requires a client certificate issued by that CA (mutual TLS).
    """
    if not callable(getattr(emulator, "handle", None)):
        raise TypeError(
            f"serve: expected an object with handle(httpx.Request) -> httpx.Response, "
            f"got {type(emulator).__name__}"
        )
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
        raise ValueError(f"serve: port must be an integer in 0..65535, got {port!r}")
    _check_tls_files(certfile, keyfile)
    if client_ca is not None and certfile is None:
        raise ValueError("serve: client_ca needs certfile and keyfile (mutual TLS is TLS)")

    from hypercorn.asyncio import serve as hypercorn_serve
    from hypercorn.config import Config

    sock = _listening_socket(host, port)
    bound_port = sock.getsockname()[1]
    config = Config()
    # Hypercorn adopts the descriptor and closes it on shutdown.
    config.bind = [f"fd://{sock.detach()}"]
    config.accesslog = None
    config.errorlog = logger
    config.graceful_timeout = 1.0
    if certfile is not None:
        config.certfile = certfile
        config.keyfile = keyfile
        config.alpn_protocols = ["h2", "http/1.1"]
    if client_ca is not None:
        config.ca_certs = client_ca
        config.verify_mode = ssl.CERT_REQUIRED
    scheme = "https" if certfile is not None else "http"
    url_host = f"[{host}]" if ":" in host else host
    url = f"{scheme}://{url_host}:{bound_port}"

    state = _ServerState()
    loop_ready = threading.Event()
    app = EmulatorApp(emulator)

    def quiet_cancellation(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # Stopping cancels the tasks of open connections; asyncio's stream callback then
        # calls task.exception() on a cancelled task and logs the CancelledError as an error
        # with a traceback. A cancelled connection is how stopping works: not an error.
        if isinstance(context.get("exception"), asyncio.CancelledError):
            logger.debug("connection cancelled while stopping %s", url)
            return
        loop.default_exception_handler(context)

    async def main() -> None:
        state.loop = asyncio.get_running_loop()
        state.loop.set_exception_handler(quiet_cancellation)
        state.shutdown = asyncio.Event()
        loop_ready.set()
        await hypercorn_serve(app, config, shutdown_trigger=state.shutdown.wait, mode="asgi")  # type: ignore[arg-type]

    def run() -> None:
        try:
            asyncio.run(main())
        except OSError as exc:
            if state.shutdown is not None and state.shutdown.is_set():
                # Hypercorn re-raises a connection's own error (e.g. a TLS peer writing after
                # close_notify) while draining at shutdown; that is not a server failure.
                logger.debug("connection error while stopping %s: %r", url, exc)
            else:
                state.error = exc
                logger.exception("emulator server on %s stopped with an error", url)
        except BaseException as exc:
            state.error = exc
            logger.exception("emulator server on %s stopped with an error", url)
        finally:
            loop_ready.set()

    thread = threading.Thread(target=run, name=f"hubspot-emulator-{bound_port}", daemon=True)
    thread.start()
    loop_ready.wait(_STARTUP_TIMEOUT)
    return ServerHandle(url=url, port=bound_port, thread=thread, loop_ready=loop_ready, state=state)
