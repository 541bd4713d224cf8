"""``akhbar report PREFIX``: one self-contained HTML page about a run's output.

Reads ``PREFIX/articles-*.avro``, ``PREFIX/dead_letter-*.avro`` and ``PREFIX/summary.json``
from any Beam filesystem (local, ``gs://``) one record at a time, and writes the page
(by default ``PREFIX/report.html``). Memory stays bounded: see ``akhbar.report``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from importlib import metadata
from typing import Any

import fastavro
from apache_beam.io.filesystems import FileSystems

from akhbar.report import CorpusStats, render_html
from akhbar.report.index_view import summarize
from pipeline.cli import UsageError
from pipeline.corpus import open_corpus

# Large text fields the report does not need; skipped while decoding (faster, less memory).
SKIP_FIELDS = frozenset({"body_normalized", "tokens"})


def _match(pattern: str) -> list[str]:
    try:
        found = FileSystems.match([pattern])[0].metadata_list
    except Exception:  # no match raises on some filesystems
        return []
    return sorted(m.path for m in found)


def _reader_schema(writer_schema: dict[str, Any]) -> dict[str, Any]:
    if writer_schema.get("type") != "record":
        return writer_schema
    fields = [f for f in writer_schema["fields"] if f["name"] not in SKIP_FIELDS]
    return {**writer_schema, "fields": fields}


def iter_avro(paths: list[str], skip_fields: bool = True) -> Iterator[dict[str, Any]]:
    """Records of the Avro files, streamed (large unused fields skipped)."""
    for path in paths:
        with FileSystems.open(path) as handle:
            reader = fastavro.reader(handle)
            if skip_fields and SKIP_FIELDS & {f["name"] for f in
                                              reader.writer_schema.get("fields", [])}:
                schema = _reader_schema(reader.writer_schema)
                handle.seek(0)
                reader = fastavro.reader(handle, reader_schema=schema)
            yield from reader


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
                for p in _match(run_dir + "/dead_letter-*.avro")]
    else:
        dead = _match(base + "/dead_letter-*.avro")
    if not articles and not dead:
        raise FileNotFoundError(f"no articles-*.avro or dead_letter-*.avro under {prefix}")
    stats = CorpusStats(capacity=capacity)
    for cf in corpus.files:
        stats.add_articles(r for r in iter_avro([cf.path]) if r.get("id") not in cf.exclude)
    stats.add_dead_letters(iter_avro(dead))
    data = stats.to_dict(top=top)
    if corpus.refresh:
        data["corpus"] = {"runs": len(corpus.runs), "superseded_left_out": corpus.superseded,
                          "retracted_left_out": corpus.retracted}
    entities = _match(base + "/index/entities-*.avro")
    if entities:
        data["index"] = summarize(iter_avro(entities, skip_fields=False),
                                  iter_avro(_match(base + "/index/timeline-*.avro"),
                                            skip_fields=False), top=min(top, 15))
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
