"""Search through the emulator's HTTP surface (in-process transport): what a client sees."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig

SEARCH = "/crm/v3/objects/meetings/search"


@pytest.fixture
def emulator() -> Emulator:
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    emu.seed(
        "meetings",
        [
            {
                "hs_meeting_title": f"{'Kickoff' if i % 2 else 'Review'} {i}",
                "hs_timestamp": f"{1773914400000 + i}",
            }
            for i in range(25)
        ],
    )
    return emu


@pytest.fixture
def client(emulator: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=emulator.transport(),
        base_url="https://api.hubapi.com",
        headers={"Authorization": "Bearer pat-emulator-token"},
    ) as c:
        yield c


def test_paging_through_search_results_over_http(client: httpx.Client) -> None:
    body = {
        "filterGroups": [
            {
                "filters": [
                    {
                        "propertyName": "hs_meeting_title",
                        "operator": "CONTAINS_TOKEN",
                        "value": "kickoff",
                    }
                ]
            }
        ],
        "sorts": [{"propertyName": "hs_timestamp", "direction": "DESCENDING"}],
        "properties": ["hs_meeting_title"],
        "limit": 5,
    }
    titles: list[str] = []
    while True:
        page = client.post(SEARCH, json=body)
        assert page.status_code == 200, page.text
        assert page.json()["total"] == 12
        titles += [r["properties"]["hs_meeting_title"] for r in page.json()["results"]]
        after = page.json().get("paging", {}).get("next", {}).get("after")
        if after is None:
            break
        body["after"] = after
    assert titles == [f"Kickoff {i}" for i in range(23, 0, -2)]


def test_archived_meetings_are_not_found(client: httpx.Client, emulator: Emulator) -> None:
    first = emulator.store("meetings").all()[0]["id"]
    assert client.delete(f"/crm/v3/objects/meetings/{first}").status_code == 204
    found = client.post(SEARCH, json={"limit": 100}).json()
    assert found["total"] == 24
    assert first not in {r["id"] for r in found["results"]}


def test_invalid_search_is_a_400_validation_error_naming_the_field(client: httpx.Client) -> None:
    response = client.post(SEARCH, json={"limit": 10, "after": "9995"})
    assert response.status_code == 400
    error = response.json()
    assert error["category"] == "VALIDATION_ERROR"
    assert "10,000" in error["message"]
    assert error["errors"][0]["in"] == "after"


def test_search_body_limit_follows_the_docs_when_configured() -> None:
    body = {"query": "kickoff", "properties": [f"custom_property_{i}" for i in range(200)]}
    small = {"query": "kickoff", "properties": ["hs_meeting_title"]}
    for limit, big_status in [(3000, 400), (None, 200)]:
        emu = Emulator(EmulatorConfig(rate_limits_enabled=False, search_max_body_chars=limit))
        with httpx.Client(
            transport=emu.transport(),
            base_url="https://api.hubapi.com",
            headers={"Authorization": "Bearer pat-emulator-token"},
        ) as c:
            response = c.post(SEARCH, json=body)
            assert response.status_code == big_status
            if big_status == 400:
                assert response.json()["category"] == "VALIDATION_ERROR"
                assert "limit is 3000" in response.json()["message"]
            assert c.post(SEARCH, json=small).status_code == 200


def test_in_on_a_string_property_needs_lowercase_values(client: httpx.Client) -> None:
    def found(values: list[str]) -> int:
        flt = {"propertyName": "hs_meeting_title", "operator": "IN", "values": values}
        response = client.post(SEARCH, json={"filterGroups": [{"filters": [flt]}]})
        assert response.status_code == 200
        total: int = response.json()["total"]
        return total

    assert found(["kickoff 1"]) == 1  # stored as "Kickoff 1": compared lowercased
    assert found(["Kickoff 1"]) == 0  # HubSpot: IN values on strings must be lowercase
