"""Reading the input: list the files (``MatchArticles``), then open them spread over the
workers (``ReadArticles``), on any Beam filesystem (local, gs://).

``MatchArticles`` takes ``Inputs``: patterns to match (``akhbar run``), or files already
listed and selected (``akhbar refresh``), which are not matched again. One listing can feed
two passes (see ``pipeline.graph``). A pattern without glob characters is matched the way
Beam's own match short-circuits it (exists, then metadata), without compiling a regular
expression for it (~0.3 ms per pattern).

Beam's local matching silently skips directory entries it cannot ``stat`` (a symlink
loop, a dangling link); ``unlisted_local`` finds them, and a listed file that vanished is
kept too, so that they reach ParseArticles and become ``read.unreadable`` dead letters
instead of vanishing. ``open_input`` refuses what is not a regular local file (a named
pipe would block the reader forever).

Patterns, listed files and matched files cross the shuffles in batches
(``PATTERNS_PER_BATCH``; ``FILES_PER_BATCH`` files and about ``FILE_BATCH_BYTES``), each
batch packed into one ASCII JSON string (``pack_batch``), the files as ``(path, size,
mtime)`` triples, and that string compressed (``pack_files``). A runner holds every
element of a shuffle it runs; the local FnApiRunner holds them in the driver, decoded
while the shuffle fills, and sends each worker its part of the spread in one message that
the worker holds until the stage ends: ~1 KB per file as single ``FileMetadata``, ~0.23
KB as batches of tuples (a Python object per path, size and mtime), ~0.1 KB as one
string per batch, ~15 bytes compressed (paths of one batch share most of their
characters; ANT v1.1). ASCII JSON carries any path, also a local name that is not UTF-8
(its lone surrogates are escaped), which Beam's str coder cannot encode. A long list of
files is best given as a listing (``Inputs``), which is not carried in the job graph.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystem import BeamIOError, CompressionTypes, FileMetadata, FileSystem
from apache_beam.io.filesystems import FileSystems

from akhbar.formats import quote_part

_GLOB_CHARS_RE = re.compile(r"[\[*?]")

PATTERNS_PER_BATCH = 256
FILES_PER_BATCH = 32  # ~0.2-0.5 s of work at ~5-15 ms per file: fine-grained enough to spread
FILE_BATCH_BYTES = 2 << 20  # and about this much input: a big file (a zip) travels alone
LISTING_SHARD_FILES = 4096  # files per listing shard (``write_listings``): ~0.4 MB of JSON


class NotRegularFile(OSError):
    """A local path that is a named pipe, socket or device, not a file."""


def _is_local(path: str) -> bool:
    return FileSystems.get_scheme(path) is None


def unlisted_local(pattern: str) -> Iterator[FileMetadata]:
    """Local entries matching ``pattern`` that Beam's match drops because they cannot be
    stat'ed (symlink loops, dangling links); size 0. Nothing for other filesystems."""
    if not _is_local(pattern):
        return
    if pattern.endswith(("/", "\\")):
        pattern += "*"
    prefix = re.match(r"^[^[*?]*", pattern).group(0)
    if prefix == pattern:
        if os.path.lexists(pattern) and not os.path.exists(pattern):
            yield FileMetadata(pattern, 0)
        return
    match = re.compile(FileSystem.translate_pattern(pattern)).match
    top = os.path.dirname(prefix)
    if not os.path.isdir(top):
        return
    for dirpath, _dirs, names in os.walk(top):  # like Beam: symlinked dirs not followed
        for name in names:
            path = os.path.join(dirpath, name)
            if match(path) and not os.path.exists(path):
                yield FileMetadata(path, 0)


def open_input(readable_file):
    """Open a matched file as raw bytes; ``OSError`` when it cannot be read."""
    path = readable_file.metadata.path
    if _is_local(path):
        mode = os.stat(path).st_mode  # raises for a symlink loop or a dangling link
        if not stat.S_ISREG(mode):
            kind = ("named pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
                    else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "directory"
                    if stat.S_ISDIR(mode) else "special file")
            raise NotRegularFile(f"not a regular file ({kind})")
    # Containers (.gz, .zip, ...) are opened by the parser itself, with bounds.
    return readable_file.open(compression_type=CompressionTypes.UNCOMPRESSED)


class StorageUnreachable(RuntimeError):
    """The store (GCS, a network filesystem) stopped answering during the run: a read
    failed on the network after the client's own retries (~120 s on GCS). The run stops
    here (exit 3) instead of spending those retries again on every remaining file."""


# What a store that does not answer raises (by class name, along the exception chain):
# refused/reset connections and timeouts, and google-api-core's "retries ran out" and
# 5xx errors. A 403 or 404 is about one object: that file is a dead letter, the run
# goes on.
_UNREACHABLE = frozenset({
    "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
    "ConnectionAbortedError", "BrokenPipeError", "TimeoutError", "timeout",
    "RetryError", "ServiceUnavailable", "GatewayTimeout", "BadGateway",
    "InternalServerError", "DeadlineExceeded", "RemoteDisconnected", "ProtocolError",
    "NewConnectionError", "MaxRetryError", "ReadTimeout", "ConnectTimeout",
    "TransportError"})


def storage_unreachable(exc: BaseException | None) -> bool:
    """``exc`` (or an exception it was raised from) says the store did not answer, as
    opposed to refusing one object or one file being unreadable."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if any(cls.__name__ in _UNREACHABLE for cls in type(exc).__mro__):
            return not isinstance(exc, (NotRegularFile, FileNotFoundError, PermissionError))
        exc = exc.__cause__ or exc.__context__
    return False


def stop_if_unreachable(path: str, error: BaseException | None) -> None:
    """Fail the run (``StorageUnreachable``) when reading ``path`` failed because the
    store did not answer, after its client's retries: every other file would wait as
    long and fail the same way."""
    if storage_unreachable(error):
        raise StorageUnreachable(
            f"storage unreachable: reading {quote_part(path)} failed after the client's "
            f"retries ({type(error).__name__}: {str(error)[:300]}); stopping the run "
            "instead of waiting as long for every remaining file") from error


class WatchedStream:
    """A binary stream that remembers the last exception its ``read`` raised (the parser
    turns a failed read into a dead letter; the caller still learns what failed)."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self._stream = stream
        self.error: BaseException | None = None

    def read(self, *args):  # type: ignore[no-untyped-def]
        try:
            return self._stream.read(*args)
        except Exception as exc:
            self.error = exc
            raise

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._stream, name)

    def __enter__(self) -> WatchedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


def is_literal(pattern: str) -> bool:
    """A pattern that names one path: no glob characters, no trailing separator."""
    return not pattern.endswith(("/", "\\")) and not _GLOB_CHARS_RE.search(pattern)


def match_pattern(pattern: str) -> list[FileMetadata]:
    """``fileio.MatchAll`` for one pattern (empty matches allowed only for a ``*``
    pattern), with a literal path matched as Beam's match short-circuits it."""
    if is_literal(pattern):
        try:
            fs = FileSystems.get_filesystem(pattern)
            found = [fs.metadata(pattern)] if fs.exists(pattern) else []
        except Exception as exc:  # as FileSystems.match reports a failed match
            raise BeamIOError("Match operation failed", {pattern: exc}) from exc
    else:
        found = FileSystems.match([pattern])[0].metadata_list
    if not found and not fileio.EmptyMatchTreatment.allow_empty_match(
            pattern, fileio.EmptyMatchTreatment.ALLOW_IF_WILDCARD):
        raise BeamIOError(f"Empty match for pattern {pattern}. Disallowed.")
    return found


@dataclass(frozen=True)
class Inputs:
    """What the graph reads: the files ``patterns`` match, or exactly the files ``files``
    names (listed and selected already: not matched again), or those of ``listing``, a
    JSON file whose ``inputs`` are ``{"uri", "size", "mtime"}`` objects (the planned
    manifest of a refresh; see ``read_listing``), read by the job itself so that a long
    list does not travel inside the job's graph; or of several such files (the shards of
    one list, ``write_listings``), read in parallel. One of the three is given."""

    patterns: tuple[str, ...] = ()
    files: tuple[str, ...] | None = None
    listing: str | tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", tuple(self.patterns))
        if self.files is not None:
            object.__setattr__(self, "files", tuple(self.files))
        if self.listing is not None and not isinstance(self.listing, str):
            object.__setattr__(self, "listing", tuple(self.listing))
        if bool(self.patterns) + (self.files is not None) + (self.listing is not None) > 1:
            raise ValueError("Inputs: give one of patterns, files or listing")


def listed_metadata(path: str) -> FileMetadata:
    """``FileMetadata`` of a listed file, looked up without matching; size 0 when it
    cannot be (it vanished, a dangling link): opening it then makes the dead letter."""
    try:
        return FileSystems.get_filesystem(path).metadata(path)
    except Exception:
        return FileMetadata(path, 0)


def read_listing(listing: str) -> Iterator[FileMetadata]:
    """The files of a listing (see ``Inputs``), with the sizes and mtimes it records; an
    entry without a size is looked up (``listed_metadata``)."""
    with FileSystems.open(listing, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        data = json.loads(handle.read().decode("utf-8"))
    for item in data["inputs"]:
        if "size" not in item:
            yield listed_metadata(item["uri"])
        else:
            yield FileMetadata(item["uri"], int(item["size"] or 0),
                               float(item.get("mtime") or 0.0))


def write_listings(files: Sequence[str], directory: str,
                   per_shard: int = LISTING_SHARD_FILES) -> tuple[str, ...]:
    """``files`` as listings of ``per_shard`` files each (``{"uri"}`` entries: their sizes
    are looked up when read) in a local ``directory``: the paths of those shards. What a
    runner then holds of the list is one element per shard, and each worker that reads a
    shard holds only that shard while it does (ASCII JSON: any name, also one that is not
    UTF-8)."""
    paths = []
    for start in range(0, len(files), per_shard):
        path = os.path.join(directory, f"inputs-{start // per_shard:05d}.json")
        with open(path, "w", encoding="ascii") as handle:
            json.dump({"inputs": [{"uri": uri} for uri in files[start:start + per_shard]]},
                      handle, separators=(",", ":"))
        paths.append(path)
    return tuple(paths)


def pack_batch(batch: Sequence) -> str:
    """A batch (of paths or patterns, or of ``(path, size, mtime)`` triples) as one ASCII
    JSON string: what a shuffle holds of it is one string, not an object per field."""
    return json.dumps(batch, separators=(",", ":"))


def unpack_batch(packed: str) -> list:
    """The batch ``pack_batch`` packed (tuples come back as lists)."""
    return json.loads(packed)


def _batches(items: Sequence[str]) -> list[str]:
    return [pack_batch(items[i:i + PATTERNS_PER_BATCH])
            for i in range(0, len(items), PATTERNS_PER_BATCH)]


def _listed(packed: str) -> list[FileMetadata]:
    return [listed_metadata(path) for path in unpack_batch(packed)]


def _wired(packed: str) -> list[str | bytes]:
    return [wire_path(pattern) for pattern in unpack_batch(packed)]


class MatchArticles(beam.PTransform):
    """``Inputs`` -> ``FileMetadata`` of every input file: matched by the patterns (and
    every local entry that cannot be stat'ed, see ``unlisted_local``), or listed."""

    def __init__(self, inputs: Inputs) -> None:
        super().__init__()
        self.source = inputs  # not ``self.inputs``: Beam's PTransform has its own

    def expand(self, pbegin):
        if self.source.listing is not None:
            listing = self.source.listing
            return (pbegin
                    | "Listing" >> beam.Create([listing] if isinstance(listing, str)
                                               else list(listing))
                    | "ReadListing" >> beam.FlatMap(read_listing))
        if self.source.files is not None:
            return (pbegin
                    | "Files" >> beam.Create(_batches(self.source.files))
                    | "Describe" >> beam.FlatMap(_listed))
        patterns = (pbegin
                    | "Patterns" >> beam.Create(_batches(self.source.patterns))
                    | "Unbatch" >> beam.FlatMap(_wired))
        # a pattern stays wired (``wire_path``): every element must be encodable
        matched = patterns | "MatchFiles" >> beam.FlatMap(
            lambda pattern: match_pattern(unwire_path(pattern)))
        unlisted = patterns | "MatchUnstatable" >> beam.FlatMap(
            lambda pattern: unlisted_local(unwire_path(pattern)))
        return (matched, unlisted) | "AllMatches" >> beam.Flatten()


def wire_path(path: str) -> str | bytes:
    """``path`` as Beam can encode it: a local name that is not UTF-8 (cp1256 bytes;
    Python holds them as lone surrogates, which Beam's str coder cannot encode) travels
    as its bytes (see ``unwire_path``)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path)
    return path


def unwire_path(path: str | bytes) -> str:
    """The path ``wire_path`` sent."""
    return os.fsdecode(path) if isinstance(path, bytes) else path


def light_metadata(metadata: FileMetadata) -> tuple[str | bytes, int, float]:
    """``FileMetadata`` as a tuple that Beam encodes without pickling (``wire_path``)."""
    return (wire_path(metadata.path), metadata.size_in_bytes,
            metadata.last_updated_in_seconds)


def file_weight(light: tuple[str | bytes, int, float]) -> int:
    """A file's share of a batch: 1, or more for a file over ``FILE_BATCH_BYTES /
    FILES_PER_BATCH`` bytes, so that a batch holds at most ``FILES_PER_BATCH`` files and
    about ``FILE_BATCH_BYTES`` of input (19 zips of a whole corpus must not all land in
    one batch, on one worker)."""
    unit = FILE_BATCH_BYTES // FILES_PER_BATCH
    return max(1, -(-(light[1] or 0) // unit))


def batch_files() -> beam.BatchElements:
    """Light file metadata -> batches of files (``file_weight``)."""
    return beam.BatchElements(min_batch_size=FILES_PER_BATCH, max_batch_size=FILES_PER_BATCH,
                              element_size_fn=file_weight)


def pack_files(batch: Sequence[tuple[str | bytes, int, float]]) -> bytes:
    """A batch of ``light_metadata`` tuples packed (``pack_batch``) and compressed for a
    shuffle: what the runner and the workers hold of the spread is ~15 bytes a file."""
    packed = pack_batch([(unwire_path(path), size, mtime) for path, size, mtime in batch])
    return zlib.compress(packed.encode("ascii"))


def unbatch_metadata(packed: bytes) -> Iterator[FileMetadata]:
    """A ``pack_files`` batch -> ``FileMetadata``."""
    for path, size, mtime in unpack_batch(zlib.decompress(packed).decode("ascii")):
        yield FileMetadata(path, size, mtime)


class ReadArticles(beam.PTransform):
    """``FileMetadata`` (what ``MatchArticles`` gives) -> ``fileio.ReadableFile``, spread
    over the workers.

    ``Reshuffle`` after matching spreads the files over all workers (without it
    every file lands in the worker that expanded the patterns); they cross it in
    packed batches (``batch_files``, ``pack_files``).
    """

    def expand(self, matched):
        return (
            matched
            | "Light" >> beam.Map(light_metadata)
            | "Batch" >> batch_files()
            | "Pack" >> beam.Map(pack_files)
            | "Spread" >> beam.Reshuffle()
            | "Unbatch" >> beam.FlatMap(unbatch_metadata)
            | "ReadMatches" >> fileio.ReadMatches(skip_directories=True)
        )


def list_matches(patterns: Sequence[str]) -> dict[str, list[str]]:
    """Each pattern -> the paths it matches now (empty when it matches nothing or cannot
    be listed), as ``MatchArticles`` will match them."""
    out: dict[str, list[str]] = {}
    for pattern in patterns:
        try:
            results = FileSystems.match([pattern])
        except Exception:  # BeamIOError: a bad bucket, a path we may not list...
            out[pattern] = []
            continue
        matched = [m.path for r in results for m in r.metadata_list]
        matched += [m.path for m in unlisted_local(pattern)]
        out[pattern] = matched
    return out
