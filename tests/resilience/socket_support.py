"""Real sockets for the resilience tests: emulators served over TLS, HTTP/2 negotiated by ALPN."""

from __future__ import annotations

from pathlib import Path

import attrs
import httpx
import trustme

from hubspot_emulator import Emulator


@attrs.frozen
class TlsFiles:
    cert: str
    key: str
    ca: str


def make_tls_files(folder: Path) -> TlsFiles:
    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1", "localhost")
    files = TlsFiles(str(folder / "cert.pem"), str(folder / "key.pem"), str(folder / "ca.pem"))
    issued.cert_chain_pems[0].write_to_path(files.cert)
    for extra in issued.cert_chain_pems[1:]:
        extra.write_to_path(files.cert, append=True)
    issued.private_key_pem.write_to_path(files.key)
    ca.cert_pem.write_to_path(files.ca)
    return files


class Switchboard:
    """One server for many emulators: each request goes to the emulator plugged in now, so a
    test module starts hypercorn once and every case still gets a fresh store and faults."""

    def __init__(self) -> None:
        self.emulator: Emulator | None = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        assert self.emulator is not None, "no emulator plugged in"
        return self.emulator.handle(request)
