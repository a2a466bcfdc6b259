from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.batch_input_public_association_multi_post import (
    BatchInputPublicAssociationMultiPost,
)
from ...models.batch_response_labels_between_object_pair import (
    BatchResponseLabelsBetweenObjectPair,
)
from ...models.batch_response_labels_between_object_pair_with_errors import (
    BatchResponseLabelsBetweenObjectPairWithErrors,
)
from ...models.error import Error
from ...types import RequestKwargs, Response


def request_kwargs(
    from_object_type: str,
    to_object_type: str,
    *,
    body: BatchInputPublicAssociationMultiPost,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""
    headers: dict[str, Any] = {}

    _kwargs: RequestKwargs = {
        "method": "post",
        "url": "/crm/v4/associations/{from_object_type}/{to_object_type}/batch/create".format(
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
    BatchResponseLabelsBetweenObjectPair
    | BatchResponseLabelsBetweenObjectPairWithErrors
    | Error
):
    if response.status_code == 201:
        response_201 = BatchResponseLabelsBetweenObjectPair.from_dict(response.json())

        return response_201

    if response.status_code == 207:
        response_207 = BatchResponseLabelsBetweenObjectPairWithErrors.from_dict(
            response.json()
        )

        return response_207

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    BatchResponseLabelsBetweenObjectPair
    | BatchResponseLabelsBetweenObjectPairWithErrors
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
    body: BatchInputPublicAssociationMultiPost,
) -> Response[
    BatchResponseLabelsBetweenObjectPair
    | BatchResponseLabelsBetweenObjectPairWithErrors
    | Error
]:
    """Associate records (labelled)

     Batch create associations for objects

    Args:
        from_object_type (str):
        to_object_type (str):
        body (BatchInputPublicAssociationMultiPost):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponseLabelsBetweenObjectPair | BatchResponseLabelsBetweenObjectPairWithErrors | Error]
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
    body: BatchInputPublicAssociationMultiPost,
) -> (
    BatchResponseLabelsBetweenObjectPair
    | BatchResponseLabelsBetweenObjectPairWithErrors
    | Error
    | None
):
    """Associate records (labelled)

     Batch create associations for objects

    Args:
        from_object_type (str):
        to_object_type (str):
        body (BatchInputPublicAssociationMultiPost):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponseLabelsBetweenObjectPair | BatchResponseLabelsBetweenObjectPairWithErrors | Error
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
    body: BatchInputPublicAssociationMultiPost,
) -> Response[
    BatchResponseLabelsBetweenObjectPair
    | BatchResponseLabelsBetweenObjectPairWithErrors
    | Error
]:
    """Associate records (labelled)

     Batch create associations for objects

    Args:
        from_object_type (str):
        to_object_type (str):
        body (BatchInputPublicAssociationMultiPost):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchResponseLabelsBetweenObjectPair | BatchResponseLabelsBetweenObjectPairWithErrors | Error]
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
    body: BatchInputPublicAssociationMultiPost,
) -> (
    BatchResponseLabelsBetweenObjectPair
    | BatchResponseLabelsBetweenObjectPairWithErrors
    | Error
    | None
):
    """Associate records (labelled)

     Batch create associations for objects

    Args:
        from_object_type (str):
        to_object_type (str):
        body (BatchInputPublicAssociationMultiPost):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchResponseLabelsBetweenObjectPair | BatchResponseLabelsBetweenObjectPairWithErrors | Error
    """

    return (
        await asyncio_detailed(
            from_object_type=from_object_type,
            to_object_type=to_object_type,
            client=client,
            body=body,
        )
    ).parsed
