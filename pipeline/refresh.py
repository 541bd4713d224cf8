"""``akhbar refresh``: incremental, atomic, idempotent corpus refresh.

Processes only the input files that are new or changed since the last committed refresh,
into a new partition ``PREFIX/dt=YYYY-MM-DD/run=<seq>-<hex>/`` that becomes visible only
when complete (see ``pipeline.state`` for the layout and the commit protocol).

Also runnable as ``python -m pipeline.refresh ARGS`` (what the Airflow DAG calls).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import logging
import platform
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import apache_beam as beam
import fastavro
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

import akhbar
from akhbar.formats import split_source_uri
from pipeline import config as config_mod
from pipeline import state as st
from pipeline.config import ConfigError
from pipeline.near_refresh import near_run_config
from pipeline.run import add_run_arguments, config_overrides, run_pipeline
from pipeline.summary import mask_secrets
from transforms.write import ARTICLES_PREFIX, DEAD_LETTER_PREFIX

log = logging.getLogger("akhbar.refresh")

ACCEPTS_BEAM_ARGS = True

# Config sections that change what the records contain: their hash is the config hash.
PROCESSING_SECTIONS = ("read", "normalize", "entities", "dates", "dedup", "errors")


def register(subparsers) -> str:
    parser = subparsers.add_parser(
        "refresh", help="process only new or changed inputs into a new dated partition",
        description="Incremental refresh: process the input files that are new or changed "
                    "since the last successful refresh into PREFIX/dt=DATE/run=ID/, committed "
                    "atomically (_SUCCESS + _MANIFEST.json), and record them in "
                    "PREFIX/_state/state.json. Unrecognised --flags are passed to Beam.")
    add_run_arguments(parser)
    parser.add_argument("--run-date", "--run_date", dest="run_date", metavar="YYYY-MM-DD",
                        help="date of the partition (default: refresh.run_date in the config, "
                             "else today in UTC)")
    parser.add_argument("--state", metavar="PATH",
                        help="state file (default: PREFIX/_state/state.json)")
    parser.add_argument("--dry-run", action="store_true",
                        help="list what would be processed, write nothing")
    parser.add_argument("--rehash", action="store_true",
                        help="recompute every input checksum (default: reuse it when size "
                             "and mtime are unchanged)")
    return "refresh"


def resolve_config(args: argparse.Namespace) -> dict[str, Any]:
    """Defaults <- config file <- command line (as ``run``, plus the refresh keys)."""
    file_cfg = config_mod.load_file(args.config) if args.config else {}
    overrides = config_overrides(args)
    if args.run_date:
        overrides.setdefault("refresh", {})["run_date"] = args.run_date
    if args.state:
        overrides.setdefault("refresh", {})["state"] = args.state
    try:
        cfg = config_mod.resolve(file_cfg, overrides)
    except ConfigError as exc:
        if args.run_date and "refresh.run_date" in str(exc):
            raise ConfigError(
                f"--run-date must be a date YYYY-MM-DD, got {args.run_date!r}") from None
        raise
    config_mod.require_io(cfg)
    return cfg


def resolve_run_date(cfg: Mapping[str, Any], from_cli: bool = False,
                     today: datetime.date | None = None) -> tuple[str, str]:
    """``(YYYY-MM-DD, where it came from)``. Without a configured date: today in UTC (the
    one clock read of the refresh; the caller logs it)."""
    configured = cfg["refresh"]["run_date"]
    if configured:
        return configured, "--run-date" if from_cli else "config refresh.run_date"
    if today is None:
        today = datetime.datetime.now(datetime.UTC).date()
    return today.isoformat(), "today in UTC (default; pass --run-date to choose)"


def config_hash(cfg: Mapping[str, Any]) -> str:
    """Hash of the sections that shape the records (not input, output, runner, report)."""
    data = {k: cfg[k] for k in PROCESSING_SECTIONS}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_version() -> dict[str, str]:
    return {"akhbar": akhbar.__version__, "apache_beam": beam.__version__,
            "python": platform.python_version()}


# ---------------------------------------------------------------- output index


def _owner(source_uri: str, uris: set[str]) -> str | None:
    """The input file an article came from (``file#member#index`` -> ``file``; the parts
    of a ``source_uri`` are escaped, see ``akhbar.formats.split_source_uri``)."""
    path = split_source_uri(source_uri)[0]
    return path if path in uris else None


def _records(pattern: str) -> list[dict]:
    try:
        metas = FileSystems.match([pattern])[0].metadata_list
    except Exception:
        return []
    out = []
    for meta in sorted(metas, key=lambda m: m.path):
        with FileSystems.open(meta.path,
                              compression_type=CompressionTypes.UNCOMPRESSED) as handle:
            out.extend(fastavro.reader(handle))
    return out


def index_output(staging: str, uris: Sequence[str]) -> tuple[dict[str, list[str]],
                                                             dict[str, int], int]:
    """Read back the staged run: article ids and dead-letter counts per input file, and
    the number of records no input claims (should be 0)."""
    known = set(uris)
    articles: dict[str, list[str]] = defaultdict(list)
    dead: dict[str, int] = defaultdict(int)
    stray = 0
    for rec in _records(st.join(staging, f"{ARTICLES_PREFIX}-*")):
        owner = _owner(rec["source_uri"], known)
        if owner is None:
            stray += 1
        else:
            articles[owner].append(rec["id"])
    for rec in _records(st.join(staging, f"{DEAD_LETTER_PREFIX}-*")):
        owner = _owner(rec["source_uri"], known)
        if owner is None:
            stray += 1
        else:
            dead[owner] += 1
    return {k: sorted(v) for k, v in articles.items()}, dict(dead), stray


# ---------------------------------------------------------------- the refresh


def _describe(plan: st.Plan) -> str:
    return (f"{len(plan.new)} new, {len(plan.changed)} changed, {len(plan.deleted)} deleted, "
            f"{plan.unchanged} unchanged")


def _previous(state: st.State, uri: str, cache: dict) -> dict[str, Any]:
    """What the last committed run recorded for ``uri`` (its articles from that manifest)."""
    prev = state.files[uri]
    key = (prev["run_id"], prev["run_date"])
    if key not in cache:
        manifest = state.manifest_of(*key)
        cache[key] = {item["uri"]: item for item in manifest["inputs"]}
    item = cache[key].get(uri, {})
    return {"run_id": prev["run_id"], "run_date": prev["run_date"], "size": prev["size"],
            "checksum": prev["checksum"], "articles": item.get("articles", [])}


def plan_refresh(cfg: Mapping[str, Any], rehash: bool = False,
                 ) -> tuple[st.State, st.Plan, list[str]]:
    """Load the state (folding in runs committed after the last checkpoint, in memory) and
    compare it with the inputs now. Writes nothing."""
    prefix = cfg["output"]["prefix"]
    state = st.State.load(prefix, cfg["refresh"]["state"])
    recovered = state.recover()
    current = st.list_inputs(cfg["input"]["patterns"], state.files, exclude_prefix=prefix,
                             rehash=rehash)
    return state, st.make_plan(current, state.files), recovered


def refresh(cfg: Mapping[str, Any], run_date: str, beam_args: Sequence[str] = (),
            quiet: bool = False, run_date_source: str = "", rehash: bool = False,
            ) -> dict[str, Any]:
    """One refresh of ``cfg`` into partition date ``run_date``. Returns the outcome:
    ``status`` (``up_to_date``, ``committed`` or ``accounting_mismatch``), ``plan`` counts,
    and for a committed run ``partition`` and ``manifest``."""
    prefix = cfg["output"]["prefix"].rstrip("/")
    state, plan, recovered = plan_refresh(cfg, rehash)
    if recovered:
        log.warning("folded %d committed run(s) missing from the state: %s",
                    len(recovered), ", ".join(recovered))
        state.save()
    for orphan in st.orphans(prefix):
        log.warning("removing the leftovers of an unfinished refresh: %s", mask_secrets(orphan))
        st.delete_tree(orphan)
    chash = config_hash(cfg)
    if state.config_hash and state.config_hash != chash:
        log.warning("the processing config changed since the last refresh (%s -> %s): files "
                    "already consumed are not reprocessed", state.config_hash[:19], chash[:19])
    outcome: dict[str, Any] = {
        "run_date": run_date, "plan": {"new": len(plan.new), "changed": len(plan.changed),
                                       "deleted": len(plan.deleted),
                                       "unchanged": plan.unchanged}}
    if plan.empty:
        print(f"refresh: nothing to do ({_describe(plan)}); no partition written")
        return {**outcome, "status": "up_to_date"}

    ref = st.RunRef(state.next_seq, st.new_run_id(state.next_seq), run_date)
    staging = st.join(prefix, st.STAGING_DIR, f"run={ref.run_id}")
    log.info("refresh run %s (%s) -> %s", ref.run_id, _describe(plan),
             mask_secrets(ref.partition(prefix)))
    todo = plan.to_process
    uris = [e.uri for e in todo]
    summary: dict[str, Any] | None = None
    if todo:
        run_cfg = {**cfg, "output": {**cfg["output"], "prefix": staging, "overwrite": False}}
        run_cfg = near_run_config(run_cfg, state, plan)  # check against committed partitions
        summary = run_pipeline(run_cfg, beam_args, quiet=quiet, files=uris, announce=False)
        if not summary["accounting"]["ok"]:
            log.error("accounting mismatch, nothing committed (staged output kept for "
                      "inspection at %s until the next refresh)", mask_secrets(staging))
            return {**outcome, "status": "accounting_mismatch", "summary": summary}
    articles, dead, stray = index_output(staging, uris) if todo else ({}, {}, 0)
    if stray:
        raise RuntimeError(f"{stray} staged records belong to no planned input; "
                           "nothing committed")

    cache: dict = {}
    changed = {e.uri for e in plan.changed}
    inputs = []
    for entry in todo:
        item = {**st.as_dict(entry), "status": "changed" if entry.uri in changed else "new",
                "articles": articles.get(entry.uri, []), "dead_letters": dead.get(entry.uri, 0),
                "supersedes": None}
        if entry.uri in changed:
            item["supersedes"] = _previous(state, entry.uri, cache)
        inputs.append(item)
    deleted = [{"uri": uri, "previous": _previous(state, uri, cache)} for uri in plan.deleted]
    manifest = {
        "format": st.STATE_FORMAT,
        "run": {"run_id": ref.run_id, "seq": ref.seq, "run_date": run_date,
                "run_date_source": run_date_source,
                "partition": mask_secrets(ref.partition(prefix))},
        "code_version": code_version(),
        "config_hash": chash,
        "config": {k: cfg[k] for k in PROCESSING_SECTIONS},
        "input_patterns": [mask_secrets(p) for p in cfg["input"]["patterns"]],
        "counts": {
            "files_new": len(plan.new), "files_changed": len(plan.changed),
            "files_deleted": len(plan.deleted), "files_unchanged": plan.unchanged,
            "files_processed": len(todo),
            "articles_written": sum(len(v) for v in articles.values()),
            "dead_letters": sum(dead.values()),
            "duplicates_flagged": summary["duplicates_flagged"] if summary else 0,
            "articles_superseded": sum(len(i["supersedes"]["articles"]) for i in inputs
                                       if i["supersedes"]),
            "articles_retracted": sum(len(d["previous"]["articles"]) for d in deleted),
        },
        "accounting": summary["accounting"] if summary else {"ok": True, "problems": []},
        "inputs": inputs,
        "deleted": deleted,
    }
    if summary and manifest["counts"]["articles_written"] != summary["articles_written"]:
        raise RuntimeError(
            f"staged articles ({manifest['counts']['articles_written']}) != articles written "
            f"by the run ({summary['articles_written']}); nothing committed")
    partition = st.commit(prefix, staging, ref, manifest, state.run_ids)
    state.fold(manifest)
    state.save()
    counts = manifest["counts"]
    print(f"refresh: committed {mask_secrets(partition)}: {counts['files_processed']} files "
          f"({_describe(plan)}), {counts['articles_written']} articles, "
          f"{counts['dead_letters']} dead letters, {counts['articles_superseded']} superseded, "
          f"{counts['articles_retracted']} retracted")
    return {**outcome, "status": "committed", "partition": partition, "manifest": manifest,
            "summary": summary}


def dry_run(cfg: Mapping[str, Any], run_date: str, rehash: bool = False) -> dict[str, Any]:
    """Print what a refresh would process; write nothing."""
    state, plan, recovered = plan_refresh(cfg, rehash)
    prefix = cfg["output"]["prefix"].rstrip("/")
    target = st.join(prefix, f"dt={run_date}", f"run={state.next_seq:06d}-…")
    print(f"refresh --dry-run: {_describe(plan)}")
    if recovered:
        print(f"  would fold {len(recovered)} committed run(s) missing from the state")
    if plan.empty:
        print("  nothing to do; no partition would be written")
    else:
        print(f"  would write {mask_secrets(target)}")
    for entry in plan.new:
        print(f"  new      {mask_secrets(entry.uri)}  ({entry.size} bytes)")
    for entry in plan.changed:
        prev = state.files[entry.uri]
        print(f"  changed  {mask_secrets(entry.uri)}  ({prev['size']} -> {entry.size} bytes, "
              f"supersedes run {prev['run_id']})")
    for uri in plan.deleted:
        print(f"  deleted  {mask_secrets(uri)}  (from run {state.files[uri]['run_id']})")
    return {"run_date": run_date, "status": "dry_run",
            "plan": {"new": [e.uri for e in plan.new], "changed": [e.uri for e in plan.changed],
                     "deleted": plan.deleted, "unchanged": plan.unchanged}}


def main(args: argparse.Namespace, beam_args: Sequence[str]) -> int:
    cfg = resolve_config(args)
    run_date, source = resolve_run_date(cfg, from_cli=bool(args.run_date))
    print(f"refresh: run date {run_date} ({source})")  # shown even with --quiet
    if args.dry_run:
        dry_run(cfg, run_date, args.rehash)
        return 0
    try:
        with st.refresh_lock(cfg["output"]["prefix"]):
            outcome = refresh(cfg, run_date, beam_args, quiet=args.quiet,
                              run_date_source=source, rehash=args.rehash)
    except st.ConcurrentRefresh as exc:
        print(f"akhbar: error: {exc}", file=sys.stderr)
        return 2
    return 1 if outcome["status"] == "accounting_mismatch" else 0


if __name__ == "__main__":
    from pipeline.cli import main as cli_main

    sys.exit(cli_main(["refresh", *sys.argv[1:]]))
