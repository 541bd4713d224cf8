"""The SDK worker processes of local multi-process runs.

**Forked ahead, handed over.** Each worker that Beam's FnApiRunner starts (``python -m
pipeline.worker``, a new interpreter) used to import Beam first, ~2 s of CPU per worker
before any work, after the driver had built the graph. ``ForkedWorkers`` forks them from
the driver instead, where Beam is imported already: a forked worker waits on a Unix socket
in a private directory (``$AKHBAR_WORKER_POOL``). The process the runner starts claims one
(an atomic rename of its ``.free`` token), sends it its environment (the runner's control
and logging addresses, the options) and waits for its exit code. A claimed worker runs
Beam's harness; an unclaimed one is killed when the run ends; one whose client dies, or
whose driver dies (``PR_SET_PDEATHSIG``), exits. Without a pool (``AKHBAR_FORK_WORKERS=0``,
not Linux, not ``fork_safe``: another thread or gRPC running) or with none left, the
started process runs the harness itself.

**A quick exit.** At the end of a run Beam's FnApiRunner stops its worker processes one
after another, and each spent ~1 s in interpreter teardown (freeing the NER model, its
caches and every module) before the next one was even told to stop: ~2 s of every local
run on 2 workers. When the harness returns, the work is done (outputs written and
finalized, DoFns torn down, the log channel flushed and closed), so the process leaves
with ``os._exit``, as ``multiprocessing`` workers do. A harness that fails raises as usual.

**Two malloc arenas.** Both the workers and the driver that runs them cap glibc's malloc
arenas (``limit_malloc_arenas``). Beam's worker runs bundles, gRPC streams, state and
logging in a dozen threads; glibc gives threads arenas of their own (up to 8 per core),
the memory freed in one is rarely given back, and each shuffled stage left the processes
larger than the last: peak RSS over all processes grew 1.10x from 10k to 40k files, 1.06x
with two arenas (as ``MALLOC_ARENA_MAX=2`` does; a value set in the environment is kept).

**Large blocks mapped.** glibc serves a large block from the heap once a block of that
size has been freed (its mmap threshold rises, up to 32 MiB), and a heap keeps the memory
such blocks leave, pinned by the small long-lived blocks allocated between them. The
driver's large transient buffers (its encoded shuffle outputs, gRPC messages) grow with
the corpus, and so did the heaps: from 1k to 16k small files the peak RSS over all
processes grew +44 to +54 MiB, +24 MiB with a fixed 64 KiB threshold
(``mmap_large_allocations``, as ``MALLOC_MMAP_THRESHOLD_=65536`` does; a value set in the
environment is kept). The workers use the same threshold: a 32 MiB one (with 64 MiB of
heap top kept) made each worker's peak grow by ~90 MiB from 1x to 16x ANT, against ~30.
A block mapped on its own is fresh zeroed pages each time, a page fault every 4 KiB; the
code that allocated such blocks for every batch or article does not: the entity
recognizer keeps its work arrays (``akhbar.ner.neural.Scratch``), the MinHash signature
is computed a few shingles at a time (``akhbar.neardup.signature``).
"""

from __future__ import annotations

import ctypes
import gc
import json
import logging
import os
import shlex
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from typing import NoReturn

MALLOC_ARENAS = 2
MMAP_THRESHOLD = 64 << 10  # the driver and the workers (see the module docstring)
TRIM_THRESHOLD = 16 << 20  # RSS growth after which the driver trims its heap (HeapTrimmer)
_M_ARENA_MAX = -8  # glibc malloc.h
_M_MMAP_THRESHOLD = -3
_PR_SET_PDEATHSIG = 1  # linux prctl.h
POOL_ENV = "AKHBAR_WORKER_POOL"
FORK_ENV = "AKHBAR_FORK_WORKERS"


def command() -> str:
    """The shell command the local runner starts each SDK worker with."""
    return f"{shlex.quote(sys.executable)} -m pipeline.worker"


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None)


def tune_malloc() -> None:
    """The malloc settings of local runs, driver and workers: two arenas
    (``limit_malloc_arenas``) and blocks of ``MMAP_THRESHOLD`` bytes and more in their own
    mappings (``mmap_large_allocations``)."""
    limit_malloc_arenas()
    mmap_large_allocations()


def mmap_large_allocations(threshold: int = MMAP_THRESHOLD) -> bool:
    """Serve allocations of ``threshold`` bytes and more with a mapping of their own, given
    back to the system when freed; False where that cannot be done (not glibc) or
    ``MALLOC_MMAP_THRESHOLD_`` is set already.

    glibc raises this threshold (up to 32 MiB) each time a mapped block is freed, so the
    big transient buffers of a run (gRPC messages of the data channel, the driver's
    encoded shuffle outputs, whose size grows with the corpus) end up in the heap, where
    the memory they leave is kept."""
    return _mallopt("MALLOC_MMAP_THRESHOLD_", _M_MMAP_THRESHOLD, threshold)


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas for the threads this process starts from now on; False
    where that cannot be done (not glibc) or ``MALLOC_ARENA_MAX`` is set already."""
    return _mallopt("MALLOC_ARENA_MAX", _M_ARENA_MAX, arenas)


def _mallopt(env: str, param: int, value: int) -> bool:
    """glibc's ``mallopt(param, value)``, unless the environment sets it (``env``, which
    glibc reads at start-up) or this is not glibc; whether it was set."""
    if os.environ.get(env) or not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = _libc().mallopt
    except (OSError, AttributeError):
        return False
    return mallopt(param, value) == 1


class HeapTrimmer:
    """Gives the free pages of glibc's heaps back to the system (``malloc_trim(0)``) when
    the process has grown by ``threshold`` bytes of RSS since it last did.

    The local driver calls it before each stage: a shuffle it holds (band entries,
    ``(hash, id)`` pairs: Python objects, then their encoding) is freed once consumed,
    but a heap keeps the pages such small blocks leave (blocks under the mmap threshold
    are never mapped on their own), and every later stage, the long main one included,
    would run with them. A trim walks the heap (~70 ms of CPU for a 500 MB heap), so it
    is done only after a stage that left the process larger."""

    def __init__(self, threshold: int = TRIM_THRESHOLD) -> None:
        self.threshold = threshold
        self.baseline: int | None = None
        self.trims = 0
        self.freed = 0

    def __call__(self) -> bool:
        """Trim if the RSS grew by ``threshold`` since the last trim (or the first call);
        whether it did."""
        rss = resident_bytes()
        if rss is None:
            return False
        if self.baseline is None:
            self.baseline = rss
            return False
        if rss - self.baseline < self.threshold or not trim_heap():
            return False
        after = resident_bytes() or rss
        self.trims += 1
        self.freed += max(rss - after, 0)
        self.baseline = after
        return True


def resident_bytes() -> int | None:
    """This process's resident set size, from ``/proc/self/statm`` (None elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def trim_heap() -> bool:
    """glibc's ``malloc_trim(0)``: the free pages of every heap back to the system; False
    where that cannot be done (not glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        malloc_trim = _libc().malloc_trim
    except (OSError, AttributeError):
        return False
    malloc_trim(0)
    return True


def _recv_line(conn: socket.socket) -> bytes:
    """One request: bytes up to a newline (the claimant keeps its end open while it
    waits, so that its end closing means it is gone)."""
    chunks = []
    while not chunks or not chunks[-1].endswith(b"\n"):
        chunk = conn.recv(1 << 16)
        if not chunk:
            raise ConnectionError("the claimant left before sending its request")
        chunks.append(chunk)
    return b"".join(chunks)


class ForkedWorkers:
    """``count`` SDK workers forked from this process, waiting to be claimed by the
    processes the runner starts (see the module docstring); a context manager that sets
    ``$AKHBAR_WORKER_POOL`` for the runner's processes while it is open."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pids: list[int] = []
        self.dir: str | None = None

    @staticmethod
    def enabled() -> bool:
        """Forking is on (Linux; ``AKHBAR_FORK_WORKERS`` not ``0``), no pool is open
        already, and it is safe now (``fork_safe``)."""
        return (sys.platform.startswith("linux") and hasattr(os, "fork")
                and os.environ.get(FORK_ENV, "1") != "0" and not os.environ.get(POOL_ENV)
                and fork_safe())

    def __enter__(self) -> ForkedWorkers:
        if self.count < 1 or not self.enabled():
            return self
        self.dir = tempfile.mkdtemp(prefix="akhbar-workers-")
        listeners = []
        try:
            for i in range(self.count):
                listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                listener.settimeout(None)  # not socket.getdefaulttimeout(): see _serve
                listener.bind(os.path.join(self.dir, f"{i}.sock"))
                listener.listen(1)
                listeners.append(listener)
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:  # the worker; never returns
                    for other in listeners[:-1]:
                        other.close()
                    _serve(listener)
                self.pids.append(pid)
                open(os.path.join(self.dir, f"{i}.free"), "w").close()
        except BaseException:
            self._close()
            raise
        finally:
            for listener in listeners:
                listener.close()
        os.environ[POOL_ENV] = self.dir
        return self

    def __exit__(self, *exc: object) -> None:
        if self.dir is None:
            return
        os.environ.pop(POOL_ENV, None)
        self._close()

    def _close(self) -> None:
        for i, pid in enumerate(self.pids):  # never claimed: not needed any more
            if os.path.exists(os.path.join(self.dir, f"{i}.free")):
                _kill(pid)
        deadline = time.monotonic() + 10  # claimed ones are done: their clients are
        for pid in self.pids:
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    _kill(pid)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.01)
        shutil.rmtree(self.dir, ignore_errors=True)


_GRPC_THREADS = ("grpc", "event_engine")  # native thread names of gRPC's C core


def fork_safe() -> bool:
    """This process may fork workers: no other Python thread (one may hold a lock the
    child would wait on forever, e.g. of ``sys.stderr``) and gRPC's core has not started
    (a forked child cannot use gRPC then; a pytest session or a notebook that ran a
    pipeline before). Native threads of numpy's BLAS and jemalloc are fork-aware."""
    if threading.active_count() != 1:
        return False
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return False
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/comm") as f:
                if f.read().startswith(_GRPC_THREADS):
                    return False
        except OSError:
            continue
    return True


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _serve(listener: socket.socket) -> NoReturn:
    """A forked worker: wait to be claimed, then run Beam's harness with the claimant's
    environment and arguments, report the exit code and leave."""
    code = 1
    conn = None
    try:
        driver = os.getppid()
        if _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0 or os.getppid() != driver:
            os._exit(1)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        root = logging.getLogger()  # the driver's handlers (its terminal) are not ours
        for handler in list(root.handlers):
            root.removeHandler(handler)
        listener.settimeout(None)
        conn, _ = listener.accept()
        conn.settimeout(None)
        listener.close()
        request = json.loads(_recv_line(conn))
        os.environ.clear()
        os.environ.update(request["env"])
        threading.Thread(target=_exit_when_claimant_leaves, args=(conn,), daemon=True).start()
        _run_harness(request["argv"])
        code = 0
    except BaseException:  # noqa: BLE001 - reported to the claimant as a failed worker
        os.write(2, traceback.format_exc().encode("utf-8", "replace"))
    finally:
        if conn is not None:
            try:
                conn.sendall(bytes([code]))
            except OSError:
                pass
        os._exit(code)


def _exit_when_claimant_leaves(conn: socket.socket) -> None:
    """The watchdog of a claimed worker: the claimant gone (killed by the runner) means
    this worker is not wanted either. It waits without a time limit: the sockets are made
    blocking, as a default timeout (Beam's GCS credentials set 60 s for the process)
    would end the wait, and the watchdog, with a ``TimeoutError`` in a healthy run."""
    try:
        gone = not conn.recv(1)
    except OSError:
        gone = True
    if gone:
        os._exit(1)


def _attach(pool: str) -> int | None:
    """Claim a forked worker of ``pool`` and hand it this process's work; its exit code,
    or ``None`` when none is free."""
    try:
        names = sorted(os.listdir(pool))
    except OSError:
        return None
    for name in names:
        if not name.endswith(".free"):
            continue
        token = os.path.join(pool, name)
        base = token[:-len(".free")]
        try:
            os.rename(token, base + ".taken")
        except OSError:
            continue  # another process claimed it first
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(None)  # waits as long as the worker runs
            try:
                conn.connect(base + ".sock")
                conn.sendall(json.dumps({"env": dict(os.environ),
                                         "argv": sys.argv}).encode() + b"\n")
                reply = conn.recv(1)
            except OSError:
                continue  # it died before taking the work: try another, or run it here
        return reply[0] if reply else 1
    return None


def _run_harness(argv: list[str]) -> None:
    """Beam's SDK harness, with malloc tuned (``tune_malloc``) before it starts its
    threads, and every object there is by then (a forked worker: all the
    driver's) moved out of the garbage collector's sight (``gc.freeze``): they live as
    long as the worker, and each full collection would walk them all again (a forked
    worker starts with ~160k more than the loop's processes: 0.95 against 0.5 CPU s of
    collections per worker at 1x ANT) and write to their pages, which the fork shares."""
    tune_malloc()
    from apache_beam.runners.worker import sdk_worker_main

    gc.freeze()
    sdk_worker_main.main(argv)


def main() -> None:
    pool = os.environ.get(POOL_ENV)
    if pool:
        code = _attach(pool)
        if code is not None:
            os._exit(code)
    _run_harness(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
