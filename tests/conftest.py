"""Shared test helpers: where the repo, the sample corpus and ../shared/data are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample"


def shared_data_dir() -> Path | None:
    """``$AKHBAR_SHARED_DATA`` or ``../shared/data`` next to the repo; None when absent."""
    candidates = [os.environ.get("AKHBAR_SHARED_DATA"), str(REPO.parent / "shared" / "data")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("shared data not found: set AKHBAR_SHARED_DATA or put it at ../shared/data")
    return path


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE
