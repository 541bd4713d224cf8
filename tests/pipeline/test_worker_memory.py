"""Local runs cap glibc's malloc arenas (``pipeline.worker.limit_malloc_arenas``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")

# Start 6 threads that are alive together and each allocate from malloc, then count the
# heaps (arenas) glibc reports. ``LIMIT`` says whether to cap the arenas first.
PROBE = textwrap.dedent("""
    import ctypes, os, sys, threading
    from pipeline.worker import limit_malloc_arenas
    limited = limit_malloc_arenas() if os.environ["LIMIT"] == "1" else False
    barrier = threading.Barrier(7)
    keep = []
    def work():
        keep.append([bytearray(20_000) for _ in range(50)])  # malloc, not pymalloc
        barrier.wait()
        barrier.wait()
    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    barrier.wait()
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    fp = libc.fopen(sys.argv[1].encode(), b"w")
    libc.malloc_info(0, fp)
    libc.fclose(fp)
    barrier.wait()
    for t in threads:
        t.join()
    print(limited)
""")


def _arenas(tmp_path, limit: bool) -> tuple[int, str]:
    out = tmp_path / f"info-{int(limit)}.xml"
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    env["LIMIT"] = "1" if limit else "0"
    done = subprocess.run([sys.executable, "-c", PROBE, str(out)], env=env, check=True,
                          capture_output=True, text=True, cwd=os.getcwd())
    return out.read_text().count("<heap nr="), done.stdout.strip()


def test_limit_malloc_arenas_caps_the_arenas_threads_get(tmp_path):
    unlimited, _ = _arenas(tmp_path, limit=False)
    limited, said = _arenas(tmp_path, limit=True)
    assert unlimited > 2  # glibc gives these threads arenas of their own by default
    assert said == "True"
    assert limited <= 2


def test_an_arena_limit_set_in_the_environment_is_kept(monkeypatch):
    from pipeline.worker import limit_malloc_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert limit_malloc_arenas() is False
