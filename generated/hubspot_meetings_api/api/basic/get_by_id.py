from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.simple_public_object_with_associations import (
    SimplePublicObjectWithAssociations,
)
from ...types import UNSET, RequestKwargs, Response, Unset


def request_kwargs(
    meeting_id: str,
    *,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    id_property: str | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""

    params: dict[str, Any] = {}

    params["archived"] = archived

    json_associations: list[str] | Unset = UNSET
    if not isinstance(associations, Unset):
        json_associations = associations

    params["associations"] = json_associations

    params["idProperty"] = id_property

    json_properties: list[str] | Unset = UNSET
    if not isinstance(properties, Unset):
        json_properties = properties

    params["properties"] = json_properties

    json_properties_with_history: list[str] | Unset = UNSET
    if not isinstance(properties_with_history, Unset):
        json_properties_with_history = properties_with_history

    params["propertiesWithHistory"] = json_properties_with_history

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: RequestKwargs = {
        "method": "get",
        "url": "/crm/v3/objects/meetings/{meeting_id}".format(
            meeting_id=quote(str(meeting_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SimplePublicObjectWithAssociations:
    if response.status_code == 200:
        response_200 = SimplePublicObjectWithAssociations.from_dict(response.json())

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SimplePublicObjectWithAssociations]:
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
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    id_property: str | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> Response[Error | SimplePublicObjectWithAssociations]:
    """Read

     Read an Object identified by `{meetingId}`. `{meetingId}` refers to the internal object ID by
    default, or optionally any unique property value as specified by the `idProperty` query param.
    Control what is returned via the `properties` query param.

    Args:
        meeting_id (str):
        archived (bool | Unset):
        associations (list[str] | Unset):
        id_property (str | Unset):
        properties (list[str] | Unset):
        properties_with_history (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SimplePublicObjectWithAssociations]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
        archived=archived,
        associations=associations,
        id_property=id_property,
        properties=properties,
        properties_with_history=properties_with_history,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    id_property: str | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> Error | SimplePublicObjectWithAssociations | None:
    """Read

     Read an Object identified by `{meetingId}`. `{meetingId}` refers to the internal object ID by
    default, or optionally any unique property value as specified by the `idProperty` query param.
    Control what is returned via the `properties` query param.

    Args:
        meeting_id (str):
        archived (bool | Unset):
        associations (list[str] | Unset):
        id_property (str | Unset):
        properties (list[str] | Unset):
        properties_with_history (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SimplePublicObjectWithAssociations
    """

    return sync_detailed(
        meeting_id=meeting_id,
        client=client,
        archived=archived,
        associations=associations,
        id_property=id_property,
        properties=properties,
        properties_with_history=properties_with_history,
    ).parsed


async def asyncio_detailed(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    id_property: str | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> Response[Error | SimplePublicObjectWithAssociations]:
    """Read

     Read an Object identified by `{meetingId}`. `{meetingId}` refers to the internal object ID by
    default, or optionally any unique property value as specified by the `idProperty` query param.
    Control what is returned via the `properties` query param.

    Args:
        meeting_id (str):
        archived (bool | Unset):
        associations (list[str] | Unset):
        id_property (str | Unset):
        properties (list[str] | Unset):
        properties_with_history (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SimplePublicObjectWithAssociations]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
        archived=archived,
        associations=associations,
        id_property=id_property,
        properties=properties,
        properties_with_history=properties_with_history,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    id_property: str | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> Error | SimplePublicObjectWithAssociations | None:
    """Read

     Read an Object identified by `{meetingId}`. `{meetingId}` refers to the internal object ID by
    default, or optionally any unique property value as specified by the `idProperty` query param.
    Control what is returned via the `properties` query param.

    Args:
        meeting_id (str):
        archived (bool | Unset):
        associations (list[str] | Unset):
        id_property (str | Unset):
        properties (list[str] | Unset):
        properties_with_history (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SimplePublicObjectWithAssociations
    """

    return (
        await asyncio_detailed(
            meeting_id=meeting_id,
            client=client,
            archived=archived,
            associations=associations,
            id_property=id_property,
            properties=properties,
            properties_with_history=properties_with_history,
        )
    ).parsed
