from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.batch_input_simple_public_object_batch_input import (
    BatchInputSimplePublicObjectBatchInput,
)
from ...models.batch_response_simple_public_object import (
    BatchResponseSimplePublicObject,
)
from ...models.batch_response_simple_public_object_with_errors import (
    BatchResponseSimplePublicObjectWithErrors,
)
from ...models.error import Error
from ...types import RequestKwargs, Response


def request_kwargs(
    *,
    body: BatchInputSimplePublicObjectBatchInput,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""
    headers: dict[str, Any] = {}

    _kwargs: RequestKwargs = {
        "method": "post",
        "url": "/crm/v3/objects/meetings/batch/update",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors | Error
):
    if response.status_code == 200:
        response_200 = BatchResponseSimplePublicObject.from_dict(response.json())

        return response_200

    if response.status_code == 207:
        response_207 = BatchResponseSimplePublicObjectWithErrors.from_dict(
            response.json()
        )

        return response_207

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors | Error
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
    body: BatchInputSimplePublicObjectBatchInput,
) -> Response[
    BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors | Error
]:
    """Update a batch of meetings by internal ID, or unique property values

    Args:
        body (BatchInputSimplePublicObjectBatchInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors | Error]
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
    body: BatchInputSimplePublicObjectBatchInput,
) -> (
    BatchResponseSimplePublicObject
    | BatchResponseSimplePublicObjectWithErrors
    | Error
    | None
):
    """Update a batch of meetings by internal ID, or unique property values

    Args:
        body (BatchInputSimplePublicObjectBatchInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchInputSimplePublicObjectBatchInput,
) -> Response[
    BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors | Error
]:
    """Update a batch of meetings by internal ID, or unique property values

    Args:
        body (BatchInputSimplePublicObjectBatchInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BatchInputSimplePublicObjectBatchInput,
) -> (
    BatchResponseSimplePublicObject
    | BatchResponseSimplePublicObjectWithErrors
    | Error
    | None
):
    """Update a batch of meetings by internal ID, or unique property values

    Args:
        body (BatchInputSimplePublicObjectBatchInput):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponseSimplePublicObject | BatchResponseSimplePublicObjectWithErrors | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
