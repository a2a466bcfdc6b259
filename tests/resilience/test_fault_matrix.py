"""The fault matrix through the sync client: every fault x every operation, end to end.

For each case the emulator's store must hold exactly what the caller believes happened (results
plus inputs reported in doubt, never twice), every failure must be a typed `HubSpotError` tied
to its inputs, and no credential may show in a log line, an error or a result.
"""

from __future__ import annotations

import copy

import pytest
from matrix_support import (
    DEDUPE_OPS,
    DEDUPE_PROPERTY,
    MATRIX,
    MATRIX_IDS,
    PAGE_SIZE,
    FaultCase,
    Op,
    ReadOutcome,
    Scenario,
    WriteOutcome,
    check_created,
    check_no_secrets,
    check_read,
    check_updated,
    create_props,
    create_titles,
    expect,
    log_texts,
    record_batch,
    record_read,
    record_single,
    scenario,
    shown_texts,
    update_inputs,
    watch_logs,
)

from hubspot_emulator.testing import FakeClock
from hubspot_meetings import CrmObject, HubSpotError, HubSpotMeetings, OAuth2RefreshToken


def run_sync(client: HubSpotMeetings, op: Op, s: Scenario) -> WriteOutcome | ReadOutcome:
    """Run `op` as a caller would and return what the caller ends up believing."""
    dedupe_on = DEDUPE_PROPERTY if op in DEDUPE_OPS else None
    if op in ("create", "create_dedupe"):
        outcome = WriteOutcome(create_titles(op))
        for title in outcome.intended:
            result: CrmObject | HubSpotError
            props = create_props(title, dedupe=dedupe_on is not None)
            try:
                result = client.create(props, dedupe_on=dedupe_on)
            except HubSpotError as exc:
                result = exc
            record_single(outcome, title, result)
        return outcome
    if op in ("batch_create", "batch_create_dedupe"):
        outcome = WriteOutcome(create_titles(op))
        dedupe = dedupe_on is not None
        inputs = [{"properties": create_props(t, dedupe=dedupe)} for t in outcome.intended]
        sent = copy.deepcopy(inputs)
        record_batch(outcome, client.batch_create(inputs, dedupe_on=dedupe_on), sent)
        return outcome
    if op == "batch_update":
        updates = update_inputs(s.seeded)
        outcome = WriteOutcome([i["properties"]["hs_meeting_title"] for i in updates])
        sent = copy.deepcopy(updates)
        record_batch(outcome, client.batch_update(updates), sent)
        return outcome
    read = ReadOutcome()
    items = (
        client.list_all(page_size=PAGE_SIZE)
        if op == "list_all"
        else client.search_all(page_size=PAGE_SIZE)
    )
    try:
        for item in items:
            record_read(read, item)
    except HubSpotError as exc:
        read.error = exc
        read.shown.append(exc)
    return read


@pytest.mark.parametrize(("case", "op"), MATRIX, ids=MATRIX_IDS)
def test_sync_client_under_fault(
    case: FaultCase, op: Op, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    watch_logs(caplog)
    s = scenario(case, op, clock)
    want = expect(case, op)
    with HubSpotMeetings(**s.client_kwargs) as client:
        outcome = run_sync(client, op, s)
        texts = shown_texts(outcome.shown, client)

    assert any(r.fault for r in s.emu.requests) or case.fault is None, "the fault never fired"
    if isinstance(outcome, ReadOutcome):
        check_read(s.emu, s.seeded, outcome, want)
    elif op == "batch_update":
        check_updated(s.emu, s.seeded, outcome, case, want)
    else:
        check_created(s.emu, outcome, case, want)
    if isinstance(s.auth, OAuth2RefreshToken):
        # The first token, then at least one more when it expired mid-run.
        assert s.auth.refresh_count >= 2
        assert 401 in s.tap.statuses, "the token never expired mid-run"
    check_no_secrets(s.tap, texts, log_texts(caplog.records), auth=s.auth)
