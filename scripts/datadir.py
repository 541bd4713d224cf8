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
# what a script says when the lookup finds nothing
NOT_FOUND = "shared data not found: pass --data or set AKHBAR_SHARED_DATA"


def shared_data(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """``explicit`` when given, else the first of ``$AKHBAR_SHARED_DATA`` and
    ``../shared/data`` (next to the repository) that is a directory; None when the path
    asked for is not a directory. An explicit path is never replaced by another one (a
    mistyped ``--data`` must not quietly evaluate other data). Empty values count as unset."""
    if explicit:
        return Path(explicit) if Path(explicit).is_dir() else None
    for candidate in (os.environ.get(ENV), NEXT_TO_REPO):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None
