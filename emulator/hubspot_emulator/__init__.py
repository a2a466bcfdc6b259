"""A faithful in-process HubSpot CRM API: engagements, the records they link to, associations.

from hubspot_emulator import Emulator
emu = Emulator()
client = httpx.Client(transport=emu.transport(), base_url="https://api.hubapi.com",
                      headers={"Authorization": f"Bearer {emu.token}"})

`hubspot_emulator.testing.FakeClock` is fake time for tests; the `hubspot_emulator` pytest
fixture (`pytest_plugin`) gives each test a fresh emulator.
"""

from .app import Emulator, RequestRecord
from .config import DEFAULT_TOKEN, EmulatorConfig
from .faults import ConnectionDropped, Fault, FaultMatch, Faults
from .store import ObjectStore
from .transport import EmulatorTransport

__all__ = [
    "DEFAULT_TOKEN",
    "ConnectionDropped",
    "Emulator",
    "EmulatorConfig",
    "EmulatorTransport",
    "Fault",
    "FaultMatch",
    "Faults",
    "ObjectStore",
    "RequestRecord",
]
