"""The client package and the emulator are separate packages: importing the client never
loads the emulator, and the old import path still works for one release, with a warning."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(code: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split()


def test_importing_the_client_never_loads_the_emulator() -> None:
    loaded = _modules_after("import hubspot_meetings\nimport hubspot_meetings.__main__")
    assert "hubspot_meetings" in loaded
    assert not [m for m in loaded if m.startswith("hubspot_emulator")]


def test_old_emulator_path_is_a_deprecated_alias() -> None:
    import hubspot_emulator

    sys.modules.pop("hubspot_meetings.emulator", None)
    with pytest.warns(DeprecationWarning, match="import hubspot_emulator instead"):
        import hubspot_meetings.emulator as alias
    assert alias.Emulator is hubspot_emulator.Emulator
    assert alias.EmulatorConfig is hubspot_emulator.EmulatorConfig
