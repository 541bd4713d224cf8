"""The live progress line of a local run: files and articles done, rate, elapsed, ETA.

On a terminal it redraws one line; otherwise it logs a plain line every
``log_every`` seconds and one at the end. Counts come from the files that ``ReportProgress``
writes in each worker process, so it works with multi-process workers.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO


def read_counts(directory: str) -> dict[str, int]:
    """Sum the per-worker counts by kind (``files``, ``articles``)."""
    totals: dict[str, int] = {}
    try:
        names = os.listdir(directory)
    except OSError:
        return totals
    for name in names:
        if name.endswith(".tmp"):
            continue
        kind = name.split("-", 1)[0]
        try:
            with open(os.path.join(directory, name), encoding="ascii") as handle:
                totals[kind] = totals.get(kind, 0) + int(handle.read() or 0)
        except (OSError, ValueError):
            continue
    return totals


def format_line(counts: dict[str, int], total_files: int | None, elapsed: float) -> str:
    files = counts.get("files", 0)
    articles = counts.get("articles", 0)
    rate = articles / elapsed if elapsed > 0 else 0.0
    parts = [f"files {files}" + (f"/{total_files}" if total_files else ""),
             f"articles {articles}", f"{rate:.1f} articles/s", f"elapsed {elapsed:.0f}s"]
    if total_files and files:
        remaining = max(total_files - files, 0) * elapsed / files
        parts.append(f"ETA {remaining:.0f}s")
    return "  ".join(parts)


class ProgressReporter:
    """Background thread printing progress until ``stop()``."""

    def __init__(self, directory: str, total_files: int | None, stream: TextIO = sys.stderr,
                 interval: float = 0.5, log_every: float = 10.0) -> None:
        self.directory = directory
        self.total_files = total_files
        self.stream = stream
        self.interval = interval
        self.log_every = log_every
        self.tty = stream.isatty()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="akhbar-progress", daemon=True)
        self._started = 0.0

    def start(self) -> ProgressReporter:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def _loop(self) -> None:
        last_log = 0.0
        while not self._stop.wait(self.interval):
            elapsed = time.monotonic() - self._started
            line = format_line(read_counts(self.directory), self.total_files, elapsed)
            if self.tty:
                self.stream.write("\r\x1b[K" + line)
                self.stream.flush()
            elif elapsed - last_log >= self.log_every:
                self.stream.write("progress: " + line + "\n")
                self.stream.flush()
                last_log = elapsed

    def stop(self) -> None:
        """Stop the thread and print the final counts (redrawn on a terminal, else one
        more plain line, so that even a short run logs where it ended)."""
        self._stop.set()
        self._thread.join(timeout=5)
        elapsed = time.monotonic() - self._started
        line = format_line(read_counts(self.directory), self.total_files, elapsed)
        if self.tty:
            self.stream.write("\r\x1b[K" + line + "\n")
        else:
            self.stream.write("progress: " + line + " (done)\n")
        self.stream.flush()
