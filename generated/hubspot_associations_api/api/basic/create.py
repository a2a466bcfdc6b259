from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.association_spec import AssociationSpec
from ...models.error import Error
from ...models.labels_between_object_pair import LabelsBetweenObjectPair
from ...types import RequestKwargs, Response


def request_kwargs(
    object_type: str,
    object_id: str,
    to_object_type: str,
    to_object_id: str,
    *,
    body: list[AssociationSpec],
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""
    headers: dict[str, Any] = {}

    _kwargs: RequestKwargs = {
        "method": "put",
        "url": "/crm/v4/objects/{object_type}/{object_id}/associations/{to_object_type}/{to_object_id}".format(
            object_type=quote(str(object_type), safe=""),
            object_id=quote(str(object_id), safe=""),
            to_object_type=quote(str(to_object_type), safe=""),
            to_object_id=quote(str(to_object_id), safe=""),
        ),
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LabelsBetweenObjectPair:
    if response.status_code == 201:
        response_201 = LabelsBetweenObjectPair.from_dict(response.json())

        return response_201

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LabelsBetweenObjectPair]:
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
    to_object_id: str,
    *,
    client: AuthenticatedClient,
    body: list[AssociationSpec],
) -> Response[Error | LabelsBetweenObjectPair]:
    """Associate records (labelled)

     Set association labels between two records.

    Args:
        object_type (str):
        object_id (str):
        to_object_type (str):
        to_object_id (str):
        body (list[AssociationSpec]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LabelsBetweenObjectPair]
    """

    kwargs = _get_kwargs(
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        to_object_id=to_object_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    object_type: str,
    object_id: str,
    to_object_type: str,
    to_object_id: str,
    *,
    client: AuthenticatedClient,
    body: list[AssociationSpec],
) -> Error | LabelsBetweenObjectPair | None:
    """Associate records (labelled)

     Set association labels between two records.

    Args:
        object_type (str):
        object_id (str):
        to_object_type (str):
        to_object_id (str):
        body (list[AssociationSpec]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LabelsBetweenObjectPair
    """

    return sync_detailed(
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        to_object_id=to_object_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    object_type: str,
    object_id: str,
    to_object_type: str,
    to_object_id: str,
    *,
    client: AuthenticatedClient,
    body: list[AssociationSpec],
) -> Response[Error | LabelsBetweenObjectPair]:
    """Associate records (labelled)

     Set association labels between two records.

    Args:
        object_type (str):
        object_id (str):
        to_object_type (str):
        to_object_id (str):
        body (list[AssociationSpec]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LabelsBetweenObjectPair]
    """

    kwargs = _get_kwargs(
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_object_type,
        to_object_id=to_object_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    object_type: str,
    object_id: str,
    to_object_type: str,
    to_object_id: str,
    *,
    client: AuthenticatedClient,
    body: list[AssociationSpec],
) -> Error | LabelsBetweenObjectPair | None:
    """Associate records (labelled)

     Set association labels between two records.

    Args:
        object_type (str):
        object_id (str):
        to_object_type (str):
        to_object_id (str):
        body (list[AssociationSpec]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LabelsBetweenObjectPair
    """

    return (
        await asyncio_detailed(
            object_type=object_type,
            object_id=object_id,
            to_object_type=to_object_type,
            to_object_id=to_object_id,
            client=client,
            body=body,
        )
    ).parsed
