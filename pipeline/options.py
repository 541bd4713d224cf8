"""Beam pipeline options from the resolved config plus extra command-line flags."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, _BeamArgumentParser

# Local default: the DirectRunner in multi-process mode on all cores (0 = one per core).
DIRECT_DEFAULTS = {"direct_running_mode": "multi_processing", "direct_num_workers": 0}


def beam_args_help(examples: str = "") -> str:
    """The sentence of a command's ``--help`` that says it takes Beam's options (the
    commands with ``ACCEPTS_BEAM_ARGS``; ``pipeline.cli`` refuses flags no one knows)."""
    return (f"Beam's own pipeline options are passed to Beam{examples}; a flag neither "
            "Akhbar nor Beam knows is an error.")


def option_flags(runner: str, options: Mapping[str, Any]) -> list[str]:
    """``{"region": "x", "use_public_ips": False}`` -> ``["--region=x", "--no_use_public_ips"]``."""
    merged = dict(DIRECT_DEFAULTS) if runner == "DirectRunner" else {}
    merged.update(options)
    flags = [f"--runner={runner}"]
    for key, value in merged.items():
        if value is None:
            continue
        if value is True:
            flags.append(f"--{key}")
        elif value is False:
            flags.append(f"--no_{key}")
        elif isinstance(value, (list, tuple)):
            flags.extend(f"--{key}={item}" for item in value)
        else:
            flags.append(f"--{key}={value}")
    return flags


def pipeline_options(cfg: Mapping[str, Any], extra_args: Sequence[str] = ()) -> PipelineOptions:
    """Options for ``cfg``; flags given on the command line win over the config.

    Asking for ``direct_running_mode=in_memory`` without a worker count means one worker.
    """
    runner = cfg["runner"]["name"]
    flags = option_flags(runner, cfg["runner"]["options"]) + list(extra_args)
    check_values(flags)
    options = PipelineOptions(flags)
    direct = options.view_as(DirectOptions)
    workers_given = "direct_num_workers" in cfg["runner"]["options"] or any(
        arg.startswith("--direct_num_workers") for arg in extra_args)
    if direct.direct_running_mode == "in_memory" and not workers_given:
        options = PipelineOptions(flags + ["--direct_num_workers=1"])
    return options


class _RaisingParser(_BeamArgumentParser):
    def error(self, message: str) -> NoReturn:
        from pipeline.config import ConfigError

        raise ConfigError(f"Beam option: {message}")


def check_values(flags: Sequence[str]) -> None:
    """``ConfigError`` (one line) for a Beam option with a bad value (``--direct_num_workers
    abc``), instead of Beam's usage text and exit."""
    beam_parser().parse_known_args(list(flags))


def beam_parser() -> _BeamArgumentParser:
    """The parser Beam builds from every ``PipelineOptions`` class it knows (as in
    ``PipelineOptions.get_all_options``); its errors are ``ConfigError``."""
    parser = _RaisingParser(allow_abbrev=False)
    classes: dict[str, type] = {}
    for cls in PipelineOptions.__subclasses__():
        classes.setdefault(str(cls), cls)
    for cls in classes.values():
        cls._add_argparse_args(parser)  # noqa: SLF001 - Beam's own way to collect them
    return parser


def beam_flag_names() -> list[str]:
    """Every ``--flag`` Beam knows."""
    return sorted({opt for action in beam_parser()._actions  # noqa: SLF001
                   for opt in action.option_strings if opt.startswith("--")})


def unknown_beam_args(args: Sequence[str]) -> list[str]:
    """The arguments of ``args`` that no Beam option takes: unknown ``--flags`` (their
    name, without a value) and stray words."""
    _, unknown = beam_parser().parse_known_args(list(args))
    return [arg.split("=", 1)[0] if arg.startswith("-") else arg for arg in unknown]
