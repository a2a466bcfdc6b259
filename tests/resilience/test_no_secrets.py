"""No credential shows anywhere a caller or an operator could see it, whatever went wrong.

Each test runs real traffic against the emulator with one kind of credential (private-app token,
OAuth client secret + refresh/access tokens, legacy API key in the query string), records every
credential that crossed the wire, and then searches for them in the log lines of the
"hubspot_meetings" and "httpx" loggers (DEBUG), in str/repr/traceback of every error raised, in
BatchResult reprs, and in the reprs of the client, its settings and its auth.
"""

from __future__ import annotations

from typing import Any

import pytest
from matrix_support import (
    CASES,
    PAGE_SIZE,
    FaultCase,
    Op,
    Scenario,
    WireTap,
    check_no_secrets,
    create_props,
    create_titles,
    log_texts,
    private_app_token,
    scenario,
    shown_texts,
    update_inputs,
    watch_logs,
)

from hubspot_emulator import Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    AuthenticationError,
    BearerToken,
    ConfigurationError,
    HubSpotError,
    HubSpotMeetings,
    NotFoundError,
    OAuth2RefreshToken,
    OAuthRefreshError,
    ServerError,
    UnknownOutcomeError,
)

AUTH_KINDS = ("private_app", "oauth", "api_key")
_BY_NAME = {case.name: case for case in CASES}
# A fault per way an error can carry request details: an ApiError (HTTP status), an
# UnknownOutcomeError (5xx to a create, or a connection lost after sending), a batch result
# holding both, a transport failure on a read (resent until retries ran out), and an unreadable
# body.
SECRET_CASES: list[tuple[FaultCase, Op]] = [
    (_BY_NAME["503"], "create"),
    (_BY_NAME["ambiguous"], "batch_create"),
    (_BY_NAME["429-daily"], "batch_update"),
    (_BY_NAME["429-daily"], "list_all"),
    (FaultCase("drop-always", Fault.drop(), times=None), "search_all"),
    (_BY_NAME["malformed-json"], "create"),
]
SECRET_IDS = [f"{case.name}-{op}" for case, op in SECRET_CASES]


def _run_sync(client: HubSpotMeetings, op: Op, seeded: list[str]) -> list[object]:
    shown: list[object] = []
    try:
        if op == "create":
            for title in create_titles(op):
                try:
                    shown.append(client.create(create_props(title)))
                except HubSpotError as exc:
                    shown.append(exc)
        elif op == "batch_create":
            shown.append(
                client.batch_create([{"properties": create_props(t)} for t in create_titles(op)])
            )
        elif op == "batch_update":
            shown.append(client.batch_update(update_inputs(seeded)))
        elif op == "list_all":
            shown.append(list(client.list_all(page_size=PAGE_SIZE)))
        else:
            shown.append(list(client.search_all(page_size=PAGE_SIZE)))
    except HubSpotError as exc:
        shown.append(exc)
    return shown


def _errors(shown: list[object]) -> list[HubSpotError]:
    found: list[HubSpotError] = [x for x in shown if isinstance(x, HubSpotError)]
    for item in shown:
        for err in [*getattr(item, "errors", []), *getattr(item, "unknown_errors", [])]:
            if isinstance(err.error, HubSpotError):
                found.append(err.error)
    return found


@pytest.mark.parametrize("auth_kind", AUTH_KINDS)
@pytest.mark.parametrize(("case", "op"), SECRET_CASES, ids=SECRET_IDS)
def test_no_secret_in_logs_errors_or_results(
    case: FaultCase, op: Op, auth_kind: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch_logs(caplog)
    s = scenario(case, op, clock, auth_kind=auth_kind)
    with HubSpotMeetings(**s.client_kwargs) as client:
        shown = _run_sync(client, op, s.seeded)
        texts = [*shown_texts(shown, client), repr(client.settings)]
    assert _errors(shown), "the fault produced no error to inspect"
    check_no_secrets(s.tap, texts, log_texts(caplog.records), auth=s.auth)


@pytest.mark.anyio
@pytest.mark.parametrize("auth_kind", AUTH_KINDS)
async def test_async_unknown_outcome_shows_no_secret(
    auth_kind: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch_logs(caplog)
    s = scenario(_BY_NAME["504"], "batch_create", clock, auth_kind=auth_kind)
    async with AsyncHubSpotMeetings(**s.client_kwargs) as client:
        result = await client.batch_create(
            [{"properties": create_props(t)} for t in create_titles("batch_create")]
        )
        texts = [*shown_texts([result], client), repr(client.settings)]
    assert result.unknown_errors and isinstance(result.unknown_errors[0].error, UnknownOutcomeError)
    check_no_secrets(s.tap, texts, log_texts(caplog.records), auth=s.auth)


@pytest.mark.parametrize("auth_kind", AUTH_KINDS)
def test_http_errors_name_the_request_without_its_credentials(
    auth_kind: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch_logs(caplog)
    s = scenario(_BY_NAME["500"], "list_all", clock, auth_kind=auth_kind)
    s.emu.faults.clear()
    with HubSpotMeetings(**s.client_kwargs) as client, pytest.raises(NotFoundError) as info:
        client.get("999999")
    # The error says which request failed (an API key in its query string is masked)...
    assert "GET https://api.hubapi.com/crm/v3/objects/meetings/999999" in str(info.value)
    if auth_kind == "api_key":
        assert "hapikey=****" in str(info.value)
    check_no_secrets(s.tap, shown_texts([info.value], client), log_texts(caplog.records))


def test_refused_credentials_are_not_echoed(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch_logs(caplog)
    s = scenario(_BY_NAME["500"], "list_all", clock, auth_kind="api_key")
    s.emu.faults.clear()
    wrong = f"hak-wrong-{private_app_token()}"
    s.client_kwargs["auth"] = BearerToken(wrong)
    s.tap.secrets.add(wrong)
    with HubSpotMeetings(**s.client_kwargs) as client, pytest.raises(AuthenticationError) as info:
        client.list()
    assert info.value.status == 401
    check_no_secrets(s.tap, shown_texts([info.value], client), log_texts(caplog.records))


def _oauth(clock: FakeClock) -> tuple[Scenario, OAuth2RefreshToken, WireTap]:
    s = scenario(_BY_NAME["oauth-expiry"], "list_all", clock, auth_kind="oauth")
    assert isinstance(s.auth, OAuth2RefreshToken)
    return s, s.auth, s.tap


def test_refused_refresh_token_shows_no_secret(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch_logs(caplog)
    s, auth, tap = _oauth(clock)
    assert s.refresh_token is not None
    s.emu.revoke_refresh_token(s.refresh_token)
    with HubSpotMeetings(**s.client_kwargs) as client, pytest.raises(OAuthRefreshError) as info:
        client.list()
    assert info.value.category == "BAD_REFRESH_TOKEN"
    texts = [*shown_texts([info.value], client), repr(info.value.body), repr(auth)]
    check_no_secrets(tap, texts, log_texts(caplog.records))


@pytest.mark.anyio
async def test_failing_token_endpoint_shows_no_secret(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch_logs(caplog)
    s, auth, tap = _oauth(clock)
    s.emu.faults.script(Fault.status(503), FaultMatch(path="/oauth/"), times=None)
    async with AsyncHubSpotMeetings(**s.client_kwargs) as client:
        with pytest.raises(ServerError) as info:
            await client.list()
        texts = [*shown_texts([info.value], client), repr(auth)]
    # Retried like any idempotent request, then given up on.
    assert [r.path for r in s.emu.requests] == ["/oauth/v1/token"] * 4
    check_no_secrets(tap, texts, log_texts(caplog.records))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda secret: HubSpotMeetings(auth=secret), id="token-as-auth"),
        pytest.param(lambda secret: BearerToken(f" {secret}"), id="padded-token"),
        pytest.param(lambda secret: BearerToken(f"{secret}\n"), id="token-with-newline"),
        pytest.param(
            lambda secret: OAuth2RefreshToken("id", secret, "na1-x", refresh_margin=-1),
            id="oauth-bad-margin",
        ),
    ],
)
def test_configuration_errors_do_not_echo_secrets(make: Any) -> None:
    secret = private_app_token()
    with pytest.raises(ConfigurationError) as info:
        make(secret)
    assert info.value.setting  # names the setting that was wrong...
    for text in (str(info.value), repr(info.value)):
        assert secret not in text  # ...without repeating the value
