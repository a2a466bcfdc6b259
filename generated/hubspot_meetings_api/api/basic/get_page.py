from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.collection_response_simple_public_object_with_associations_forward_paging import (
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging,
)
from ...models.error import Error
from ...types import UNSET, RequestKwargs, Response, Unset


def request_kwargs(
    *,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""

    params: dict[str, Any] = {}

    params["after"] = after

    params["archived"] = archived

    json_associations: list[str] | Unset = UNSET
    if not isinstance(associations, Unset):
        json_associations = associations

    params["associations"] = json_associations

    params["limit"] = limit

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
        "url": "/crm/v3/objects/meetings",
        "params": params,
    }

    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error:
    if response.status_code == 200:
        response_200 = (
            CollectionResponseSimplePublicObjectWithAssociationsForwardPaging.from_dict(
                response.json()
            )
        )

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> Response[
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error
]:
    """List

     Read a page of meetings. Control what is returned via the `properties` query param.

    Args:
        after (str | Unset):
        archived (bool | Unset):
        associations (list[str] | Unset):
        limit (int | Unset):
        properties (list[str] | Unset):
        properties_with_history (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error]
    """

    kwargs = _get_kwargs(
        after=after,
        archived=archived,
        associations=associations,
        limit=limit,
        properties=properties,
        properties_with_history=properties_with_history,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error | None:
    """List

     Read a page of meetings. Control what is returned via the `properties` query param.

    Args:
        after (str | Unset):
        archived (bool | Unset):
        associations (list[str] | Unset):
        limit (int | Unset):
        properties (list[str] | Unset):
        properties_with_history (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error
    """

    return sync_detailed(
        client=client,
        after=after,
        archived=archived,
        associations=associations,
        limit=limit,
        properties=properties,
        properties_with_history=properties_with_history,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> Response[
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error
]:
    """List

     Read a page of meetings. Control what is returned via the `properties` query param.

    Args:
        after (str | Unset):
        archived (bool | Unset):
        associations (list[str] | Unset):
        limit (int | Unset):
        properties (list[str] | Unset):
        properties_with_history (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error]
    """

    kwargs = _get_kwargs(
        after=after,
        archived=archived,
        associations=associations,
        limit=limit,
        properties=properties,
        properties_with_history=properties_with_history,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    archived: bool | Unset = UNSET,
    associations: list[str] | Unset = UNSET,
    limit: int | Unset = UNSET,
    properties: list[str] | Unset = UNSET,
    properties_with_history: list[str] | Unset = UNSET,
) -> CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error | None:
    """List

     Read a page of meetings. Control what is returned via the `properties` query param.

    Args:
        after (str | Unset):
        archived (bool | Unset):
        associations (list[str] | Unset):
        limit (int | Unset):
        properties (list[str] | Unset):
        properties_with_history (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionResponseSimplePublicObjectWithAssociationsForwardPaging | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            after=after,
            archived=archived,
            associations=associations,
            limit=limit,
            properties=properties,
            properties_with_history=properties_with_history,
        )
    ).parsed
