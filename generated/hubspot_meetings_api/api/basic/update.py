from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.simple_public_object import SimplePublicObject
from ...models.simple_public_object_input import SimplePublicObjectInput
from ...types import UNSET, RequestKwargs, Response, Unset


def request_kwargs(
    meeting_id: str,
    *,
    body: SimplePublicObjectInput,
    id_property: str | Unset = UNSET,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["idProperty"] = id_property

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: RequestKwargs = {
        "method": "patch",
        "url": "/crm/v3/objects/meetings/{meeting_id}".format(
            meeting_id=quote(str(meeting_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SimplePublicObject:
    if response.status_code == 200:
        response_200 = SimplePublicObject.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SimplePublicObject]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
    body: SimplePublicObjectInput,
    id_property: str | Unset = UNSET,
) -> Response[Error | SimplePublicObject]:
    """Update

     Perform a partial update of an Object identified by `{meetingId}`or optionally a unique property
    value as specified by the `idProperty` query param. `{meetingId}` refers to the internal object ID
    by default, and the `idProperty` query param refers to a property whose values are unique for the
    object. Provided property values will be overwritten. Read-only and non-existent properties will
    result in an error. Properties values can be cleared by passing an empty string.

    Args:
        meeting_id (str):
        id_property (str | Unset):
        body (SimplePublicObjectInput): Represents the input required to create or update a CRM
            object, containing an object with property names and their corresponding values. Example:
            {'properties': {'property_checkbox': 'false', 'property_date': '1572480000000',
            'property_dropdown': 'choice_b', 'property_multiple_checkboxes': 'chocolate;strawberry',
            'property_number': '17', 'property_radio': 'option_1', 'property_string': 'value'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SimplePublicObject]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
        body=body,
        id_property=id_property,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
    body: SimplePublicObjectInput,
    id_property: str | Unset = UNSET,
) -> Error | SimplePublicObject | None:
    """Update

     Perform a partial update of an Object identified by `{meetingId}`or optionally a unique property
    value as specified by the `idProperty` query param. `{meetingId}` refers to the internal object ID
    by default, and the `idProperty` query param refers to a property whose values are unique for the
    object. Provided property values will be overwritten. Read-only and non-existent properties will
    result in an error. Properties values can be cleared by passing an empty string.

    Args:
        meeting_id (str):
        id_property (str | Unset):
        body (SimplePublicObjectInput): Represents the input required to create or update a CRM
            object, containing an object with property names and their corresponding values. Example:
            {'properties': {'property_checkbox': 'false', 'property_date': '1572480000000',
            'property_dropdown': 'choice_b', 'property_multiple_checkboxes': 'chocolate;strawberry',
            'property_number': '17', 'property_radio': 'option_1', 'property_string': 'value'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SimplePublicObject
    """

    return sync_detailed(
        meeting_id=meeting_id,
        client=client,
        body=body,
        id_property=id_property,
    ).parsed


async def asyncio_detailed(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
    body: SimplePublicObjectInput,
    id_property: str | Unset = UNSET,
) -> Response[Error | SimplePublicObject]:
    """Update

     Perform a partial update of an Object identified by `{meetingId}`or optionally a unique property
    value as specified by the `idProperty` query param. `{meetingId}` refers to the internal object ID
    by default, and the `idProperty` query param refers to a property whose values are unique for the
    object. Provided property values will be overwritten. Read-only and non-existent properties will
    result in an error. Properties values can be cleared by passing an empty string.

    Args:
        meeting_id (str):
        id_property (str | Unset):
        body (SimplePublicObjectInput): Represents the input required to create or update a CRM
            object, containing an object with property names and their corresponding values. Example:
            {'properties': {'property_checkbox': 'false', 'property_date': '1572480000000',
            'property_dropdown': 'choice_b', 'property_multiple_checkboxes': 'chocolate;strawberry',
            'property_number': '17', 'property_radio': 'option_1', 'property_string': 'value'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SimplePublicObject]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
        body=body,
        id_property=id_property,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
    body: SimplePublicObjectInput,
    id_property: str | Unset = UNSET,
) -> Error | SimplePublicObject | None:
    """Update

     Perform a partial update of an Object identified by `{meetingId}`or optionally a unique property
    value as specified by the `idProperty` query param. `{meetingId}` refers to the internal object ID
    by default, and the `idProperty` query param refers to a property whose values are unique for the
    object. Provided property values will be overwritten. Read-only and non-existent properties will
    result in an error. Properties values can be cleared by passing an empty string.

    Args:
        meeting_id (str):
        id_property (str | Unset):
        body (SimplePublicObjectInput): Represents the input required to create or update a CRM
            object, containing an object with property names and their corresponding values. Example:
            {'properties': {'property_checkbox': 'false', 'property_date': '1572480000000',
            'property_dropdown': 'choice_b', 'property_multiple_checkboxes': 'chocolate;strawberry',
            'property_number': '17', 'property_radio': 'option_1', 'property_string': 'value'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SimplePublicObject
    """

    return (
        await asyncio_detailed(
            meeting_id=meeting_id,
            client=client,
            body=body,
            id_property=id_property,
        )
    ).parsed
