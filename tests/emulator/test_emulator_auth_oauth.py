"""Authentication (private-app tokens, hapikey, OAuth access tokens) and the token endpoint."""

from __future__ import annotations

import httpx
import pytest
from emulator_support import BASE_URL, MEETINGS, make_client

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock

CLIENT = {"client_id": "emulator-client-id", "client_secret": "emulator-client-secret"}


def _refresh(
    c: httpx.Client, refresh_token: str, path: str = "/oauth/v1/token", **extra: str
) -> httpx.Response:
    form = {"grant_type": "refresh_token", **CLIENT, "refresh_token": refresh_token, **extra}
    return c.post(path, data=form)


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_missing_or_unknown_token_is_401_invalid_authentication(
    emu: Emulator, token: str | None
) -> None:
    with make_client(emu, token=token) as c:
        r = c.get(MEETINGS)
    assert r.status_code == 401
    assert r.headers["X-HubSpot-Auth-Failure"] == "401 Unauthorized"
    body = r.json()
    assert body["category"] == "INVALID_AUTHENTICATION"
    assert body["message"].startswith("Authentication credentials not found.")
    assert "wrong-token" not in r.text


def test_configured_private_app_tokens_are_accepted(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(private_app_tokens={"pat-na1-a", "pat-na1-b"}), clock=clock)
    for token in ("pat-na1-a", "pat-na1-b"):
        with make_client(emu, token=token) as c:
            assert c.get(MEETINGS).status_code == 200
    with make_client(emu) as c:
        assert c.get(MEETINGS).status_code == 401


def test_hapikey_query_parameter(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(api_keys={"dev-key-1"}), clock=clock)
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        assert c.get(MEETINGS, params={"hapikey": "dev-key-1"}).status_code == 200
        assert c.get(MEETINGS, params={"hapikey": "other"}).status_code == 401
        emu.seed("meetings", [{}, {}])
        page = c.get(MEETINGS, params={"hapikey": "dev-key-1", "limit": "1"}).json()
        assert "dev-key-1" not in page["paging"]["next"]["link"]


def test_auth_can_be_switched_off(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(require_auth=False), clock=clock)
    with make_client(emu, token=None) as c:
        assert c.get(MEETINGS).status_code == 200


def test_config_repr_hides_secrets() -> None:
    cfg = EmulatorConfig(private_app_tokens={"pat-secret-xyz"}, api_keys={"hapi-secret"})
    text = repr(cfg)
    assert "pat-secret-xyz" not in text and "hapi-secret" not in text
    assert "emulator-client-secret" not in text


@pytest.mark.parametrize("path", ["/oauth/v1/token", "/oauth/v3/token", "/oauth/2026-03/token"])
def test_refresh_grant_issues_a_working_access_token(emu: Emulator, path: str) -> None:
    refresh = emu.issue_refresh_token()
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        r = _refresh(c, refresh, path)
        assert r.status_code == 200
        body = r.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 1800
        assert body["refresh_token"] == refresh
        assert body["hub_id"] == 12345678
        assert "crm.objects.contacts.read" in body["scopes"]
        got = c.get(MEETINGS, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert got.status_code == 200
    assert emu.token_requests == 1


def test_oauth_calls_get_no_daily_headers(emu: Emulator) -> None:
    token = emu.issue_access_token()
    with make_client(emu, token=token) as c:
        r = c.get(MEETINGS)
    assert r.headers["X-HubSpot-RateLimit-Max"] == "100"
    assert "X-HubSpot-RateLimit-Daily" not in r.headers
    assert "X-HubSpot-RateLimit-Daily-Remaining" not in r.headers


def test_expired_access_token_is_401_expired_authentication(
    emu: Emulator, clock: FakeClock
) -> None:
    token = emu.issue_access_token()
    clock.advance(1800 + 75)
    with make_client(emu, token=token) as c:
        r = c.get(MEETINGS)
    assert r.status_code == 401
    body = r.json()
    assert body["category"] == "EXPIRED_AUTHENTICATION"
    assert body["message"] == "The OAuth token used to make this call expired 75 second(s) ago."
    assert body["context"] == {"expire time": ["2026-01-01T00:30:00Z"]}


def test_access_token_ttl_is_configurable(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(oauth_access_token_ttl=60), clock=clock)
    refresh = emu.issue_refresh_token()
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        body = _refresh(c, refresh).json()
        assert body["expires_in"] == 60
        clock.advance(59)
        auth = {"Authorization": f"Bearer {body['access_token']}"}
        assert c.get(MEETINGS, headers=auth).status_code == 200
        clock.advance(1)
        assert c.get(MEETINGS, headers=auth).status_code == 401


def test_bad_refresh_token_is_invalid_grant(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        r = _refresh(c, "na1-not-a-token", "/oauth/v3/token")
    assert r.status_code == 400
    assert r.json() == {
        "error": "invalid_grant",
        "error_description": "refresh token is invalid, expired or revoked",
        "status": "BAD_REFRESH_TOKEN",
        "message": "refresh token is invalid, expired or revoked",
    }


def test_revoked_refresh_token_is_invalid_grant(emu: Emulator) -> None:
    refresh = emu.issue_refresh_token()
    emu.revoke_refresh_token(refresh)
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        assert _refresh(c, refresh).json()["status"] == "BAD_REFRESH_TOKEN"


@pytest.mark.parametrize(
    ("override", "status"),
    [
        ({"client_id": "someone-else"}, "BAD_CLIENT_ID"),
        ({"client_secret": "wrong"}, "BAD_CLIENT_SECRET"),
    ],
)
def test_bad_client_credentials_are_invalid_client(
    emu: Emulator, override: dict[str, str], status: str
) -> None:
    refresh = emu.issue_refresh_token()
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        r = _refresh(c, refresh, **override)
    assert r.status_code == 400
    assert r.json()["error"] == "invalid_client"
    assert r.json()["status"] == status
    assert "wrong" not in r.text


def test_unsupported_grant_type(emu: Emulator) -> None:
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        r = c.post("/oauth/v1/token", data={"grant_type": "password", **CLIENT})
    assert r.status_code == 400
    assert r.json()["error"] == "unsupported_grant_type"


def test_refresh_token_rotation(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(oauth_rotate_refresh_tokens=True), clock=clock)
    first = emu.issue_refresh_token()
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        body = _refresh(c, first).json()
        assert body["refresh_token"] != first
        assert _refresh(c, first).json()["error"] == "invalid_grant"
        assert _refresh(c, body["refresh_token"]).status_code == 200
    assert emu.token_requests == 3


@pytest.mark.parametrize("use", ["refresh", "api_call"])
def test_rotation_can_retire_the_old_token_once_the_new_one_is_used(
    clock: FakeClock, use: str
) -> None:
    emu = Emulator(
        EmulatorConfig(
            oauth_rotate_refresh_tokens=True, oauth_retire_old_refresh_token="on_successor_use"
        ),
        clock=clock,
    )
    old = emu.issue_refresh_token()
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        lost = _refresh(c, old).json()["refresh_token"]  # an answer the client never got
        # Until a successor is used, the old token still refreshes: a lost answer is recovered.
        again = _refresh(c, old).json()
        assert again["refresh_token"] not in (old, lost)
        if use == "refresh":
            assert _refresh(c, again["refresh_token"]).status_code == 200
        else:
            auth = {"Authorization": f"Bearer {again['access_token']}"}
            assert c.get(MEETINGS, headers=auth).status_code == 200
        # The successor in use retires the old token and the answer that was never received.
        assert _refresh(c, old).json()["status"] == "BAD_REFRESH_TOKEN"
        assert _refresh(c, lost).json()["status"] == "BAD_REFRESH_TOKEN"


def test_token_requests_are_counted_and_logged(emu: Emulator) -> None:
    refresh = emu.issue_refresh_token()
    with httpx.Client(transport=emu.transport(), base_url=BASE_URL) as c:
        _refresh(c, refresh)
        _refresh(c, "bad")
    assert emu.token_requests == 2
    assert [(r.path, r.status) for r in emu.requests] == [
        ("/oauth/v1/token", 200),
        ("/oauth/v1/token", 400),
    ]


def test_issue_refresh_token_for_unknown_client_is_a_clear_error(emu: Emulator) -> None:
    with pytest.raises(ValueError, match="unknown OAuth client id 'nobody'"):
        emu.issue_refresh_token(client_id="nobody")
