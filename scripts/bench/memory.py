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
        # pid -> [peak rss bytes, short description, cpu seconds at the last sample]
        self.per_process: dict[int, list] = {}
        # pid -> rss bytes in the sample where the summed RSS peaked (where the peak is)
        self.at_peak: dict[int, int] = {}
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
        now: dict[int, int] = {}
        for proc in procs:
            try:
                rss = proc.memory_info().rss
                times = proc.cpu_times()
            except psutil.Error:  # exited between listing and reading
                continue
            total += rss
            alive += 1
            now[proc.pid] = rss
            entry = self.per_process.get(proc.pid)
            if entry is None:
                entry = self.per_process[proc.pid] = [0, _describe(proc, proc.pid == self.pid),
                                                      0.0]
            entry[0] = max(entry[0], rss)
            entry[2] = times.user + times.system  # CPU so far (last sample before exit)
        self.samples += 1
        if total > self.peak_bytes:
            self.peak_bytes = total
            self.at_peak = now
        self.peak_processes = max(self.peak_processes, alive)

    def process_peaks(self, min_bytes: int = 8 * 2**20) -> list[dict]:
        """Peak RSS and CPU (up to its last sample) of each process of the tree, and its RSS
        when the tree's summed RSS peaked (the processes' own peaks need not coincide);
        tiny ones (e.g. ``sh``) left out."""
        rows = [{"pid": pid, "process": desc, "peak_rss_mib": round(peak / 2**20, 1),
                 "rss_at_tree_peak_mib": round(self.at_peak.get(pid, 0) / 2**20, 1),
                 "cpu_seconds_seen": round(cpu, 2)}
                for pid, (peak, desc, cpu) in self.per_process.items() if peak >= min_bytes]
        return sorted(rows, key=lambda r: -r["peak_rss_mib"])

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


def _describe(proc: psutil.Process, is_root: bool) -> str:
    try:
        args = proc.cmdline()
    except psutil.Error:
        return "?"
    text = " ".join(args)
    for marker, name in (("sdk_worker_main", "beam sdk worker"),
                         ("pipeline.worker", "beam sdk worker"), ("--child", ""),
                         ("python", "python")):
        if marker in text:
            if marker != "--child":
                return name
            # a forked worker shares its parent's command line
            return f"{'driver' if is_root else 'worker'} ({args[args.index('--child') + 1]})"
    return (args[0] if args else "?")[:40]
