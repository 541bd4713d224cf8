"""YAML configuration: defaults, loading (``yaml.safe_load`` only), CLI overrides, validation.

Every key is declared in ``DEFAULTS``; an unknown key or a value of the wrong
type is a ``ConfigError`` naming the key. Nothing here reads the clock or the
environment.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import logging
import os
import posixpath
import re
from collections.abc import Mapping
from typing import Any

import yaml

from akhbar.neardup import NearParams

KNOWN_RUNNERS = (
    "DirectRunner",
    "DataflowRunner",
    "PortableRunner",
    "FlinkRunner",
    "SparkRunner",
    "PrismRunner",
)

NORMALIZE_LEVELS = ("none", "light", "aggressive")

# Keys whose value is a free-form mapping (validated by the step that uses it).
FREE_FORM = {"runner.options", "read.json_fields"}

DEFAULTS: dict[str, Any] = {
    "input": {"patterns": []},
    "output": {"prefix": None, "overwrite": False},
    "runner": {
        "name": "DirectRunner",
        # Extra Beam pipeline options, e.g. direct_running_mode, project, region.
        "options": {},
    },
    "read": {
        "format": "auto",
        "encoding": "auto",
        # Raw bytes of one input file (containers are streamed: a 1 GB tar.gz is fine).
        "max_file_bytes": 4 * 2**30,
        # Decompressed bytes of one file or member, held in memory at once.
        "max_member_bytes": 64 * 2**20,
        # Characters of one article: longer "articles" are too_large dead letters.
        "max_article_chars": 1_000_000,
        "json_fields": {},
        # Reshuffle parsed articles so that the articles of one big container are
        # spread over all workers. Worth it on Dataflow; off locally, where the
        # DirectRunner holds a reshuffled PCollection in memory.
        "rebalance": False,
    },
    "normalize": {"level": "light", "keep_normalized_body": True, "keep_tokens": False},
    "entities": {"enabled": True, "backend": "builtin", "model_path": None},
    "dates": {"enabled": True},
    "errors": {
        # strict: an article whose extractor fails goes to the dead letters instead of
        # being written with the failure recorded in its `errors` field.
        "strict": False,
    },
    "dedup": {
        "enabled": True,
        # Near duplicates: shingle, permutations, bands, rows, threshold, max_bucket, seed
        # (akhbar.neardup.NearParams, whose defaults these are).
        "near": {"enabled": True, **dataclasses.asdict(NearParams())},
    },
    "report": {"progress": True},
    # `akhbar refresh`: run_date YYYY-MM-DD of the partition (null: today in UTC, logged);
    # state: the state file (null: OUTPUT_PREFIX/_state/state.json).
    "refresh": {"run_date": None, "state": None},
}

CHOICES: dict[str, tuple[Any, ...]] = {
    "runner.name": KNOWN_RUNNERS,
    "normalize.level": NORMALIZE_LEVELS,
    "read.format": ("auto", "plain", "trec", "json", "jsonl"),
    "entities.backend": ("builtin", "neural", "crf", "accurate", "camel"),
}

# Keys holding paths: relative ones in a config file are relative to the file's folder.
PATH_KEYS = (("input", "patterns"), ("output", "prefix"), ("entities", "model_path"),
             ("refresh", "state"))

log = logging.getLogger("akhbar")

# Keys that may be null besides their default type.
NULLABLE = {"output.prefix", "entities.model_path", "refresh.run_date", "refresh.state"}


class ConfigError(ValueError):
    """A configuration problem, with a message that names the offending key."""


def _read_text(path: str) -> str:
    """A local file, or any Beam filesystem path (``gs://...``)."""
    if "://" not in path:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    from apache_beam.io.filesystem import CompressionTypes
    from apache_beam.io.filesystems import FileSystems

    try:
        handle = FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED)
    except Exception as exc:  # BeamIOError wraps the filesystem's own "not found"
        raise FileNotFoundError(path) from exc
    with handle:
        return handle.read().decode("utf-8")


def load_file(path: str) -> dict[str, Any]:
    """Read a YAML config file (safe_load; local or gs://); an empty file is an empty config."""
    try:
        data = yaml.safe_load(_read_text(path))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        # One line: the problem and where (PyYAML's own text spans several lines).
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"config file {path} is not valid YAML: {problem}{where}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return relative_to(data, config_folder(path))


def config_folder(path: str) -> str:
    """The folder of a config file: what its relative paths are relative to."""
    if "://" in path:
        return posixpath.dirname(path)
    return os.path.dirname(os.path.abspath(path))


def _anchor(value: Any, folder: str) -> Any:
    if not isinstance(value, str) or not value or "://" in value:
        return value
    value = os.path.expanduser(value)
    if os.path.isabs(value):
        return value
    if "://" in folder:
        return posixpath.join(folder, value)
    path = os.path.normpath(os.path.join(folder, value))
    # Shown (and written into source_uri) as short as it was: relative to the working
    # directory when under it.
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def relative_to(data: Mapping[str, Any], folder: str) -> dict[str, Any]:
    """``data`` (a config file's mapping) with its relative paths (``PATH_KEYS``) anchored
    at ``folder``; values of the wrong type are left for the validation to report."""
    out = dict(data)
    for section, key in PATH_KEYS:
        part = out.get(section)
        if not isinstance(part, Mapping) or key not in part:
            continue
        value = part[key]
        anchored = ([_anchor(v, folder) for v in value] if isinstance(value, list)
                    else _anchor(value, folder))
        out[section] = {**part, key: anchored}
    return out


def merge(base: Mapping[str, Any], override: Mapping[str, Any], path: str = "") -> dict:
    """Deep-merge ``override`` into a copy of ``base``, validating every key and type."""
    out = copy.deepcopy(dict(base))
    for key, value in override.items():
        dotted = f"{path}{key}"
        if key not in base:
            known = ", ".join(sorted(base)) or "(none)"
            raise ConfigError(f"unknown config key '{dotted}' (known here: {known})")
        default = base[key]
        if isinstance(default, dict) and dotted not in FREE_FORM:
            if not isinstance(value, Mapping):
                raise ConfigError(f"config key '{dotted}' must be a mapping")
            out[key] = merge(default, value, dotted + ".")
            continue
        out[key] = _check_value(dotted, default, value)
    return out


def _check_value(dotted: str, default: Any, value: Any) -> Any:
    if value is None and (dotted in NULLABLE or default is None):
        return None
    if dotted == "refresh.run_date":
        return _check_run_date(value)
    if dotted in FREE_FORM:
        if not isinstance(value, Mapping):
            raise ConfigError(f"config key '{dotted}' must be a mapping")
        return dict(value)
    if dotted == "input.patterns":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError("config key 'input.patterns' must be a list of non-empty strings")
        return list(value)
    expected = type(default) if default is not None else str
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if expected is int and isinstance(value, bool):
        raise ConfigError(f"config key '{dotted}' must be an integer, got {value!r}")
    if not isinstance(value, expected):
        raise ConfigError(
            f"config key '{dotted}' must be {expected.__name__}, got {type(value).__name__}"
        )
    if expected is int and value <= 0:
        raise ConfigError(f"config key '{dotted}' must be positive, got {value}")
    if dotted in CHOICES and value not in CHOICES[dotted]:
        choices = ", ".join(CHOICES[dotted])
        raise ConfigError(f"config key '{dotted}' must be one of {choices}; got {value!r}")
    return value


def _check_run_date(value: Any) -> str:
    """``refresh.run_date``: an ISO date (YAML may hand it over already as a date)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ConfigError(f"config key 'refresh.run_date' must be a date YYYY-MM-DD, got {value!r}")


def resolve(file_config: Mapping[str, Any] | None = None,
            overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the file, then CLI overrides; every layer validated."""
    cfg = merge(DEFAULTS, file_config or {})
    cfg = merge(cfg, overrides or {})
    check_read_options(cfg)
    _check_near(cfg["dedup"]["near"])
    return cfg


def check_read_options(cfg: Mapping[str, Any]) -> None:
    """The ``read:`` section as the parser will take it (a codec that does not exist, a
    bad ``json_fields`` mapping), checked now rather than when the graph is built."""
    from akhbar.formats import ReadOptions

    read = {k: v for k, v in cfg["read"].items() if k != "rebalance"}
    try:
        ReadOptions.from_config(read)
    except (ValueError, TypeError) as exc:
        message = str(exc)
        raise ConfigError(message if message.startswith("read") else f"read: {message}") \
            from exc


def _check_near(near: Mapping[str, Any]) -> None:
    """The ``dedup.near`` keys that only make sense together."""
    try:
        NearParams.from_config(near)
    except ValueError as exc:
        raise ConfigError(f"config section 'dedup.near': {exc}") from None


def require_io(cfg: Mapping[str, Any]) -> None:
    """Fail clearly when a run has no input or no output, or a local model that is not
    there; expand directory inputs."""
    if not cfg["input"]["patterns"]:
        raise ConfigError("no input: set 'input.patterns' in the config or pass --input")
    if not cfg["output"]["prefix"]:
        raise ConfigError("no output: set 'output.prefix' in the config or pass --output")
    cfg["input"]["patterns"] = expand_directories(cfg["input"]["patterns"])
    model = cfg["entities"]["model_path"]
    if cfg["entities"]["enabled"] and model and "://" not in model and not os.path.exists(model):
        raise ConfigError(f"config key 'entities.model_path': no such file or folder: {model}")


def expand_directories(patterns: list[str]) -> list[str]:
    """A pattern naming a directory (a local one, or any ending in ``/``) stands for every
    file under it, recursively: ``DIR`` -> ``DIR/**`` (logged)."""
    out = []
    for pattern in patterns:
        is_dir = pattern.endswith("/") or (
            "://" not in pattern and not re.search(r"[*?\[]", pattern)
            and os.path.isdir(pattern))
        if is_dir:
            expanded = pattern.rstrip("/") + "/**"
            log.info("input %s is a directory: reading every file under it (%s)",
                     pattern, expanded)
            pattern = expanded
        out.append(pattern)
    return out
