"""The ``akhbar`` command: ``run`` a pipeline, ``inspect`` its Avro output.

Exit codes: 0 success, 1 the run finished but its accounting did not balance,
2 a usage, configuration or input/output problem (one clear message, nothing written).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from typing import Any

from pipeline import config as config_mod
from pipeline.config import ConfigError

log = logging.getLogger("akhbar")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="akhbar", description="Arabic news corpora -> structured Avro records (Apache Beam).")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run", help="run the pipeline",
        description="Run the pipeline. Unrecognised --flags are passed to Beam "
                    "(e.g. --direct_num_workers=2, --project=..., --region=...).")
    run.add_argument("--config", help="YAML config file")
    run.add_argument("--input", nargs="+", metavar="PATTERN",
                     help="input file patterns (local or gs://); replaces input.patterns")
    run.add_argument("--output", metavar="PREFIX", help="output prefix (local or gs://)")
    run.add_argument("--runner", help="Beam runner, e.g. DirectRunner or DataflowRunner")
    run.add_argument("--overwrite", action="store_true",
                     help="replace the output of an earlier run under PREFIX")
    run.add_argument("--strict", action="store_true",
                     help="dead-letter articles whose extractor fails (default: keep them)")
    run.add_argument("--quiet", action="store_true", help="print only errors and the summary path")

    inspect = sub.add_parser("inspect", help="print Avro records as JSON lines")
    inspect.add_argument("path", metavar="PATH_OR_GLOB",
                         help="an Avro file, a glob, or an output prefix")
    inspect.add_argument("--limit", type=int, default=None, help="print at most N records")
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if args.input:
        out.setdefault("input", {})["patterns"] = list(args.input)
    if args.output:
        out.setdefault("output", {})["prefix"] = args.output
    if args.overwrite:
        out.setdefault("output", {})["overwrite"] = True
    if args.runner:
        out.setdefault("runner", {})["name"] = args.runner
    if args.strict:
        out.setdefault("errors", {})["strict"] = True
    return out


def resolve_config(args: argparse.Namespace) -> dict[str, Any]:
    file_cfg = config_mod.load_file(args.config) if args.config else {}
    cfg = config_mod.resolve(file_cfg, _overrides(args))
    config_mod.require_io(cfg)
    return cfg


def cmd_run(args: argparse.Namespace, beam_args: Sequence[str]) -> int:
    from pipeline.run import run_pipeline

    cfg = resolve_config(args)
    summary = run_pipeline(cfg, beam_args, quiet=args.quiet)
    return 0 if summary["accounting"]["ok"] else 1


def cmd_inspect(args: argparse.Namespace) -> int:
    from pipeline.inspect_avro import print_records

    print_records(args.path, args.limit)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(
        level=logging.WARNING if getattr(args, "quiet", False) else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s")
    # Beam is chatty at INFO; keep our own lines readable.
    logging.getLogger("apache_beam").setLevel(logging.WARNING)
    start = time.monotonic()
    try:
        if args.command == "run":
            return cmd_run(args, extra)
        return cmd_inspect(args)
    except (ConfigError, FileNotFoundError, PermissionError, FileExistsError) as exc:
        print(f"akhbar: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `akhbar inspect ... | head`
        return 0
    finally:
        log.debug("command took %.1fs", time.monotonic() - start)
