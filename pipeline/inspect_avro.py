"""``akhbar inspect``: print Avro records as JSON lines (UTF-8, Arabic readable), filter
them, or show their entity and date spans highlighted in context."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from pipeline.avro_io import avro_files, read_records
from pipeline.corpus import (
    index_dir_for,
    is_refresh_prefix,
    iter_corpus,
    open_corpus,
    with_entity_ids,
)

TEXT_FIELDS = ("title", "lead", "body")
VIEWS = ("json", "spans", "text")

# ANSI styles per span type; without colour, spans are bracketed instead.
STYLES = {
    "PERS": "1;34", "LOC": "1;32", "ORG": "1;35", "MISC": "1;33",
    "DATE": "4;36", "TIME": "4;36", "DURATION": "4;36", "SET": "4;36", "DATELINE": "2;4",
}
RESET = "\033[0m"

# C0 and C1 control characters and DEL, except tab and newline: article text may hold
# terminal escapes (ESC]52 sets the clipboard, ESC[2J clears the screen, CSI U+009B).
_CONTROLS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` (never sent raw to a terminal)."""
    return _CONTROLS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def json_line(record: Mapping[str, Any]) -> str:
    """A record as one JSON line (UTF-8, Arabic readable). JSON escapes C0 controls itself;
    DEL and C1 controls are escaped too (``\\u009b``): the same JSON value, and no raw
    escape sequence reaches a terminal."""
    text = json.dumps(record, ensure_ascii=False, default=str)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


# -- filters ---------------------------------------------------------------------------
def parse_entity_filter(spec: str) -> tuple[str, str | None]:
    """``PERS`` or ``PERS=كولينز`` -> (type, text or None); type ``*`` matches any."""
    kind, _, text = spec.partition("=")
    return kind.strip().upper() or "*", text.strip() or None


def has_entity(record: Mapping[str, Any], kind: str, text: str | None = None) -> bool:
    """True when the record has an entity of ``kind`` (any if ``*``) whose text or
    normalized form contains ``text``."""
    for ent in record.get("entities") or ():
        if kind != "*" and ent.get("type") != kind:
            continue
        if text is None or text in (ent.get("text") or "") or text in (ent.get("normalized") or ""):
            return True
    return False


def select(records: Iterable[dict[str, Any]], *, ids: Sequence[str] = (),
           entity_filters: Sequence[str] = ()) -> Iterator[dict[str, Any]]:
    """Records matching every filter: ``id`` (or a dead letter's ``article_id``) in
    ``ids``, and an entity for each ``TYPE[=TEXT]`` filter. Stops once all ids are found."""
    wanted = set(ids)
    filters = [parse_entity_filter(f) for f in entity_filters]
    for record in records:
        if wanted:
            rid = record.get("id", record.get("article_id"))
            if rid not in wanted:
                continue
        if all(has_entity(record, kind, text) for kind, text in filters):
            yield record
        if wanted:
            wanted.discard(record.get("id", record.get("article_id")))
            if not wanted:
                return


def project(record: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """Only ``fields`` of the record; ``a.b`` reaches into a nested record."""
    out: dict[str, Any] = {}
    for name in fields:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        out[name] = value
    return out


# -- highlighted view --------------------------------------------------------------------
def spans_of(record: Mapping[str, Any], fields: Sequence[str] = TEXT_FIELDS) -> list[dict]:
    """Entities, dates and the dateline of the record as spans, in reading order."""
    spans = []
    for ent in record.get("entities") or ():
        spans.append({**ent, "kind": "entity"})
    for tmx in record.get("dates") or ():
        spans.append({**tmx, "kind": "date"})
    dateline = record.get("dateline")
    if dateline and dateline.get("field") in TEXT_FIELDS:
        spans.append({"text": dateline.get("raw"), "type": "DATELINE", "field": dateline["field"],
                      "start": dateline["start"], "end": dateline["end"], "kind": "dateline"})
    order = {f: i for i, f in enumerate(fields)}
    spans = [s for s in spans if s.get("field") in order and record.get(s["field"])]
    spans.sort(key=lambda s: (order[s["field"]], s["start"], -s["end"]))
    return spans


def _mark(text: str, span: Mapping[str, Any], color: bool) -> str:
    kind = span["type"]
    if color:
        return f"\033[{STYLES.get(kind, '1')}m{text}{RESET}"
    return f"[[{text}|{kind}]]"


def _label(span: Mapping[str, Any]) -> str:
    extra = ""
    if span["kind"] == "date":
        extra = f" = {span.get('value') or '?'}"
        if span.get("mod"):
            extra += f" {span['mod']}"
        if span.get("calendar") and span["calendar"] != "gregorian":
            extra += f" ({span['calendar']})"
    elif span["kind"] == "entity" and span.get("normalized") and \
            span["normalized"] != span.get("text"):
        extra = f" ~ {span['normalized']}"
    if span.get("entity_id"):
        extra += f" #{span['entity_id']}"
    return f"{span['type']}{extra}"


def _flat(text: str) -> str:
    return escape_controls(
        text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ⏎ ").replace("\t", " "))


def format_spans(record: Mapping[str, Any], *, context: int = 40, color: bool = False,
                 fields: Sequence[str] = TEXT_FIELDS) -> str:
    """One line per span: ``field:start-end TYPE[ = value]  …left «span» right…``."""
    lines = [_header(record, color)]
    for span in spans_of(record, fields):
        text = record[span["field"]]
        start, end = span["start"], span["end"]
        left = text[max(0, start - context):start]
        right = text[end:end + context]
        where = f"{span['field']}:{start}-{end}"
        lines.append(
            f"  {where:<16} {escape_controls(_label(span)):<24} "
            f"{'…' if start > context else ''}{_flat(left)}"
            f"{_mark(_flat(text[start:end]), span, color)}"
            f"{_flat(right)}{'…' if end + context < len(text) else ''}")
    if len(lines) == 1:
        lines.append("  (no spans)")
    return "\n".join(lines)


def highlight(text: str, spans: Sequence[Mapping[str, Any]], color: bool = False) -> str:
    """``text`` with every span marked; a span inside an earlier one is left unmarked."""
    out, pos = [], 0
    for span in spans:
        start, end = span["start"], span["end"]
        if start < pos or end > len(text) or start >= end:
            continue
        out.append(escape_controls(text[pos:start]))
        out.append(_mark(escape_controls(text[start:end]), span, color))
        pos = end
    out.append(escape_controls(text[pos:]))
    return "".join(out)


def format_text(record: Mapping[str, Any], *, color: bool = False,
                fields: Sequence[str] = TEXT_FIELDS) -> str:
    """The text fields of the record with all spans highlighted inline (a dateline only
    where it does not overlap an entity or a date)."""
    spans = spans_of(record, fields)
    inner = [s for s in spans if s["kind"] != "dateline"]
    spans = [s for s in spans if s["kind"] != "dateline" or not any(
        o["field"] == s["field"] and o["start"] < s["end"] and s["start"] < o["end"]
        for o in inner)]
    lines = [_header(record, color)]
    for name in fields:
        text = record.get(name)
        if not text:
            continue
        text = text.replace("\r\n", " \n").replace("\r", "\n")  # same length: spans hold
        marked = highlight(text, [s for s in spans if s["field"] == name], color)
        lines.append(f"[{name}]")
        lines.extend("  " + line for line in marked.split("\n"))
    if color:
        lines.append("  " + "  ".join(_mark(k, {"type": k}, True) for k in STYLES))
    return "\n".join(lines)


def _header(record: Mapping[str, Any], color: bool) -> str:
    rid = record.get("id") or record.get("article_id") or "?"
    bits = [rid, record.get("published") or "-", record.get("source_uri") or ""]
    if record.get("is_duplicate"):
        bits.append(f"duplicate of {record.get('duplicate_of')}")
    if record.get("near_duplicate_of"):
        bits.append(f"near duplicate of {record['near_duplicate_of']} "
                    f"(J {record.get('near_duplicate_similarity') or 0:.2f})")
    head = "── " + escape_controls("  ".join(str(b) for b in bits))
    return f"\033[1m{head}{RESET}" if color else head


# -- command -----------------------------------------------------------------------------
def print_records(path_or_glob: str, limit: int | None = None, out: TextIO | None = None, *,
                  ids: Sequence[str] = (), has_entity: Sequence[str] = (),
                  fields: Sequence[str] = (), view: str = "json", context: int = 40,
                  color: bool = False) -> int:
    """Print up to ``limit`` matching records; return how many were printed.

    ``view`` is ``json`` (JSON lines; ``fields`` selects keys), ``spans`` (each span in
    context) or ``text`` (the text with spans marked; ``fields`` selects title/lead/body).
    """
    out = sys.stdout if out is None else out
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    try:
        paths = avro_files(path_or_glob)
    except FileNotFoundError:
        paths = []
    if paths:
        records = read_records(paths)
    elif is_refresh_prefix(path_or_glob):  # its current corpus
        corpus = open_corpus(path_or_glob)
        print(f"inspect: {corpus.describe()}", file=sys.stderr)
        records = iter_corpus(corpus)
    else:
        raise FileNotFoundError(f"no Avro files match {path_or_glob}")
    text_fields = [f for f in fields if f in TEXT_FIELDS] or list(TEXT_FIELDS)
    count = 0
    selected = select(records, ids=ids, entity_filters=has_entity)
    batch = max(1, min(500, limit)) if limit is not None else 500
    for record in with_entity_ids(selected, index_dir_for(path_or_glob), batch=batch):
        if limit is not None and count >= limit:
            break
        if view == "json":
            shown = project(record, fields) if fields else record
            out.write(json_line(shown) + "\n")
        elif view == "spans":
            out.write(format_spans(record, context=context, color=color,
                                   fields=text_fields) + "\n\n")
        else:
            out.write(format_text(record, color=color, fields=text_fields) + "\n\n")
        count += 1
    return count


def _split(values: Sequence[str] | None) -> list[str]:
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def register(subparsers) -> str:
    parser = subparsers.add_parser(
        "inspect", help="print Avro records as JSON lines, or their spans in context",
        description="Print records of an Avro file, glob or output prefix. Filters combine "
                    "(all must match).")
    parser.add_argument("path", metavar="PATH_OR_GLOB",
                        help="an Avro file, a glob, or an output prefix (a refresh prefix: its "
                             "current corpus; with an index, entities show their entity_id)")
    parser.add_argument("--limit", type=int, default=None, help="print at most N records")
    parser.add_argument("--id", action="append", dest="ids", metavar="ID",
                        help="only this record id (repeatable, or comma-separated)")
    parser.add_argument("--has-entity", action="append", metavar="TYPE[=TEXT]",
                        help="only records with an entity of TYPE (PERS, LOC, ORG, MISC, * for "
                             "any) whose text contains TEXT (repeatable: all must match)")
    parser.add_argument("--field", action="append", dest="fields", metavar="NAME",
                        help="JSON view: print only these fields (a.b for nested, repeatable or "
                             "comma-separated); spans/text views: which of title, lead, body")
    parser.add_argument("--view", choices=VIEWS, default="json",
                        help="json lines (default), spans in context, or the text with spans "
                             "highlighted")
    parser.add_argument("--spans", dest="view", action="store_const", const="spans",
                        help="same as --view spans")
    parser.add_argument("--context", type=int, default=40,
                        help="characters of context on each side of a span (default 40)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="highlight with ANSI colours (auto: on a terminal, unless NO_COLOR)")
    return "inspect"


def main(args: argparse.Namespace, extra_args=()) -> int:
    """Exit 0 when a record was printed (or ``--limit 0``); 1, with a line on stderr,
    when none matched (as ``grep``: a script can tell "no such record" from output)."""
    ids, entities = _split(args.ids), _split(args.has_entity)
    count = print_records(args.path, args.limit, ids=ids, has_entity=entities,
                          fields=_split(args.fields), view=args.view,
                          context=max(0, args.context), color=use_color(args.color, sys.stdout))
    if count or args.limit == 0:
        return 0
    filters = [f"--id {i}" for i in ids] + [f"--has-entity {e}" for e in entities]
    what = f"no records match {' '.join(filters)}" if filters else "no records"
    print(f"akhbar inspect: {escape_controls(what)} in {escape_controls(args.path)}",
          file=sys.stderr)
    return 1
