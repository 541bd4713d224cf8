"""Where the shared research data is: the one lookup the scripts and the tests use.

The data (corpora, gold sets, ANERcorp) is never copied into the repository; it is found,
in this order, at an explicit path (a script's ``--data``), at ``$AKHBAR_SHARED_DATA``, or
at ``../shared/data`` next to the repository. Each caller decides what "not found" means
for it (exit with a message, skip a test, fall back to another corpus).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "AKHBAR_SHARED_DATA"
REPO = Path(__file__).resolve().parents[1]
NEXT_TO_REPO = REPO.parent / "shared" / "data"


def shared_data(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The first of ``explicit``, ``$AKHBAR_SHARED_DATA`` and ``../shared/data`` (next to
    the repository) that is a directory; None when none is. Empty values count as unset."""
    for candidate in (explicit, os.environ.get(ENV), NEXT_TO_REPO):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None
