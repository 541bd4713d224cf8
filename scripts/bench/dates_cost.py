"""CPU cost of date extraction: several versions of the ``akhbar`` package, alternately.

    git archive 95fa5e2 akhbar | tar -x -C /tmp/old      # one directory per version
    python scripts/bench/dates_cost.py /tmp/old .        # best/median CPU s per pass, ratio
    python scripts/bench/dates_cost.py --check /tmp/old .  # identical extractions?

A seeded sample of ANT v1.1 articles (``--articles``, default 2,000) is read and
light-normalized once with this worktree's code, outside any timing. Each pass runs in a
fresh subprocess whose ``PYTHONPATH`` is one version's directory: it builds the extractor,
runs one untimed warm-up pass, then one timed pass (CPU time of the process). Versions
alternate pass by pass so load on a shared machine falls on all alike. ``--check`` instead
has every version write its extractions and compares them with the first's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def sample(data: Path, n: int, seed: int) -> list[tuple[dict[str, str], dt.date | None]]:
    """``n`` ANT articles (seeded), read as ``scripts/eval_dates.py`` reads them and
    light-normalized: (fields, publication date)."""
    # imported here, not at the top (main has put this worktree first on sys.path): the
    # --child passes must import the akhbar of their own PYTHONPATH
    sys.path.insert(0, str(ROOT / "scripts"))
    from eval_dates import ant_dct, ant_fields

    from akhbar.normalize import normalize

    files = sorted((data / "corpora" / "ant-v1.1").glob("*/*.txt"))
    picked = random.Random(seed).sample(files, min(n, len(files)))
    return [({name: normalize(text, "light").text for name, text in ant_fields(path).items()},
             ant_dct(path)) for path in picked]


def child(sample_file: str, out_file: str | None) -> None:
    """One pass in this process (its ``akhbar`` comes from PYTHONPATH): print CPU seconds,
    or with ``out_file`` write every extraction."""
    from akhbar.dates import DateExtractor

    with open(sample_file, "rb") as f:
        docs = pickle.load(f)
    ex = DateExtractor()
    if out_file:
        found = [[(t.field, t.start, t.end, t.type, t.value, t.mod, t.calendar, t.text)
                  for t in ex.extract_fields(fields, dct)] for fields, dct in docs]
        with open(out_file, "wb") as f:
            pickle.dump(found, f)
        return
    for fields, dct in docs:  # warm-up: caches, lazy compiles
        ex.extract_fields(fields, dct)
    t0 = time.process_time()
    for fields, dct in docs:
        ex.extract_fields(fields, dct)
    print(time.process_time() - t0)


def run_child(pkg: Path, sample_file: str, out_file: str | None = None) -> float:
    env = dict(os.environ, PYTHONPATH=str(pkg))
    cmd = [sys.executable, __file__, "--child", sample_file] + (["--out", out_file] if out_file else [])
    res = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=str(pkg))
    return float(res.stdout.strip() or 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("packages", nargs="*", type=Path, help="directories holding an akhbar package")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", help="shared data dir (default: $AKHBAR_SHARED_DATA or ../shared/data)")
    ap.add_argument("--check", action="store_true", help="compare extractions, no timing")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.out)
        return 0
    pkgs = [p.resolve() for p in args.packages]
    if not pkgs or any(not (p / "akhbar" / "dates").is_dir() for p in pkgs):
        ap.error("each package directory must hold akhbar/dates")
    sys.path.insert(0, str(ROOT))
    from scripts.datadir import shared_data

    data = shared_data(args.data)
    if data is None or not (data / "corpora" / "ant-v1.1").is_dir():
        sys.exit(f"ANT v1.1 not found under {data or args.data}: pass --data or set AKHBAR_SHARED_DATA")
    with tempfile.TemporaryDirectory() as tmp:
        sample_file = os.path.join(tmp, "sample.pkl")
        docs = sample(data, args.articles, args.seed)
        with open(sample_file, "wb") as f:
            pickle.dump(docs, f)
        if args.check:
            outs = []
            for i, pkg in enumerate(pkgs):
                out = os.path.join(tmp, f"out{i}.pkl")
                run_child(pkg, sample_file, out)
                with open(out, "rb") as f:
                    outs.append(pickle.load(f))
            n_expr = sum(map(len, outs[0]))
            bad = 0
            for pkg, found in zip(pkgs[1:], outs[1:], strict=True):
                diff = [i for i, (a, b) in enumerate(zip(outs[0], found, strict=True)) if a != b]
                bad += len(diff)
                print(f"{pkg}: {len(diff)} of {len(docs)} articles differ from {pkgs[0]} "
                      f"({n_expr} expressions there, {sum(map(len, found))} here)")
                for i in diff[:5]:
                    print("  article", i, sorted(set(outs[0][i]) ^ set(found[i]))[:6])
            return 1 if bad else 0
        cpu: dict[Path, list[float]] = {p: [] for p in pkgs}
        for _ in range(args.passes):
            for pkg in pkgs:
                cpu[pkg].append(run_child(pkg, sample_file))
    print(f"{len(docs)} articles, {args.passes} passes each (CPU seconds per pass)")
    base = min(cpu[pkgs[0]])
    for pkg in pkgs:
        best, med = min(cpu[pkg]), statistics.median(cpu[pkg])
        print(f"{str(pkg):40s} best {best:.3f}  median {med:.3f}  ratio(best) {best / base:.3f}  "
              f"ratio(median) {med / statistics.median(cpu[pkgs[0]]):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
