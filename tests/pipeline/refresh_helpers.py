"""Helpers shared by the refresh tests (local disk and the GCS emulator)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from pipeline import config as config_mod
from pipeline import refresh as refresh_mod
from pipeline import state as st
from tests.helpers import read_avro

# One process, no worker pool: each run costs a few seconds and no spare core.
BEAM_ARGS = ("--direct_running_mode=in_memory", "--direct_num_workers=1")

CITIES = ["القاهرة", "بيروت", "عمان", "تونس", "الرباط", "دمشق", "بغداد", "الرياض", "صنعاء"]


def article_text(n: int, version: int = 0) -> str:
    """A small plain-text article, distinct for every (n, version)."""
    city = CITIES[n % len(CITIES)]
    return (f"خبر رقم {n} الإصدار {version}\n\n"
            f"قال المتحدث في {city} يوم الاثنين إن الاجتماع رقم {n} عقد بنجاح "
            f"وإن النسخة {version} من البيان صدرت اليوم.\n")


# Refresh is about which files run, not what the extractors find: skip loading their
# models to keep each run short (the CLI subprocess tests run the default config).
FAST = {"entities": {"enabled": False}, "dates": {"enabled": False}}


def make_cfg(input_patterns: list[str], prefix: str, **sections: Mapping[str, Any]) -> dict:
    file_cfg = {"input": {"patterns": input_patterns}, "output": {"prefix": prefix},
                "report": {"progress": False}, **FAST, **sections}
    cfg = config_mod.resolve(file_cfg)
    config_mod.require_io(cfg)
    return cfg


def do_refresh(cfg: Mapping[str, Any], run_date: str = "2024-05-01") -> dict[str, Any]:
    return refresh_mod.refresh(cfg, run_date, BEAM_ARGS, quiet=True, run_date_source="test")


def partitions(prefix: str) -> list[str]:
    """Every partition directory (committed or not) under ``prefix``."""
    found = set()
    for path, _ in st.list_files(prefix):
        rest = path[len(prefix.rstrip("/")) + 1:].split("/")
        if len(rest) >= 3 and rest[0].startswith("dt=") and rest[1].startswith("run="):
            found.add(st.join(prefix, rest[0], rest[1]))
    return sorted(found)


def committed(prefix: str) -> list[str]:
    return [p for p in partitions(prefix) if st.exists(st.join(p, st.SUCCESS))]


def manifest(partition: str) -> dict:
    return st.read_json(st.join(partition, st.MANIFEST))


def view_ids(prefix: str) -> Counter:
    """Article ids a consumer sees, with multiplicity, by the documented rule: for each
    input file only its latest committed partition counts (a later run that changed it
    supersedes, a later deletion retracts)."""
    latest: dict[str, tuple[str, list[str]]] = {}
    for part in committed(prefix):  # sorted by dt then run: seq order within a date
        man = manifest(part)
        for item in man["inputs"]:
            latest[item["uri"]] = (part, item["articles"])
        for item in man["deleted"]:
            latest.pop(item["uri"], None)
    counts: Counter = Counter()
    for _uri, (_part, ids) in latest.items():
        counts.update(ids)
    return counts


def state_json(prefix: str) -> dict | None:
    path = st.join(prefix, st.STATE_DIR, st.STATE_FILE)
    return st.read_json(path) if st.exists(path) else None


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def check_partition_matches_manifest(partition: str) -> None:
    """The Avro files of a partition hold exactly the articles its manifest lists."""
    man = manifest(partition)
    listed = Counter(i for item in man["inputs"] for i in item["articles"])
    stored = Counter(a["id"] for a in read_avro(st.join(partition, "articles-*")))
    assert stored == listed, (partition, stored - listed, listed - stored)
    assert man["counts"]["articles_written"] == sum(stored.values())
