from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.simple_public_object import SimplePublicObject
from ...models.simple_public_object_input_for_create import (
    SimplePublicObjectInputForCreate,
)
from ...types import RequestKwargs, Response


def request_kwargs(
    *,
    body: SimplePublicObjectInputForCreate,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""
    headers: dict[str, Any] = {}

    _kwargs: RequestKwargs = {
        "method": "post",
        "url": "/crm/v3/objects/meetings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SimplePublicObject:
    if response.status_code == 201:
        response_201 = SimplePublicObject.from_dict(response.json())

        return response_201

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
    *,
    client: AuthenticatedClient,
    body: SimplePublicObjectInputForCreate,
) -> Response[Error | SimplePublicObject]:
    """Create

     Create a meeting with the given properties and return a copy of the object, including the ID.
    Documentation and examples for creating standard meetings is provided.

    Args:
        body (SimplePublicObjectInputForCreate): Is the input object used to create a new CRM
            object, containing the properties to be set and optional associations to link the new
            record with other CRM objects.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SimplePublicObject]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SimplePublicObjectInputForCreate,
) -> Error | SimplePublicObject | None:
    """Create

     Create a meeting with the given properties and return a copy of the object, including the ID.
    Documentation and examples for creating standard meetings is provided.

    Args:
        body (SimplePublicObjectInputForCreate): Is the input object used to create a new CRM
            object, containing the properties to be set and optional associations to link the new
            record with other CRM objects.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SimplePublicObject
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SimplePublicObjectInputForCreate,
) -> Response[Error | SimplePublicObject]:
    """Create

     Create a meeting with the given properties and return a copy of the object, including the ID.
    Documentation and examples for creating standard meetings is provided.

    Args:
        body (SimplePublicObjectInputForCreate): Is the input object used to create a new CRM
            object, containing the properties to be set and optional associations to link the new
            record with other CRM objects.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SimplePublicObject]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SimplePublicObjectInputForCreate,
) -> Error | SimplePublicObject | None:
    """Create

     Create a meeting with the given properties and return a copy of the object, including the ID.
    Documentation and examples for creating standard meetings is provided.

    Args:
        body (SimplePublicObjectInputForCreate): Is the input object used to create a new CRM
            object, containing the properties to be set and optional associations to link the new
            record with other CRM objects.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SimplePublicObject
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
