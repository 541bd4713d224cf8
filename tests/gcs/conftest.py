"""GCS fixtures: a real GCS emulator started by the test session itself, a fault-injecting
proxy per test, a signed-in test client, and the environment for CLI subprocesses.

Only test code knows about the emulator: the pipeline reaches it through the standard
``STORAGE_EMULATOR_HOST`` variable of google-cloud-storage, and authenticates with a
throwaway service-account key (``GOOGLE_APPLICATION_CREDENTIALS``) whose token endpoint
is the proxy. Both variables are inherited by the DirectRunner's worker processes.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.gcs.emulator import (
    TOKEN_PATH,
    Emulator,
    FaultProxy,
    Faults,
    ProxyStats,
    service_account_info,
)

# The environment variables a run against the emulator needs (and nothing else does).
EMULATOR_ENV_KEYS = ("STORAGE_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS",
                     "GOOGLE_CLOUD_PROJECT", "NO_GCE_CHECK")


@pytest.fixture(scope="session")
def gcs_emulator() -> Iterator[Emulator]:
    if importlib.util.find_spec("gcp_storage_emulator") is None:
        pytest.skip("gcp-storage-emulator is not installed (pip install -e '.[test]')")
    emulator = Emulator().start()
    yield emulator
    emulator.stop()


@dataclass
class GcsSandbox:
    """One test's view of GCS: a fresh bucket behind its own fault proxy."""

    proxy: FaultProxy
    bucket_name: str
    env: dict[str, str]
    client: object  # google.cloud.storage.Client

    @property
    def bucket(self):
        return self.client.bucket(self.bucket_name)

    def url(self, path: str = "") -> str:
        return f"gs://{self.bucket_name}/{path}"

    def upload(self, name: str, data: bytes) -> str:
        self.bucket.blob(name).upload_from_string(data)
        return self.url(name)

    def names(self, prefix: str = "") -> list[str]:
        return sorted(b.name for b in self.client.list_blobs(self.bucket_name, prefix=prefix))

    def read(self, name: str) -> bytes:
        return self.bucket.blob(name).download_as_bytes()

    @contextlib.contextmanager
    def faults(self, faults: Faults) -> Iterator[ProxyStats]:
        """Inject ``faults`` into the requests made inside the block; yields their stats."""
        self.proxy.stats = ProxyStats()
        self.proxy.faults = faults
        try:
            yield self.proxy.stats
        finally:
            self.proxy.faults = Faults()


@contextlib.contextmanager
def open_sandbox(emulator: Emulator, tmp_path: Path) -> Iterator[GcsSandbox]:
    """A fresh bucket behind a new fault proxy, and the environment that points a
    subprocess at it."""
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    proxy = FaultProxy(emulator.port).start()
    key_file = tmp_path / "service-account.json"
    key_file.write_text(json.dumps(service_account_info(proxy.url + TOKEN_PATH)))
    env = {
        "STORAGE_EMULATOR_HOST": proxy.url,
        "GOOGLE_APPLICATION_CREDENTIALS": str(key_file),
        "GOOGLE_CLOUD_PROJECT": "akhbar-test",
        # google-auth: do not probe for a GCE metadata server (there is none).
        "NO_GCE_CHECK": "true",
    }
    # The test's own client goes through the proxy too (objects' media links name the
    # host they were uploaded through), but faults are only on inside ``faults()``.
    client = storage.Client(project="akhbar-test", credentials=AnonymousCredentials(),
                            client_options={"api_endpoint": proxy.url})
    bucket_name = f"akhbar-{uuid.uuid4().hex[:12]}"
    client.create_bucket(bucket_name)
    try:
        yield GcsSandbox(proxy, bucket_name, env, client)
    finally:
        proxy.stop()


@pytest.fixture
def gcs(gcs_emulator: Emulator, tmp_path: Path) -> Iterator[GcsSandbox]:
    with open_sandbox(gcs_emulator, tmp_path) as sandbox:
        yield sandbox


def subprocess_env(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment (minus any real GCS settings) plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in EMULATOR_ENV_KEYS}
    env.update(extra)
    return env
