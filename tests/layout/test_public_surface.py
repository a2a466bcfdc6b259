"""The public surface: typed explicit signatures, sync/async twins in step, one constructor.

A user reads the clients through `help()`, `inspect.signature` and an IDE, and mypy checks
their calls: these tests keep what those tools show true.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import hubspot_meetings
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    AsyncObjectClient,
    HubSpotMeetings,
    ObjectClient,
)

PAIRS = [(ObjectClient, AsyncObjectClient), (HubSpotMeetings, AsyncHubSpotMeetings)]


def _public_methods(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and callable(member)
    }


@pytest.mark.parametrize(("sync", "async_"), PAIRS, ids=lambda c: c.__name__)
def test_sync_and_async_twins_offer_the_same_methods(sync: type, async_: type) -> None:
    sync_methods = _public_methods(sync)
    async_methods = _public_methods(async_)
    # Closing is spelt the asyncio way on the async twin, as httpx does.
    sync_methods.pop("close")
    async_methods.pop("aclose")
    assert sorted(sync_methods) == sorted(async_methods)
    for name, method in sync_methods.items():
        twin = async_methods[name]
        ours, theirs = inspect.signature(method), inspect.signature(twin)
        assert ours.parameters == theirs.parameters, name
        # The async twin returns the same thing, awaited or async-iterated.
        assert str(ours.return_annotation) == str(theirs.return_annotation).replace("Async", ""), (
            name
        )
        assert inspect.getdoc(twin), f"{async_.__name__}.{name} has no docstring"
        assert inspect.getdoc(method) == inspect.getdoc(twin), name


@pytest.mark.parametrize("cls", [c for pair in PAIRS for c in pair], ids=lambda c: c.__name__)
def test_constructor_shows_every_setting_documented(cls: type) -> None:
    params = inspect.signature(cls).parameters
    assert not any(p.kind is p.VAR_KEYWORD for p in params.values())
    public = [n for n in params if not n.startswith("_") and n != "binding"]
    for name in ("auth", "timeout", "retry", "pacing", "http_version", "validation"):
        assert name in public
    doc = inspect.getdoc(cls) or ""
    assert "{settings}" not in doc
    for name in public:
        assert f"\n{name}:" in doc, f"{cls.__name__} does not document {name!r}"


def test_meetings_constructor_and_from_env_stay_in_step_with_the_object_client() -> None:
    base = inspect.signature(ObjectClient).parameters
    meetings = inspect.signature(HubSpotMeetings).parameters
    from_env = inspect.signature(HubSpotMeetings.from_env).parameters
    assert list(meetings) == [n for n in base if n != "binding"]
    assert list(from_env) == ["env", *meetings]
    for name in meetings:
        if name not in ("rules", "base_url"):
            assert meetings[name].annotation == base[name].annotation, name
            assert meetings[name].default == from_env[name].default, name


def test_methods_list_their_keywords() -> None:
    params = inspect.signature(HubSpotMeetings.search).parameters
    assert {"filter_groups", "sorts", "query", "properties", "limit", "after"} <= set(params)
    assert not any(p.kind is p.VAR_KEYWORD for p in params.values())


def test_a_misspelt_keyword_names_the_class_the_caller_wrote() -> None:
    with pytest.raises(TypeError, match=r"^AsyncHubSpotMeetings\.__init__\(\) got an unexp"):
        AsyncHubSpotMeetings(timout=5)  # type: ignore[call-arg]


def test_mypy_refuses_a_misspelt_setting(tmp_path: Path) -> None:
    snippet = tmp_path / "user_code.py"
    snippet.write_text(
        textwrap.dedent(
            """
            from hubspot_meetings import HubSpotMeetings, Meeting, MeetingProperties

            HubSpotMeetings(timout=5, retry=3)
            HubSpotMeetings(timeout=5).search(filter_group=[])

            # Typed meetings: results are Meetings, inputs name their properties.
            client = HubSpotMeetings()
            got: Meeting = client.get("1")
            got.start_time.year
            props: MeetingProperties = {"hs_meeting_titel": "x"}
            client.create_meeting(title="x", start="2026-03-16")
            for meeting in client.meetings_for("deals", "7"):
                meeting.outcome.lower()
            """
        )
    )
    # mypy does not follow setuptools' editable-install finder: point it at the sources.
    root = Path(__file__).resolve().parents[2]
    search_path = os.pathsep.join(str(root / d) for d in ("facade", "generated"))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path), str(snippet)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": search_path},
    )
    assert result.returncode == 1, result.stdout
    assert 'Unexpected keyword argument "timout"' in result.stdout
    assert '"retry" to "HubSpotMeetings" has incompatible type "int"' in result.stdout
    assert 'Unexpected keyword argument "filter_group"' in result.stdout
    assert 'Item "None" of "datetime | None" has no attribute "year"' in result.stdout
    assert 'Extra key "hs_meeting_titel" for TypedDict "MeetingProperties"' in result.stdout
    assert 'Argument "start" to "create_meeting" of "HubSpotMeetings"' in result.stdout
    assert 'Item "None" of "str | None" has no attribute "lower"' in result.stdout
    assert "got: Meeting" not in result.stdout and "Incompatible types in assignment" not in (
        result.stdout
    )


def test_version_is_public_and_names_the_user_agent() -> None:
    from hubspot_meetings._transports.stack import DEFAULT_USER_AGENT

    assert hubspot_meetings.__version__.count(".") == 2
    assert f"hubspot-meetings-python/{hubspot_meetings.__version__}" in DEFAULT_USER_AGENT


def test_every_public_name_is_exported_from_the_package() -> None:
    for name in hubspot_meetings.__all__:
        assert getattr(hubspot_meetings, name) is not None
    modules = {
        getattr(hubspot_meetings, n).__module__
        for n in hubspot_meetings.__all__
        if hasattr(getattr(hubspot_meetings, n), "__module__")
    }
    assert all(m.split(".")[1].startswith("_") for m in modules if "." in m), modules
