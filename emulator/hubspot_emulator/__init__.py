"""A faithful in-process HubSpot CRM objects API (meetings, calls, notes, tasks, emails).

from hubspot_emulator import Emulator, EmulatorConfig, Fault
emu = Emulator(EmulatorConfig())
client = httpx.Client(transport=emu.transport(), base_url="https://api.hubapi.com",
                      headers={"Authorization": "Bearer pat-emulator-token"})
"""

from .app import Emulator, RequestRecord
from .config import EmulatorConfig
from .faults import ConnectionDropped, Fault, FaultMatch, Faults
from .store import ObjectStore
from .transport import EmulatorTransport

__all__ = [
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
