"""The generator pitfalls of openapi/NOTES fixed by the sanitizer, the config or a template.

Pitfalls handled by the facade instead (auth header fixed at build time, statuses outside
HTTPStatus, strict/lenient parsing) are tested in tests/facade/.
"""

from __future__ import annotations

import httpx

from hubspot_meetings_api import AuthenticatedClient
from hubspot_meetings_api.api.basic import get_by_id
from hubspot_meetings_api.api.batch import read as batch_read
from hubspot_meetings_api.api.search import do_search
from hubspot_meetings_api.models import (
    BatchReadInputSimplePublicObjectId,
    BatchResponseSimplePublicObjectWithErrors,
    Error,
    PublicObjectSearchRequest,
    SimplePublicObject,
)
from hubspot_meetings_api.types import UNSET


def client_answering(status: int, payload: object) -> AuthenticatedClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=payload))
    return AuthenticatedClient(
        base_url="https://api.hubapi.com", token="t", httpx_args={"transport": transport}
    )


def test_error_responses_parse_into_the_error_model() -> None:
    body = {
        "status": "error",
        "message": "resource not found",
        "correlationId": "5f3c1a77-0000-4000-8000-000000000000",
        "category": "OBJECT_NOT_FOUND",
    }
    with client_answering(404, body) as client:
        response = get_by_id.sync_detailed("1", client=client)
    assert isinstance(response.parsed, Error)
    assert response.parsed.category == "OBJECT_NOT_FOUND"


def test_rate_limit_body_without_category_or_uuid_parses() -> None:
    body = {
        "status": "error",
        "message": "You have reached your ten_secondly_rolling limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": "c93e06a4-not-a-uuid",
        "policyName": "TEN_SECONDLY_ROLLING",
    }
    error = Error.from_dict(body)
    assert error.message.startswith("You have reached")
    assert error.additional_properties["policyName"] == "TEN_SECONDLY_ROLLING"
    assert error.to_dict() == body


def test_unknown_batch_status_and_sparse_207_errors_parse() -> None:
    # HubSpot's own description spells CANCELLED; its error items omit "required" fields.
    body = {
        "status": "CANCELLED",
        "results": [],
        "numErrors": 1,
        "errors": [
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": "Could not get some MEETING objects",
                "context": {"ids": ["99999"]},
            }
        ],
    }
    with client_answering(207, body) as client:
        response = batch_read.sync_detailed(
            client=client,
            body=BatchReadInputSimplePublicObjectId.from_dict({"inputs": [{"id": "99999"}]}),
        )
    parsed = response.parsed
    assert isinstance(parsed, BatchResponseSimplePublicObjectWithErrors)
    assert parsed.status == "CANCELLED"
    assert parsed.errors[0].context.additional_properties == {"ids": ["99999"]}


def test_empty_search_body_is_valid() -> None:
    request = PublicObjectSearchRequest()
    assert request.to_dict() == {}
    with client_answering(200, {"total": 0, "results": []}) as client:
        response = do_search.sync_detailed(client=client, body=request)
    assert response.parsed is not None and response.parsed.total == 0


def test_sorts_accept_strings_and_objects() -> None:
    request = PublicObjectSearchRequest.from_dict(
        {"sorts": ["-hs_createdate", {"propertyName": "hs_timestamp", "direction": "ASCENDING"}]}
    )
    assert request.to_dict()["sorts"] == [
        "-hs_createdate",
        {"propertyName": "hs_timestamp", "direction": "ASCENDING"},
    ]


def test_absent_optional_fields_and_null_properties_parse() -> None:
    meeting = SimplePublicObject.from_dict({"id": "7", "properties": {"hs_meeting_title": None}})
    assert meeting.id == "7"
    assert meeting.properties["hs_meeting_title"] is None
    assert meeting.created_at is UNSET


def test_unset_has_a_stable_repr() -> None:
    assert repr(UNSET) == "UNSET"
