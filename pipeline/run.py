"""``akhbar run``: pre-flight checks, the Beam run, then the summary."""

from __future__ import annotations

import argparse
import contextlib
import logging
import multiprocessing
import re
import tempfile
import time
from collections.abc import Mapping, Sequence
from typing import Any

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import DirectOptions, StandardOptions, TestOptions
from apache_beam.runners.portability.fn_api_runner import fn_runner
from apache_beam.transforms import environments

import akhbar
from pipeline import config as config_mod
from pipeline import graph, worker
from pipeline.config import ConfigError
from pipeline.options import pipeline_options
from pipeline.progress import ProgressReporter
from pipeline.summary import (
    build_summary,
    collect_counters,
    format_table,
    mask_secrets,
    write_summary,
)
from transforms.read import match_patterns
from transforms.write import ARTICLES_PREFIX, DEAD_LETTER_PREFIX

log = logging.getLogger("akhbar")

OUTPUT_GLOBS = (f"{ARTICLES_PREFIX}-*", f"{DEAD_LETTER_PREFIX}-*", "summary.json")


def existing_outputs(prefix: str) -> list[str]:
    """Files of an earlier run under ``prefix``."""
    found = []
    base = prefix.rstrip("/") + "/"
    for pattern in OUTPUT_GLOBS:
        try:
            found += [m.path for m in FileSystems.match([base + pattern])[0].metadata_list]
        except Exception:  # nothing there (or not listable: the write probe will tell)
            continue
    return sorted(found)


def check_writable(prefix: str) -> None:
    """Fail before the run, not after it, when the output prefix cannot be written."""
    probe = prefix.rstrip("/") + "/.akhbar-write-probe"
    try:
        FileSystems.mkdirs(prefix)
    except Exception:  # exists already, or a bucket filesystem without directories
        pass
    try:
        with FileSystems.create(probe) as handle:
            handle.write(b"")
        FileSystems.delete([probe])
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


def preflight(cfg: Mapping[str, Any], files: Sequence[str] | None = None,
              dry_run: bool = False) -> int:
    """Inputs exist, the output is writable and holds no earlier run (unless overwrite).

    Returns the number of files matched (an upper bound: directories count too).
    ``files``: an explicit list the caller has already listed (not matched again).
    ``dry_run``: check only; an earlier run is not deleted."""
    if files is not None:
        n_files = len(files)
    else:
        n_files, missing = match_patterns(cfg["input"]["patterns"])
        if missing:
            raise ConfigError(
                "no input files match: " + ", ".join(mask_secrets(m) for m in missing))
    prefix = cfg["output"]["prefix"]
    earlier = existing_outputs(prefix)
    if earlier and not cfg["output"]["overwrite"]:
        raise ConfigError(
            f"output prefix {mask_secrets(prefix)} already holds a run ({len(earlier)} files); "
            "pass --overwrite to replace it")
    check_writable(prefix)
    if earlier and not dry_run:
        FileSystems.delete(earlier)
    return n_files


class LocalRunner(fn_runner.FnApiRunner):
    """The FnApiRunner whose SDK worker processes run ``pipeline.worker`` (Beam's harness,
    then an exit without interpreter teardown) instead of Beam's ``sdk_worker_main``.
    ``FnApiRunner.run_pipeline`` sets the multi-processing environment; this swaps its
    command, and forks the workers ahead of it (``worker.ForkedWorkers``). The driver
    caps its malloc arenas as the workers do (``worker.limit_malloc_arenas``)."""

    def run_pipeline(self, pipeline, options):  # noqa: ANN001, ANN201 - Beam's signature
        worker.limit_malloc_arenas()  # before the runner starts its gRPC threads
        with self.forked_workers(options):  # unless open already (see ``run_pipeline``)
            return super().run_pipeline(pipeline, options)

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


def literal_pattern(path: str) -> str:
    """A Beam match pattern that matches exactly ``path`` (glob characters escaped)."""
    return re.sub(r"([*?\[])", r"[\1]", path)


def run_pipeline(cfg: Mapping[str, Any], beam_args: Sequence[str] = (),
                 quiet: bool = False, files: Sequence[str] | None = None,
                 announce: bool = True) -> dict[str, Any]:
    """Run ``cfg`` to completion; return the summary (also written to PREFIX/summary.json).

    ``files``: read exactly these files instead of matching ``input.patterns`` (used by
    ``akhbar refresh``, which has listed and selected them already)."""
    options = pipeline_options(cfg, beam_args)
    # DataflowRunner --dry_run=True: build the whole job (graph, staged package) and stop.
    dry_run = (cfg["runner"]["name"] == "DataflowRunner"
               and bool(options.view_as(TestOptions).dry_run))
    n_files = preflight(cfg, files, dry_run)
    graph_cfg = cfg
    if files is not None:
        graph_cfg = {**cfg, "input": {**cfg["input"],
                                      "patterns": [literal_pattern(f) for f in files]}}
    show_progress = (cfg["report"]["progress"] and not quiet
                     and cfg["runner"]["name"] in LOCAL_RUNNERS)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="akhbar-progress-") as progress_dir, \
            contextlib.ExitStack() as stack:
        runner = local_runner(options)
        pipe = beam.Pipeline(runner=runner, options=options)
        graph.build(pipe, graph_cfg, progress_dir if show_progress else None)
        if runner is not None:  # forked while this process has no other thread
            stack.enter_context(runner.forked_workers(options))
        reporter = ProgressReporter(progress_dir, n_files).start() if show_progress else None
        try:
            result = pipe.run()
            result.wait_until_finish()
        except Exception as exc:
            log.debug("the run failed", exc_info=True)
            raise RunFailed(f"the run failed: {failure_line(exc)}") from exc
        finally:
            if reporter:
                reporter.stop()
    wall = round(time.monotonic() - started, 3)
    if dry_run:
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
    }
    summary = build_summary(collect_counters(result), run=run_info)
    path = write_summary(cfg["output"]["prefix"], summary)
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
        description="Run the pipeline. Unrecognised --flags are passed to Beam "
                    "(e.g. --direct_num_workers=2, --project=..., --region=...).")
    add_run_arguments(parser)
    parser.add_argument("--overwrite", action="store_true",
                        help="replace the output of an earlier run under PREFIX")
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
    summary = run_pipeline(resolve_config(args), beam_args, quiet=args.quiet)
    return 0 if summary["accounting"]["ok"] else 1
