from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import RequestKwargs, Response


def request_kwargs(
    meeting_id: str,
) -> RequestKwargs:
    """The keyword arguments of `httpx.Client.request` for this operation: method, url and,
    where the operation has them, params, json and headers. Base URL and auth are the client's."""

    _kwargs: RequestKwargs = {
        "method": "delete",
        "url": "/crm/v3/objects/meetings/{meeting_id}".format(
            meeting_id=quote(str(meeting_id), safe=""),
        ),
    }

    return _kwargs


_get_kwargs = request_kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    response_default = Error.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Error]:
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
) -> Response[Any | Error]:
    """Archive

     Move an Object identified by `{meetingId}` to the recycling bin.

    Args:
        meeting_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Error | None:
    """Archive

     Move an Object identified by `{meetingId}` to the recycling bin.

    Args:
        meeting_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        meeting_id=meeting_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Error]:
    """Archive

     Move an Object identified by `{meetingId}` to the recycling bin.

    Args:
        meeting_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        meeting_id=meeting_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    meeting_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Error | None:
    """Archive

     Move an Object identified by `{meetingId}` to the recycling bin.

    Args:
        meeting_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            meeting_id=meeting_id,
            client=client,
        )
    ).parsed
