"""Dataflow Flex Template entry point: template parameters -> ``akhbar run`` / ``refresh`` /
``index``.

The template launcher runs this file (``FLEX_TEMPLATE_PYTHON_PY_FILE`` in the Dockerfile)
with every template parameter as ``--name=value`` (always a string) plus Dataflow's own
pipeline options (``--project``, ``--region``, ``--temp_location``, ``--staging_location``,
``--job_name``, worker settings, ``--sdk_container_image`` ...). The parameters declared in
``flex_template/metadata.json`` become the CLI's flags; everything else goes to Beam as is.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

# The template parameters (flex_template/metadata.json) and how each reaches the CLI.
COMMANDS = ("run", "refresh", "index")
BOOLEAN = ("overwrite", "strict", "backfill")
VALUED = {"config": "--config", "output": "--output", "run_date": "--run-date"}
ONLY_FOR = {"overwrite": "run", "run_date": "refresh", "backfill": "refresh",
            "index_output": "index"}
# command=index takes the prefix to index as ``output`` and none of the processing options.
NOT_FOR_INDEX = ("input", "config", "strict")

# Where the repository lives in the image (this file is TEMPLATE_DIR/pipeline/...).
TEMPLATE_DIR = Path(__file__).resolve().parent.parent

log = logging.getLogger("akhbar.flex")


class ParameterError(ValueError):
    """A template parameter with a value the pipeline cannot take."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="flex_launcher", add_help=False, allow_abbrev=False)
    parser.add_argument("--command", default="run")
    parser.add_argument("--input")
    for name in (*BOOLEAN, *VALUED):
        parser.add_argument(f"--{name}")
    parser.add_argument("--index_output")
    return parser


def _boolean(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered not in ("true", "false"):
        raise ParameterError(f"template parameter {name} must be true or false, got {value!r}")
    return lowered == "true"


def split_patterns(value: str) -> list[str]:
    """``input``: one pattern, or several separated by commas."""
    patterns = [p.strip() for p in value.split(",") if p.strip()]
    if not patterns:
        raise ParameterError("template parameter input is empty")
    return patterns


def translate(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """Template argv -> ``(akhbar argv, Beam args)``; the akhbar argv includes the Beam args.

    Runs on Dataflow, quietly, without pickling a main session; a refresh does not wait
    for its job (``--no-wait``: the job commits itself)."""
    params, beam_args = _parser().parse_known_args(list(argv))
    command = params.command
    if command not in COMMANDS:
        raise ParameterError(f"template parameter command must be one of {', '.join(COMMANDS)}, "
                             f"got {command!r}")
    out = [command, "--runner", "DataflowRunner", "--quiet"]
    if command == "refresh":
        # The launcher must not wait for the job; the job commits its partition itself.
        out.append("--no-wait")
    for name, only in ONLY_FOR.items():
        if getattr(params, name) not in (None, "", "false") and command != only:
            raise ParameterError(f"template parameter {name} applies to command={only} only")
    if command == "index":
        return _index_argv(params, beam_args)
    if params.input:
        out += ["--input", *split_patterns(params.input)]
    for name, flag in VALUED.items():
        value = getattr(params, name)
        if value:
            out += [flag, value]
    for name in BOOLEAN:
        value = getattr(params, name)
        if value is not None and _boolean(name, value):
            out.append(f"--{name}")
    beam_args = ["--no_save_main_session", *beam_args]
    return out + beam_args, beam_args


def _index_argv(params: argparse.Namespace, beam_args: list[str]) -> tuple[list[str], list[str]]:
    """``akhbar index OUTPUT [--output INDEX_OUTPUT]`` on Dataflow."""
    for name in NOT_FOR_INDEX:
        if getattr(params, name) not in (None, "", "false"):
            raise ParameterError(f"template parameter {name} does not apply to command=index")
    if not params.output:
        raise ParameterError("command=index needs output: the run or refresh prefix to index")
    out = ["index", params.output, "--runner", "DataflowRunner", "--quiet"]
    if params.index_output:
        out += ["--output", params.index_output]
    beam_args = ["--no_save_main_session", *beam_args]
    return out + beam_args, beam_args


def worker_code_args(akhbar_argv: Sequence[str], config_path: str | None) -> list[str]:
    """How workers get the code: the image (``sdk_container_image``, recommended: the
    template's own image), a ``setup_file`` given by the launch or the config, or else
    the repository's setup.py in this image (workers then build it at start-up)."""
    given = any(a.startswith(("--sdk_container_image", "--setup_file")) for a in akhbar_argv)
    if not given and config_path:
        from pipeline import config as config_mod

        options = config_mod.load_file(config_path).get("runner", {}).get("options", {}) or {}
        given = bool({"sdk_container_image", "setup_file"} & set(options))
    if given:
        return []
    log.warning("no sdk_container_image: workers will install Akhbar from setup.py at start-up "
                "(slow); launch with sdk_container_image=<this template's image>")
    return [f"--setup_file={TEMPLATE_DIR / 'setup.py'}"]


def main(argv: Sequence[str] | None = None) -> int:
    from pipeline import cli

    logging.basicConfig(level=logging.INFO)
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        akhbar_argv, _ = translate(argv)
    except ParameterError as exc:
        print(f"akhbar: error: {exc}", file=sys.stderr)
        return 2
    # The config is read where it is (gs://...): its relative paths are relative to its
    # folder there.
    config_path = akhbar_argv[akhbar_argv.index("--config") + 1] \
        if "--config" in akhbar_argv else None
    akhbar_argv += worker_code_args(akhbar_argv, config_path)
    log.info("akhbar %s", " ".join(akhbar_argv))
    # Dataflow validates the template parameters (metadata.json) and adds launch options
    # of its own, which this Beam version may not know: they are passed on, not refused.
    return cli.main(akhbar_argv, reject_unknown=False)


if __name__ == "__main__":
    sys.exit(main())
