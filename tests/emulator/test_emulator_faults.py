"""Fault injection through the in-process transport, and concurrent use from threads and tasks."""

from __future__ import annotations

import json
import threading

import anyio
import httpx
import pytest
from emulator_support import BASE_URL, MEETINGS, TOKEN, meeting

from hubspot_emulator import ConnectionDropped, Emulator, Fault, FaultMatch

CREATE = FaultMatch(method="POST", path="/batch/create")


def test_scripted_status_fault_fires_after_n_matching_requests(
    emu: Emulator, client: httpx.Client
) -> None:
    emu.faults.script(Fault.status(503), match=CREATE, times=1, after=2)
    batch = {"inputs": [meeting()]}
    statuses = [client.post(f"{MEETINGS}/batch/create", json=batch).status_code for _ in range(4)]
    assert statuses == [201, 201, 503, 201]
    # Non-matching requests are untouched and not counted.
    assert client.get(MEETINGS).status_code == 200
    assert emu.store().count() == 3  # the 503 did not apply the change
    assert [r.fault for r in emu.requests].count("status:503") == 1


def test_status_fault_body_is_hubspot_json(emu: Emulator, client: httpx.Client) -> None:
    emu.faults.script(Fault.status(500))
    r = client.get(MEETINGS)
    assert r.status_code == 500
    assert r.json()["status"] == "error"
    assert r.json()["correlationId"] == r.headers["X-HubSpot-Correlation-Id"]


def test_502_can_be_a_cloudflare_html_page(emu: Emulator, client: httpx.Client) -> None:
    emu.faults.script(Fault.status(502, html=True))
    r = client.get(MEETINGS)
    assert r.status_code == 502
    assert r.headers["content-type"] == "text/html"
    assert b"cloudflare" in r.content


def test_injected_rate_limit_has_real_body_and_headers(emu: Emulator, client: httpx.Client) -> None:
    emu.faults.script(Fault.rate_limit("TEN_SECONDLY_ROLLING"))
    emu.faults.script(Fault.rate_limit("SECONDLY"), after=1)
    r = client.get(MEETINGS)
    assert r.status_code == 429
    assert r.json()["policyName"] == "TEN_SECONDLY_ROLLING"
    assert r.json()["errorType"] == "RATE_LIMIT"
    assert r.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    secondly = client.get(MEETINGS)
    assert secondly.json()["message"] == "You have reached your secondly limit."
    assert emu.requests[0].policy == "TEN_SECONDLY_ROLLING"


def test_drop_raises_remote_protocol_error_and_applies_nothing(
    emu: Emulator, client: httpx.Client
) -> None:
    emu.faults.script(Fault.drop(), match=FaultMatch(method="POST"))
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(MEETINGS, json=meeting())
    assert emu.store().count() == 0
    assert emu.requests[-1].status is None and emu.requests[-1].fault == "drop"


def test_ambiguous_failure_applies_the_change_then_drops(
    emu: Emulator, client: httpx.Client
) -> None:
    emu.faults.script(Fault.ambiguous())
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(MEETINGS, json=meeting())
    assert emu.store().count() == 1


def test_handle_raises_connection_dropped_with_applied_flag(emu: Emulator) -> None:
    emu.faults.script(Fault.ambiguous())
    request = httpx.Request(
        "POST",
        f"{BASE_URL}{MEETINGS}",
        json=meeting(),
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with pytest.raises(ConnectionDropped) as info:
        emu.handle(request)
    assert info.value.applied is True
    assert emu.store().count() == 1
    emu.faults.script(Fault.ambiguous())
    refused = httpx.Request("POST", f"{BASE_URL}{MEETINGS}", json=meeting())  # no token: 401
    with pytest.raises(ConnectionDropped) as info:
        emu.handle(refused)
    assert info.value.applied is False


def test_slow_response_times_out_only_past_the_read_timeout(
    emu: Emulator, client: httpx.Client
) -> None:
    emu.faults.script(Fault.slow(5.0), times=2)
    with pytest.raises(httpx.ReadTimeout):
        client.get(MEETINGS, timeout=httpx.Timeout(1.0))
    r = client.get(MEETINGS, timeout=httpx.Timeout(10.0))
    assert r.status_code == 200
    assert r.extensions["emulator_delay"] == 5.0


@pytest.mark.parametrize("fault", [Fault.malformed_json(), Fault.truncated_json()])
def test_broken_json_bodies_still_apply_the_change(
    emu: Emulator, client: httpx.Client, fault: Fault
) -> None:
    emu.faults.script(fault)
    r = client.post(MEETINGS, json=meeting())
    assert r.status_code == 201
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.content)
    assert emu.store().count() == 1


def test_cut_body_applies_the_change_then_breaks_off_the_answer(
    emu: Emulator, client: httpx.Client
) -> None:
    emu.faults.script(Fault.cut_body())
    with client.stream("POST", MEETINGS, json=meeting()) as r:
        assert r.status_code == 201
        promised = int(r.headers["content-length"])
        got = bytearray()
        with pytest.raises(httpx.RemoteProtocolError):
            for chunk in r.iter_raw():
                got += chunk
    assert 0 < len(got) < promised
    assert emu.store().count() == 1
    assert [r.fault for r in emu.requests] == ["cut_body"]


def test_random_faults_are_reproducible_from_the_seed() -> None:
    def run() -> list[int]:
        emu = Emulator()
        emu.faults.random(seed=7, rate=0.3, kinds=[Fault.status(503), Fault.status(500)])
        with httpx.Client(
            transport=emu.transport(),
            base_url=BASE_URL,
            headers={"Authorization": f"Bearer {TOKEN}"},
        ) as c:
            return [c.get(MEETINGS).status_code for _ in range(40)]

    first, second = run(), run()
    assert first == second
    assert {500, 503} & set(first)
    assert 200 in first


def test_clear_removes_all_rules(emu: Emulator, client: httpx.Client) -> None:
    emu.faults.script(Fault.status(503), times=None)
    emu.faults.random(seed=1, rate=1.0, kinds=[Fault.status(500)])
    emu.faults.clear()
    assert client.get(MEETINGS).status_code == 200


@pytest.mark.parametrize(
    "build",
    [
        lambda: Fault.status(418),
        lambda: Fault.rate_limit("HOURLY"),
        lambda: Fault.slow(0),
    ],
)
def test_invalid_faults_are_rejected(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


def test_many_threads_share_one_emulator(emu: Emulator) -> None:
    transport = emu.transport()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with httpx.Client(
                transport=transport, base_url=BASE_URL, headers={"Authorization": f"Bearer {TOKEN}"}
            ) as c:
                for _ in range(10):
                    assert c.post(MEETINGS, json=meeting()).status_code == 201
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    records = emu.store().all()
    assert len(records) == 80
    assert len({r["id"] for r in records}) == 80


@pytest.mark.anyio
async def test_many_asyncio_tasks_share_one_emulator(emu: Emulator) -> None:
    async with httpx.AsyncClient(
        transport=emu.transport(), base_url=BASE_URL, headers={"Authorization": f"Bearer {TOKEN}"}
    ) as c:

        async def create() -> None:
            r = await c.post(MEETINGS, json=meeting())
            assert r.status_code == 201

        async with anyio.create_task_group() as tg:
            for _ in range(50):
                tg.start_soon(create)
    assert emu.store().count() == 50


@pytest.mark.anyio
async def test_async_drop_and_timeout(emu: Emulator) -> None:
    emu.faults.script(Fault.drop())
    emu.faults.script(Fault.slow(3.0), after=1)
    async with httpx.AsyncClient(
        transport=emu.transport(), base_url=BASE_URL, headers={"Authorization": f"Bearer {TOKEN}"}
    ) as c:
        with pytest.raises(httpx.RemoteProtocolError):
            await c.get(MEETINGS)
        with pytest.raises(httpx.ReadTimeout):
            await c.get(MEETINGS, timeout=0.5)
