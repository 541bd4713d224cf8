"""The article and dead-letter records that flow through the pipeline.

Plain dataclasses, independent of Beam. ``Article.to_record`` gives the dict
that the Avro schema (``akhbar/schema/akhbar.avsc``) describes.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("title", "lead", "body")
SNIPPET_CHARS = 300


@dataclass
class Mention:
    """A named-entity mention; ``start``/``end`` index the original field text."""

    text: str
    type: str
    field: str
    start: int
    end: int
    normalized: str = ""
    cluster: str = ""
    score: float | None = None


@dataclass
class Timex:
    """A temporal expression; ``start``/``end`` index the original field text."""

    text: str
    type: str
    value: str | None
    field: str
    start: int
    end: int
    mod: str | None = None
    calendar: str = "gregorian"


@dataclass
class StepError:
    """A step that failed on one article without losing the article."""

    step: str
    reason: str
    message: str


@dataclass
class Article:
    """One parsed news article plus everything the pipeline adds to it."""

    id: str
    source_uri: str
    source_format: str
    body: str
    title: str | None = None
    lead: str | None = None
    published: str | None = None
    published_raw: str | None = None
    dateline: dict[str, Any] | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    # Filled by NormalizeArticles (in-memory only: the offset maps never hit the sink).
    normalized: dict[str, Any] = field(default_factory=dict)
    tokens: list[str] | None = None
    content_hash: str | None = None
    # Filled by the extractors and the duplicate check.
    entities: list[Mention] = field(default_factory=list)
    dates: list[Timex] = field(default_factory=list)
    errors: list[StepError] = field(default_factory=list)
    duplicate_of: str | None = None
    near_duplicate_of: str | None = None
    near_duplicate_similarity: float | None = None

    def field_text(self, name: str) -> str | None:
        """The original text of ``title``, ``lead`` or ``body``."""
        return getattr(self, name)

    def to_record(self, keep_normalized_body: bool = True) -> dict[str, Any]:
        """The Avro record for this article."""
        body_norm = self.normalized.get("body") if keep_normalized_body else None
        return {
            "id": self.id,
            "source_uri": self.source_uri,
            "source_format": self.source_format,
            "title": self.title,
            "lead": self.lead,
            "body": self.body,
            "published": self.published,
            "published_raw": self.published_raw,
            "dateline": self.dateline,
            "metadata": dict(self.metadata),
            "encoding": self.encoding,
            "body_normalized": getattr(body_norm, "text", None),
            "tokens": self.tokens,
            "content_hash": self.content_hash,
            "is_duplicate": self.duplicate_of is not None,
            "duplicate_of": self.duplicate_of,
            "near_duplicate_of": self.near_duplicate_of,
            "near_duplicate_similarity": self.near_duplicate_similarity,
            "entities": [vars(m) for m in self.entities],
            "dates": [vars(t) for t in self.dates],
            "errors": [vars(e) for e in self.errors],
        }


@dataclass
class DeadLetter:
    """An item that could not become an article, with the reason why."""

    source_uri: str
    step: str
    reason: str
    message: str
    snippet: str | None = None
    snippet_base64: str | None = None
    article_id: str | None = None

    @classmethod
    def of(cls, source_uri: str, step: str, reason: str, message: str,
           data: bytes | str | None = None, article_id: str | None = None) -> DeadLetter:
        """Build a dead letter with a bounded snippet of ``data`` (base64 for bytes)."""
        snippet = snippet_b64 = None
        if isinstance(data, str):
            snippet = data[:SNIPPET_CHARS]
        elif isinstance(data, (bytes, bytearray)):
            head = bytes(data[: SNIPPET_CHARS * 2])
            try:
                snippet = head.decode("utf-8")[:SNIPPET_CHARS]
            except UnicodeDecodeError:
                snippet_b64 = base64.b64encode(head[:SNIPPET_CHARS]).decode("ascii")
        return cls(source_uri, step, reason, _utf8(str(message)[:1000]), snippet, snippet_b64,
                   article_id)

    def to_record(self) -> dict[str, Any]:
        return dict(vars(self))


def _utf8(text: str) -> str:
    """``text`` with lone surrogates (a file name that is not UTF-8, as Python holds it)
    written as ``\\udce1``: Avro strings must be UTF-8."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def article_id(source_uri: str, body: str) -> str:
    """A stable id: the same source and content give the same id on every run."""
    digest = hashlib.sha1()
    digest.update(source_uri.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(body.encode("utf-8"))
    return digest.hexdigest()[:20]
