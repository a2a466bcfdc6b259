"""Fixtures: a fake clock and an emulator that reads it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_emulator(clock: FakeClock) -> Callable[..., Emulator]:
    def make(**config: Any) -> Emulator:
        return Emulator(EmulatorConfig(**config), clock=clock)

    return make


@pytest.fixture
def emu(make_emulator: Callable[..., Emulator]) -> Emulator:
    return make_emulator()
