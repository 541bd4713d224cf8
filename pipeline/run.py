"""``akhbar run``: pre-flight checks, the Beam run, then the summary."""

from __future__ import annotations

import argparse
import contextlib
import logging
import multiprocessing
import os
import re
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import DirectOptions, StandardOptions, TestOptions
from apache_beam.runners.portability.fn_api_runner import execution, fn_runner
from apache_beam.transforms import environments

import akhbar
from pipeline import config as config_mod
from pipeline import graph, worker
from pipeline.config import ConfigError
from pipeline.options import beam_args_help, pipeline_options
from pipeline.outputs import EarlierRun, inside_output, is_local, written_outputs
from pipeline.progress import ProgressReporter
from pipeline.summary import (
    build_summary,
    collect_counters,
    format_table,
    mask_secrets,
    write_summary,
)
from transforms.commit import CommitFn
from transforms.read import Inputs, list_matches, write_listings

log = logging.getLogger("akhbar")

def check_writable(prefix: str, probe: bool = True) -> None:
    """Fail before the run, not after it, when the output prefix cannot be written.
    ``probe=False`` (a dry run) writes nothing: a local prefix is checked by permissions,
    a remote one not at all."""
    if not probe:
        if is_local(prefix):
            existing = os.path.abspath(prefix)
            while not os.path.exists(existing):
                existing = os.path.dirname(existing)
            if not os.path.isdir(existing) or not os.access(existing, os.W_OK | os.X_OK):
                raise ConfigError(f"output prefix {mask_secrets(prefix)} is not writable: "
                                  f"{existing} is not a writable directory")
        return
    probe_path = prefix.rstrip("/") + "/.akhbar-write-probe"
    try:
        FileSystems.mkdirs(prefix)
    except Exception:  # exists already, or a bucket filesystem without directories
        pass
    try:
        with FileSystems.create(probe_path) as handle:
            handle.write(b"")
        FileSystems.delete([probe_path])
    except Exception as exc:
        raise ConfigError(f"output prefix {mask_secrets(prefix)} is not writable: {exc}") from exc


LOCAL_RUNNERS = ("DirectRunner", "PrismRunner")


class RunFailed(RuntimeError):
    """The runner failed the job (a step raised, e.g. a permanent storage error)."""


def failure_line(exc: BaseException) -> str:
    """The informative last line of a runner's failure (``Error: msg [while running 'Step']``);
    runners put the whole worker traceback in the message."""
    text = str(exc)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    line = lines[-1] if lines else type(exc).__name__
    steps = re.findall(r"\[while running '([^']+)'\]", text)
    if steps and "[while running" not in line:
        line += f" [while running '{steps[0]}']"
    return line


@dataclass
class Preflight:
    """What the checks before a run found: the input files (``None`` when ``run`` was given
    an explicit list), those skipped because they lie under the output prefix, and the
    files of an earlier run that ``--overwrite`` replaces."""

    n_files: int
    files: list[str] | None
    skipped: list[str]
    earlier: EarlierRun


def preflight(cfg: Mapping[str, Any], files: Sequence[str] | None = None,
              probe: bool = True) -> Preflight:
    """Inputs exist (outside the output prefix), the output is writable and holds no
    earlier run (unless overwrite). Touches nothing: the caller deletes ``earlier`` once
    the graph is built.

    ``n_files`` is an upper bound (directories count too). ``files``: an explicit list the
    caller has already listed (not matched again). ``probe=False`` (``--dry-run``): write
    no probe file either (see ``check_writable``)."""
    prefix = cfg["output"]["prefix"]
    skipped: list[str] = []
    listed = None
    if files is not None:
        n_files = len(files)
    else:
        inside = inside_output(prefix)
        kept: dict[str, None] = {}
        missing = []
        for pattern, paths in list_matches(cfg["input"]["patterns"]).items():
            outside, ours = [], []
            for path in paths:
                (ours if inside(path) else outside).append(path)
            skipped += ours
            kept.update(dict.fromkeys(outside))
            if not outside:
                missing.append(pattern + (" (only the output prefix's own files)" if ours
                                          else ""))
        if missing:
            raise ConfigError(
                "no input files match: " + ", ".join(mask_secrets(m) for m in missing))
        listed = sorted(kept)
        n_files = len(listed)
        if skipped:
            log.info("skipping %d file(s) under the output prefix %s (never read as input)",
                     len(set(skipped)), mask_secrets(prefix))
    earlier = EarlierRun.find(prefix)
    if earlier.files and not cfg["output"]["overwrite"]:
        raise ConfigError(
            f"output prefix {mask_secrets(prefix)} already holds a run "
            f"({len(earlier.files)} files); pass --overwrite to replace it")
    check_writable(prefix, probe=probe)
    return Preflight(n_files, listed, sorted(set(skipped)), earlier)


class LocalRunner(fn_runner.FnApiRunner):
    """The FnApiRunner whose SDK worker processes run ``pipeline.worker`` (Beam's harness,
    then an exit without interpreter teardown) instead of Beam's ``sdk_worker_main``.
    ``FnApiRunner.run_pipeline`` sets the multi-processing environment; this swaps its
    command, and forks the workers ahead of it (``worker.ForkedWorkers``). The driver
    tunes malloc as the workers do (``worker.tune_malloc``) and gives the pages a stage
    freed back before the next one (``worker.HeapTrimmer``)."""

    def run_pipeline(self, pipeline, options):  # noqa: ANN001, ANN201 - Beam's signature
        worker.tune_malloc()  # before the runner starts its gRPC threads
        self.trim = worker.HeapTrimmer()
        with self.forked_workers(options):  # unless open already (see ``run_pipeline``)
            result = super().run_pipeline(pipeline, options)
        log.debug("driver heap trimmed %d times, %.1f MiB given back", self.trim.trims,
                  self.trim.freed / 2**20)
        return result

    def _execute_bundle(self, runner_execution_context, bundle_context_manager,  # noqa: ANN001, ANN202
                        bundle_input):
        # A shuffle's elements are held decoded until the stage that reads them encodes
        # them into one part per worker. Encode them now, into as many parts as the bundle
        # manager will send (it reuses them), so that the trim also gives back the pages
        # the decoded elements leave, and the previous stage's, before this stage runs.
        manager = self._get_bundle_manager(bundle_context_manager)
        parts = (bundle_context_manager.num_workers
                 if isinstance(manager, fn_runner.ParallelBundleManager) else 1)
        for buffer in bundle_input.data.values():
            if isinstance(buffer, execution.GroupingBuffer):
                buffer.partition(parts)
        self.trim()
        return super()._execute_bundle(runner_execution_context, bundle_context_manager,
                                       bundle_input)

    @staticmethod
    def forked_workers(options: beam.options.pipeline_options.PipelineOptions
                       ) -> worker.ForkedWorkers:
        """As many forked workers as the runner will start (``direct_num_workers``, 0 for
        every CPU, as Beam counts them)."""
        count = options.view_as(DirectOptions).direct_num_workers
        return worker.ForkedWorkers(multiprocessing.cpu_count() if count == 0 else count or 1)

    @property
    def _default_environment(self) -> environments.Environment:
        return self._environment

    @_default_environment.setter
    def _default_environment(self, env: environments.Environment) -> None:
        if isinstance(env, environments.SubprocessSDKEnvironment):
            env = environments.SubprocessSDKEnvironment.from_command_string(worker.command())
        self._environment = env


def local_runner(options: beam.options.pipeline_options.PipelineOptions):
    """The runner for ``options``: ``None`` (Beam picks it from ``--runner``), except for the
    DirectRunner in ``multi_processing`` mode (the local default), which gets the
    FnApiRunner it would end on anyway, with our worker processes (``LocalRunner``).

    Beam's DirectRunner first tries the PrismRunner: offline that attempt fails on the
    download of the Prism binary (~1 s and ~0.4 CPU s of every run) before it falls back
    to the FnApiRunner; online Prism would run every worker inside this process, ignoring
    ``direct_running_mode`` and ``direct_num_workers``."""
    std = options.view_as(StandardOptions)
    if (std.runner not in ("DirectRunner", None) or std.streaming
            or options.view_as(DirectOptions).direct_running_mode != "multi_processing"):
        return None
    from apache_beam.portability.api import beam_provision_api_pb2
    from apache_beam.runners.portability.portable_runner import JobServiceHandle

    # As the DirectRunner builds it when it falls back to the FnApiRunner.
    encoded = JobServiceHandle.encode_pipeline_options(options.get_all_options())
    return LocalRunner(provision_info=fn_runner.ExtendedProvisionInfo(
        beam_provision_api_pb2.ProvisionInfo(pipeline_options=encoded)))


def dry_run_report(cfg: Mapping[str, Any], checked: Preflight, build_seconds: float) -> str:
    """What ``run --dry-run`` prints: the inputs, what the output would replace, the graph."""
    prefix = mask_secrets(cfg["output"]["prefix"])
    files = checked.files or []
    lines = [f"run --dry-run: {checked.n_files} input files, output {prefix}"]
    lines += [f"  input    {mask_secrets(path)}" for path in files]
    lines += [f"  skipped  {mask_secrets(path)}  (under the output prefix)"
              for path in checked.skipped]
    lines += [f"  replace  {mask_secrets(path)}  (--overwrite)" for path in checked.earlier.files]
    lines.append(f"the config is valid and the graph was built in {build_seconds} s "
                 f"({cfg['runner']['name']}); nothing was run or written")
    return "\n".join(lines)


def local_listings(files: Sequence[str], stack: contextlib.ExitStack) -> Inputs | None:
    """For a local run given a list of local files: the list written to listing shards in
    a temporary directory (``write_listings``, removed by ``stack``) that the workers
    read, instead of batches carried in the job's graph, which the driver and every worker
    that runs the first stage hold to the end of the run (~0.8 KB per file over all
    processes, measured at 16,000 files); None when a file is not local (a worker would
    then look up its metadata one by one)."""
    if not all(is_local(path) for path in files):
        return None
    directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="akhbar-inputs-"))
    return Inputs(listing=write_listings(files, directory))


def run_pipeline(cfg: Mapping[str, Any], beam_args: Sequence[str] = (),
                 quiet: bool = False, files: Sequence[str] | None = None,
                 announce: bool = True, dry_run: bool = False, commit: CommitFn | None = None,
                 wait: bool = True, listing: str | None = None) -> dict[str, Any]:
    """Run ``cfg`` to completion; return the summary (also written to PREFIX/summary.json).

    Everything is checked (config, inputs, output, the whole graph built) before anything
    under the output prefix is touched. ``files``: read exactly these files instead of
    matching ``input.patterns`` (used by ``akhbar refresh``, which has listed and selected
    them already); ``listing``: a file the job reads that list from (see ``Inputs``), so
    that it does not travel inside the job's graph. ``dry_run`` (``akhbar run --dry-run``): do the checks, list the inputs,
    build the graph, and stop; nothing is written.
    ``commit``: the pipeline's last step (see ``graph.build``); it writes the summary of the
    run itself, so none is written here. ``wait=False``: submit the job and return
    ``{"launched": True, "job_id": ...}`` (a Dataflow job that commits itself)."""
    options = pipeline_options(cfg, beam_args)
    # DataflowRunner --dry_run=True: build the whole job (graph, staged package) and stop.
    dataflow_dry_run = (cfg["runner"]["name"] == "DataflowRunner"
                        and bool(options.view_as(TestOptions).dry_run))
    inputs = (Inputs(listing=listing) if listing is not None
              else Inputs(files=files) if files is not None else None)
    if dry_run:
        checked = preflight(cfg, files, probe=False)
        started = time.monotonic()
        graph.build(beam.Pipeline(options=options), cfg, None, inputs=inputs)
        print(dry_run_report(cfg, checked, round(time.monotonic() - started, 3)))
        return {"dry_run": True, "accounting": {"ok": True, "problems": []}}
    show_progress = (cfg["report"]["progress"] and not quiet
                     and cfg["runner"]["name"] in LOCAL_RUNNERS)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="akhbar-progress-") as progress_dir, \
            contextlib.ExitStack() as stack:
        runner = local_runner(options)
        if runner is not None:
            # Forked while this process has no other thread, and before it lists the
            # inputs and builds the graph: a worker forked later starts with all of that
            # in its own memory (its RSS counts every page it inherits).
            stack.enter_context(runner.forked_workers(options))
        checked = preflight(cfg, files, probe=False)  # the probe file once the graph is built
        # Only a dry run prints the listed files; the job matches the patterns itself, and
        # the list would stay in this process for the whole run (~120 bytes a file).
        checked.files = None
        if runner is not None and inputs is not None and inputs.files is not None:
            inputs = local_listings(inputs.files, stack) or inputs
        pipe = beam.Pipeline(runner=runner, options=options)
        # Local runs: the near-duplicate records stay in files that the workers share,
        # removed with the run (the runner would hold every article's in the driver).
        near_spill = (stack.enter_context(tempfile.TemporaryDirectory(prefix="akhbar-near-"))
                      if runner is not None and cfg["dedup"]["near"]["enabled"] else None)
        graph.build(pipe, cfg, progress_dir if show_progress else None, commit=commit,
                    inputs=inputs, near_spill=near_spill)
        check_writable(cfg["output"]["prefix"])  # the first write under the prefix
        if not dataflow_dry_run and checked.earlier.files:  # all checked: now replace it
            log.info("--overwrite: deleting %d files of the earlier run under %s",
                     len(checked.earlier.files), mask_secrets(cfg["output"]["prefix"]))
            checked.earlier.delete()
        reporter = (ProgressReporter(progress_dir, checked.n_files).start() if show_progress
                    else None)
        try:
            result = pipe.run()
            if not wait and not dataflow_dry_run and cfg["runner"]["name"] not in LOCAL_RUNNERS:
                job_id = getattr(result, "job_id", lambda: None)()
                return {"launched": True, "job_id": job_id,
                        "accounting": {"ok": True, "problems": []}}
            result.wait_until_finish()
        except Exception as exc:
            log.debug("the run failed", exc_info=True)
            raise RunFailed(f"the run failed: {failure_line(exc)}") from exc
        finally:
            if reporter:
                reporter.stop()
    wall = round(time.monotonic() - started, 3)
    if dataflow_dry_run:
        print(f"dry run: the Dataflow job was built in {wall} s and not submitted; "
              "nothing was written")
        return {"dry_run": True, "accounting": {"ok": True, "problems": []}}
    run_info = {
        "akhbar_version": akhbar.__version__,
        "runner": cfg["runner"]["name"],
        "input_patterns": [mask_secrets(p) for p in cfg["input"]["patterns"]],
        "output_prefix": mask_secrets(cfg["output"]["prefix"]),
        "normalize_level": cfg["normalize"]["level"],
        "wall_time_seconds": wall,
        # What this run wrote: what a later --overwrite may delete (see pipeline.outputs).
        "outputs": written_outputs(cfg["output"]["prefix"]),
    }
    summary = build_summary(collect_counters(result), run=run_info)
    path = None if commit else write_summary(cfg["output"]["prefix"], summary)
    if not quiet:
        print(format_table(summary))
    if announce:
        print(f"output: {mask_secrets(cfg['output']['prefix'])}  (summary: {mask_secrets(path)})")
    if not summary["accounting"]["ok"]:
        log.error("accounting mismatch: %s", "; ".join(summary["accounting"]["problems"]))
    return summary


ACCEPTS_BEAM_ARGS = True


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The options ``run`` shares with commands that run the pipeline (e.g. refresh)."""
    parser.add_argument("--config", help="YAML config file")
    parser.add_argument("--input", nargs="+", metavar="PATTERN",
                        help="input file patterns (local or gs://); replaces input.patterns")
    parser.add_argument("--output", metavar="PREFIX", help="output prefix (local or gs://)")
    parser.add_argument("--runner", help="Beam runner, e.g. DirectRunner or DataflowRunner")
    parser.add_argument("--strict", action="store_true",
                        help="dead-letter articles whose extractor fails (default: keep them)")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress line or table; errors and the output path only")
    parser.add_argument("--no-near-duplicates", dest="near_duplicates", action="store_false",
                        help="do not look for near duplicates (dedup.near.enabled: false)")


def register(subparsers) -> str:
    parser = subparsers.add_parser(
        "run", help="run the pipeline",
        description="Run the pipeline. " + beam_args_help(
            " (e.g. --direct_num_workers=2, --project=..., --region=...)"))
    add_run_arguments(parser)
    parser.add_argument("--overwrite", action="store_true",
                        help="replace the output of an earlier run under PREFIX (only the "
                             "files akhbar wrote)")
    parser.add_argument("--dry-run", action="store_true",
                        help="check the config, list the inputs, build the graph; run and "
                             "write nothing")
    return "run"


def config_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The config values given on the command line."""
    out: dict[str, Any] = {}
    if args.input:
        out.setdefault("input", {})["patterns"] = list(args.input)
    if args.output:
        out.setdefault("output", {})["prefix"] = args.output
    if getattr(args, "overwrite", False):
        out.setdefault("output", {})["overwrite"] = True
    if args.runner:
        out.setdefault("runner", {})["name"] = args.runner
    if args.strict:
        out.setdefault("errors", {})["strict"] = True
    if not getattr(args, "near_duplicates", True):
        out.setdefault("dedup", {})["near"] = {"enabled": False}
    return out


def resolve_config(args: argparse.Namespace) -> dict[str, Any]:
    """Defaults <- config file <- command line, validated, with input and output set."""
    file_cfg = config_mod.load_file(args.config) if args.config else {}
    cfg = config_mod.resolve(file_cfg, config_overrides(args))
    config_mod.require_io(cfg)
    return cfg


def main(args: argparse.Namespace, beam_args: Sequence[str]) -> int:
    summary = run_pipeline(resolve_config(args), beam_args, quiet=args.quiet,
                           dry_run=args.dry_run)
    return 0 if summary["accounting"]["ok"] else 1
