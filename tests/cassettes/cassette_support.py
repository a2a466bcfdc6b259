"""Credential filters and vcrpy options for the cassette tests."""

from __future__ import annotations

import json
from typing import Any

_SECRET_KEYS = ("access_token", "refresh_token", "client_secret", "id_token", "code")


def scrub_request(request: Any) -> Any:
    """Token-endpoint bodies carry client secrets and refresh tokens: never record them."""
    if "/oauth/" in request.path and request.path.rstrip("/").endswith("/token"):
        request.body = b"<filtered token request>"
    return request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop issued tokens from any JSON body (the token endpoint's answers)."""
    body = response.get("content") or (response.get("body") or {}).get("string")
    if not body:
        return response
    try:
        data = json.loads(body)
    except (ValueError, TypeError, UnicodeDecodeError):
        return response
    if isinstance(data, dict) and any(k in data for k in _SECRET_KEYS):
        for key in _SECRET_KEYS:
            if key in data:
                data[key] = "<filtered>"
        text = json.dumps(data)
        if "content" in response:
            response["content"] = text
        else:
            response["body"]["string"] = text.encode()
    return response


def vcr_options(record: bool) -> dict[str, Any]:
    return {
        "record_mode": "all" if record else "none",
        # Hosts and ports differ between recordings (the emulator picks a free port).
        "match_on": ["method", "path", "query"],
        "filter_headers": ["authorization", "proxy-authorization", "cookie", "set-cookie"],
        "filter_query_parameters": ["hapikey", "access_token", "refresh_token", "client_secret"],
        "filter_post_data_parameters": ["client_secret", "refresh_token", "code"],
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
    }
