from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.collection_response_multi_associated_object_with_label_forward_paging import (
    CollectionResponseMultiAssociatedObjectWithLabelForwardPaging,
)
from ...models.error import Error
from ...types import UNSET, RequestKwargs, Response, Unset


def request_kwargs(
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: RequestKwargs = {
        "method": "get",
        "url": "/crm/v4/objects/{object_type}/{object_id}/associations/{to_object_type}".format(
            object_type=quote(str(object_type), safe=""),
            object_id=quote(str(object_id), safe=""),
            to_object_type=quote(str(to_object_type), safe=""),
        ),
        "params": params,
    }

    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error:
    if response.status_code == 200:
        response_200 = (
            CollectionResponseMultiAssociatedObjectWithLabelForwardPaging.from_dict(
                response.json()
            )
        )

        return response_200

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error]:
    """Retrieve all associations by object type

     Retrieve all associations between a specific record and an object type. Limit 500 per call.

    Args:
        object_type (str):
        object_id (str):
        to_object_type (str):
        after (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error]
    """

    kwargs = _get_kwargs(
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error | None:
    """Retrieve all associations by object type

     Retrieve all associations between a specific record and an object type. Limit 500 per call.

    Args:
        object_type (str):
        object_id (str):
        to_object_type (str):
        after (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error
    """

    return sync_detailed(
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        client=client,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error]:
    """Retrieve all associations by object type

     Retrieve all associations between a specific record and an object type. Limit 500 per call.

    Args:
        object_type (str):
        object_id (str):
        to_object_type (str):
        after (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error]
    """

    kwargs = _get_kwargs(
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    object_type: str,
    object_id: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient,
    after: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error | None:
    """Retrieve all associations by object type

     Retrieve all associations between a specific record and an object type. Limit 500 per call.

    Args:
        object_type (str):
        object_id (str):
        to_object_type (str):
        after (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectionResponseMultiAssociatedObjectWithLabelForwardPaging | Error
    """

    return (
        await asyncio_detailed(
            object_type=object_type,
            object_id=object_id,
            to_object_type=to_object_type,
            client=client,
            after=after,
            limit=limit,
        )
    ).parsed
