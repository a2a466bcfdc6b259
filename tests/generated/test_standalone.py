"""The generated meetings client works on its own, without the facade: its sync and asyncio
functions, and its public request builders with a caller's own httpx client, against the
in-process emulator."""

from __future__ import annotations

from http import HTTPStatus

import httpx
import pytest

from hubspot_emulator import Emulator
from hubspot_meetings_api import AuthenticatedClient, Client
from hubspot_meetings_api.api.basic import archive, create, get_by_id, get_page, update
from hubspot_meetings_api.api.batch import read as batch_read
from hubspot_meetings_api.api.search import do_search
from hubspot_meetings_api.models import (
    BatchReadInputSimplePublicObjectId,
    Error,
    PublicObjectSearchRequest,
    SimplePublicObject,
    SimplePublicObjectInput,
    SimplePublicObjectInputForCreate,
)

BASE_URL = "https://api.hubapi.com"
TOKEN = "pat-emulator-token"
TS = "2026-03-15T08:00:00.000Z"


def authenticated(emu: Emulator) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL, token=TOKEN, httpx_args={"transport": emu.transport()}
    )


def new_meeting(title: str) -> SimplePublicObjectInputForCreate:
    return SimplePublicObjectInputForCreate.from_dict(
        {"properties": {"hs_timestamp": TS, "hs_meeting_title": title}}
    )


def test_sync_functions_create_read_update_list_and_archive() -> None:
    emu = Emulator()
    with authenticated(emu) as client:
        made = create.sync(client=client, body=new_meeting("Kickoff"))
        assert isinstance(made, SimplePublicObject)
        got = get_by_id.sync(made.id, client=client, properties=["hs_meeting_title"])
        assert not isinstance(got, Error) and got is not None
        assert got.properties["hs_meeting_title"] == "Kickoff"
        changed = SimplePublicObjectInput.from_dict({"properties": {"hs_meeting_title": "Retro"}})
        assert update.sync_detailed(made.id, client=client, body=changed).status_code == 200
        page = get_page.sync(client=client, properties=["hs_meeting_title"])
        assert not isinstance(page, Error) and page is not None
        assert [(m.id, m.properties["hs_meeting_title"]) for m in page.results] == [
            (made.id, "Retro")
        ]
        gone = archive.sync_detailed(made.id, client=client)
        assert gone.status_code == HTTPStatus.NO_CONTENT
        missing = get_by_id.sync_detailed(made.id, client=client)
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert isinstance(missing.parsed, Error) and missing.parsed.category == "OBJECT_NOT_FOUND"
    assert emu.store("meetings").count() == 0


@pytest.mark.anyio
async def test_asyncio_functions_batch_read_and_search() -> None:
    emu = Emulator()
    ids = emu.seed("meetings", [{"hs_meeting_title": "Alpha"}, {"hs_meeting_title": "Beta"}])
    async with authenticated(emu) as client:
        read = await batch_read.asyncio(
            client=client,
            body=BatchReadInputSimplePublicObjectId.from_dict(
                {"inputs": [{"id": i} for i in ids], "properties": ["hs_meeting_title"]}
            ),
        )
        found = await do_search.asyncio_detailed(
            client=client,
            body=PublicObjectSearchRequest.from_dict(
                {
                    "filterGroups": [
                        {
                            "filters": [
                                {
                                    "propertyName": "hs_meeting_title",
                                    "operator": "EQ",
                                    "value": "Beta",
                                }
                            ]
                        }
                    ]
                }
            ),
        )
    assert read is not None and not isinstance(read, Error)
    assert sorted(r.properties["hs_meeting_title"] for r in read.results) == ["Alpha", "Beta"]
    assert found.status_code == 200 and not isinstance(found.parsed, Error | None)
    assert [r.id for r in found.parsed.results] == [ids[1]]


def test_a_client_without_credentials_gets_the_parsed_401() -> None:
    emu = Emulator()
    with Client(base_url=BASE_URL, httpx_args={"transport": emu.transport()}) as client:
        # Typed for AuthenticatedClient (the spec declares auth), yet any client can send.
        answer = get_page.sync_detailed(client=client)  # type: ignore[arg-type]
    assert answer.status_code == HTTPStatus.UNAUTHORIZED
    assert isinstance(answer.parsed, Error) and answer.parsed.category == "INVALID_AUTHENTICATION"


def test_public_request_builders_drive_a_plain_httpx_client() -> None:
    emu = Emulator()
    with httpx.Client(
        base_url=BASE_URL,
        transport=emu.transport(),
        headers={"Authorization": f"Bearer {TOKEN}"},
    ) as http:
        made = http.request(**create.request_kwargs(body=new_meeting("Standup")))
        assert made.status_code == 201
        listed = http.request(**get_page.request_kwargs(limit=1, properties=["hs_meeting_title"]))
    assert listed.json()["results"][0]["properties"]["hs_meeting_title"] == "Standup"
    assert [(r.method, r.path) for r in emu.requests] == [
        ("POST", "/crm/v3/objects/meetings"),
        ("GET", "/crm/v3/objects/meetings"),
    ]
    # The generator's private name still reaches the same builder.
    assert create._get_kwargs is create.request_kwargs
