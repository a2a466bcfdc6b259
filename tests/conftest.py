"""Shared test configuration: async tests run on asyncio through anyio's pytest plugin, and
one private CA with a certificate for 127.0.0.1 serves every test that needs TLS;
the machine's proxy variables stay out of tests that talk to the emulator (clients honour
them by default, and a corporate proxy would not reach a loopback emulator); the live tests
keep them, since they go to HubSpot."""

import pytest
import trustme

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """PEM files of a private CA ("ca") and of a certificate it issued for 127.0.0.1 and
    localhost ("cert", "key"), for an emulator served over TLS."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    folder = tmp_path_factory.mktemp("tls")
    paths = {name: str(folder / f"{name}.pem") for name in ("ca", "cert", "key")}
    ca.cert_pem.write_to_path(paths["ca"])
    cert.cert_chain_pems[0].write_to_path(paths["cert"])
    cert.private_key_pem.write_to_path(paths["key"])
    return paths


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.get_closest_marker("live") is not None:
        return
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
