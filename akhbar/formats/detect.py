"""Format detection by content sniffing, with the file extension as a tie-breaker."""

from __future__ import annotations

import re

from akhbar.formats.jsonrec import looks_like_jsonl
from akhbar.formats.trec import starts_with_doc

_JSONL_EXT = (".jsonl", ".ndjson", ".jsonlines", ".jl")
_MEMBER_NAME_RE = re.compile(r"\.(?:gz|bz2|xz)$", re.IGNORECASE)
# What JSON text really starts with (so "[عاجل] ..." stays a plain article).
_JSON_START_RE = re.compile(r'(?:\[\s*(?:[\[{"\]\d-]|true|false|null)|\{\s*["}])')


def _name(uri: str) -> str:
    """The innermost file name of a URI (``a.zip#b/c.jsonl.gz`` -> ``c.jsonl``)."""
    last = uri.rsplit("#", 1)[-1] if "#" in uri else uri
    last = last.rsplit("/", 1)[-1].lower()
    return _MEMBER_NAME_RE.sub("", last)


def detect_format(text: str, uri: str = "") -> str:
    """``trec | json | jsonl | plain`` for a decoded text."""
    stripped = text.lstrip("\ufeff \t\r\n\u200b\u200e\u200f")
    name = _name(uri)
    if _JSON_START_RE.match(stripped):
        if stripped.startswith("{") and (name.endswith(_JSONL_EXT) or looks_like_jsonl(stripped)):
            return "jsonl"
        if name.endswith(_JSONL_EXT) and stripped.startswith("[") and looks_like_jsonl(stripped):
            return "jsonl"
        return "json"
    if starts_with_doc(stripped[:4096]):
        return "trec"
    return "plain"
