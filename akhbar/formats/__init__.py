"""Read article files of any supported format and container into Article records.

``parse_file(uri, stream, options)`` is the one entry point: it never raises and never
reads more than the configured bounds; every problem becomes a ``DeadLetter`` (step
``parse``, or ``read`` when the stream itself fails) with one of ``REASONS``, and every
file (and every container member) yields at least one item. See ``docs/formats.md``.

``source_uri`` names what an item came from: ``file#member#index``, where each part has
``%``, ``#`` and control characters percent-escaped, so ``#`` only ever separates parts
(``split_source_uri`` undoes it). A name that is not valid UTF-8 (an Arabic name in
cp1256 bytes, which Python holds as lone surrogates, ``os.fsdecode``) has each such byte
escaped too (``%E1``), and ``split_source_uri`` gives back the same string.

A ``Tally`` passed to ``parse_file`` counts the items as files, members and records are
enumerated or delimited, before they are parsed (see ``akhbar.formats.build.Tally``).
"""

from __future__ import annotations

import hashlib
import io
import lzma
import re
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from akhbar.article import Article, DeadLetter, article_id
from akhbar.encoding import UndecodableError, decode_bytes
from akhbar.formats import containers as _c
from akhbar.formats.build import Tally, dead
from akhbar.formats.detect import detect_format
from akhbar.formats.jsonrec import parse_json, parse_jsonl, resolve_fields
from akhbar.formats.plain import parse_plain
from akhbar.formats.trec import parse_trec

__all__ = ["FORMATS", "REASONS", "ReadOptions", "Tally", "content_hash", "parse_bytes",
           "parse_file", "quote_part", "source_uri", "split_source_uri"]

FORMATS = ("auto", "plain", "trec", "json", "jsonl")
REASONS = {
    "too_large": "file or decompressed member over max_file_bytes / max_member_bytes",
    "undecodable": "bytes are not text in a decidable encoding (never guessed into mojibake)",
    "empty_file": "no bytes, only whitespace, an empty JSON array, or a container without "
                  "any file",
    "empty_body": "an article without body text (also: a plain file that is only a headline)",
    "unparseable": "text that does not fit the (forced or detected) format",
    "bad_container": "corrupt, truncated, encrypted or too deeply nested archive",
    "bad_json": "a JSON record or line that json cannot read (a syntax error, nesting past "
                "the recursion limit, an integer of thousands of digits), or an array that "
                "breaks off (the records before it are kept)",
    "bad_record": "a JSON record of the wrong type (not an object, non-string body...)",
    "not_a_file": "a container member that is a link, a device or a fifo: no content of its "
                  "own (a hard link's content is its target's, which is an item itself)",
    "unknown_format": "a recognised binary format we do not read (PDF, image, 7z...)",
    "unreadable": "(step read) the file cannot be opened or read: permissions, a symlink "
                  "loop, a dangling link, a named pipe, an I/O error",
    "parse_error": "an unexpected exception (a bug): message holds the exception",
}
MAX_NESTING = 3
_OPTION_KEYS = ("format", "max_member_bytes", "max_file_bytes", "max_article_chars",
                "json_fields", "encoding")
# Whitespace and invisible marks (BOM, soft hyphen, ALM, ZW*, bidi controls, word joiner).
_BLANK_RE = re.compile("[\\s\ufeff\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2069]*\\Z")
_URI_UNSAFE_RE = re.compile("[%#\x00-\x1f\x7f\udc80-\udcff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"%{code - 0xDC00 if code >= 0xDC80 else code:02X}"


def quote_part(part: str) -> str:
    """One part of a ``source_uri`` with ``%``, ``#``, control characters and the bytes
    of a name that is not UTF-8 (lone surrogates ``\\udc80``-``\\udcff``) escaped."""
    return _URI_UNSAFE_RE.sub(_escape, part)


def source_uri(path: str, *inner: str) -> str:
    """``path#member#index`` for a file path (as the filesystem names it) and the names
    inside it; ``#`` in ``source_uri`` is always a separator."""
    return "#".join(quote_part(p) for p in (path, *inner))


def split_source_uri(uri: str) -> list[str]:
    """The unescaped parts of a ``source_uri``: ``[path, member..., index]``."""
    from urllib.parse import unquote

    return [unquote(p, errors="surrogateescape") for p in uri.split("#")]


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
    # Decompressed bytes of one file or member: what is held in memory at once.
    max_member_bytes: int = 64 * 2**20
    # Raw bytes of one input file; containers are streamed, so this may be large.
    max_file_bytes: int = 4 * 2**30
    # Characters of one article (title + lead + body): the NLP steps cost memory and time
    # linear in it (~1 GB and ~40 s per 8 M characters), so a "article" far beyond any
    # real news story is refused instead of stalling or killing a worker.
    max_article_chars: int = 1_000_000
    # our field -> source key(s), e.g. (("body", ("content",)), ("published", ("date",)))
    json_fields: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    encoding: str = "auto"
    # Not a config key: True reads only what identifies an article (id and text fields),
    # without looking for its dateline or parsing its published date (the duplicate pass).
    light: bool = False

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"read.format: {self.format!r} is not one of {FORMATS}")
        for name in ("max_member_bytes", "max_file_bytes", "max_article_chars"):
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


class ReadFailed(Exception):
    """The input stream itself failed (an I/O error), as opposed to bad content."""


class _GuardedStream(io.RawIOBase):
    """A stream whose I/O errors become ``ReadFailed`` (not mistaken for corrupt data)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        try:
            return bool(self._stream.seekable())
        except Exception:  # noqa: BLE001
            return False

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._stream.seek(offset, whence)  # zipfile probes with seeks that may fail

    def tell(self) -> int:
        return self._stream.tell()

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        try:
            data = self._stream.read(len(buffer))
        except Exception as exc:  # noqa: BLE001 - only the input's own reader runs here:
            # whatever it raises is a failed read (OSError locally; on gs:// a
            # google.api_core error such as Forbidden, or RetryError once retries ran out).
            raise ReadFailed(f"{type(exc).__name__}: {exc}") from exc
        n = len(data)
        buffer[:n] = data
        return n


def parse_file(uri: str, stream: BinaryIO, options: ReadOptions | None = None,
               size: int | None = None, tally: Tally | None = None
               ) -> Iterator[Article | DeadLetter]:
    """Every article in one file (any format, any container); never raises.

    ``uri``: the file's path or URI as its filesystem names it (escaped here into the
    ``source_uri`` of the items). ``size``: its size in bytes when known (a file over the
    bounds is then refused without reading it). At least one item is yielded. ``tally``:
    counts the items (this file, and its members and records as they are delimited)."""
    options = options or ReadOptions()
    tally = tally or Tally()
    tally.add(1)
    uri = quote_part(uri)
    guarded = _GuardedStream(stream)
    try:
        if size is not None and size > options.max_file_bytes:
            yield dead(uri, "too_large", f"file is {size} bytes > max_file_bytes="
                       f"{options.max_file_bytes}")
            return
        yield from _at_least_one(uri, _parse_stream(uri, guarded, options, 0, tally, size),
                                 "file")
    except ReadFailed as exc:
        yield DeadLetter.of(uri, "read", "unreadable", f"read failed: {exc}")
    except Exception as exc:  # noqa: BLE001 - the contract is: never raise
        yield dead(uri, "parse_error", f"{type(exc).__name__}: {exc}")


def parse_bytes(uri: str, data: bytes, options: ReadOptions | None = None,
                tally: Tally | None = None) -> Iterator[Article | DeadLetter]:
    """``parse_file`` for bytes already in memory."""
    return parse_file(uri, io.BytesIO(data), options, len(data), tally)


def _at_least_one(uri: str, items: Iterator[Article | DeadLetter], what: str
                  ) -> Iterator[Article | DeadLetter]:
    """``items``, or one ``empty_file`` dead letter when there are none (an empty zip, a
    container of only ``__MACOSX`` entries, ``{"articles": []}``): nothing vanishes."""
    seen = False
    for item in items:
        seen = True
        yield item
    if not seen:
        yield dead(uri, "empty_file", f"the {what} holds nothing to read (no member files "
                   "or records)")


def _parse_stream(uri: str, stream: BinaryIO, options: ReadOptions, depth: int, tally: Tally,
                  size: int | None = None) -> Iterator[Article | DeadLetter]:
    head = _c.read_exact(stream, _c.SNIFF_BYTES)
    kind = _c.sniff_container(head)
    if kind is None:
        binary = _c.sniff_binary(head)
        if binary:
            yield dead(uri, "unknown_format", f"{binary} is not a supported input", head)
            return
        limit = min(options.max_member_bytes, options.max_file_bytes)
        if size is not None and size > limit:  # refused without reading it
            yield dead(uri, "too_large", f"file is {size} bytes > {limit} "
                       "(max_member_bytes/max_file_bytes)", head)
            return
        rest = _c.read_exact(stream, limit + 1 - len(head)) if len(head) == _c.SNIFF_BYTES \
            else b""
        data = head + rest
        if len(data) > limit:
            yield dead(uri, "too_large", f"file exceeds {limit} bytes "
                       "(max_member_bytes/max_file_bytes)", head)
            return
        yield from _parse_blob(uri, data, options, tally)
        return
    if depth >= MAX_NESTING:
        yield dead(uri, "bad_container", f"containers nested deeper than {MAX_NESTING}", head)
        return
    if kind == "zip":
        yield from _parse_zip(uri, head, stream, options, depth, tally)
        return
    raw = _c.CountingReader(head, stream, options.max_file_bytes)
    if kind == "tar":
        yield from _parse_tar(uri, io.BufferedReader(raw), options, depth, tally)
        return
    # gzip / bz2 / xz: a transparent wrapper around one file (which may be a tar).
    try:
        inner = _c.decompressor(kind, raw)
        inner_head = _c.read_exact(inner, _c.SNIFF_BYTES)
        if _c.sniff_container(inner_head) == "tar":
            yield from _parse_tar(uri, _c.CountingReader(inner_head, inner, 2**62), options,
                                  depth + 1, tally)
            return
        nested = _c.sniff_container(inner_head)
        if nested in ("gzip", "bz2", "xz", "zip"):
            data = inner_head + _c.read_bounded(
                inner, options.max_member_bytes - len(inner_head), "decompressed file")
            yield from _parse_stream(uri, io.BytesIO(data), options, depth + 1, tally)
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
    yield from _parse_blob(uri, data, options, tally)


def _parse_zip(uri: str, head: bytes, stream: BinaryIO, options: ReadOptions, depth: int,
               tally: Tally) -> Iterator[Article | DeadLetter]:
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
            # Not seekable (rare: most Beam filesystems are): spool to a temporary file,
            # in memory only up to max_member_bytes.
            fileobj = tempfile.SpooledTemporaryFile(max_size=options.max_member_bytes)
            fileobj.write(head)
            copied = len(head)
            while True:
                chunk = stream.read(2**20)
                if not chunk:
                    break
                copied += len(chunk)
                if copied > options.max_file_bytes:
                    raise _c.TooLarge(f"file exceeds max_file_bytes={options.max_file_bytes}")
                fileobj.write(chunk)
            fileobj.seek(0)
    except _c.TooLarge as exc:
        yield dead(uri, "too_large", str(exc), head)
        return
    yield from _members(uri, _c.zip_members(fileobj, options.max_member_bytes), options,
                        depth, tally, head)


def _parse_tar(uri: str, fileobj: BinaryIO, options: ReadOptions, depth: int, tally: Tally
               ) -> Iterator[Article | DeadLetter]:
    yield from _members(uri, _c.tar_members(fileobj, options.max_member_bytes), options,
                        depth, tally)


def _members(uri: str, members: Iterator[_c.Member], options: ReadOptions, depth: int,
             tally: Tally, head: bytes | None = None) -> Iterator[Article | DeadLetter]:
    """Every member of a container, each an item counted when it is enumerated (the
    container itself is the first); a container that breaks after some members is one
    more item (its dead letter)."""
    seen: dict[str, int] = {}
    try:
        for member in members:
            if seen:
                tally.add(1)
            seen[member.name] = seen.get(member.name, 0) + 1
            yield from _member(uri, member, options, depth, tally, seen[member.name])
    except (_c.TooLarge, _c.BadContainer) as exc:
        if seen:
            tally.add(1)
        reason = "too_large" if isinstance(exc, _c.TooLarge) else "bad_container"
        yield dead(uri, reason, str(exc), head)


def _member(uri: str, member: _c.Member, options: ReadOptions, depth: int, tally: Tally,
            occurrence: int) -> Iterator[Article | DeadLetter]:
    """The items of one member; a failure while parsing it costs that member only. The
    n-th member of the same name (n > 1) gives its articles ids of their own."""
    member_uri = f"{uri}#{quote_part(member.name)}"
    if member.error:
        yield dead(member_uri, member.error[0], member.error[1])
        return
    assert member.data is not None
    items = _at_least_one(member_uri, _parse_stream(
        member_uri, io.BytesIO(member.data), options, depth + 1, tally, len(member.data)),
        "member")
    try:
        for item in items:
            if occurrence > 1 and isinstance(item, Article):
                item.id = article_id(f"{item.source_uri}#~{occurrence}", item.body)
            yield item
    except ReadFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug or limit hit inside this member
        yield dead(member_uri, "parse_error", f"{type(exc).__name__}: {exc}")


def _parse_blob(uri: str, data: bytes, options: ReadOptions, tally: Tally
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
    if _BLANK_RE.match(text):
        yield dead(uri, "empty_file", "the file holds only whitespace and invisible marks",
                   data)
        return
    fmt = options.format if options.format != "auto" else detect_format(text, uri)
    encoding = decoded.encoding
    if fmt == "trec":
        items = parse_trec(uri, text, encoding, light=options.light, tally=tally)
    elif fmt == "json":
        items = parse_json(uri, text, options.field_map, encoding, light=options.light,
                           tally=tally)
    elif fmt == "jsonl":
        items = parse_jsonl(uri, text, options.field_map, encoding, light=options.light,
                            tally=tally)
    else:
        items = parse_plain(uri, text, encoding, light=options.light)
    for item in items:
        if isinstance(item, Article):
            chars = len(item.body) + len(item.title or "") + len(item.lead or "")
            if chars > options.max_article_chars:
                yield dead(item.source_uri, "too_large", f"article of {chars} characters > "
                           f"max_article_chars={options.max_article_chars}", item.body)
                continue
            if decoded.replaced:
                earlier = int(item.metadata.get("encoding_errors", 0))
                item.metadata["encoding_errors"] = str(earlier + decoded.replaced)
        yield item
