"""The ``akhbar`` command. Each subcommand lives in its own module with
``register(subparsers)`` and ``main(args, extra_args) -> int``; ``COMMANDS`` lists them.

Exit codes: 0 success, 1 the run finished but its accounting did not balance,
2 a usage, configuration or input/output problem (one clear message, nothing written),
3 the run failed while running (a step raised, e.g. a permanent storage error; the
output is incomplete and there is no summary).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from pipeline.config import ConfigError
from pipeline.run import RunFailed
from pipeline.summary import install_log_masking, mask_secrets

# Subcommand modules, in the order `akhbar --help` lists them.
COMMANDS = ("pipeline.run", "pipeline.refresh", "pipeline.index", "pipeline.inspect_avro",
            "pipeline.report")


class UsageError(ValueError):
    """A command-line problem (exit code 2)."""


def _parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="akhbar", description="Arabic news corpora -> structured Avro records (Apache Beam).")
    sub = parser.add_subparsers(dest="command", required=True)
    handlers = {}
    for name in COMMANDS:
        module = importlib.import_module(name)
        command = module.register(sub)
        handlers[command] = module
    return parser, handlers


def main(argv: Sequence[str] | None = None) -> int:
    parser, handlers = _parser()
    args, extra = parser.parse_known_args(argv)
    module = handlers[args.command]
    if extra and not getattr(module, "ACCEPTS_BEAM_ARGS", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(
        level=logging.WARNING if getattr(args, "quiet", False) else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s")
    install_log_masking()  # no secrets in logs, ours or Beam's (e.g. discarded options)
    # Beam is chatty at INFO; keep our own lines readable.
    logging.getLogger("apache_beam").setLevel(logging.WARNING)
    # Local workers forward their start-up warnings (semi_persistent_directory, discarded
    # args) through the job service on every run; they are noise for our users.
    logging.getLogger("apache_beam.runners.portability.local_job_service").setLevel(logging.ERROR)
    try:
        return module.main(args, extra)
    except (ConfigError, UsageError, FileNotFoundError, PermissionError, FileExistsError) as exc:
        message = " ".join(line.strip() for line in str(exc).splitlines())  # one line
        print(f"akhbar: error: {mask_secrets(message)}", file=sys.stderr)
        return 2
    except RunFailed as exc:
        print(f"akhbar: error: {mask_secrets(str(exc))}", file=sys.stderr)
        return 3
    except BrokenPipeError:  # `akhbar inspect ... | head`
        return 0
