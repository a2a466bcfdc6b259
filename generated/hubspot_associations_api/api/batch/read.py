from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.batch_input_public_fetch_associations_batch_request import (
    BatchInputPublicFetchAssociationsBatchRequest,
)
from ...models.batch_response_public_association_multi_with_label import (
    BatchResponsePublicAssociationMultiWithLabel,
)
from ...models.batch_response_public_association_multi_with_label_with_errors import (
    BatchResponsePublicAssociationMultiWithLabelWithErrors,
)
from ...models.error import Error
from ...types import RequestKwargs, Response


def request_kwargs(
    from_object_type: str,
    to_object_type: str,
    *,
    body: BatchInputPublicFetchAssociationsBatchRequest,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""
    headers: dict[str, Any] = {}

    _kwargs: RequestKwargs = {
        "method": "post",
        "url": "/crm/v4/associations/{from_object_type}/{to_object_type}/batch/read".format(
            from_object_type=quote(str(from_object_type), safe=""),
            to_object_type=quote(str(to_object_type), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    BatchResponsePublicAssociationMultiWithLabel
    | BatchResponsePublicAssociationMultiWithLabelWithErrors
    | Error
):
    if response.status_code == 200:
        response_200 = BatchResponsePublicAssociationMultiWithLabel.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 207:
        response_207 = BatchResponsePublicAssociationMultiWithLabelWithErrors.from_dict(
            response.json()
        )

        return response_207

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    BatchResponsePublicAssociationMultiWithLabel
    | BatchResponsePublicAssociationMultiWithLabelWithErrors
    | Error
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient,
    body: BatchInputPublicFetchAssociationsBatchRequest,
) -> Response[
    BatchResponsePublicAssociationMultiWithLabel
    | BatchResponsePublicAssociationMultiWithLabelWithErrors
    | Error
]:
    """Retrieve associations

     Batch read associations for objects to specific object type. The 'after' field in a returned paging
    object  can be added alongside the 'id' to retrieve the next page of associations from that
    objectId. The 'link' field is deprecated and should be ignored. Note: The 'paging' field will only
    be present if there are more pages and absent otherwise.

    Args:
        from_object_type (str):
        to_object_type (str):
        body (BatchInputPublicFetchAssociationsBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponsePublicAssociationMultiWithLabel | BatchResponsePublicAssociationMultiWithLabelWithErrors | Error]
    """

    kwargs = _get_kwargs(
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient,
    body: BatchInputPublicFetchAssociationsBatchRequest,
) -> (
    BatchResponsePublicAssociationMultiWithLabel
    | BatchResponsePublicAssociationMultiWithLabelWithErrors
    | Error
    | None
):
    """Retrieve associations

     Batch read associations for objects to specific object type. The 'after' field in a returned paging
    object  can be added alongside the 'id' to retrieve the next page of associations from that
    objectId. The 'link' field is deprecated and should be ignored. Note: The 'paging' field will only
    be present if there are more pages and absent otherwise.

    Args:
        from_object_type (str):
        to_object_type (str):
        body (BatchInputPublicFetchAssociationsBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponsePublicAssociationMultiWithLabel | BatchResponsePublicAssociationMultiWithLabelWithErrors | Error
    """

    return sync_detailed(
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient,
    body: BatchInputPublicFetchAssociationsBatchRequest,
) -> Response[
    BatchResponsePublicAssociationMultiWithLabel
    | BatchResponsePublicAssociationMultiWithLabelWithErrors
    | Error
]:
    """Retrieve associations

     Batch read associations for objects to specific object type. The 'after' field in a returned paging
    object  can be added alongside the 'id' to retrieve the next page of associations from that
    objectId. The 'link' field is deprecated and should be ignored. Note: The 'paging' field will only
    be present if there are more pages and absent otherwise.

    Args:
        from_object_type (str):
        to_object_type (str):
        body (BatchInputPublicFetchAssociationsBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponsePublicAssociationMultiWithLabel | BatchResponsePublicAssociationMultiWithLabelWithErrors | Error]
    """

    kwargs = _get_kwargs(
        from_object_type=from_object_type,
        to_object_type=to_object_type,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    from_object_type: str,
    to_object_type: str,
    *,
    client: AuthenticatedClient,
    body: BatchInputPublicFetchAssociationsBatchRequest,
) -> (
    BatchResponsePublicAssociationMultiWithLabel
    | BatchResponsePublicAssociationMultiWithLabelWithErrors
    | Error
    | None
):
    """Retrieve associations

     Batch read associations for objects to specific object type. The 'after' field in a returned paging
    object  can be added alongside the 'id' to retrieve the next page of associations from that
    objectId. The 'link' field is deprecated and should be ignored. Note: The 'paging' field will only
    be present if there are more pages and absent otherwise.

    Args:
        from_object_type (str):
        to_object_type (str):
        body (BatchInputPublicFetchAssociationsBatchRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponsePublicAssociationMultiWithLabel | BatchResponsePublicAssociationMultiWithLabelWithErrors | Error
    """

    return (
        await asyncio_detailed(
            from_object_type=from_object_type,
            to_object_type=to_object_type,
            client=client,
            body=body,
        )
    ).parsed
