"""The run summary: Beam counters -> accounting check -> ``summary.json`` and a short table."""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics.metric import MetricsFilter

from transforms.common import NAMESPACE, Counters, Steps
from transforms.neardup import near_summary

# A setting whose value is a secret: ...credentials, ...secret, password, token, a key file
# or service-account key (not a service-account *email*, which is an identity).
_SECRET_NAME = (r"(?<![A-Za-z0-9_.])(?:[A-Za-z0-9]+[_.-])*(?:credentials?|secrets?|password|"
                r"passwd|token|private_key(?:_id)?|key[_-]?file|api[_-]?key|access[_-]?key|"
                r"service_account_(?:file|key|key_file|json)|client_secret|refresh_token)"
                r"(?:[_.-][A-Za-z0-9]+)*")
# Its value, whole: a JSON object (to the last brace on the line), a quoted string, or
# everything up to a delimiter, the end of the line or the next --flag (a value may hold
# spaces: ``db_password: correct horse SECRET``).
_UNQUOTED = r"""[^\s'",;&\]}](?:[^'",;&\]}\n]*?[^\s'",;&\]}])?(?=\s+--|[ \t]*(?:\n|$|['",;&\]}]))"""
_QUOTED = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*')"""
_SECRET_VALUE = rf"(?:\{{.*\}}|{_QUOTED}|{_UNQUOTED})"
_SECRET_PATTERNS = [
    # PEM private keys anywhere (also inside JSON with \n escapes).
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----",
                re.DOTALL), "***"),
    # user:password@ in URIs
    (re.compile(r"(?i)([a-z][a-z0-9+.-]*://)[^/@\s:]+:[^/@\s]+@"), r"\1***:***@"),
    # ?token=... and other credentials in query strings
    (re.compile(r"(?i)([?&](?:token|access_token|key|api_key|sig|signature|"
                r"x-goog-signature|x-goog-credential|password|secret)=)[^&\s]+"), r"\1***"),
    # ['--credentials', 'VALUE'] (an argument list as Python prints it)
    (re.compile(rf"(?i)(['\"]--{_SECRET_NAME}['\"]\s*,\s*){_QUOTED}"), r"\1'***'"),
    # --credentials VALUE (the flag and its value as two words)
    (re.compile(rf"(?i)((?<![\w-])--{_SECRET_NAME}[ \t]+)(?!-){_SECRET_VALUE}"), r"\1***"),
    # --service_account_file=/path, credentials: {...}, "private_key": "...", PASSWORD=...
    (re.compile(rf"(?i)({_SECRET_NAME}[\"']?\s*[=:]\s*){_SECRET_VALUE}"), r"\1***"),
]


def mask_secrets(text: str) -> str:
    """Mask credentials: user:password@ and ?token= in URIs, private keys, and the whole
    values of settings named like secrets (``--service_account_file=...``, ``--credentials
    VALUE``, ``credentials: {...}``, ``"private_key": "..."``, ``db_password: a b c``,
    ``GOOGLE_APPLICATION_CREDENTIALS=...``)."""
    for pattern, repl in _SECRET_PATTERNS:
        text = pattern.sub(repl, text)
    return text


class MaskSecretsFilter(logging.Filter):
    """A logging filter that masks secrets in every record it sees (ours and Beam's)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record: leave it to the handler
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


# Beam loggers that print option values (``Discarding unparseable args: [...]``): masked
# at the logger, so that the record is masked whichever handler prints it (also Python's
# last-resort handler, before any is configured).
BEAM_OPTION_LOGGERS = ("apache_beam.options.pipeline_options",)


def install_log_masking() -> None:
    """Mask secrets in everything the root logger's handlers print, and in the records of
    Beam's option parsing wherever they go."""
    targets = [*logging.getLogger().handlers,
               *(logging.getLogger(name) for name in BEAM_OPTION_LOGGERS)]
    for target in targets:
        if not any(isinstance(f, MaskSecretsFilter) for f in target.filters):
            target.addFilter(MaskSecretsFilter())


def collect_counters(result) -> dict[str, dict[str, int]]:
    """``{step: {counter: value}}`` of the Akhbar counters of a finished run."""
    counters: dict[str, dict[str, int]] = defaultdict(dict)
    query = result.metrics().query(MetricsFilter())
    for item in query.get("counters", []):
        namespace = item.key.metric.namespace
        if not namespace.startswith(NAMESPACE + "."):
            continue
        step = namespace[len(NAMESPACE) + 1:]
        value = item.committed if item.committed is not None else item.attempted
        name = item.key.metric.name
        counters[step][name] = counters[step].get(name, 0) + int(value or 0)
    return {step: dict(sorted(c.items())) for step, c in sorted(counters.items())}


def _dropped(counts: Mapping[str, int]) -> int:
    return sum(v for k, v in counts.items() if k.startswith(Counters.DROPPED))


def _with_prefix(counts: Mapping[str, int], prefix: str) -> dict[str, int]:
    return {k[len(prefix):]: v for k, v in counts.items() if k.startswith(prefix)}


def _by_reason(counters: Mapping[str, Mapping[str, int]]) -> tuple[dict[str, int],
                                                                   dict[str, int]]:
    """Per reason: items the steps dropped, and dead letters written."""
    dropped: dict[str, int] = defaultdict(int)
    for step, counts in counters.items():
        if step != Steps.DEAD_LETTER:
            for reason, n in _with_prefix(counts, Counters.DROPPED).items():
                dropped[reason] += n
    written: dict[str, int] = defaultdict(int)
    for key, n in counters.get(Steps.DEAD_LETTER, {}).items():
        if key != Counters.TOTAL:
            written[key.rsplit(".", 1)[-1]] += n
    return dict(dropped), dict(written)


def accounting(counters: Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
    """Check that nothing was lost: every item read is an article written or a dead letter.

    An *item* is what one article or one dead letter stands for: a plain file, one
    record of a JSON/JSONL/TREC file, one member of a container (or the container, when
    it cannot be opened), one file that cannot be read. A file is at least one item.
    Items are counted twice: as delimited before parsing (``parse.items_delimited``:
    members as enumerated, records as delimited) and as parsed (articles and dead
    letters), so that a parser that loses records is a mismatch, not a quiet loss.
    Flagged duplicates are written (``is_duplicate``), so they count as written."""
    get = lambda step: counters.get(step, {})  # noqa: E731
    parse, write, dead = get(Steps.PARSE), get(Steps.WRITE), get(Steps.DEAD_LETTER)
    files = parse.get(Counters.TOTAL, 0)
    delimited = parse.get(Counters.ITEMS_DELIMITED, 0)
    parsed = parse.get(Counters.ARTICLES, 0)
    parse_dead = _dropped(parse)
    items_in = parsed + parse_dead
    written = write.get(Counters.WRITTEN, 0)
    duplicates = write.get(Counters.WRITTEN_DUPLICATE, 0)
    after_parse = sum(_dropped(get(step)) for step in Steps.AFTER_PARSE)
    dead_total = dead.get(Counters.TOTAL, 0)
    dropped, dead_by_reason = _by_reason(counters)
    dropped_total = sum(dropped.values())

    checks: list[tuple[bool, str, str]] = []  # (ok, equation, problem when not ok)

    def check(ok: bool, equation: str, problem: str) -> None:
        checks.append((ok, equation, problem))

    check(parsed == written + after_parse,
          f"articles parsed {parsed} = articles written {written} + dead-lettered after "
          f"parsing {after_parse}",
          f"articles read ({parsed}) != written ({written}) + dead-lettered after parsing "
          f"({after_parse})")
    check(dead_total == dropped_total,
          f"dead letters written {dead_total} = items dropped by the steps {dropped_total}",
          f"dead letters written ({dead_total}) != items dropped by the steps "
          f"({dropped_total})")
    for reason in sorted(set(dropped) | set(dead_by_reason)):
        if dropped.get(reason, 0) != dead_by_reason.get(reason, 0):
            check(False, "", f"reason {reason}: dead letters written "
                  f"({dead_by_reason.get(reason, 0)}) != dropped_{reason} "
                  f"({dropped.get(reason, 0)})")
    check(not any(not ok for ok, eq, _ in checks if not eq),
          f"per reason: dead letters written = dropped_<reason> of the steps "
          f"({len(set(dropped) | set(dead_by_reason))} reasons)", "")
    check(items_in == written + dead_total,
          f"items in {items_in} (articles parsed {parsed} + dead letters of read/parse "
          f"{parse_dead}) = articles written {written} (of which {duplicates} flagged "
          f"duplicates) + dead letters {dead_total}",
          f"items in ({items_in}) != articles written ({written}) + dead letters "
          f"({dead_total})")
    check(delimited == items_in,
          f"items delimited {delimited} (files, members and records counted before "
          f"parsing) = items in {items_in}",
          f"items delimited before parsing ({delimited}) != items in ({items_in}): "
          f"{'a parser lost items' if delimited > items_in else 'items counted twice'}")
    check(files <= items_in,
          f"files read {files} <= items in {items_in} (every file is at least one item)",
          f"files read ({files}) > items in ({items_in}): a file vanished")
    return {
        "ok": all(ok for ok, _, _ in checks),
        "equations": [eq if ok else eq.replace(" = ", " != ").replace(" <= ", " > ")
                      for ok, eq, _ in checks if eq],
        "problems": [problem for ok, _, problem in checks if not ok and problem],
        "items_in": items_in,
        "items_delimited": delimited,
    }


def build_summary(counters: Mapping[str, Mapping[str, int]], *, run: Mapping[str, Any]) -> dict:
    """Turn counters into the summary, with the accounting check."""
    get = lambda step: counters.get(step, {})  # noqa: E731
    parse, write, dead = get(Steps.PARSE), get(Steps.WRITE), get(Steps.DEAD_LETTER)
    by_reason = {k: v for k, v in dead.items() if k != Counters.TOTAL}
    return {
        **run,
        "files_read": parse.get(Counters.TOTAL, 0),
        "articles_read": parse.get(Counters.ARTICLES, 0),
        "articles_written": write.get(Counters.WRITTEN, 0),
        "duplicates_flagged": write.get(Counters.WRITTEN_DUPLICATE, 0),
        "near_duplicates": near_summary(counters),
        "dead_letters": {"total": dead.get(Counters.TOTAL, 0), "by_reason": by_reason},
        "extractor_failures": {
            step: _with_prefix(get(step), Counters.FAILED) for step in Steps.EXTRACTORS
            if _with_prefix(get(step), Counters.FAILED)},
        "entities": _with_prefix(get(Steps.ENTITIES), Counters.found(Steps.ENTITIES, "")),
        "dates": _with_prefix(get(Steps.DATES), Counters.found(Steps.DATES, "")),
        "accounting": accounting(counters),
        "counters": {k: dict(v) for k, v in counters.items()},
    }


def write_summary(prefix: str, summary: Mapping[str, Any]) -> str:
    """Write ``PREFIX/summary.json`` (any Beam filesystem) and return its path."""
    path = prefix.rstrip("/") + "/summary.json"
    data = json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
    with FileSystems.create(path, mime_type="application/json") as handle:
        handle.write(data)
    return path


def format_table(summary: Mapping[str, Any]) -> str:
    """A short human-readable table of the run."""
    rows = [
        ("files read", summary["files_read"]),
        ("articles read", summary["articles_read"]),
        ("articles written", summary["articles_written"]),
        ("  of which duplicates (flagged)", summary["duplicates_flagged"]),
        ("  of which near duplicates (flagged)", summary["near_duplicates"]["flagged"]),
        ("near-duplicate clusters", summary["near_duplicates"]["clusters"]),
        ("dead letters", summary["dead_letters"]["total"]),
    ]
    rows += [(f"  {reason}", n) for reason, n in sorted(summary["dead_letters"]["by_reason"].items())]
    rows += [(f"entities {t}", n) for t, n in sorted(summary["entities"].items())]
    rows += [(f"dates {t}", n) for t, n in sorted(summary["dates"].items())]
    for step, failures in summary["extractor_failures"].items():
        rows += [(f"{step} failed: {reason}", n) for reason, n in failures.items()]
    rows.append(("wall time (s)", summary.get("wall_time_seconds", "")))
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    status = "OK" if summary["accounting"]["ok"] else "MISMATCH: " + "; ".join(
        summary["accounting"]["problems"])
    lines.append(f"{'accounting'.ljust(width)}  {status}")
    lines += [f"  {equation}" for equation in summary["accounting"].get("equations", [])]
    return "\n".join(lines)
