"""``akhbar index PREFIX``: the corpus index of a run or refresh prefix (see docs/index.md).

Writes ``links-*.avro``, ``entities-*.avro``, ``timeline-*.avro`` and the update state
(``keys-*.avro``, ``comentions-*.avro``, ``daterefs-*.avro``, ``_INDEX.json``) to ``--output`` (default
``PREFIX/index``). On a refresh prefix whose index is already there, only the runs
committed since are read and the index is updated (``--full`` rebuilds it). The new index
is written to a staging directory and replaces the old one when complete.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import time
from collections.abc import Sequence
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

from akhbar.schema import article_schema
from pipeline.avro_io import matched, read_records
from pipeline.corpus import Corpus, CorpusFile, exclusions, manifests_of, open_corpus, read_file
from pipeline.options import option_flags
from pipeline.state import (
    committed_runs,
    delete_tree,
    exists,
    is_local,
    list_files,
    read_json,
    write_json,
)
from transforms.index import TABLES, BuildIndex

log = logging.getLogger("akhbar.index")

ACCEPTS_BEAM_ARGS = True
INDEX_DIR = "index"
INDEX_FILE = "_INDEX.json"
INDEX_FORMAT = 1
STATE_TABLES = ("keys", "comentions", "links", "daterefs")
# The Article fields the index reads; the text fields are skipped while decoding.
ARTICLE_FIELDS = ("id", "source_uri", "published", "metadata", "entities", "dates")


def unused_article_fields() -> frozenset[str]:
    """The Article fields the index does not read (left undecoded)."""
    return frozenset(f["name"] for f in article_schema()["fields"]
                     if f["name"] not in ARTICLE_FIELDS)


def _read_articles(cf: CorpusFile):
    return read_file(cf, unused_article_fields())


def _read_table(path: str):
    return read_records([path])


def plan_update(corpus: Corpus, output: str, full: bool) -> dict[str, Any]:
    """What to read: every corpus file (full build), or the runs committed since the
    index at ``output`` was built plus the ids that left the corpus since (update)."""
    state_path = f"{output}/{INDEX_FILE}"
    previous = read_json(state_path) if exists(state_path) else None
    plan = {"mode": "full", "files": corpus.files, "retracted": [], "previous": None,
            "new_runs": corpus.runs}
    if full or not corpus.refresh or not previous or previous.get("format") != INDEX_FORMAT:
        return plan
    old_runs = previous.get("runs") or []
    if not set(old_runs) <= set(corpus.runs) or not matched(f"{output}/keys-*.avro"):
        log.warning("the index at %s does not match the prefix's runs; rebuilding it", output)
        return plan
    refs = [r for r in committed_runs(corpus.prefix) if r.run_id in set(old_runs)]
    then, _, _ = exclusions(manifests_of(corpus.prefix, refs))
    now, _, _ = exclusions(manifests_of(corpus.prefix, committed_runs(corpus.prefix)))
    gone = sorted({aid for run in old_runs for aid in now.get(run, set()) - then.get(run, set())})
    new_runs = [r for r in corpus.runs if r not in set(old_runs)]
    return {"mode": "update", "files": [f for f in corpus.files if f.run_id in set(new_runs)],
            "retracted": gone, "previous": output, "new_runs": new_runs}


def build_pipeline(pipe: beam.Pipeline, plan: dict[str, Any], staging: str) -> None:
    files = pipe | "Files" >> beam.Create(plan["files"], reshuffle=False)
    articles = (files | "SpreadFiles" >> beam.Reshuffle()
                | "ReadArticles" >> beam.FlatMap(_read_articles))
    articles_again = (files | "SpreadFilesAgain" >> beam.Reshuffle()
                      | "ReadArticlesAgain" >> beam.FlatMap(_read_articles))
    previous = {}
    for table in STATE_TABLES:
        paths = matched(f"{plan['previous']}/{table}-*.avro") if plan["previous"] else []
        previous[table] = (pipe | f"Old_{table}" >> beam.Create(paths, reshuffle=False)
                           | f"SpreadOld_{table}" >> beam.Reshuffle()
                           | f"ReadOld_{table}" >> beam.FlatMap(_read_table))
    retracted = pipe | "Retracted" >> beam.Create(plan["retracted"], reshuffle=False)
    _ = (articles, articles_again, previous, retracted) | "BuildIndex" >> BuildIndex(staging)


def _replace(staging: str, output: str) -> None:
    """Make the staged index the index: the old one's files go, the new ones move in."""
    if is_local(output):
        old = output.rstrip("/") + f".old-{os.getpid()}"
        if os.path.isdir(output):
            os.rename(output, old)
        os.rename(staging, output)
        delete_tree(old)
        return
    base = staging.rstrip("/") + "/"
    staged = [p for p, _ in list_files(staging)]
    delete_tree(output)
    FileSystems.rename(staged, [output.rstrip("/") + "/" + p[len(base):] for p in staged])
    delete_tree(staging)


def run_index(prefix: str, output: str | None = None, *, full: bool = False,
              runner: str = "DirectRunner", beam_args: Sequence[str] = ()) -> dict[str, Any]:
    """Build or update the index of ``prefix``; returns what ``_INDEX.json`` records."""
    from pipeline.run import local_runner  # the command's runner set-up, as ``akhbar run``

    prefix = prefix.rstrip("/")
    output = (output or f"{prefix}/{INDEX_DIR}").rstrip("/")
    corpus = open_corpus(prefix)
    if not corpus.files:
        raise FileNotFoundError(f"no articles-*.avro (or committed partitions) under {prefix}")
    plan = plan_update(corpus, output, full)
    if plan["mode"] == "update" and not plan["files"] and not plan["retracted"]:
        return {**read_json(f"{output}/{INDEX_FILE}"), "mode": "up to date", "files_read": 0,
                "articles_retracted_since": 0, "wall_time_seconds": 0.0, "output": output}
    staging = output + f"._staging-{os.urandom(4).hex()}"
    options = beam.options.pipeline_options.PipelineOptions(
        option_flags(runner, {}) + list(beam_args))
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        local = local_runner(options)
        pipe = beam.Pipeline(runner=local, options=options)
        build_pipeline(pipe, plan, staging)
        if local is not None:
            stack.enter_context(local.forked_workers(options))
        result = pipe.run()
        result.wait_until_finish()
    info = {
        "format": INDEX_FORMAT, "prefix": prefix, "mode": plan["mode"],
        "runs": corpus.runs, "new_runs": plan["new_runs"],
        "files_read": len(plan["files"]), "articles_retracted_since": len(plan["retracted"]),
        "superseded_left_out": corpus.superseded, "retracted_left_out": corpus.retracted,
        "wall_time_seconds": round(time.monotonic() - started, 3),
    }
    write_json(f"{staging}/{INDEX_FILE}", info)
    _replace(staging, output)
    return {**info, "output": output}


def register(subparsers) -> str:
    parser = subparsers.add_parser(
        "index", help="build the corpus index: entities across articles, links, timeline",
        description="Resolve entities across the articles of a run or refresh prefix and "
                    "write links-*.avro, entities-*.avro and timeline-*.avro (see "
                    "docs/index.md). On a refresh prefix with an index, only the runs "
                    "committed since are read. Beam's own pipeline options are passed to Beam; a "
                    "flag neither Akhbar nor Beam knows is an error.")
    parser.add_argument("prefix", metavar="PREFIX", help="a run or refresh prefix (local or gs://)")
    parser.add_argument("--output", metavar="DIR", default=None,
                        help="where the index goes (default PREFIX/index)")
    parser.add_argument("--full", action="store_true",
                        help="rebuild from all articles even when an update is possible")
    parser.add_argument("--runner", default="DirectRunner", help="Beam runner")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    return "index"


def main(args: argparse.Namespace, extra_args: Sequence[str] = ()) -> int:
    info = run_index(args.prefix, args.output, full=args.full, runner=args.runner,
                     beam_args=extra_args)
    if not args.quiet:
        print(f"index ({info['mode']}): {info['files_read']} article files read, "
              f"{info['articles_retracted_since']} articles retracted since, "
              f"{info['wall_time_seconds']} s -> {info['output']}")
    return 0


__all__ = ["TABLES", "run_index", "plan_update"]
