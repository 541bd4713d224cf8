"""Compare two corpus indexes table by table, as their readers see them (generations
merged, links with their keys' current entity ids): rows and a content hash per table.
Exit 1 when any table differs. Used to check an updated index against a full rebuild:

    python scripts/compare_index.py /tmp/snn/index /tmp/snn_full
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.index_store import generations, iter_table  # noqa: E402
from transforms.index import TABLES  # noqa: E402


def digest(index_dir: str, table: str) -> tuple[int, str]:
    """(rows, sha256 prefix) of the table's rows, in a canonical order."""
    rows = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True)
                  for r in iter_table(index_dir, table))
    return len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first")
    parser.add_argument("second")
    args = parser.parse_args(argv)
    for d in (args.first, args.second):
        print(f"{d}: {len(generations(d))} generation(s)")
    same = True
    for table in TABLES:
        a, b = digest(args.first, table), digest(args.second, table)
        same &= a == b
        print(f"{table:11} {a[0]:>9} {a[1]}  {b[0]:>9} {b[1]}  {'same' if a == b else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
