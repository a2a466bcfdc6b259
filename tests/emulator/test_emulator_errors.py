"""Error shapes: HubSpot's body fields, correlation ids, 404/405, bad JSON, headers."""

from __future__ import annotations

import uuid

import httpx
import pytest
from emulator_support import MEETINGS, meeting


def _assert_error_shape(r: httpx.Response, status: int, category: str) -> dict[str, object]:
    assert r.status_code == status
    assert r.headers["content-type"] == "application/json;charset=utf-8"
    body = r.json()
    assert body["status"] == "error"
    assert body["category"] == category
    assert isinstance(body["message"], str) and body["message"]
    assert body["correlationId"] == r.headers["X-HubSpot-Correlation-Id"]
    uuid.UUID(body["correlationId"])
    return body


def test_every_response_has_a_fresh_correlation_id(client: httpx.Client) -> None:
    a = client.post(MEETINGS, json=meeting())
    b = client.get(MEETINGS)
    c = client.delete(f"{MEETINGS}/1")
    ids = {r.headers["X-HubSpot-Correlation-Id"] for r in (a, b, c)}
    assert len(ids) == 3


def test_unknown_property_matches_hubspots_documented_body(client: httpx.Client) -> None:
    r = client.post(MEETINGS, json=meeting(testproperty="x"))
    body = _assert_error_shape(r, 400, "VALIDATION_ERROR")
    assert body["message"] == (
        'Property values were not valid: [{"isValid":false,"message":"Property \\"testproperty\\" '
        'does not exist","error":"PROPERTY_DOESNT_EXIST","name":"testproperty",'
        '"localizedErrorMessage":"Property \\"testproperty\\" does not exist","portalId":12345678}]'
    )
    assert body["errors"] == [
        {
            "message": 'Property "testproperty" does not exist',
            "code": "PROPERTY_DOESNT_EXIST",
            "context": {"propertyName": ["testproperty"]},
        }
    ]


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'"text"'])
def test_body_that_is_not_a_json_object_is_a_validation_error(
    client: httpx.Client, content: bytes
) -> None:
    r = client.post(MEETINGS, content=content, headers={"Content-Type": "application/json"})
    body = _assert_error_shape(r, 400, "VALIDATION_ERROR")
    assert body["errors"]


def test_properties_must_be_an_object(client: httpx.Client) -> None:
    r = client.post(MEETINGS, json={"properties": ["hs_timestamp"]})
    body = _assert_error_shape(r, 400, "VALIDATION_ERROR")
    assert "properties" in str(body["message"])


def test_unknown_operation_is_404(client: httpx.Client) -> None:
    _assert_error_shape(
        client.post("/crm/v3/objects/meetings/batch/merge", json={}), 404, "OBJECT_NOT_FOUND"
    )


def test_unknown_path_is_404(client: httpx.Client) -> None:
    _assert_error_shape(client.get("/nothing/here"), 404, "OBJECT_NOT_FOUND")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", MEETINGS),
        ("POST", f"{MEETINGS}/123"),
        ("GET", f"{MEETINGS}/search"),
        ("GET", f"{MEETINGS}/batch/read"),
        ("GET", "/oauth/v1/token"),
    ],
)
def test_wrong_method_is_405(client: httpx.Client, method: str, path: str) -> None:
    r = client.request(method, path)
    assert r.status_code == 405
    assert r.json()["status"] == "error"
    assert "Allow" in r.headers


def test_bad_archived_flag_is_400(client: httpx.Client) -> None:
    _assert_error_shape(client.get(MEETINGS, params={"archived": "maybe"}), 400, "VALIDATION_ERROR")


def test_invalid_association_shape_is_400(client: httpx.Client) -> None:
    body = meeting()
    body["associations"] = [
        {"to": {"id": "1"}, "types": [{"associationCategory": "NOPE", "associationTypeId": 200}]}
    ]
    _assert_error_shape(client.post(MEETINGS, json=body), 400, "VALIDATION_ERROR")


def test_search_is_delegated_and_errors_become_validation_errors(client: httpx.Client) -> None:
    client.post(MEETINGS, json=meeting(hs_meeting_title="Alpha"))
    client.post(MEETINGS, json=meeting(hs_meeting_title="Beta"))
    ok = client.post(
        f"{MEETINGS}/search",
        json={
            "filterGroups": [
                {
                    "filters": [
                        {"propertyName": "hs_meeting_title", "operator": "EQ", "value": "beta"}
                    ]
                }
            ],
            "properties": ["hs_meeting_title"],
        },
    )
    assert ok.status_code == 200
    assert ok.json()["total"] == 1
    assert ok.json()["results"][0]["properties"]["hs_meeting_title"] == "Beta"
    bad = client.post(f"{MEETINGS}/search", json={"limit": 100_000})
    body = _assert_error_shape(bad, 400, "VALIDATION_ERROR")
    assert body["errors"]


def test_search_never_returns_archived(client: httpx.Client) -> None:
    mid = client.post(MEETINGS, json=meeting()).json()["id"]
    client.post(MEETINGS, json=meeting())
    client.delete(f"{MEETINGS}/{mid}")
    r = client.post(f"{MEETINGS}/search", json={})
    assert r.json()["total"] == 1
    assert mid not in {x["id"] for x in r.json()["results"]}
