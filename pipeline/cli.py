"""The ``akhbar`` command. Each subcommand lives in its own module with
``register(subparsers)`` and ``main(args, extra_args) -> int``; ``COMMANDS`` lists them.

Exit codes: 0 success, 1 the run finished but its accounting did not balance,
2 a usage, configuration or input/output problem (one clear message, nothing written),
3 the run failed while running (a step raised, e.g. a permanent storage error; the
output is incomplete and there is no summary).
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import sys
from collections.abc import Sequence

from pipeline.avro_io import NotAkhbarAvro
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


def command_parser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    """The sub-parser of ``command``."""
    sub = next(a for a in parser._actions  # noqa: SLF001
               if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    return sub.choices[command]


def _flags(parser: argparse.ArgumentParser) -> list[str]:
    return [opt for action in parser._actions for opt in action.option_strings  # noqa: SLF001
            if opt.startswith("--")]


def check_extra_args(extra: Sequence[str], command_parser: argparse.ArgumentParser,
                     beam: bool) -> None:
    """``UsageError`` for arguments that neither the command nor (where the command passes
    them on, ``beam``) Beam takes, suggesting the closest known flag. An unknown flag's
    value is never echoed (it may be a secret)."""
    if not extra:
        return
    if beam:
        from pipeline.options import beam_flag_names, unknown_beam_args

        unknown = unknown_beam_args(extra)
        known = _flags(command_parser) + beam_flag_names()
    else:
        unknown, known = list(extra), _flags(command_parser)
    flags = [arg.split("=", 1)[0] for arg in unknown if arg.startswith("-")]
    if flags:
        flag = flags[0]
        close = difflib.get_close_matches(flag.replace("-", "_"),
                                          [k.replace("-", "_") for k in known], n=1, cutoff=0.6)
        hint = ""
        if close:
            hint = f"; did you mean {known[[k.replace('-', '_') for k in known].index(close[0])]}?"
        more = f" and {len(flags) - 1} more" if len(flags) > 1 else ""
        where = ("neither Akhbar nor Beam knows it" if beam
                 else f"not an option of '{command_parser.prog}'")
        raise UsageError(f"unknown flag '{flag}'{more} ({where}){hint}")
    if unknown:
        raise UsageError("unexpected argument(s): " + " ".join(mask_secrets(a) for a in unknown))


def main(argv: Sequence[str] | None = None, reject_unknown: bool = True) -> int:
    """The command line; ``reject_unknown=False`` passes flags Beam does not know on to
    Beam (which warns and drops them) instead of refusing them (the Flex Template
    launcher, whose caller is the Dataflow service)."""
    parser, handlers = _parser()
    args, extra = parser.parse_known_args(argv)
    module = handlers[args.command]
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
        beam = getattr(module, "ACCEPTS_BEAM_ARGS", False)
        if reject_unknown or not beam:
            check_extra_args(extra, command_parser(parser, args.command), beam=beam)
        return module.main(args, extra)
    except (ConfigError, UsageError, FileNotFoundError, PermissionError, FileExistsError,
            NotAkhbarAvro) as exc:
        message = " ".join(line.strip() for line in str(exc).splitlines())  # one line
        print(f"akhbar: error: {mask_secrets(message)}", file=sys.stderr)
        return 2
    except RunFailed as exc:
        print(f"akhbar: error: {mask_secrets(str(exc))}", file=sys.stderr)
        return 3
    except BrokenPipeError:  # `akhbar inspect ... | head`
        return 0
