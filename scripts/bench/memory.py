"""Peak resident memory of a whole process tree, sampled with psutil in a thread."""

from __future__ import annotations

import threading

import psutil


class TreeRSSSampler:
    """Samples the summed RSS of ``pid`` and all its descendants every ``interval`` s.

    RSS counts pages shared between processes (e.g. after ``fork``) once per process,
    so the sum is an upper bound of the physical memory the tree uses.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self.peak_processes = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> TreeRSSSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        """Take one sample now (also called by the thread)."""
        try:
            root = psutil.Process(self.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0
        alive = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
                alive += 1
            except psutil.Error:  # exited between listing and reading
                continue
        self.samples += 1
        self.peak_bytes = max(self.peak_bytes, total)
        self.peak_processes = max(self.peak_processes, alive)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)
