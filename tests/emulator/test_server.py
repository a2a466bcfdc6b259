"""The socket front end: real HTTP/1.1 and HTTP/2 (TLS) over loopback to a request handler."""

from __future__ import annotations

import gzip
import json
import logging
import ssl
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.faults import ConnectionDropped
from hubspot_emulator.server import ServerHandle, serve


class EchoHandler:
    """A stand-in for the Emulator: echoes the request, with hooks for the fault paths."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.seen.append(request)
        path = request.url.path
        if path == "/drop":
            raise ConnectionDropped(applied=False)
        if path == "/slow":
            return httpx.Response(
                200,
                json={"slow": True},
                extensions={"emulator_delay": float(request.url.params["s"])},
            )
        if path == "/gzip":
            return httpx.Response(
                200,
                content=gzip.compress(b'{"zipped": true}'),
                headers={"content-type": "application/json", "content-encoding": "gzip"},
            )
        return httpx.Response(
            201 if request.method == "POST" else 200,
            json={
                "method": request.method,
                "path": path,
                "query": dict(request.url.params),
                "body": request.content.decode(),
                "auth": request.headers.get("authorization"),
                "scheme": request.url.scheme,
            },
            headers={"X-HubSpot-RateLimit-Remaining": "99"},
        )


@pytest.fixture
def handler() -> EchoHandler:
    return EchoHandler()


@pytest.fixture
def server(handler: EchoHandler) -> Iterator[ServerHandle]:
    with serve(handler) as handle:
        yield handle


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(handler: EchoHandler, ca: trustme.CA, tmp_path: Path) -> Iterator[ServerHandle]:
    cert = ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(str(certfile), append=True)
    cert.private_key_pem.write_to_path(str(keyfile))
    with serve(handler, certfile=str(certfile), keyfile=str(keyfile)) as handle:
        yield handle


def client_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return context


def test_http11_round_trip_carries_method_path_query_body_and_headers(
    server: ServerHandle,
) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}"
    with httpx.Client(base_url=server.url) as client:
        response = client.post(
            "/crm/v3/objects/meetings/search",
            params={"a": "1 2", "b": "é"},
            json={"limit": 5},
            headers={"Authorization": "Bearer pat-emulator-token"},
        )
    assert response.status_code == 201
    assert response.http_version == "HTTP/1.1"
    assert response.headers["x-hubspot-ratelimit-remaining"] == "99"
    echoed = response.json()
    assert echoed == {
        "method": "POST",
        "path": "/crm/v3/objects/meetings/search",
        "query": {"a": "1 2", "b": "é"},
        "body": '{"limit":5}',
        "auth": "Bearer pat-emulator-token",
        "scheme": "http",
    }


def test_encoded_bodies_are_sent_as_encoded(server: ServerHandle) -> None:
    response = httpx.get(f"{server.url}/gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert response.json() == {"zipped": True}


@pytest.mark.anyio
async def test_async_client(server: ServerHandle) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        responses = [await client.get(f"/crm/v3/objects/meetings/{i}") for i in range(3)]
    assert [r.json()["path"] for r in responses] == [
        f"/crm/v3/objects/meetings/{i}" for i in range(3)
    ]


def test_http2_over_tls(tls_server: ServerHandle, ca: trustme.CA) -> None:
    assert tls_server.url.startswith("https://127.0.0.1:")
    with httpx.Client(http2=True, verify=client_context(ca), base_url=tls_server.url) as client:
        response = client.patch("/crm/v3/objects/meetings/7", json={"properties": {}})
        again = client.get("/crm/v3/objects/meetings", params={"limit": "2"})
    assert response.http_version == "HTTP/2"
    assert response.json()["method"] == "PATCH"
    assert response.json()["scheme"] == "https"
    assert again.json()["query"] == {"limit": "2"}


@pytest.mark.anyio
async def test_http1_over_tls_with_async_client(tls_server: ServerHandle, ca: trustme.CA) -> None:
    async with httpx.AsyncClient(verify=client_context(ca)) as client:
        response = await client.get(f"{tls_server.url}/x")
    assert response.http_version == "HTTP/1.1"
    assert response.json()["scheme"] == "https"


def test_dropped_connection_gives_no_response(server: ServerHandle, handler: EchoHandler) -> None:
    with httpx.Client(base_url=server.url) as client:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            client.get("/drop")
        # The server keeps serving new connections afterwards.
        assert client.get("/after").status_code == 200
    assert [r.url.path for r in handler.seen] == ["/drop", "/after"]


@pytest.mark.anyio
async def test_dropped_connection_async_and_http2(tls_server: ServerHandle, ca: trustme.CA) -> None:
    async with httpx.AsyncClient(http2=True, verify=client_context(ca)) as client:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await client.get(f"{tls_server.url}/drop")


def test_emulator_delay_is_really_waited(server: ServerHandle) -> None:
    with httpx.Client(base_url=server.url) as client:
        # The delay outlasts the client's read timeout, so it must time out...
        with pytest.raises(httpx.ReadTimeout):
            client.get("/slow", params={"s": "0.5"}, timeout=httpx.Timeout(5.0, read=0.1))
        # ...while a short delay is answered normally.
        assert client.get("/slow", params={"s": "0.01"}).json() == {"slow": True}


def test_keep_alive_requests_do_not_stall(server: ServerHandle) -> None:
    """200 sequential GETs on one connection; the median is printed for the report (-s)."""
    timings: list[float] = []
    with httpx.Client(base_url=server.url) as client:
        for i in range(200):
            started = time.perf_counter()
            response = client.get(f"/crm/v3/objects/meetings/{i}")
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200
    print(f"keep-alive GET median: {statistics.median(timings) * 1000:.2f} ms")


def test_port_zero_picks_distinct_free_ports_and_stop_closes_them(handler: EchoHandler) -> None:
    first, second = serve(handler), serve(handler)
    try:
        assert first.port != second.port
        assert httpx.get(f"{second.url}/ok").status_code == 200
    finally:
        first.stop()
        second.stop()
    second.stop()  # idempotent
    assert not first.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{first.url}/ok")


def test_bad_arguments_are_rejected_clearly(handler: EchoHandler, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="together"):
        serve(handler, certfile="cert.pem")
    missing = str(tmp_path / "missing.pem")
    with pytest.raises(ValueError, match=r"cannot load TLS certificate .*missing\.pem"):
        serve(handler, certfile=missing, keyfile=missing)
    with pytest.raises(ValueError, match="port"):
        serve(handler, port=70000)
    with pytest.raises(TypeError, match="handle"):
        serve(object())  # type: ignore[arg-type]


def test_json_helper_is_stable() -> None:
    # Guard for the echo handler itself: httpx serialises JSON compactly.
    assert (
        httpx.Request("POST", "http://x", json={"limit": 5}).content
        == json.dumps({"limit": 5}, separators=(",", ":")).encode()
    )


# --- the real Emulator behind the socket ---------------------------------------------------

AUTH = {"Authorization": "Bearer pat-emulator-token"}


@pytest.fixture
def emulator() -> Emulator:
    return Emulator(EmulatorConfig())


def test_real_emulator_crud_and_search_over_http11(emulator: Emulator) -> None:
    with serve(emulator) as server, httpx.Client(base_url=server.url, headers=AUTH) as client:
        created = client.post(
            "/crm/v3/objects/meetings",
            json={
                "properties": {
                    "hs_meeting_title": "Socket kickoff",
                    "hs_timestamp": "1773914400000",
                }
            },
        )
        assert created.status_code == 201, created.text
        meeting_id = created.json()["id"]
        got = client.get(
            f"/crm/v3/objects/meetings/{meeting_id}", params={"properties": "hs_meeting_title"}
        )
        assert got.json()["properties"]["hs_meeting_title"] == "Socket kickoff"
        assert "x-hubspot-ratelimit-remaining" in got.headers
        found = client.post("/crm/v3/objects/meetings/search", json={"query": "kickoff"})
        assert [r["id"] for r in found.json()["results"]] == [meeting_id]
        deleted = client.delete(f"/crm/v3/objects/meetings/{meeting_id}")
        assert deleted.status_code == 204
        assert deleted.content == b""
        assert "content-length" not in deleted.headers
        # The connection survives a bodiless answer: the next request on it still works.
        gone = client.get(f"/crm/v3/objects/meetings/{meeting_id}")
        assert gone.status_code == 404
        unauthenticated = httpx.get(f"{server.url}/crm/v3/objects/meetings")
        assert unauthenticated.status_code == 401
        assert unauthenticated.json()["category"] == "INVALID_AUTHENTICATION"


def test_real_emulator_faults_over_the_socket(emulator: Emulator) -> None:
    emulator.faults.script(Fault.drop(), FaultMatch(method="GET"))
    emulator.faults.script(Fault.slow(0.5), FaultMatch(method="POST"))
    with serve(emulator) as server, httpx.Client(base_url=server.url, headers=AUTH) as client:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            client.get("/crm/v3/objects/meetings")
        with pytest.raises(httpx.ReadTimeout):
            client.post(
                "/crm/v3/objects/meetings/search", json={}, timeout=httpx.Timeout(5.0, read=0.2)
            )
        # Each scripted fault fires once; afterwards requests are answered normally.
        assert client.get("/crm/v3/objects/meetings").status_code == 200
    assert [r.status for r in emulator.requests][:1] == [None]


@pytest.mark.parametrize("http2", [False, True])
def test_real_emulator_cuts_a_body_off_after_its_headers(
    emulator: Emulator, ca: trustme.CA, tmp_path: Path, http2: bool
) -> None:
    cert = ca.issue_cert("127.0.0.1")
    certfile, keyfile = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    emulator.seed("meetings", [{"hs_meeting_title": f"m{i}"} for i in range(50)])
    emulator.faults.script(Fault.cut_body(), FaultMatch(method="GET"))
    with (
        emulator.serve(certfile=str(certfile), keyfile=str(keyfile)) as server,
        httpx.Client(
            http2=http2, verify=client_context(ca), base_url=server.url, headers=AUTH
        ) as client,
    ):
        with client.stream("GET", "/crm/v3/objects/meetings", params={"limit": 50}) as r:
            assert r.status_code == 200 and int(r.headers["content-length"]) > 0
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                r.read()
        assert client.get("/crm/v3/objects/meetings").status_code == 200


def test_real_emulator_over_http2(emulator: Emulator, ca: trustme.CA, tmp_path: Path) -> None:
    cert = ca.issue_cert("127.0.0.1")
    certfile, keyfile = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    emulator.seed("meetings", [{"hs_meeting_title": f"m{i}"} for i in range(3)])
    with (
        emulator.serve(certfile=str(certfile), keyfile=str(keyfile)) as server,
        httpx.Client(
            http2=True, verify=client_context(ca), base_url=server.url, headers=AUTH
        ) as client,
    ):
        page = client.get("/crm/v3/objects/meetings", params={"limit": 2})
    assert page.http_version == "HTTP/2"
    assert len(page.json()["results"]) == 2
    assert "after" in page.json()["paging"]["next"]


def test_stopping_with_a_request_in_flight_logs_no_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    emu.faults.script(Fault.slow(5.0), FaultMatch(path="/slow-one"))
    handle = serve(emu)
    outcome: list[object] = []

    def in_flight() -> None:
        try:
            outcome.append(httpx.get(f"{handle.url}/slow-one", timeout=10).status_code)
        except httpx.HTTPError as exc:
            outcome.append(type(exc))

    with httpx.Client(base_url=handle.url) as idle:  # a keep-alive connection left open
        assert idle.get("/crm/v3/objects/meetings").status_code == 401
        worker = threading.Thread(target=in_flight)
        worker.start()
        while not any(r.fault for r in emu.requests):  # the slow request is being answered
            time.sleep(0.01)
        handle.stop()
        worker.join()
    assert not handle.running
    assert outcome and outcome[0] is not None
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not noisy, [r.getMessage() for r in noisy]
