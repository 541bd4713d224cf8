"""The run summary: Beam counters -> accounting check -> ``summary.json`` and a short table."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics.metric import MetricsFilter

from transforms.common import NAMESPACE

# Steps that an article passes after ParseArticles; each may drop it.
ARTICLE_STEPS = ("normalize", "entities", "dates", "dedup", "write")

_SECRET_PATTERNS = [
    (re.compile(r"(?i)([a-z][a-z0-9+.-]*://)[^/@\s:]+:[^/@\s]+@"), r"\1***:***@"),
    (re.compile(r"(?i)([?&](?:token|access_token|key|api_key|sig|signature|"
                r"x-goog-signature|x-goog-credential|password|secret)=)[^&\s]+"), r"\1***"),
]


def mask_secrets(text: str) -> str:
    """Mask credentials embedded in URIs (user:password@, ?token=...)."""
    for pattern, repl in _SECRET_PATTERNS:
        text = pattern.sub(repl, text)
    return text


def collect_counters(result) -> dict[str, dict[str, int]]:
    """``{step: {counter: value}}`` of the Akhbar counters of a finished run."""
    counters: dict[str, dict[str, int]] = defaultdict(dict)
    query = result.metrics().query(MetricsFilter())
    for item in query.get("counters", []):
        namespace = item.key.metric.namespace
        if not namespace.startswith(NAMESPACE + "."):
            continue
        step = namespace[len(NAMESPACE) + 1:]
        value = item.committed if item.committed is not None else item.attempted
        name = item.key.metric.name
        counters[step][name] = counters[step].get(name, 0) + int(value or 0)
    return {step: dict(sorted(c.items())) for step, c in sorted(counters.items())}


def _dropped(counts: Mapping[str, int]) -> int:
    return sum(v for k, v in counts.items() if k.startswith("dropped_"))


def _with_prefix(counts: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {k[len(prefix):]: v for k, v in counts.items() if k.startswith(prefix)}


def build_summary(counters: Mapping[str, Mapping[str, int]], *, run: Mapping[str, Any]) -> dict:
    """Turn counters into the summary, with the accounting check."""
    get = lambda step: counters.get(step, {})  # noqa: E731
    parse, write, dead = get("parse"), get("write"), get("dead_letter")
    articles_read = parse.get("articles", 0)
    written = write.get("written", 0)
    dropped_after_parse = sum(_dropped(get(step)) for step in ARTICLE_STEPS)
    dropped_total = _dropped(parse) + dropped_after_parse
    dead_total = dead.get("total", 0)
    problems = []
    if articles_read != written + dropped_after_parse:
        problems.append(
            f"articles read ({articles_read}) != written ({written}) + dead-lettered after "
            f"parsing ({dropped_after_parse})")
    if dead_total != dropped_total:
        problems.append(
            f"dead letters written ({dead_total}) != items dropped by the steps ({dropped_total})")
    by_reason = {k: v for k, v in dead.items() if k != "total"}
    return {
        **run,
        "files_read": parse.get("total", 0),
        "articles_read": articles_read,
        "articles_written": written,
        "duplicates_flagged": write.get("written_duplicate", 0),
        "dead_letters": {"total": dead_total, "by_reason": by_reason},
        "extractor_failures": {
            step: _with_prefix(get(step), "failed_") for step in ("entities", "dates")
            if _with_prefix(get(step), "failed_")},
        "entities": _with_prefix(get("entities"), "entities_"),
        "dates": _with_prefix(get("dates"), "dates_"),
        "accounting": {"ok": not problems, "problems": problems},
        "counters": {k: dict(v) for k, v in counters.items()},
    }


def write_summary(prefix: str, summary: Mapping[str, Any]) -> str:
    """Write ``PREFIX/summary.json`` (any Beam filesystem) and return its path."""
    path = prefix.rstrip("/") + "/summary.json"
    data = json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    with FileSystems.create(path, mime_type="application/json") as handle:
        handle.write(data)
    return path


def format_table(summary: Mapping[str, Any]) -> str:
    """A short human-readable table of the run."""
    rows = [
        ("files read", summary["files_read"]),
        ("articles read", summary["articles_read"]),
        ("articles written", summary["articles_written"]),
        ("  of which duplicates (flagged)", summary["duplicates_flagged"]),
        ("dead letters", summary["dead_letters"]["total"]),
    ]
    rows += [(f"  {reason}", n) for reason, n in sorted(summary["dead_letters"]["by_reason"].items())]
    rows += [(f"entities {t}", n) for t, n in sorted(summary["entities"].items())]
    rows += [(f"dates {t}", n) for t, n in sorted(summary["dates"].items())]
    for step, failures in summary["extractor_failures"].items():
        rows += [(f"{step} failed: {reason}", n) for reason, n in failures.items()]
    rows.append(("wall time (s)", summary.get("wall_time_seconds", "")))
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    status = "OK" if summary["accounting"]["ok"] else "MISMATCH: " + "; ".join(
        summary["accounting"]["problems"])
    lines.append(f"{'accounting'.ljust(width)}  {status}")
    return "\n".join(lines)
