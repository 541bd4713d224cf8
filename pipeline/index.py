"""``akhbar index PREFIX``: the corpus index of a run or refresh prefix (see docs/index.md).

Writes the tables (``links``, ``entities``, ``timeline`` and the update state ``keys``,
``comentions``, ``daterefs``) as generations under ``--output`` (default ``PREFIX/index``),
listed by ``_INDEX.json``. A full build writes one generation to a staging directory that
replaces the old index when complete. On a refresh prefix whose index is already there,
only the runs committed since are read and one delta generation is added (``--full``
rebuilds); past a bound the generations are compacted into one."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import time
from collections.abc import Mapping, Sequence
from typing import Any

import apache_beam as beam
import fastavro
from apache_beam.io.filesystems import FileSystems

from akhbar.schema import article_schema
from pipeline.avro_io import matched, read_records
from pipeline.corpus import Corpus, CorpusFile, exclusions, manifests_of, open_corpus, read_file
from pipeline.index_store import INDEX_FILE, generations, has_index, read_manifest, table_files
from pipeline.options import beam_args_help, option_flags
from pipeline.state import (
    committed_runs,
    delete_tree,
    is_local,
    list_files,
    write_json,
)
from transforms.index import TABLES, BuildIndex, CompactIndex, CurrentRows

log = logging.getLogger("akhbar.index")

ACCEPTS_BEAM_ARGS = True
INDEX_DIR = "index"
INDEX_FORMAT = 2
STATE_TABLES = ("keys", "comentions", "links", "daterefs")
# Compaction bound: an update that leaves more generations than this, or delta rows more
# than this share of the base generation's rows, merges the index into one generation.
MAX_GENERATIONS = 8
MAX_DELTA_SHARE = 0.5
# The Article fields the index reads; the text fields are skipped while decoding.
ARTICLE_FIELDS = ("id", "source_uri", "published", "metadata", "entities", "dates")


def unused_article_fields() -> frozenset[str]:
    """The Article fields the index does not read (left undecoded)."""
    return frozenset(f["name"] for f in article_schema()["fields"]
                     if f["name"] not in ARTICLE_FIELDS)


def _read_articles(cf: CorpusFile):
    return read_file(cf, unused_article_fields())


def _read_tagged(item: tuple[int, str]):
    gen, path = item
    for row in read_records([path]):
        yield gen, row


def gen_dir(number: int) -> str:
    return f"gen-{number:05d}"


def plan_update(corpus: Corpus, output: str, full: bool) -> dict[str, Any]:
    """What to read: every corpus file (full build), or the runs committed since the
    index at ``output`` was built plus the ids that left the corpus since (update), with
    the generations of the index to read (links and date references only from the
    generations that hold the runs of those ids)."""
    previous = read_manifest(output)
    plan = {"mode": "full", "files": corpus.files, "retracted": [], "previous": None,
            "new_runs": corpus.runs, "generations": [], "retract_generations": [],
            "manifest": previous}
    if full or not corpus.refresh or not previous or previous.get("format") != INDEX_FORMAT:
        return plan
    old_runs = previous.get("runs") or []
    if not set(old_runs) <= set(corpus.runs) or not has_index(output):
        log.warning("the index at %s does not match the prefix's runs; rebuilding it", output)
        return plan
    refs = [r for r in committed_runs(corpus.prefix) if r.run_id in set(old_runs)]
    then, _, _ = exclusions(manifests_of(corpus.prefix, refs))
    now, _, _ = exclusions(manifests_of(corpus.prefix, committed_runs(corpus.prefix)))
    gone_by_run = {run: now.get(run, set()) - then.get(run, set()) for run in old_runs}
    gone = sorted({aid for ids in gone_by_run.values() for aid in ids})
    gone_runs = {run for run, ids in gone_by_run.items() if ids}
    gens = generations(output, previous)
    new_runs = [r for r in corpus.runs if r not in set(old_runs)]
    return {**plan, "mode": "update",
            "files": [f for f in corpus.files if f.run_id in set(new_runs)],
            "retracted": gone, "previous": output, "new_runs": new_runs,
            "generations": gens,
            "retract_generations": [g for g in gens if set(g.get("runs") or ()) & gone_runs]}


def _tagged_files(index_dir: str | None, table: str, gens: list[dict[str, Any]]
                  ) -> list[tuple[int, str]]:
    return [(g, p) for g, paths in table_files(index_dir, table, gens) for p in paths] \
        if index_dir and gens else []


def _tagged_table(pipe: beam.Pipeline, tagged: list[tuple[int, str]], table: str, label: str):
    """``(generation, row)`` of one table of an index, read in the pipeline from its listed
    ``(generation, file)`` pairs (``_tagged_files``)."""
    return (pipe | f"{label}Files_{table}" >> beam.Create(tagged, reshuffle=False)
            | f"{label}Spread_{table}" >> beam.Reshuffle()
            | f"{label}Read_{table}" >> beam.FlatMap(_read_tagged))


def _previous_rows(pipe: beam.Pipeline, index_dir: str | None, table: str,
                   gens: list[dict[str, Any]], base: int):
    """The current rows of one table of the previous index (generations ``gens``, listed
    once): no step at all for a table with nothing to read, no newest-unit lookup without
    deltas (generations after ``base``)."""
    files = _tagged_files(index_dir, table, gens)
    if not files:
        return pipe | f"NoOld_{table}" >> beam.Create([])
    tagged = _tagged_table(pipe, files, table, "Old")
    delta_files = [(g, path) for g, path in files if g > base]
    deltas = _tagged_table(pipe, delta_files, table, "OldDeltas") if delta_files else None
    return tagged | f"Current_{table}" >> CurrentRows(table, base, deltas,
                                                      has_deltas=bool(delta_files))


def build_pipeline(pipe: beam.Pipeline, plan: dict[str, Any], target: str) -> None:
    """The graph of a full build or of an update (one delta generation) into ``target``."""
    files = pipe | "Files" >> beam.Create(plan["files"], reshuffle=False)
    articles = (files | "SpreadFiles" >> beam.Reshuffle()
                | "ReadArticles" >> beam.FlatMap(_read_articles))
    articles_again = (files | "SpreadFilesAgain" >> beam.Reshuffle()
                      | "ReadArticlesAgain" >> beam.FlatMap(_read_articles))
    gens = plan["generations"]
    base = gens[0]["gen"] if gens else 0
    previous = {}
    for table in STATE_TABLES:
        read = gens if table in ("keys", "comentions") else plan["retract_generations"]
        previous[table] = _previous_rows(pipe, plan["previous"], table, read, base)
    retracted = pipe | "Retracted" >> beam.Create(plan["retracted"], reshuffle=False)
    _ = (articles, articles_again, previous, retracted) | "BuildIndex" >> BuildIndex(
        target, update=plan["mode"] == "update", retracting=bool(plan["retracted"]))


def compact_pipeline(pipe: beam.Pipeline, index_dir: str, gens: list[dict[str, Any]],
                     target: str) -> None:
    """The graph that merges the generations of an index into one at ``target``."""
    base = gens[0]["gen"]
    tagged = {t: _tagged_table(pipe, _tagged_files(index_dir, t, gens), t, "All")
              for t in TABLES}
    _ = tagged | "Compact" >> CompactIndex(target, base)


def _move(source: str, target: str) -> None:
    """Rename a directory tree (local: one rename; elsewhere file by file)."""
    if is_local(source):
        os.rename(source, target)
        return
    base = source.rstrip("/") + "/"
    staged = [p for p, _ in list_files(source)]
    FileSystems.rename(staged, [target.rstrip("/") + "/" + p[len(base):] for p in staged])
    delete_tree(source)


def _replace(staging: str, output: str) -> None:
    """Make the staged index the index: the old one's files go, the new ones move in."""
    if is_local(output):
        old = output.rstrip("/") + f".old-{os.getpid()}"
        if os.path.isdir(output):
            os.rename(output, old)
        os.rename(staging, output)
        delete_tree(old)
        return
    delete_tree(output)
    _move(staging, output)


def _count_rows(directory: str) -> dict[str, int]:
    """Rows per table of one generation (from the Avro block headers)."""
    out = {}
    for table in TABLES:
        n = 0
        for path in matched(f"{directory}/{table}-*.avro"):
            with FileSystems.open(path) as handle:
                n += sum(block.num_records for block in fastavro.block_reader(handle))
        out[table] = n
    return out


def needs_compaction(gens: Sequence[Mapping[str, Any]]) -> bool:
    """More than ``MAX_GENERATIONS`` generations, or delta rows more than
    ``MAX_DELTA_SHARE`` of the base generation's rows."""
    if len(gens) <= 1:
        return False
    base = sum(gens[0].get("rows", {}).values())
    deltas = sum(sum(g.get("rows", {}).values()) for g in gens[1:])
    return len(gens) > MAX_GENERATIONS or deltas > MAX_DELTA_SHARE * max(base, 1)


def _run(build, runner: str, beam_args: Sequence[str]) -> None:
    from pipeline.run import local_runner  # the command's runner set-up, as ``akhbar run``

    options = beam.options.pipeline_options.PipelineOptions(
        option_flags(runner, {}) + list(beam_args))
    with contextlib.ExitStack() as stack:
        local = local_runner(options)
        pipe = beam.Pipeline(runner=local, options=options)
        build(pipe)
        if local is not None:
            stack.enter_context(local.forked_workers(options))
        result = pipe.run()
        result.wait_until_finish()


def compact(output: str, *, runner: str = "DirectRunner", beam_args: Sequence[str] = ()
            ) -> dict[str, Any]:
    """Merge the generations of the index at ``output`` into one (same tables as read)."""
    manifest = read_manifest(output)
    gens = generations(output, manifest)
    if len(gens) <= 1:
        return manifest
    number = gens[-1]["gen"]
    staging = output + f"._staging-{os.urandom(4).hex()}"
    started = time.monotonic()
    _run(lambda pipe: compact_pipeline(pipe, output, gens, f"{staging}/{gen_dir(number)}"),
         runner, beam_args)
    runs = [r for g in gens for r in g.get("runs") or ()]
    info = {**manifest, "generations": [{
        "gen": number, "dir": gen_dir(number), "runs": runs,
        "rows": _count_rows(f"{staging}/{gen_dir(number)}")}],
        "compacted": {"generations": len(gens),
                      "wall_time_seconds": round(time.monotonic() - started, 3)}}
    write_json(f"{staging}/{INDEX_FILE}", info)
    _replace(staging, output)
    return info


def run_index(prefix: str, output: str | None = None, *, full: bool = False,
              compact_now: bool = False, runner: str = "DirectRunner",
              beam_args: Sequence[str] = ()) -> dict[str, Any]:
    """Build or update the index of ``prefix``; returns what ``_INDEX.json`` records.

    A full build writes a new index (one generation) and replaces the old one; an update
    adds one delta generation and then compacts the index when ``needs_compaction`` (or
    ``compact_now``) says so."""
    prefix = prefix.rstrip("/")
    output = (output or f"{prefix}/{INDEX_DIR}").rstrip("/")
    corpus = open_corpus(prefix)
    if not corpus.files:
        raise FileNotFoundError(f"no articles-*.avro (or committed partitions) under {prefix}")
    plan = plan_update(corpus, output, full)
    if plan["mode"] == "update" and not plan["files"] and not plan["retracted"]:
        info = dict(plan["manifest"])
        if compact_now:
            info = compact(output, runner=runner, beam_args=beam_args)
        return {**info, "mode": "up to date", "files_read": 0,
                "articles_retracted_since": 0, "wall_time_seconds": 0.0, "output": output}
    started = time.monotonic()
    if plan["mode"] == "full":
        number, staging = 0, output + f"._staging-{os.urandom(4).hex()}"
        target = f"{staging}/{gen_dir(number)}"
        previous_gens: list[dict[str, Any]] = []
    else:
        previous_gens = plan["generations"]
        number = previous_gens[-1]["gen"] + 1
        final = f"{output}/{gen_dir(number)}"
        delete_tree(final)  # left by an update that stopped before its manifest, if any
        target = final + f"._staging-{os.urandom(4).hex()}"
    _run(lambda pipe: build_pipeline(pipe, plan, target), runner, beam_args)
    if plan["mode"] == "update":
        _move(target, final)
        target = final
    gen = {"gen": number, "dir": gen_dir(number), "runs": plan["new_runs"],
           "rows": _count_rows(target)}
    info = {
        "format": INDEX_FORMAT, "prefix": prefix, "mode": plan["mode"],
        "runs": corpus.runs, "new_runs": plan["new_runs"],
        "files_read": len(plan["files"]), "articles_retracted_since": len(plan["retracted"]),
        "superseded_left_out": corpus.superseded, "retracted_left_out": corpus.retracted,
        "wall_time_seconds": round(time.monotonic() - started, 3),
        "generations": previous_gens + [gen],
    }
    if plan["mode"] == "full":
        write_json(f"{staging}/{INDEX_FILE}", info)
        _replace(staging, output)
    else:
        write_json(f"{output}/{INDEX_FILE}", info)  # the commit point of an update
        if compact_now or needs_compaction(info["generations"]):
            info = compact(output, runner=runner, beam_args=beam_args)
    return {**info, "output": output}


def register(subparsers) -> str:
    parser = subparsers.add_parser(
        "index", help="build the corpus index: entities across articles, links, timeline",
        description="Resolve entities across the articles of a run or refresh prefix and "
                    "write links-*.avro, entities-*.avro and timeline-*.avro (see "
                    "docs/index.md). On a refresh prefix with an index, only the runs "
                    "committed since are read. " + beam_args_help())
    parser.add_argument("prefix", metavar="PREFIX", help="a run or refresh prefix (local or gs://)")
    parser.add_argument("--output", metavar="DIR", default=None,
                        help="where the index goes (default PREFIX/index)")
    parser.add_argument("--full", action="store_true",
                        help="rebuild from all articles even when an update is possible")
    parser.add_argument("--compact", action="store_true",
                        help="merge the index's generations into one after the update")
    parser.add_argument("--runner", default="DirectRunner", help="Beam runner")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    return "index"


def main(args: argparse.Namespace, extra_args: Sequence[str] = ()) -> int:
    info = run_index(args.prefix, args.output, full=args.full, compact_now=args.compact,
                     runner=args.runner,
                     beam_args=extra_args)
    if not args.quiet:
        print(f"index ({info['mode']}): {info['files_read']} article files read, "
              f"{info['articles_retracted_since']} articles retracted since, "
              f"{info['wall_time_seconds']} s, {len(info['generations'])} generation(s)"
              f"{' (compacted)' if info.get('compacted') else ''} -> {info['output']}")
    return 0


__all__ = ["TABLES", "run_index", "plan_update"]
