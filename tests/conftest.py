"""Shared test configuration: async tests run on asyncio through anyio's pytest plugin, and
one private CA with a certificate for 127.0.0.1 serves every test that needs TLS."""

import pytest
import trustme


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
