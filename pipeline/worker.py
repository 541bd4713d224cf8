"""The SDK worker process of local multi-process runs: Beam's harness, then a quick exit.

At the end of a run Beam's FnApiRunner stops its worker processes one after another, and
each spent ~1 s in interpreter teardown (freeing the NER model, its caches and every
module) before the next one was even told to stop: ~2 s of every local run on 2 workers.
When the harness returns, the work is done (outputs written and finalized, DoFns torn
down, the log channel flushed and closed), so the process leaves with ``os._exit``, as
``multiprocessing`` workers do. A harness that fails raises as usual.
"""

from __future__ import annotations

import os
import shlex
import sys


def command() -> str:
    """The shell command the local runner starts each SDK worker with."""
    return f"{shlex.quote(sys.executable)} -m pipeline.worker"


def main() -> None:
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
