"""Who is calling: private-app tokens, developer API keys, and the OAuth tokens this emulator
issued through its token endpoint (``/oauth/v1/token``, ``/oauth/v3/token``, dated forms).

Tokens never leave this module except as values handed to the caller who asked for them; the
rate-limit bucket of a caller is a hash, so logs and reprs cannot leak a token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import parse_qs

import attrs

from .config import EmulatorConfig
from .errors import ErrorReply, error_body
from .values import iso_instant

__all__ = ["AuthService", "Principal", "TokenReply"]

_AUTH_MESSAGE = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)
_AUTH_FAILURE_HEADERS = {"X-HubSpot-Auth-Failure": "401 Unauthorized"}


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


@attrs.frozen
class Principal:
    """An authenticated caller. ``bucket`` keys its burst rate limit (a hash, never a token)."""

    kind: Literal["private_app", "oauth", "hapikey", "anonymous"]
    bucket: str


@attrs.define
class _RefreshGrant:
    client_id: str
    scopes: tuple[str, ...]
    # The refresh token this one was rotated from while that one still lives (only with
    # oauth_retire_old_refresh_token="on_successor_use"): retired once this one is used.
    predecessor: str | None = None


@attrs.define
class _AccessGrant:
    client_id: str
    expires_at: float
    refresh_token: str | None = None  # the refresh token that yielded it


@attrs.frozen
class TokenReply:
    status: int
    body: dict[str, Any]


def _oauth_error(error: str, status: str, message: str) -> TokenReply:
    return TokenReply(
        400,
        {"error": error, "error_description": message, "status": status, "message": message},
    )


class AuthService:
    def __init__(self, config: EmulatorConfig, clock: Callable[[], float]) -> None:
        self._config = config
        self._clock = clock
        self._refresh: dict[str, _RefreshGrant] = {}
        self._access: dict[str, _AccessGrant] = {}
        self.token_requests = 0

    def __repr__(self) -> str:
        return (
            f"AuthService(refresh_tokens={len(self._refresh)}, "
            f"access_tokens={len(self._access)}, token_requests={self.token_requests})"
        )

    # ----------------------------------------------------------------- issuing
    def _client(self, client_id: str) -> str:
        if client_id not in self._config.oauth_clients:
            raise ValueError(
                f"unknown OAuth client id {client_id!r}; configure it in "
                "EmulatorConfig.oauth_clients"
            )
        return client_id

    def issue_refresh_token(
        self,
        client_id: str = "emulator-client-id",
        scopes: Sequence[str] | None = None,
        *,
        predecessor: str | None = None,
    ) -> str:
        self._client(client_id)
        token = f"na1-{secrets.token_hex(4)}-{secrets.token_hex(2)}-{secrets.token_hex(12)}"
        grant_scopes = tuple(scopes) if scopes is not None else self._config.oauth_scopes
        self._refresh[token] = _RefreshGrant(client_id, grant_scopes, predecessor)
        return token

    def issue_access_token(
        self,
        client_id: str = "emulator-client-id",
        ttl: float | None = None,
        *,
        refresh_token: str | None = None,
    ) -> str:
        self._client(client_id)
        token = "emu-oauth-" + secrets.token_urlsafe(32)
        life = self._config.oauth_access_token_ttl if ttl is None else ttl
        self._access[token] = _AccessGrant(client_id, self._clock() + life, refresh_token)
        return token

    def _successor_used(self, refresh_token: str | None) -> None:
        """`refresh_token` (or an access token it yielded) was used: the client has it, so the
        token it was rotated from retires, with every other token rotated from that one (the
        answers the client never got)."""
        grant = self._refresh.get(refresh_token) if refresh_token is not None else None
        if grant is None or grant.predecessor is None:
            return
        old = grant.predecessor
        grant.predecessor = None
        self._refresh.pop(old, None)
        for token in [t for t, g in self._refresh.items() if g.predecessor == old]:
            del self._refresh[token]

    def revoke_refresh_token(self, token: str) -> None:
        self._refresh.pop(token, None)

    # ----------------------------------------------------------------- checking
    def authenticate(self, authorization: str | None, hapikey: str | None) -> Principal:
        """The caller, or ErrorReply 401 (INVALID_ / EXPIRED_AUTHENTICATION)."""
        if not self._config.require_auth:
            return Principal("anonymous", "anonymous")
        if authorization is not None:
            scheme, _, token = authorization.strip().partition(" ")
            token = token.strip()
            if scheme.lower() == "bearer" and token:
                if token in self._config.private_app_tokens:
                    return Principal("private_app", "pat:" + _fingerprint(token))
                grant = self._access.get(token)
                if grant is not None:
                    principal = self._check_expiry(grant)
                    self._successor_used(grant.refresh_token)
                    return principal
        elif hapikey is not None and hapikey in self._config.api_keys:
            return Principal("hapikey", "hapikey:" + _fingerprint(hapikey))
        raise ErrorReply(
            401, error_body(_AUTH_MESSAGE, "INVALID_AUTHENTICATION"), _AUTH_FAILURE_HEADERS
        )

    def _check_expiry(self, grant: _AccessGrant) -> Principal:
        now = self._clock()
        if now >= grant.expires_at:
            ago = int(now - grant.expires_at)
            body = error_body(
                f"The OAuth token used to make this call expired {ago} second(s) ago.",
                "EXPIRED_AUTHENTICATION",
                context={"expire time": [iso_instant(int(grant.expires_at * 1000))]},
            )
            raise ErrorReply(401, body, _AUTH_FAILURE_HEADERS)
        # All tokens of one app installed in one account share the burst limit.
        return Principal("oauth", "oauth:" + grant.client_id)

    # ----------------------------------------------------------------- token endpoint
    def token_endpoint(self, body: bytes, query: Mapping[str, str], version: str) -> TokenReply:
        """``POST /oauth/{v1,v3,YYYY-MM}/token`` with a form-encoded body."""
        self.token_requests += 1
        try:
            form = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
        except UnicodeDecodeError:
            form = {}
        if version == "v1":
            # The v1 spec also allows client_secret and refresh_token as query parameters.
            for key in ("client_secret", "refresh_token"):
                if key not in form and key in query:
                    form[key] = query[key]
        grant_type = form.get("grant_type")
        if grant_type != "refresh_token":
            return _oauth_error(
                "unsupported_grant_type",
                "UNSUPPORTED_GRANT_TYPE",
                f"grant_type {grant_type!r} is not supported by the emulator; use refresh_token",
            )
        client_id = form.get("client_id", "")
        expected = self._config.oauth_clients.get(client_id)
        if expected is None:
            return _oauth_error("invalid_client", "BAD_CLIENT_ID", "missing or unknown client id")
        if not hmac.compare_digest(form.get("client_secret", "").encode(), expected.encode()):
            return _oauth_error(
                "invalid_client", "BAD_CLIENT_SECRET", "missing or invalid client secret"
            )
        refresh = form.get("refresh_token", "")
        grant = self._refresh.get(refresh)
        if grant is None or grant.client_id != client_id:
            return _oauth_error(
                "invalid_grant",
                "BAD_REFRESH_TOKEN",
                "refresh token is invalid, expired or revoked",
            )
        self._successor_used(refresh)
        if self._config.oauth_rotate_refresh_tokens:
            if self._config.oauth_retire_old_refresh_token == "on_rotation":
                del self._refresh[refresh]
                refresh = self.issue_refresh_token(client_id, grant.scopes)
            else:
                refresh = self.issue_refresh_token(client_id, grant.scopes, predecessor=refresh)
        access = self.issue_access_token(client_id, refresh_token=refresh)
        reply: dict[str, Any] = {
            "token_type": "bearer",
            "refresh_token": refresh,
            "access_token": access,
            "expires_in": int(self._config.oauth_access_token_ttl),
            "hub_id": self._config.hub_id,
            "scopes": list(grant.scopes),
        }
        if version != "v1":
            reply["token_use"] = "access_token"
        return TokenReply(200, reply)
