"""Read article files of any supported format and container into Article records.

``parse_file(uri, stream, options)`` is the one entry point: it never raises and never
reads more than the configured bounds; every problem becomes a ``DeadLetter`` (step
``parse``) with one of ``REASONS``. See ``docs/formats.md``.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from akhbar.article import Article, DeadLetter
from akhbar.encoding import UndecodableError, decode_bytes
from akhbar.formats import containers as _c
from akhbar.formats.build import dead
from akhbar.formats.detect import detect_format
from akhbar.formats.jsonrec import parse_json, parse_jsonl, resolve_fields
from akhbar.formats.plain import parse_plain
from akhbar.formats.trec import parse_trec

__all__ = ["FORMATS", "REASONS", "ReadOptions", "content_hash", "parse_file", "parse_bytes"]

FORMATS = ("auto", "plain", "trec", "json", "jsonl")
REASONS = {
    "too_large": "file or decompressed member over max_file_bytes / max_member_bytes",
    "undecodable": "bytes are not text in a decidable encoding (never guessed into mojibake)",
    "empty_file": "no bytes, only whitespace, or an empty JSON array",
    "empty_body": "an article without body text",
    "unparseable": "text that does not fit the (forced or detected) format",
    "bad_container": "corrupt, truncated, encrypted or too deeply nested archive",
    "bad_json": "JSON syntax error (the records before it are kept)",
    "bad_record": "a JSON record of the wrong type (not an object, non-string body...)",
    "unknown_format": "a recognised binary format we do not read (PDF, image, 7z...)",
    "parse_error": "an unexpected exception (a bug): message holds the exception",
}
MAX_NESTING = 3
_OPTION_KEYS = ("format", "max_member_bytes", "max_file_bytes", "json_fields", "encoding")


def _freeze_fields(mapping: Mapping[str, Any] | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not mapping:
        return ()
    out = []
    for ours, keys in mapping.items():
        if isinstance(keys, str):
            keys = tuple(k.strip() for k in keys.split("|") if k.strip())
        elif isinstance(keys, (list, tuple)) and all(isinstance(k, str) for k in keys):
            keys = tuple(keys)
        else:
            raise ValueError(f"read.json_fields.{ours}: expected a key or list of keys, "
                             f"got {keys!r}")
        if not keys:
            raise ValueError(f"read.json_fields.{ours}: empty")
        out.append((str(ours), keys))
    return tuple(sorted(out))


@dataclass(frozen=True)
class ReadOptions:
    """How files are read. Hashable and picklable (it travels to Beam workers)."""

    format: str = "auto"
    max_member_bytes: int = 64 * 2**20
    max_file_bytes: int = 256 * 2**20
    # our field -> source key(s), e.g. (("body", ("content",)), ("published", ("date",)))
    json_fields: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    encoding: str = "auto"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"read.format: {self.format!r} is not one of {FORMATS}")
        for name in ("max_member_bytes", "max_file_bytes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"read.{name}: expected a positive integer, got {value!r}")
        if isinstance(self.json_fields, Mapping):
            object.__setattr__(self, "json_fields", _freeze_fields(self.json_fields))
        if not isinstance(self.encoding, str) or not self.encoding:
            raise ValueError(f"read.encoding: expected 'auto' or a codec name, "
                             f"got {self.encoding!r}")
        if self.encoding != "auto":
            import codecs

            try:
                codecs.lookup(self.encoding)
            except LookupError as exc:
                raise ValueError(f"read.encoding: unknown codec {self.encoding!r}") from exc

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any] | None) -> ReadOptions:
        """From the YAML ``read:`` section; an unknown key is a ``ValueError`` naming it."""
        cfg = dict(cfg or {})
        unknown = sorted(set(cfg) - set(_OPTION_KEYS))
        if unknown:
            raise ValueError(f"read: unknown key(s) {', '.join(unknown)} "
                             f"(known: {', '.join(_OPTION_KEYS)})")
        if "json_fields" in cfg:
            cfg["json_fields"] = _freeze_fields(cfg["json_fields"])
        return cls(**cfg)

    @property
    def field_map(self) -> dict[str, tuple[str, ...]]:
        """The JSON field mapping in effect (defaults plus ``json_fields``)."""
        return resolve_fields(dict(self.json_fields))


def content_hash(normalized_body: str) -> str:
    """Hash of a normalized body: equal hashes mean exact duplicates."""
    return hashlib.sha256(normalized_body.encode("utf-8")).hexdigest()[:32]


def parse_file(uri: str, stream: BinaryIO, options: ReadOptions | None = None
               ) -> Iterator[Article | DeadLetter]:
    """Every article in one file (any format, any container); never raises."""
    options = options or ReadOptions()
    try:
        yield from _parse_stream(uri, stream, options, 0)
    except Exception as exc:  # noqa: BLE001 - the contract is: never raise
        yield dead(uri, "parse_error", f"{type(exc).__name__}: {exc}")


def parse_bytes(uri: str, data: bytes, options: ReadOptions | None = None
                ) -> Iterator[Article | DeadLetter]:
    """``parse_file`` for bytes already in memory."""
    return parse_file(uri, io.BytesIO(data), options)


def _parse_stream(uri: str, stream: BinaryIO, options: ReadOptions, depth: int
                  ) -> Iterator[Article | DeadLetter]:
    head = _c.read_exact(stream, _c.SNIFF_BYTES)
    kind = _c.sniff_container(head)
    if kind is None:
        binary = _c.sniff_binary(head)
        if binary:
            yield dead(uri, "unknown_format", f"{binary} is not a supported input", head)
            return
        limit = min(options.max_member_bytes, options.max_file_bytes)
        rest = _c.read_exact(stream, limit + 1 - len(head)) if len(head) == _c.SNIFF_BYTES \
            else b""
        data = head + rest
        if len(data) > limit:
            yield dead(uri, "too_large", f"file exceeds {limit} bytes "
                       "(max_member_bytes/max_file_bytes)", head)
            return
        yield from _parse_blob(uri, data, options)
        return
    if depth >= MAX_NESTING:
        yield dead(uri, "bad_container", f"containers nested deeper than {MAX_NESTING}", head)
        return
    if kind == "zip":
        yield from _parse_zip(uri, head, stream, options, depth)
        return
    raw = _c.CountingReader(head, stream, options.max_file_bytes)
    if kind == "tar":
        yield from _parse_tar(uri, io.BufferedReader(raw), options, depth)
        return
    # gzip / bz2 / xz: a transparent wrapper around one file (which may be a tar).
    try:
        inner = _c.decompressor(kind, raw)
        inner_head = _c.read_exact(inner, _c.SNIFF_BYTES)
        if _c.sniff_container(inner_head) == "tar":
            yield from _parse_tar(uri, _c.CountingReader(inner_head, inner, 2**62), options,
                                  depth + 1)
            return
        nested = _c.sniff_container(inner_head)
        if nested in ("gzip", "bz2", "xz", "zip"):
            data = inner_head + _c.read_bounded(inner, options.max_file_bytes - len(inner_head),
                                                "decompressed file")
            yield from _parse_stream(uri, io.BytesIO(data), options, depth + 1)
            return
        data = inner_head + _c.read_exact(inner, options.max_member_bytes + 1 - len(inner_head))
    except _c.TooLarge as exc:
        yield dead(uri, "too_large", str(exc), head)
        return
    except (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error, _c.BadContainer) as exc:
        yield dead(uri, "bad_container", f"corrupt {kind} stream: {type(exc).__name__}: {exc}",
                   head)
        return
    if len(data) > options.max_member_bytes:
        yield dead(uri, "too_large", f"decompressed {kind} content exceeds max_member_bytes="
                   f"{options.max_member_bytes}", head)
        return
    yield from _parse_blob(uri, data, options)


def _parse_zip(uri: str, head: bytes, stream: BinaryIO, options: ReadOptions, depth: int
               ) -> Iterator[Article | DeadLetter]:
    fileobj: BinaryIO
    try:
        seekable = stream.seekable()
    except Exception:  # noqa: BLE001
        seekable = False
    try:
        if seekable:
            size = stream.seek(0, io.SEEK_END)
            if size > options.max_file_bytes:
                raise _c.TooLarge(f"file is {size} bytes > max_file_bytes="
                                  f"{options.max_file_bytes}")
            stream.seek(0)
            fileobj = stream
        else:
            fileobj = io.BytesIO(head + _c.read_bounded(
                stream, options.max_file_bytes - len(head), "file"))
    except _c.TooLarge as exc:
        yield dead(uri, "too_large", str(exc), head)
        return
    try:
        for member in _c.zip_members(fileobj, options.max_member_bytes):
            yield from _member(uri, member, options, depth)
    except _c.BadContainer as exc:
        yield dead(uri, "bad_container", str(exc), head)


def _parse_tar(uri: str, fileobj: BinaryIO, options: ReadOptions, depth: int
               ) -> Iterator[Article | DeadLetter]:
    try:
        for member in _c.tar_members(fileobj, options.max_member_bytes):
            yield from _member(uri, member, options, depth)
    except _c.TooLarge as exc:
        yield dead(uri, "too_large", str(exc))
    except _c.BadContainer as exc:
        yield dead(uri, "bad_container", str(exc))


def _member(uri: str, member: _c.Member, options: ReadOptions, depth: int
            ) -> Iterator[Article | DeadLetter]:
    member_uri = f"{uri}#{member.name}"
    if member.error:
        yield dead(member_uri, member.error[0], member.error[1])
        return
    assert member.data is not None
    yield from _parse_stream(member_uri, io.BytesIO(member.data), options, depth + 1)


def _parse_blob(uri: str, data: bytes, options: ReadOptions
                ) -> Iterator[Article | DeadLetter]:
    """Decode the bytes of one (uncompressed) file and parse it in its format."""
    if not data.strip(b" \t\r\n\x00\x0b\x0c") or data in (b"\xef\xbb\xbf", b"\xff\xfe",
                                                          b"\xfe\xff"):
        yield dead(uri, "empty_file", "the file is empty", data)
        return
    try:
        decoded = decode_bytes(data, options.encoding)
    except UndecodableError as exc:
        yield dead(uri, "undecodable", str(exc), data)
        return
    text = decoded.text
    if not text.strip():
        yield dead(uri, "empty_file", "the file holds only whitespace", data)
        return
    fmt = options.format if options.format != "auto" else detect_format(text, uri)
    encoding = decoded.encoding
    if fmt == "trec":
        items = parse_trec(uri, text, encoding)
    elif fmt == "json":
        items = parse_json(uri, text, options.field_map, encoding)
    elif fmt == "jsonl":
        items = parse_jsonl(uri, text, options.field_map, encoding)
    else:
        items = parse_plain(uri, text, encoding)
    for item in items:
        if decoded.replaced and isinstance(item, Article):
            item.metadata["encoding_errors"] = str(decoded.replaced)
        yield item
