"""Refresh state: input fingerprints, the plan (new / changed / deleted), run manifests and
the commit protocol of ``akhbar refresh``. Works on any Beam filesystem (local, ``gs://``).

Layout under the output prefix::

    PREFIX/dt=YYYY-MM-DD/run=<seq>-<hex>/   a committed partition (has _SUCCESS)
        articles-*.avro, dead_letter-*.avro, summary.json, _MANIFEST.json, _SUCCESS
    PREFIX/_staging/run=<seq>-<hex>/        a run in flight (never read by consumers)
    PREFIX/_state/state.json                checkpoint: what the committed runs consumed

The commit point of a run is its partition's ``_SUCCESS`` (on local disk: the atomic
rename of the staged directory, which already holds ``_SUCCESS``). ``state.json`` is a
checkpoint folded from the committed run manifests; a run committed but not yet folded
(a crash between the two) is folded in by the next refresh.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from pipeline.config import ConfigError
from pipeline.outputs import inside_output
from pipeline.summary import mask_secrets

log = logging.getLogger("akhbar.refresh")

STATE_FORMAT = 1
SUCCESS = "_SUCCESS"
MANIFEST = "_MANIFEST.json"
STAGING_DIR = "_staging"
STATE_DIR = "_state"
STATE_FILE = "state.json"
_RUN_DIR = re.compile(r"/dt=(\d{4}-\d{2}-\d{2})/run=(\d{6})-([0-9a-f]+)/$")
_RUN_PREFIX = re.compile(r"^(.*/dt=\d{4}-\d{2}-\d{2}/run=\d{6}-[0-9a-f]+)/")
_DT_DIR = re.compile(r"dt=\d{4}-\d{2}-\d{2}")
_RUN_NAME = re.compile(r"run=\d{6}-[0-9a-f]+")
_CHUNK = 1 << 20


class ConcurrentRefresh(RuntimeError):
    """Another refresh committed to the same prefix while this one ran."""


class RefreshLocked(FileExistsError):
    """Another refresh holds the lock of this prefix."""


def join(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *parts])


def is_local(path: str) -> bool:
    return FileSystems.get_scheme(path) in (None, "file")


def _local(path: str) -> str:
    return path[len("file://"):] if path.startswith("file://") else path


# ---------------------------------------------------------------- inputs


@dataclass
class FileEntry:
    """One input file as the refresh sees it: identity is ``uri`` + ``size`` + ``checksum``.

    ``mtime`` is only a cache key: when size and mtime match the state, the recorded
    checksum is reused instead of reading the file again."""

    uri: str
    size: int
    checksum: str
    mtime: float


def content_checksum(path: str) -> str:
    """``crc32c:<hex>`` from object metadata on GCS (no download); ``sha256:<hex>`` of the
    raw bytes (never decompressed) elsewhere."""
    if path.startswith("gs://"):
        value = FileSystems.checksum(path)
        try:  # the JSON API gives base64; show hex like gsutil -L
            value = binascii.hexlify(base64.b64decode(value, validate=True)).decode()
        except (binascii.Error, ValueError):
            pass
        return f"crc32c:{value}"
    digest = hashlib.sha256()
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return f"sha256:{digest.hexdigest()}"


def list_inputs(patterns: Sequence[str], known: Mapping[str, Mapping[str, Any]],
                exclude_prefix: str | None = None, rehash: bool = False) -> dict[str, FileEntry]:
    """Every file the patterns match now, with its fingerprint. ``known`` is the state's
    file table (its checksums are reused when size and mtime are unchanged)."""
    exclude = inside_output(exclude_prefix) if exclude_prefix else None
    found: dict[str, FileEntry] = {}
    missing = []
    for pattern in patterns:
        try:
            metas = [m for r in FileSystems.match([pattern]) for m in r.metadata_list]
        except Exception:  # BeamIOError: a bad bucket, a path we may not list
            metas = []
        if not metas:
            missing.append(pattern)
        for meta in metas:
            path = meta.path
            if path in found or path.endswith("/") or (exclude and exclude(path)):
                continue
            if is_local(path) and os.path.isdir(_local(path)):
                continue
            size, mtime = int(meta.size_in_bytes), float(meta.last_updated_in_seconds or 0.0)
            prev = known.get(path)
            if (not rehash and prev and prev["size"] == size and prev["mtime"] == mtime
                    and mtime):
                checksum = prev["checksum"]
            else:
                checksum = content_checksum(path)
            found[path] = FileEntry(path, size, checksum, mtime)
    if missing:
        # Never read "matches nothing" as "everything was deleted" (a typo, a listing error).
        raise ConfigError("no input files match: " + ", ".join(mask_secrets(m) for m in missing))
    return found


@dataclass
class Plan:
    """What a refresh would do, from the current inputs and the state."""

    new: list[FileEntry] = field(default_factory=list)
    changed: list[FileEntry] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def to_process(self) -> list[FileEntry]:
        return sorted(self.new + self.changed, key=lambda e: e.uri)

    @property
    def empty(self) -> bool:
        return not (self.new or self.changed or self.deleted)


def make_plan(current: Mapping[str, FileEntry], known: Mapping[str, Mapping[str, Any]]) -> Plan:
    plan = Plan()
    for uri in sorted(current):
        entry, prev = current[uri], known.get(uri)
        if prev is None:
            plan.new.append(entry)
        elif prev["size"] != entry.size or prev["checksum"] != entry.checksum:
            plan.changed.append(entry)
        else:
            plan.unchanged += 1
    plan.deleted = sorted(set(known) - set(current))
    return plan


# ---------------------------------------------------------------- small file helpers


def read_json(path: str) -> Any:
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        return json.loads(handle.read().decode("utf-8"))


def write_bytes(path: str, data: bytes, mime_type: str = "application/octet-stream") -> None:
    """Write a small file; on local disk atomically (temp file + rename, fsync'd)."""
    if is_local(path):
        local = _local(path)
        os.makedirs(os.path.dirname(local) or ".", exist_ok=True)
        tmp = f"{local}.tmp-{os.getpid()}"
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, local)
        return
    with FileSystems.create(path, mime_type=mime_type,
                            compression_type=CompressionTypes.UNCOMPRESSED) as handle:
        handle.write(data)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_bytes(data: Any) -> bytes:
    """Pretty UTF-8 JSON. A file name that is not valid UTF-8 reaches Python with its bad
    bytes as lone surrogates (``surrogateescape``), which UTF-8 cannot encode: those are
    written as ``\\udcXX`` escapes, so the file stays valid UTF-8 JSON and ``json.loads``
    gives the same name back (``os.fsencode`` of it: the original bytes)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.encode("utf-8")


def write_json(path: str, data: Any) -> None:
    write_bytes(path, json_bytes(data), "application/json")


def exists(path: str) -> bool:
    try:
        return FileSystems.exists(path)
    except Exception:
        return False


def list_files(prefix: str) -> list[tuple[str, int]]:
    """``(path, size)`` of every file under ``prefix`` (recursive)."""
    base = prefix.rstrip("/") + "/"
    if is_local(base):
        out = []
        for root, _dirs, files in os.walk(_local(base)):
            out += [(os.path.join(root, f), os.path.getsize(os.path.join(root, f)))
                    for f in files]
        return sorted(out)
    try:
        result = FileSystems.match([base + "**"])[0]
    except Exception:
        return []
    return sorted((m.path, m.size_in_bytes) for m in result.metadata_list)


def delete_tree(prefix: str) -> None:
    """Remove ``prefix`` and everything under it (missing is fine)."""
    if is_local(prefix):
        shutil.rmtree(_local(prefix), ignore_errors=True)
        return
    paths = [p for p, _ in list_files(prefix)]
    if paths:
        FileSystems.delete(paths)


def _fsync_dir(path: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------- state


@dataclass
class RunRef:
    seq: int
    run_id: str
    run_date: str

    def partition(self, prefix: str) -> str:
        return join(prefix, f"dt={self.run_date}", f"run={self.run_id}")


def new_run_id(seq: int) -> str:
    """``<6-digit sequence>-<8 random hex>``; the sequence orders runs, the random part
    keeps a retried run (same sequence) apart from the attempt that died."""
    return f"{seq:06d}-{os.urandom(4).hex()}"


def committed_runs(prefix: str) -> list[RunRef]:
    """Committed partitions (those with ``_SUCCESS``), in sequence order."""
    pattern = join(prefix, "dt=*", "run=*", SUCCESS)
    try:
        metas = FileSystems.match([pattern])[0].metadata_list
    except Exception:
        return []
    refs = []
    for meta in metas:
        m = _RUN_DIR.search(meta.path[: -len(SUCCESS)])
        if m:
            refs.append(RunRef(int(m.group(2)), f"{m.group(2)}-{m.group(3)}", m.group(1)))
    return sorted(refs, key=lambda r: (r.seq, r.run_id))


class State:
    """The checkpoint ``state.json``: the committed runs folded in and, per input URI,
    the fingerprint consumed and the run that holds its articles."""

    def __init__(self, prefix: str, path: str | None = None) -> None:
        self.prefix = prefix.rstrip("/")
        self.path = path or join(self.prefix, STATE_DIR, STATE_FILE)
        self.runs: list[dict[str, Any]] = []
        self.files: dict[str, dict[str, Any]] = {}
        self.config_hash: str | None = None

    @classmethod
    def load(cls, prefix: str, path: str | None = None) -> State:
        state = cls(prefix, path)
        if exists(state.path):
            data = read_json(state.path)
            if data.get("format") != STATE_FORMAT:
                raise ValueError(f"unsupported state format in {state.path}: "
                                 f"{data.get('format')!r}")
            state.runs = data["runs"]
            state.files = data["files"]
            state.config_hash = data.get("config_hash")
        return state

    @property
    def run_ids(self) -> set[str]:
        return {r["run_id"] for r in self.runs}

    @property
    def next_seq(self) -> int:
        return max((r["seq"] for r in self.runs), default=0) + 1

    def fold(self, manifest: Mapping[str, Any]) -> None:
        """Apply one committed run manifest."""
        run = manifest["run"]
        for item in manifest["inputs"]:
            self.files[item["uri"]] = {
                "size": item["size"], "checksum": item["checksum"], "mtime": item["mtime"],
                "run_id": run["run_id"], "run_date": run["run_date"],
                "articles": len(item["articles"]), "dead_letters": item["dead_letters"],
            }
        for item in manifest["deleted"]:
            self.files.pop(item["uri"], None)
        self.runs.append({"seq": run["seq"], "run_id": run["run_id"],
                          "run_date": run["run_date"]})
        self.config_hash = manifest["config_hash"]

    def recover(self) -> list[str]:
        """Fold in committed runs the checkpoint does not know yet (a refresh that died
        after its commit point). Returns their ids."""
        folded = []
        for ref in committed_runs(self.prefix):
            if ref.run_id in self.run_ids:
                continue
            self.fold(read_json(join(ref.partition(self.prefix), MANIFEST)))
            folded.append(ref.run_id)
        return folded

    def save(self) -> None:
        write_json(self.path, {
            "format": STATE_FORMAT, "prefix": mask_secrets(self.prefix),
            "config_hash": self.config_hash, "runs": self.runs, "files": self.files})

    def manifest_of(self, run_id: str, run_date: str) -> dict[str, Any]:
        return read_json(join(self.prefix, f"dt={run_date}", f"run={run_id}", MANIFEST))


# ---------------------------------------------------------------- orphans, lock, commit


def orphans(prefix: str, keep: Iterable[str] = ()) -> list[str]:
    """Staged runs and partitions without ``_SUCCESS`` (left by a refresh that died)."""
    keep = set(keep)
    found = []
    staging = join(prefix, STAGING_DIR)
    dirs: set[str] = set()
    if is_local(staging):
        if os.path.isdir(_local(staging)):
            dirs.update(join(staging, name) for name in os.listdir(_local(staging)))
    else:
        for path, _ in list_files(staging):
            rest = path[len(staging) + 1:]
            dirs.add(join(staging, rest.split("/", 1)[0]))
    for path, _ in _partition_files(prefix):
        m = _RUN_PREFIX.search(path)
        if m:
            dirs.add(m.group(1))
    for d in sorted(dirs):
        if any(d.endswith(f"run={k}") for k in keep):
            continue
        if d.startswith(staging) or not exists(join(d, SUCCESS)):
            found.append(d)
    return found


def shown(path: str) -> str:
    """A path for a log line or the terminal: secrets masked, and the bytes of a file name
    that is not valid UTF-8 as ``\\xNN`` (printing the lone surrogates would fail)."""
    if not path.isascii():
        path = os.fsencode(path).decode("utf-8", "backslashreplace")
    return mask_secrets(path)


def _ignored(path: str) -> None:
    log.warning("ignoring %s: not a partition (dt=YYYY-MM-DD/run=NNNNNN-hex)", shown(path))


def _partition_files(prefix: str) -> list[tuple[str, int]]:
    """Files (local disk: run directories) of well-formed partitions under ``prefix``;
    anything else named ``dt=…`` (a stray ``dt=README``) is logged and ignored."""
    if is_local(prefix):
        out = []
        base = _local(prefix)
        if os.path.isdir(base):
            for dt in sorted(os.listdir(base)):
                if not dt.startswith("dt="):
                    continue
                dt_path = os.path.join(base, dt)
                if not (_DT_DIR.fullmatch(dt) and os.path.isdir(dt_path)):
                    _ignored(dt_path)
                    continue
                for run in sorted(os.listdir(dt_path)):
                    run_path = os.path.join(dt_path, run)
                    if _RUN_NAME.fullmatch(run) and os.path.isdir(run_path):
                        out.append((run_path + "/", 0))
                    else:
                        _ignored(run_path)
        return out
    try:
        metas = FileSystems.match([join(prefix, "dt=**")])[0].metadata_list
    except Exception:
        return []
    out = []
    for meta in metas:
        if _RUN_PREFIX.search(meta.path):
            out.append((meta.path, meta.size_in_bytes))
        else:
            _ignored(meta.path)
    return out


@contextlib.contextmanager
def refresh_lock(prefix: str) -> Iterator[None]:
    """One refresh at a time per prefix. On local disk an exclusive ``flock`` (released by
    the kernel when the process dies); on object stores a no-op: the commit checks that no
    other run committed meanwhile (``ConcurrentRefresh``) and schedulers serialise runs."""
    if not is_local(prefix):
        yield
        return
    import fcntl

    lock_dir = os.path.join(_local(prefix), STATE_DIR)
    os.makedirs(lock_dir, exist_ok=True)
    with open(os.path.join(lock_dir, "lock"), "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RefreshLocked(
                f"another refresh is running on {prefix} (lock {handle.name})") from exc
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def commit(prefix: str, staging: str, ref: RunRef, manifest: Mapping[str, Any],
           known_runs: Iterable[str]) -> str:
    """Make the staged run visible as ``PREFIX/dt=…/run=…/``; returns the partition path.

    Local disk: ``_MANIFEST.json`` and ``_SUCCESS`` are written into the staged directory,
    which is then renamed into place (atomic). Object stores: the staged objects are
    copied, the copy is verified (names and sizes), then ``_MANIFEST.json`` and, last,
    ``_SUCCESS`` are written; the staging objects are deleted after."""
    final = ref.partition(prefix)
    others = {r.run_id for r in committed_runs(prefix)} - set(known_runs)
    if others:
        raise ConcurrentRefresh(
            f"another refresh committed {sorted(others)} to {mask_secrets(prefix)} while this "
            "one ran; nothing was committed, run refresh again")
    manifest_bytes = json_bytes(manifest)
    if is_local(prefix):
        src, dst = _local(staging), _local(final)
        write_bytes(join(staging, MANIFEST), manifest_bytes, "application/json")
        write_bytes(join(staging, SUCCESS), b"")
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.exists(dst):
            raise FileExistsError(f"partition {dst} exists already")
        os.rename(src, dst)
        _fsync_dir(os.path.dirname(dst))
        return final
    base = staging.rstrip("/") + "/"
    staged = [(p, size) for p, size in list_files(staging)  # skip Beam's temp leftovers
              if not any(part.startswith((".", "beam-temp-")) for part in p[len(base):].split("/"))]
    sources = [p for p, _ in staged]
    targets = [join(final, p[len(base):]) for p in sources]
    if sources:
        FileSystems.copy(sources, targets)
    copied = dict(list_files(final))
    missing = [t for (_, size), t in zip(staged, targets, strict=True) if copied.get(t) != size]
    if missing:
        raise OSError(f"commit copy incomplete: {len(missing)} objects missing or short, "
                      f"e.g. {mask_secrets(missing[0])}")
    write_bytes(join(final, MANIFEST), manifest_bytes, "application/json")
    write_bytes(join(final, SUCCESS), b"")
    delete_tree(staging)
    return final


def as_dict(entry: FileEntry) -> dict[str, Any]:
    return asdict(entry)
