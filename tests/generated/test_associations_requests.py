"""The requests the generated associations v4 client builds (method, path, query, body), and the
models its answers parse into; checked on the wire through httpx.MockTransport."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from wire_support import assert_request

from hubspot_associations_api import AuthenticatedClient
from hubspot_associations_api.api.basic import archive, create, create_default, get_page
from hubspot_associations_api.api.batch import archive as batch_archive
from hubspot_associations_api.api.batch import archive_labels as batch_archive_labels
from hubspot_associations_api.api.batch import create as batch_create
from hubspot_associations_api.api.batch import create_default as batch_create_default
from hubspot_associations_api.api.batch import read as batch_read
from hubspot_associations_api.api.report import high_usage
from hubspot_associations_api.models import (
    AssociationSpec,
    AssociationSpecResponse,
    BatchInputPublicAssociationMultiArchive,
    BatchInputPublicAssociationMultiPost,
    BatchInputPublicDefaultAssociationMultiPost,
    BatchInputPublicFetchAssociationsBatchRequest,
    BatchResponseLabelsBetweenObjectPair,
    BatchResponsePublicAssociationMultiWithLabel,
    BatchResponsePublicDefaultAssociation,
    CollectionResponseMultiAssociatedObjectWithLabelForwardPaging,
    LabelsBetweenObjectPair,
    ReportCreationResponse,
)

TOKEN = "pat-na1-test-token"
V4 = "/crm/v4"
NOW = "2026-03-15T08:00:00.000Z"
LABELLED = {"associationCategory": "USER_DEFINED", "associationTypeId": 36}
DEFAULT = {
    "from": {"id": "512"},
    "to": {"id": "101"},
    "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200},
}
PAIR = {
    "fromObjectTypeId": "0-47",
    "fromObjectId": "512",
    "toObjectTypeId": "0-1",
    "toObjectId": "101",
    "labels": ["Organizer"],
}
ASSOCIATED = {
    "toObjectId": "101",
    "associationTypes": [{"category": "USER_DEFINED", "typeId": 36, "label": "Organizer"}],
}


def batch(results: list[Any]) -> dict[str, Any]:
    return {"status": "COMPLETE", "results": results, "startedAt": NOW, "completedAt": NOW}


# path -> (status, JSON answer) for the successful answer of each operation.
ANSWERS: dict[tuple[str, str], tuple[int, Any]] = {
    ("PUT", f"{V4}/objects/meetings/512/associations/default/contacts/101"): (
        200,
        batch([DEFAULT]),
    ),
    ("PUT", f"{V4}/objects/meetings/512/associations/contacts/101"): (201, PAIR),
    ("DELETE", f"{V4}/objects/meetings/512/associations/contacts/101"): (204, None),
    ("GET", f"{V4}/objects/meetings/512/associations/contacts"): (
        200,
        {"results": [ASSOCIATED], "paging": {"next": {"after": "MTAx"}}},
    ),
    ("POST", f"{V4}/associations/meetings/contacts/batch/associate/default"): (
        200,
        batch([DEFAULT]),
    ),
    ("POST", f"{V4}/associations/meetings/contacts/batch/create"): (201, batch([PAIR])),
    ("POST", f"{V4}/associations/meetings/contacts/batch/archive"): (204, None),
    ("POST", f"{V4}/associations/meetings/contacts/batch/labels/archive"): (204, None),
    ("POST", f"{V4}/associations/meetings/contacts/batch/read"): (
        200,
        batch([{"from": {"id": "512"}, "to": [ASSOCIATED]}]),
    ),
    ("POST", f"{V4}/associations/usage/high-usage-report/7"): (
        200,
        {"userId": 7, "userEmail": "ops@example.com", "enqueueTime": {"value": 1}},
    ),
}


@pytest.fixture
def wire() -> Iterator[tuple[AuthenticatedClient, list[httpx.Request]]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status, answer = ANSWERS[(request.method, request.url.path)]
        return httpx.Response(status, json=answer) if answer is not None else httpx.Response(204)

    client = AuthenticatedClient(
        base_url="https://api.hubapi.com",
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    with client:
        yield client, seen


LABELLED_INPUT = {"from": {"id": "512"}, "to": {"id": "101"}, "types": [LABELLED]}

# (name, call, method, path, query, json body, parsed model of the success answer)
Case = tuple[
    str, Callable[[AuthenticatedClient], Any], str, str, dict[str, list[str]], Any, type | None
]
CASES: list[Case] = [
    (
        "create_default",
        lambda c: create_default.sync_detailed("meetings", "512", "contacts", "101", client=c),
        "PUT",
        f"{V4}/objects/meetings/512/associations/default/contacts/101",
        {},
        None,
        BatchResponsePublicDefaultAssociation,
    ),
    (
        "create_labelled",
        lambda c: create.sync_detailed(
            "meetings",
            "512",
            "contacts",
            "101",
            client=c,
            body=[AssociationSpec.from_dict(LABELLED)],
        ),
        "PUT",
        f"{V4}/objects/meetings/512/associations/contacts/101",
        {},
        [LABELLED],
        LabelsBetweenObjectPair,
    ),
    (
        "delete",
        lambda c: archive.sync_detailed("meetings", "512", "contacts", "101", client=c),
        "DELETE",
        f"{V4}/objects/meetings/512/associations/contacts/101",
        {},
        None,
        None,
    ),
    (
        "list_first_page",
        lambda c: get_page.sync_detailed("meetings", "512", "contacts", client=c),
        "GET",
        f"{V4}/objects/meetings/512/associations/contacts",
        {},  # HubSpot's default limit (500) is not sent
        None,
        CollectionResponseMultiAssociatedObjectWithLabelForwardPaging,
    ),
    (
        "list_next_page",
        lambda c: get_page.sync_detailed(
            "meetings", "512", "contacts", client=c, limit=500, after="MTAx"
        ),
        "GET",
        f"{V4}/objects/meetings/512/associations/contacts",
        {"limit": ["500"], "after": ["MTAx"]},
        None,
        CollectionResponseMultiAssociatedObjectWithLabelForwardPaging,
    ),
    (
        "batch_create_default",
        lambda c: batch_create_default.sync_detailed(
            "meetings",
            "contacts",
            client=c,
            body=BatchInputPublicDefaultAssociationMultiPost.from_dict(
                {"inputs": [{"from": {"id": "512"}, "to": {"id": "101"}}]}
            ),
        ),
        "POST",
        f"{V4}/associations/meetings/contacts/batch/associate/default",
        {},
        {"inputs": [{"from": {"id": "512"}, "to": {"id": "101"}}]},
        BatchResponsePublicDefaultAssociation,
    ),
    (
        "batch_create_labelled",
        lambda c: batch_create.sync_detailed(
            "meetings",
            "contacts",
            client=c,
            body=BatchInputPublicAssociationMultiPost.from_dict({"inputs": [LABELLED_INPUT]}),
        ),
        "POST",
        f"{V4}/associations/meetings/contacts/batch/create",
        {},
        {"inputs": [LABELLED_INPUT]},
        BatchResponseLabelsBetweenObjectPair,
    ),
    (
        "batch_archive",
        lambda c: batch_archive.sync_detailed(
            "meetings",
            "contacts",
            client=c,
            body=BatchInputPublicAssociationMultiArchive.from_dict(
                {"inputs": [{"from": {"id": "512"}, "to": [{"id": "101"}, {"id": "102"}]}]}
            ),
        ),
        "POST",
        f"{V4}/associations/meetings/contacts/batch/archive",
        {},
        {"inputs": [{"from": {"id": "512"}, "to": [{"id": "101"}, {"id": "102"}]}]},
        None,
    ),
    (
        "batch_archive_labels",
        lambda c: batch_archive_labels.sync_detailed(
            "meetings",
            "contacts",
            client=c,
            body=BatchInputPublicAssociationMultiPost.from_dict({"inputs": [LABELLED_INPUT]}),
        ),
        "POST",
        f"{V4}/associations/meetings/contacts/batch/labels/archive",
        {},
        {"inputs": [LABELLED_INPUT]},
        None,
    ),
    (
        "batch_read",
        lambda c: batch_read.sync_detailed(
            "meetings",
            "contacts",
            client=c,
            body=BatchInputPublicFetchAssociationsBatchRequest.from_dict(
                {"inputs": [{"id": "512"}, {"id": "513", "after": "MTAx"}]}
            ),
        ),
        "POST",
        f"{V4}/associations/meetings/contacts/batch/read",
        {},
        {"inputs": [{"id": "512"}, {"id": "513", "after": "MTAx"}]},
        BatchResponsePublicAssociationMultiWithLabel,
    ),
    (
        "high_usage_report",
        lambda c: high_usage.sync_detailed(7, client=c),
        "POST",
        f"{V4}/associations/usage/high-usage-report/7",
        {},
        None,
        ReportCreationResponse,
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "method", "path", "query", "expected_body", "model"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_operation_builds_documented_request(
    wire: tuple[AuthenticatedClient, list[httpx.Request]],
    name: str,
    call: Callable[[AuthenticatedClient], Any],
    method: str,
    path: str,
    query: dict[str, list[str]],
    expected_body: Any,
    model: type | None,
) -> None:
    client, seen = wire
    response = call(client)
    (request,) = seen
    assert_request(request, method, path, query, expected_body, TOKEN)
    assert response.status_code < 300, name
    if model is not None:
        assert isinstance(response.parsed, model), name
        assert response.parsed.to_dict() == ANSWERS[(method, path)][1]


def test_every_operation_of_the_spec_is_covered() -> None:
    assert {(c[2], c[3]) for c in CASES} == set(ANSWERS)


def test_path_parameters_are_escaped() -> None:
    kwargs = create_default.request_kwargs("p_my/object", "1 2", "contacts", "3")
    assert kwargs["url"] == f"{V4}/objects/p_my%2Fobject/1%202/associations/default/contacts/3"


def test_request_association_types_are_strict_and_response_ones_lenient() -> None:
    # The labelled association's type is checked before sending: a misspelt category or a
    # missing type id never reaches HubSpot.
    with pytest.raises(TypeError, match="HUBSPOT_DEFIND"):
        AssociationSpec.from_dict({"associationCategory": "HUBSPOT_DEFIND", "associationTypeId": 1})
    with pytest.raises(KeyError, match="associationTypeId"):
        AssociationSpec.from_dict({"associationCategory": "USER_DEFINED"})
    # The same schema in an answer is read leniently: a category HubSpot adds later, or a
    # field it leaves out, still parses.
    spec = AssociationSpecResponse.from_dict({"associationCategory": "PARTNER_DEFINED"})
    assert spec.association_category == "PARTNER_DEFINED"
    answer = BatchResponsePublicDefaultAssociation.from_dict(
        batch([{**DEFAULT, "associationSpec": {"associationCategory": "PARTNER_DEFINED"}}])
    )
    assert isinstance(answer.results[0].association_spec, AssociationSpecResponse)
