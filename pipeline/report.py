"""``akhbar report PREFIX``: one self-contained HTML page about a run's output.

Reads ``PREFIX/articles-*.avro``, ``PREFIX/dead_letter-*.avro`` and ``PREFIX/summary.json``
from any Beam filesystem (local, ``gs://``) one record at a time, and writes the page
(by default ``PREFIX/report.html``). Memory stays bounded: see ``akhbar.report``.
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata
from typing import Any

from apache_beam.io.filesystems import FileSystems

from akhbar.report import CorpusStats, render_html
from akhbar.report.index_view import summarize
from pipeline.avro_io import LARGE_FIELDS, read_records, shards
from pipeline.cli import UsageError
from pipeline.corpus import open_corpus
from pipeline.index_store import has_index, iter_table
from transforms.write import ARTICLES_PREFIX, DEAD_LETTER_PREFIX


def read_summary(prefix: str) -> dict[str, Any] | None:
    path = prefix.rstrip("/") + "/summary.json"
    if not FileSystems.exists(path):
        return None
    with FileSystems.open(path) as handle:
        return json.loads(handle.read().decode("utf-8"))


def _version() -> str:
    try:
        return metadata.version("akhbar")
    except metadata.PackageNotFoundError:
        return ""


def build_report(prefix: str, *, top: int = 25, capacity: int = 5000) -> tuple[str, dict]:
    """Read the output under ``prefix`` (a run prefix, or a refresh prefix: then its
    current corpus) and its index if any; return the HTML page and the statistics."""
    base = prefix.rstrip("/")
    corpus = open_corpus(base)
    articles = [f.path for f in corpus.files]
    if corpus.refresh:
        dead = [p for run_dir in sorted({f.path.rsplit("/", 1)[0] for f in corpus.files})
                for p in shards(run_dir, DEAD_LETTER_PREFIX)]
    else:
        dead = shards(base, DEAD_LETTER_PREFIX)
    if not articles and not dead:
        raise FileNotFoundError(f"no articles-*.avro or dead_letter-*.avro under {prefix}")
    stats = CorpusStats(capacity=capacity)
    for cf in corpus.files:
        stats.add_articles(r for r in read_records([cf.path], ARTICLES_PREFIX,
                                                   skip_fields=LARGE_FIELDS)
                           if r.get("id") not in cf.exclude)
    stats.add_dead_letters(read_records(dead, DEAD_LETTER_PREFIX))
    data = stats.to_dict(top=top)
    if corpus.refresh:
        data["corpus"] = {"runs": len(corpus.runs), "superseded_left_out": corpus.superseded,
                          "retracted_left_out": corpus.retracted}
    if has_index(base + "/index"):
        data["index"] = summarize(iter_table(base + "/index", "entities"),
                                  iter_table(base + "/index", "timeline"), top=min(top, 15))
    summary = None if corpus.refresh else read_summary(base)
    return render_html(data, summary, prefix=prefix, version=_version()), data


def _write(path: str, text: str, mime: str) -> None:
    with FileSystems.create(path, mime_type=mime) as handle:
        handle.write(text.encode("utf-8"))


def register(subparsers) -> str:
    parser = subparsers.add_parser(
        "report", help="write a self-contained HTML report about a run's output",
        description="Read the Avro output under PREFIX (local or gs://) and write one "
                    "HTML file with charts and tables; it needs no network to view.")
    parser.add_argument("prefix", metavar="PREFIX",
                        help="the output prefix of a run, or a refresh prefix (its current "
                             "corpus)")
    parser.add_argument("--html", metavar="FILE", default=None,
                        help="where to write the page (default PREFIX/report.html, unless "
                             "only --json is given)")
    parser.add_argument("--json", metavar="FILE", default=None,
                        help="write the statistics as JSON (alone: no page is written)")
    parser.add_argument("--top", type=int, default=25, help="rows per top-k table (default 25)")
    parser.add_argument("--capacity", type=int, default=5000,
                        help="distinct keys kept per counter; beyond it counts are upper "
                             "bounds, marked ≈ (default 5000)")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    return "report"


def main(args: argparse.Namespace, extra_args=()) -> int:
    if args.top < 1 or args.capacity < args.top:
        raise UsageError("--top must be >= 1 and --capacity >= --top")
    page, data = build_report(args.prefix, top=args.top, capacity=args.capacity)
    # Only what was asked: the page when --html is given or neither is.
    targets = []
    if args.html or not args.json:
        target = args.html or args.prefix.rstrip("/") + "/report.html"
        _write(target, page, "text/html")
        targets.append(target)
    if args.json:
        _write(args.json, json.dumps(data, ensure_ascii=False, indent=2, default=str),
               "application/json")
        targets.append(args.json)
    if not args.quiet:
        left = data.get("corpus")
        note = (f" (current corpus of {left['runs']} runs; left out "
                f"{left['superseded_left_out']} superseded and {left['retracted_left_out']} "
                "retracted articles)") if left else ""
        print(f"report: {data['articles']} articles, {data['dead_letters']} dead letters{note} "
              f"-> {', '.join(targets)}", file=sys.stdout)
    return 0
