"""The SDK worker process of local multi-process runs: Beam's harness, then a quick exit.

At the end of a run Beam's FnApiRunner stops its worker processes one after another, and
each spent ~1 s in interpreter teardown (freeing the NER model, its caches and every
module) before the next one was even told to stop: ~2 s of every local run on 2 workers.
When the harness returns, the work is done (outputs written and finalized, DoFns torn
down, the log channel flushed and closed), so the process leaves with ``os._exit``, as
``multiprocessing`` workers do. A harness that fails raises as usual.

Both the workers and the driver that runs them cap glibc's malloc arenas
(``limit_malloc_arenas``). Beam's worker runs bundles, gRPC streams, state and logging in
a dozen threads; glibc gives threads arenas of their own (up to 8 per core), the memory
freed in one is rarely given back, and each shuffled stage left the processes larger
than the last: peak RSS over all processes grew 1.10x from 10k to 40k files, 1.05x with
two arenas (as ``MALLOC_ARENA_MAX=2`` does; a value set in the environment is kept).
"""

from __future__ import annotations

import ctypes
import os
import shlex
import sys

MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc malloc.h


def command() -> str:
    """The shell command the local runner starts each SDK worker with."""
    return f"{shlex.quote(sys.executable)} -m pipeline.worker"


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas for the threads this process starts from now on; False
    where that cannot be done (not glibc) or ``MALLOC_ARENA_MAX`` is set already."""
    if os.environ.get("MALLOC_ARENA_MAX") or not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return mallopt(_M_ARENA_MAX, arenas) == 1


def main() -> None:
    limit_malloc_arenas()  # before Beam starts its threads
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
