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
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems

import akhbar
from akhbar.formats import source_uri, split_source_uri
from pipeline import config as config_mod
from pipeline import state as st
from pipeline.avro_io import LARGE_FIELDS, read_records, shards
from pipeline.config import ConfigError
from pipeline.near_refresh import near_run_config
from pipeline.options import beam_args_help
from pipeline.run import RunFailed, add_run_arguments, config_overrides, run_pipeline
from pipeline.summary import mask_secrets
from transforms.commit import ARTICLE
from transforms.write import ARTICLES_PREFIX, DEAD_LETTER_PREFIX

log = logging.getLogger("akhbar.refresh")

ACCEPTS_BEAM_ARGS = True

# Exit code when another refresh holds the prefix (or committed meanwhile): try later.
EXIT_TEMPFAIL = 75  # sysexits EX_TEMPFAIL

# Config sections that change what the records contain: their hash is the config hash.
PROCESSING_SECTIONS = ("read", "normalize", "entities", "dates", "dedup", "errors")


def register(subparsers) -> str:
    parser = subparsers.add_parser(
        "refresh", help="process only new or changed inputs into a new dated partition",
        description="Incremental refresh: process the input files that are new or changed "
                    "since the last successful refresh into PREFIX/dt=DATE/run=ID/, committed "
                    "atomically (_SUCCESS + _MANIFEST.json), and record them in "
                    "PREFIX/_state/state.json. " + beam_args_help())
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
    parser.add_argument("--backfill", action="store_true",
                        help="allow a run date before the last committed one (recorded in "
                             "the manifest)")
    parser.add_argument("--no-wait", "--no_wait", dest="wait", action="store_false",
                        help="submit the job and exit; it commits itself when it finishes "
                             "(Dataflow; a Flex Template launcher must not wait)")
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


# ---------------------------------------------------------------- the commit step


class AccountingMismatch(RuntimeError):
    """The written files do not account for every item the run parsed: nothing committed."""


REFUSED = "_NOT_COMMITTED.json"  # in the staging dir: why the commit step refused
PENDING = ".pending_manifest.json"  # in the staging dir: the planned manifest (a dot file:
# the GCS commit copies no dot file; on local disk the commit step deletes it)


def uri_key(path: str) -> str:
    """``path`` as the records' ``source_uri`` gives it back (``split_source_uri`` of
    ``source_uri``): planned inputs and records are compared in this form."""
    return split_source_uri(source_uri(path))[0]


@dataclass
class Index:
    """What a staged run holds, per input file (read back from its Avro files)."""

    articles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    dead: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    stray: int = 0
    duplicates: int = 0
    dead_by_reason: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    dates: Counter = field(default_factory=Counter)


def index_output(staging: str, uris: Sequence[str], written: Sequence[str] | None = None
                 ) -> Index:
    """Read back the staged run (``written``: its files; default: every Avro file in
    ``staging``): article ids and dead letters per input file, and the records no input
    claims (should be none)."""
    owners = {uri_key(u): u for u in uris}
    if written is None:
        written = shards(staging, ARTICLES_PREFIX) + shards(staging, DEAD_LETTER_PREFIX)
    else:  # the articles and dead letters among every file the run finalized
        written = [w for w in written if w.rsplit("/", 1)[-1].startswith(
            (ARTICLES_PREFIX + "-", DEAD_LETTER_PREFIX + "-"))]
    dead_files = [w for w in written if w.rsplit("/", 1)[-1].startswith(DEAD_LETTER_PREFIX)]
    index = Index()
    for rec in read_records(sorted(w for w in written if w not in dead_files), ARTICLES_PREFIX,
                            skip_fields=LARGE_FIELDS):
        owner = owners.get(split_source_uri(rec["source_uri"])[0])
        if owner is None:
            index.stray += 1
            continue
        index.articles[owner].append(rec["id"])
        index.duplicates += bool(rec.get("is_duplicate"))
        index.entities.update(e["type"] for e in rec.get("entities") or ())
        index.dates.update(d["type"] for d in rec.get("dates") or ())
    for rec in read_records(sorted(dead_files), DEAD_LETTER_PREFIX):
        owner = owners.get(split_source_uri(rec["source_uri"])[0])
        if owner is None:
            index.stray += 1
            continue
        index.dead[owner] += 1
        index.dead_by_reason[f"{rec['step']}.{rec['reason']}"] += 1
    return index


def check_ledger(ledger: Mapping[tuple[str, str], int], index: Index,
                 uris: Sequence[str]) -> dict[str, Any]:
    """The run's accounting, from data the job has itself: per input file, the items the
    parse step produced (articles + dead letters of parsing) must all be in the written
    files (articles + dead letters of any step), and every file is at least one item."""
    owners = {uri_key(u): u for u in uris}
    parsed: Counter = Counter()
    rejected: Counter = Counter()
    unplanned = 0
    for (path, kind), n in ledger.items():
        owner = owners.get(path)
        if owner is None:
            unplanned += n
        elif kind == ARTICLE:
            parsed[owner] += n
        else:
            rejected[owner] += n
    problems = []
    silent = [u for u in uris if parsed[u] + rejected[u] == 0]
    if silent:
        problems.append(f"{len(silent)} input files produced no item, e.g. {st.shown(silent[0])}")
    unbalanced = [u for u in uris
                  if parsed[u] + rejected[u] != len(index.articles.get(u, ())) + index.dead.get(u, 0)]
    if unbalanced:
        u = unbalanced[0]
        problems.append(
            f"{len(unbalanced)} input files are not accounted for, e.g. {st.shown(u)}: "
            f"{parsed[u]} articles + {rejected[u]} dead letters parsed != "
            f"{len(index.articles.get(u, ()))} articles + {index.dead.get(u, 0)} dead letters "
            "written")
    if unplanned or index.stray:
        problems.append(f"{unplanned} parsed and {index.stray} written items belong to no "
                        "planned input")
    items_in = sum(parsed.values()) + sum(rejected.values())
    written = sum(len(v) for v in index.articles.values())
    dead = sum(index.dead.values())
    return {
        "ok": not problems, "problems": problems, "items_in": items_in,
        "equations": [
            f"items in {items_in} (articles parsed {sum(parsed.values())} + dead letters of "
            f"read/parse {sum(rejected.values())}) {'=' if items_in == written + dead else '!='} "
            f"articles written {written} (of which {index.duplicates} flagged duplicates) + "
            f"dead letters {dead}, for each of the {len(uris)} input files"],
        "articles_read": sum(parsed.values()),
    }


@dataclass
class PendingCommit:
    """Everything the commit step needs, fixed when the refresh is planned. It travels
    with the job to the worker that runs the step; the planned manifest (one entry per
    input file, so possibly large) travels as a file in the staging directory instead
    (``stage``), which keeps the job's graph small."""

    prefix: str
    staging: str
    state_path: str | None
    ref: dict[str, Any]
    known_runs: list[str]
    run_info: dict[str, Any]
    manifest: dict[str, Any] | None = None  # without what the output decides (see complete)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "manifest": None}

    def stage(self) -> None:
        """Write the planned manifest where the job's commit step reads it."""
        st.write_json(st.join(self.staging, PENDING), self.planned())

    def planned(self) -> dict[str, Any]:
        if self.manifest is None:
            self.manifest = st.read_json(st.join(self.staging, PENDING))
        return self.manifest

    @property
    def run_ref(self) -> st.RunRef:
        return st.RunRef(**self.ref)

    @property
    def partition(self) -> str:
        return self.run_ref.partition(self.prefix)

    def __call__(self, ledger: Mapping[tuple[str, str], int], written: Sequence[str],
                 ) -> str:
        """Check the staged output against the ledger, then commit it and update the state.
        Idempotent: a retried step finds the partition committed and only updates the
        state. Returns the partition."""
        ref = self.run_ref
        if not st.exists(st.join(self.partition, st.SUCCESS)):
            uris = [item["uri"] for item in self.planned()["inputs"]]
            index = index_output(self.staging, uris, written)
            accounting = check_ledger(ledger, index, uris) if uris else {
                "ok": True, "problems": [], "items_in": 0, "equations": [], "articles_read": 0}
            if not accounting["ok"]:
                st.write_json(st.join(self.staging, REFUSED), {"accounting": accounting})
                raise AccountingMismatch("accounting mismatch, nothing committed: "
                                         + "; ".join(accounting["problems"]))
            manifest = self.complete(index, accounting)
            if uris:
                st.write_json(st.join(self.staging, "summary.json"),
                              self.summary(index, accounting))
            st.commit(self.prefix, self.staging, ref, manifest, self.known_runs)
            pending = st.join(self.partition, PENDING)  # local disk: renamed along
            if st.exists(pending):
                FileSystems.delete([pending])
        state = st.State.load(self.prefix, self.state_path)
        state.recover()  # folds this run (and any other committed run it lacks)
        state.save()
        return self.partition

    def complete(self, index: Index, accounting: Mapping[str, Any]) -> dict[str, Any]:
        """The manifest, with the articles and dead letters of each input."""
        manifest = json.loads(json.dumps(self.planned()))
        for item in manifest["inputs"]:
            item["articles"] = sorted(index.articles.get(item["uri"], []))
            item["dead_letters"] = index.dead.get(item["uri"], 0)
        counts = manifest["counts"]
        counts["articles_written"] = sum(len(i["articles"]) for i in manifest["inputs"])
        counts["dead_letters"] = sum(i["dead_letters"] for i in manifest["inputs"])
        counts["duplicates_flagged"] = index.duplicates
        manifest["accounting"] = {k: accounting[k] for k in ("ok", "problems", "equations")}
        return manifest

    def summary(self, index: Index, accounting: Mapping[str, Any]) -> dict[str, Any]:
        """``summary.json`` of the partition, from the ledger and the written files (the
        commit step has no access to Beam's counters)."""
        return {
            **self.run_info,
            "computed_by": "the commit step, from the parse ledger and the written files",
            "files_read": len(self.planned()["inputs"]),
            "articles_read": accounting["articles_read"],
            "articles_written": sum(len(v) for v in index.articles.values()),
            "duplicates_flagged": index.duplicates,
            "dead_letters": {"total": sum(index.dead.values()),
                             "by_reason": dict(sorted(index.dead_by_reason.items()))},
            "entities": dict(sorted(index.entities.items())),
            "dates": dict(sorted(index.dates.items())),
            "accounting": {k: accounting[k] for k in ("ok", "problems", "equations",
                                                      "items_in")},
        }


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


def check_run_date(state: st.State, run_date: str, backfill: bool) -> bool:
    """Refuse a run date before the last committed one (readers that consumed that
    partition would never see the new data) unless ``backfill``. Returns whether the
    run is a backfill."""
    last = max((r["run_date"] for r in state.runs), default=None)
    if last is None or run_date >= last:
        return False
    if not backfill:
        raise ConfigError(
            f"run date {run_date} is before the last committed partition dt={last}: readers "
            f"that already consumed dt={run_date} would miss the new data; pass --backfill "
            "to write it there anyway (recorded in the manifest), or use a later date")
    return True


def pending_commit(cfg: Mapping[str, Any], state: st.State, plan: st.Plan, ref: st.RunRef,
                   staging: str, run_date_source: str, backfill: bool) -> PendingCommit:
    """The manifest of the planned run, complete except for what its output decides."""
    prefix = cfg["output"]["prefix"].rstrip("/")
    cache: dict = {}
    changed = {e.uri for e in plan.changed}
    inputs = []
    for entry in plan.to_process:
        item = {**st.as_dict(entry), "status": "changed" if entry.uri in changed else "new",
                "articles": [], "dead_letters": 0, "supersedes": None}
        if entry.uri in changed:
            item["supersedes"] = _previous(state, entry.uri, cache)
        inputs.append(item)
    deleted = [{"uri": uri, "previous": _previous(state, uri, cache)} for uri in plan.deleted]
    manifest = {
        "format": st.STATE_FORMAT,
        "run": {"run_id": ref.run_id, "seq": ref.seq, "run_date": ref.run_date,
                "run_date_source": run_date_source, "backfill": backfill,
                "partition": mask_secrets(ref.partition(prefix))},
        "code_version": code_version(),
        "config_hash": config_hash(cfg),
        "config": {k: cfg[k] for k in PROCESSING_SECTIONS},
        "input_patterns": [mask_secrets(p) for p in cfg["input"]["patterns"]],
        "counts": {
            "files_new": len(plan.new), "files_changed": len(plan.changed),
            "files_deleted": len(plan.deleted), "files_unchanged": plan.unchanged,
            "files_processed": len(inputs),
            "articles_written": 0, "dead_letters": 0, "duplicates_flagged": 0,
            "articles_superseded": sum(len(i["supersedes"]["articles"]) for i in inputs
                                       if i["supersedes"]),
            "articles_retracted": sum(len(d["previous"]["articles"]) for d in deleted),
        },
        "accounting": {"ok": True, "problems": []},
        "inputs": inputs,
        "deleted": deleted,
    }
    run_info = {"akhbar_version": akhbar.__version__, "runner": cfg["runner"]["name"],
                "input_patterns": manifest["input_patterns"],
                "output_prefix": mask_secrets(ref.partition(prefix)),
                "normalize_level": cfg["normalize"]["level"]}
    return PendingCommit(prefix, staging, cfg["refresh"]["state"], asdict(ref),
                         sorted(state.run_ids), run_info, manifest)


def refresh(cfg: Mapping[str, Any], run_date: str, beam_args: Sequence[str] = (),
            quiet: bool = False, run_date_source: str = "", rehash: bool = False,
            backfill: bool = False, wait: bool = True) -> dict[str, Any]:
    """One refresh of ``cfg`` into partition date ``run_date``. Returns the outcome:
    ``status`` (``up_to_date``, ``committed``, ``launched`` (``wait=False``: the job commits
    itself), ``accounting_mismatch``), ``plan`` counts, and for a committed run
    ``partition`` and ``manifest``.

    The commit is the last step of the pipeline (``PendingCommit``), not of this function:
    when the job finishes, its partition is committed whether or not anyone waited."""
    prefix = cfg["output"]["prefix"].rstrip("/")
    state, plan, recovered = plan_refresh(cfg, rehash)
    if recovered:
        log.warning("folded %d committed run(s) missing from the state: %s",
                    len(recovered), ", ".join(recovered))
        state.save()
    for orphan in st.orphans(prefix):
        log.warning("removing the leftovers of an unfinished refresh: %s", st.shown(orphan))
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
    is_backfill = check_run_date(state, run_date, backfill)  # only when it would write

    ref = st.RunRef(state.next_seq, st.new_run_id(state.next_seq), run_date)
    staging = st.join(prefix, st.STAGING_DIR, f"run={ref.run_id}")
    log.info("refresh run %s (%s) -> %s", ref.run_id, _describe(plan),
             mask_secrets(ref.partition(prefix)))
    if is_backfill:
        log.warning("backfill: writing run date %s, before the last committed partition",
                    run_date)
    pending = pending_commit(cfg, state, plan, ref, staging, run_date_source, is_backfill)
    uris = [e.uri for e in plan.to_process]
    summary: dict[str, Any] | None = None
    if uris:
        run_cfg = {**cfg, "output": {**cfg["output"], "prefix": staging, "overwrite": False}}
        run_cfg = near_run_config(run_cfg, state, plan)  # check against committed partitions
        pending.stage()
        try:
            summary = run_pipeline(run_cfg, beam_args, quiet=quiet, files=uris,
                                   listing=st.join(staging, PENDING), announce=False,
                                   commit=pending, wait=wait)
        except RunFailed:
            refused = st.join(staging, REFUSED)
            if not st.exists(refused):
                raise
            problems = st.read_json(refused)["accounting"]["problems"]
            log.error("accounting mismatch, nothing committed (staged output kept for "
                      "inspection at %s until the next refresh): %s", st.shown(staging),
                      "; ".join(problems))
            return {**outcome, "status": "accounting_mismatch", "problems": problems}
        if summary.get("launched"):
            print(f"refresh: launched job {summary.get('job_id')} for "
                  f"{mask_secrets(ref.partition(prefix))}; it commits when it finishes")
            return {**outcome, "status": "launched", "partition": ref.partition(prefix),
                    "job_id": summary.get("job_id")}
        if summary.get("dry_run"):  # DataflowRunner --dry_run=True: built, not run
            st.delete_tree(staging)
            return {**outcome, "status": "dry_run"}
    else:  # deletions only: no job to run, the commit is all there is
        pending({}, [])
    partition = pending.partition
    if not st.exists(st.join(partition, st.SUCCESS)):
        raise RuntimeError(f"the run finished but {mask_secrets(partition)} is not committed")
    manifest = st.read_json(st.join(partition, st.MANIFEST))
    counts = manifest["counts"]
    print(f"refresh: committed {mask_secrets(partition)}: {counts['files_processed']} files "
          f"({_describe(plan)}), {counts['articles_written']} articles, "
          f"{counts['dead_letters']} dead letters, {counts['articles_superseded']} superseded, "
          f"{counts['articles_retracted']} retracted")
    if summary and not summary["accounting"]["ok"]:  # Beam's counters disagree with the files
        log.error("committed, but Beam's counters do not balance: %s",
                  "; ".join(summary["accounting"]["problems"]))
        return {**outcome, "status": "accounting_mismatch", "partition": partition,
                "manifest": manifest, "summary": summary}
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
        print(f"  new      {st.shown(entry.uri)}  ({entry.size} bytes)")
    for entry in plan.changed:
        prev = state.files[entry.uri]
        print(f"  changed  {st.shown(entry.uri)}  ({prev['size']} -> {entry.size} bytes, "
              f"supersedes run {prev['run_id']})")
    for uri in plan.deleted:
        print(f"  deleted  {st.shown(uri)}  (from run {state.files[uri]['run_id']})")
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
                              run_date_source=source, rehash=args.rehash,
                              backfill=args.backfill, wait=args.wait)
    except (st.RefreshLocked, st.ConcurrentRefresh) as exc:
        print(f"akhbar: error: {exc}", file=sys.stderr)
        return EXIT_TEMPFAIL
    return 1 if outcome["status"] == "accounting_mismatch" else 0


if __name__ == "__main__":
    from pipeline.cli import main as cli_main

    sys.exit(cli_main(["refresh", *sys.argv[1:]]))
