"""Shared test helpers: where the repo, the sample corpus and ../shared/data are."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.datadir import shared_data as find_shared_data

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = find_shared_data()
    if path is None:
        pytest.skip("shared data not found: set AKHBAR_SHARED_DATA or put it at ../shared/data")
    return path


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE
