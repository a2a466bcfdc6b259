"""The error tree: HubSpot's documented and observed error bodies become typed errors, leniently,
and nothing secret shows in their text."""

from __future__ import annotations

import json
import pickle
from typing import Any

import httpx
import pytest

from hubspot_meetings._exceptions import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    HubSpotError,
    NotFoundError,
    RateLimitError,
    RequestValidationError,
    ResponseValidationError,
    ServerError,
    TransportError,
    UnknownOutcomeError,
    error_for_response,
    parse_retry_after,
    raise_for_response,
)

URL = "https://api.hubapi.com/crm/v3/objects/meetings/123"


def response(
    status: int,
    body: Any = None,
    *,
    text: str | None = None,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    url: str = URL,
) -> httpx.Response:
    request = httpx.Request(method, url)
    if text is not None:
        return httpx.Response(status, text=text, headers=headers, request=request)
    if body is None:
        return httpx.Response(status, headers=headers, request=request)
    return httpx.Response(status, json=body, headers=headers, request=request)


VALIDATION = {
    "status": "error",
    "message": "Property values were not valid",
    "correlationId": "8a3f6c3a-8296-4002-b0a6-2a06fecf7c0c",
    "errors": [
        {
            "message": 'Property "testproperty" does not exist',
            "code": "PROPERTY_DOESNT_EXIST",
            "context": {"propertyName": ["testproperty"]},
        }
    ],
    "category": "VALIDATION_ERROR",
}


def test_validation_error_body_is_fully_read() -> None:
    err = error_for_response(response(400, VALIDATION))
    assert type(err) is BadRequestError
    assert err.status == 400
    assert err.category == "VALIDATION_ERROR"
    assert err.correlation_id == "8a3f6c3a-8296-4002-b0a6-2a06fecf7c0c"
    assert err.errors[0]["code"] == "PROPERTY_DOESNT_EXIST"
    assert err.message == "Property values were not valid"
    assert err.body == VALIDATION
    assert err.request_method == "GET"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (409, ConflictError),
        (414, BadRequestError),
        (423, BadRequestError),
        (429, RateLimitError),
        (477, BadRequestError),
        (500, ServerError),
        (502, ServerError),
        (504, ServerError),
        (524, ServerError),
        (530, ServerError),
    ],
)
def test_status_maps_to_class(status: int, cls: type[ApiError]) -> None:
    err = error_for_response(response(status, {"message": "m"}))
    assert type(err) is cls
    assert isinstance(err, ApiError)
    assert isinstance(err, HubSpotError)
    assert err.status == status


def test_forbidden_keeps_scope_context_and_links() -> None:
    body = {
        "status": "error",
        "message": "This app hasn't been granted all required scopes to make this call.",
        "correlationId": "dc49c0a8-9952-4937-aad4-e322b1e5cee0",
        "errors": [
            {
                "message": "One or more of the following scopes are required.",
                "context": {"requiredGranularScopes": ["crm.objects.deals.read"]},
            }
        ],
        "links": {"scopes": "https://developers.hubspot.com/scopes"},
        "category": "MISSING_SCOPES",
    }
    err = error_for_response(response(403, body))
    assert isinstance(err, ForbiddenError)
    assert err.category == "MISSING_SCOPES"
    assert err.errors[0]["context"]["requiredGranularScopes"] == ["crm.objects.deals.read"]
    assert err.links == {"scopes": "https://developers.hubspot.com/scopes"}


def test_rate_limit_body_gives_policy_and_retry_after() -> None:
    body = {
        "status": "error",
        "message": "You have reached your ten_secondly_rolling limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": "c93e06a4-0000-4000-8000-000000000000",
        "policyName": "TEN_SECONDLY_ROLLING",
        "groupName": "publicapi:hapikey-api-calls-ten-secondly:6748263",
    }
    err = error_for_response(response(429, body, headers={"Retry-After": "3"}))
    assert isinstance(err, RateLimitError)
    assert err.policy_name == "TEN_SECONDLY_ROLLING"
    assert err.retry_after == 3.0
    assert err.category == "RATE_LIMIT"  # 429 bodies carry errorType, not category
    assert "TEN_SECONDLY_ROLLING" in str(err)


def test_rate_limit_without_body_is_still_typed() -> None:
    err = error_for_response(response(429))
    assert isinstance(err, RateLimitError)
    assert err.policy_name is None
    assert err.retry_after is None
    assert err.message == "Too Many Requests"


def test_cloudflare_html_page_becomes_server_error() -> None:
    html = "<!DOCTYPE html><html><head><title>522</title></head><body>Connection timed out</body>"
    err = error_for_response(response(522, text=html))
    assert isinstance(err, ServerError)
    assert err.status == 522
    assert err.category is None
    assert "Connection Timed Out" in err.message
    assert "<title>522</title>" in err.message  # a snippet helps diagnosis
    assert err.body == html


@pytest.mark.parametrize(
    "body",
    [
        {"category": 5, "message": None, "errors": "nope", "context": [], "correlationId": 7},
        [],
        "just a string",
        {"errors": [1, "x", {"message": "kept"}]},
    ],
)
def test_unexpected_field_types_never_crash(body: Any) -> None:
    err = error_for_response(response(400, body))
    assert isinstance(err, BadRequestError)
    assert isinstance(err.message, str) and err.message
    assert isinstance(err.errors, list)
    assert all(isinstance(e, dict) for e in err.errors)
    assert isinstance(err.context, dict)


def test_truncated_json_falls_back_to_text() -> None:
    err = error_for_response(response(502, text='{"status":"error","mess'))
    assert isinstance(err, ServerError)
    assert "non-JSON body" in err.message


def test_correlation_id_header_used_when_body_has_none() -> None:
    resp = response(
        500, text="", headers={"X-HubSpot-Correlation-Id": "11111111-2222-3333-4444-555555555555"}
    )
    err = error_for_response(resp)
    assert err.correlation_id == "11111111-2222-3333-4444-555555555555"
    assert err.message == "Internal Server Error"


def test_unread_streaming_response_still_gives_error() -> None:
    resp = httpx.Response(
        404, stream=httpx.ByteStream(b'{"message":"x"}'), request=httpx.Request("GET", URL)
    )
    err = error_for_response(resp)
    assert isinstance(err, NotFoundError)
    assert err.body is None


@pytest.mark.parametrize("status", [200, 201, 204, 207, 302])
def test_raise_for_response_ignores_non_errors(status: int) -> None:
    raise_for_response(response(status, {"ok": True}))


def test_raise_for_response_raises_typed_error() -> None:
    with pytest.raises(NotFoundError) as info:
        raise_for_response(response(404, {"message": "resource not found"}))
    assert info.value.message == "resource not found"


def test_str_shows_status_category_message_correlation_id() -> None:
    text = str(error_for_response(response(400, VALIDATION)))
    for part in ("400", "VALIDATION_ERROR", "Property values were not valid", "8a3f6c3a"):
        assert part in text
    rep = repr(error_for_response(response(400, VALIDATION)))
    assert rep.startswith("BadRequestError(status=400, category='VALIDATION_ERROR'")


def test_hapikey_never_shown() -> None:
    secret = "dev-key-1234567890abcdef"
    resp = response(404, {"message": "resource not found"}, url=f"{URL}?hapikey={secret}&a=1")
    err = error_for_response(resp)
    for text in (str(err), repr(err), err.request_url or ""):
        assert secret not in text
    assert "hapikey=****" in str(err)
    assert err.request_url == f"{URL}?hapikey=****&a=1"


def test_transport_errors_redact_urls() -> None:
    secret = "dev-key-1234567890abcdef"
    err = UnknownOutcomeError(
        f"POST /crm/v3/objects/meetings?hapikey={secret} failed",
        request_method="POST",
        request_url=f"{URL}?hapikey={secret}",
    )
    assert isinstance(err, TransportError)
    assert secret not in str(err)
    assert secret not in (err.request_url or "")
    assert err.inputs is None
    err.inputs = [{"properties": {"hs_timestamp": "2024-01-01T00:00:00Z"}}]
    assert err.status is None


def test_errors_survive_pickling() -> None:
    err = error_for_response(response(429, {"message": "m", "policyName": "DAILY"}))
    back = pickle.loads(pickle.dumps(err))
    assert isinstance(back, RateLimitError)
    assert back.policy_name == "DAILY"
    assert str(back) == str(err)


def test_request_validation_error_names_location() -> None:
    err = RequestValidationError("inputs[3].properties.hs_timestamp", "is required")
    assert isinstance(err, ValueError)
    assert err.location == "inputs[3].properties.hs_timestamp"
    assert str(err) == "inputs[3].properties.hs_timestamp: is required"


def test_response_validation_error_keeps_body_out_of_text() -> None:
    err = ResponseValidationError("results[0].id", "missing", body={"results": [{}]})
    assert "results[0].id" in str(err)
    assert "{}" not in str(err)
    assert err.body == {"results": [{}]}


def test_retry_after_http_date() -> None:
    headers = httpx.Headers({"Retry-After": "Wed, 21 Oct 2015 07:28:10 GMT"})
    # 2015-10-21T07:28:00Z as "now": ten seconds to wait.
    assert parse_retry_after(headers, now=1445412480.0) == pytest.approx(10.0)
    assert parse_retry_after(httpx.Headers({"Retry-After": "soon"})) is None
    assert parse_retry_after(httpx.Headers({"Retry-After": "-5"})) == 0.0


def test_error_body_is_json_roundtrippable() -> None:
    err = error_for_response(response(409, {"message": "Contact already exists. Existing ID: 1"}))
    assert isinstance(err, ConflictError)
    assert json.dumps(err.body)
