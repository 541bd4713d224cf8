"""Decode raw bytes of Arabic text reliably, and see through invisible characters.

``decode_bytes`` tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict
UTF-8, BOM-less UTF-16, and Windows-1256 (cp1256). A guess is only accepted when the
result is *plausibly* text (no binary control characters) and, for the 8-bit
fallback, plausibly Arabic. UTF-8 that is really Arabic mojibake (UTF-8 bytes that
were once decoded as cp1256 or latin-1 and re-encoded) is repaired. Anything else
raises ``UndecodableError``: never silent mojibake.

``skeleton`` gives a view of a text for structure detection: CRLF/CR -> LF, NBSP and
other spaces -> ' ', and what :mod:`akhbar.fold` deletes (combining marks, bidi and
zero-width characters, kashida) removed, with its map back to the offsets of the original
text. A tatweel at the start or after a space is a dash and stays.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from akhbar.fold import deletions, kept_positions, to_original, without

__all__ = [
    "Decoded",
    "UndecodableError",
    "arabic_plausibility",
    "decode_bytes",
    "skeleton",
    "Skeleton",
    "has_lone_surrogate",
    "replace_lone_surrogates",
]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than TAB, LF, VT, FF, CR (and ESC-free), plus DEL and C1 controls.
_BINARY_RE = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\x80-\x9f]")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_ARABIC_WORD_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]{2,}")
# Classic mojibake: UTF-8 Arabic read as cp1256 ("ط§ظ„") or as latin-1/cp1252 ("Ø§Ù„").
_MOJIBAKE_1256_RE = re.compile("[طظ][\u0080-\u00ff\u0600-\u06ff\u2000-\u206f\u0152-\u02dc]")
_MOJIBAKE_LATIN_RE = re.compile("[ØÙÚÛ][\u0080-\u00bf\u0152-\u02dc\u2013-\u203a]")

# Lone surrogates: Python strings may hold them (JSON ``\ud800`` escapes, surrogateescape),
# UTF-8 (and so Avro) cannot encode them.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

SAMPLE_CHARS = 200_000
# Scraped text carries the odd stray control character; binary data has many.
MAX_CONTROL_RATIO = 0.01


def has_lone_surrogate(value: object) -> bool:
    """True when a string in ``value`` (or in its nested dicts and lists) holds a lone
    surrogate. A record walk costs ~1/3 of trial-encoding the record."""
    kind = type(value)
    if kind is str:
        return not value.isascii() and _SURROGATE_RE.search(value) is not None
    if kind is dict:  # keys (map keys are strings too) and values
        return any(map(has_lone_surrogate, value)) or any(
            map(has_lone_surrogate, value.values()))
    if kind is list:
        return any(map(has_lone_surrogate, value))
    return False


def replace_lone_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` (a string, or nested dicts and lists: keys too) with lone surrogates
    replaced by U+FFFD, and how many were replaced."""
    if isinstance(value, str):
        return _SURROGATE_RE.subn("\ufffd", value)
    if isinstance(value, list):
        out, total = [], 0
        for item in value:
            item, n = replace_lone_surrogates(item)
            out.append(item)
            total += n
        return out, total
    if isinstance(value, dict):
        clean, total = {}, 0
        for key, item in value.items():
            key, n = replace_lone_surrogates(key)
            item, m = replace_lone_surrogates(item)
            clean[key] = item
            total += n + m
        return clean, total
    return value, 0


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can decide on."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec that produced it and how many bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0


def _binary_ratio(text: str) -> float:
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return 0.0
    return len(_BINARY_RE.findall(sample)) / len(sample)


def arabic_plausibility(text: str) -> tuple[bool, str]:
    """Is ``text`` plausibly real Arabic (not random bytes or mojibake)? With the reason."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER_RE.findall(sample))
    arabic = len(_ARABIC_LETTER_RE.findall(sample))
    if arabic < 4:
        return False, f"too few Arabic letters ({arabic})"
    if arabic / max(letters, 1) < 0.6:
        return False, f"Arabic letters are only {arabic}/{letters} of all letters"
    ta_za = sample.count("ط") + sample.count("ظ")
    if arabic >= 20 and ta_za / arabic > 0.15:
        return False, "looks like UTF-8 mojibake (too many ط/ظ)"
    words = _ARABIC_WORD_RE.findall(sample)
    if len(words) >= 12:
        common = sum(1 for w in words if any(c in w for c in "الينمو"))
        if common / len(words) < 0.8:
            return False, "letter distribution is not Arabic"
        if sum(1 for w in words if "ال" in w or "لا" in w) / len(words) < 0.04:
            return False, "no Arabic article/negation bigrams"
    return True, "ok"


def _repair_mojibake(text: str) -> tuple[str, str] | None:
    """Undo UTF-8 Arabic that was decoded as cp1256 or latin-1 and saved as UTF-8."""
    sample = text[:SAMPLE_CHARS]
    for pattern, codec in ((_MOJIBAKE_1256_RE, "cp1256"), (_MOJIBAKE_LATIN_RE, "cp1252")):
        hits = len(pattern.findall(sample))
        if hits < 3 or hits < len(sample) * 0.05:
            continue
        try:
            fixed = _encode_lenient(text, codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if arabic_plausibility(fixed)[0]:
            return fixed, f"utf-8 (repaired {codec} mojibake)"
    return None


def _encode_lenient(text: str, codec: str) -> bytes:
    """Encode with ``codec``; characters it lacks but latin-1 has pass as one byte."""
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        out = bytearray()
        for ch in text:
            try:
                out += ch.encode(codec)
            except UnicodeEncodeError:
                out += ch.encode("latin-1")  # raises for anything else
        return bytes(out)


def _utf16_without_bom(data: bytes) -> str | None:
    """BOM-less UTF-16: Arabic (0x06xx) or ASCII (0x00xx) high bytes on one parity."""
    if len(data) < 8 or len(data) % 2:
        return None
    sample = data[:SAMPLE_CHARS]
    even, odd = sample[0::2], sample[1::2]
    for high, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if sum(1 for b in high if b in (0x00, 0x06, 0x20)) / len(high) > 0.9:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _binary_ratio(text) <= MAX_CONTROL_RATIO and arabic_plausibility(text)[0]:
                return codec
    return None


def _check_text(text: str, codec: str) -> None:
    ratio = _binary_ratio(text)
    if ratio > MAX_CONTROL_RATIO:
        raise UndecodableError(f"{codec} decodes but contains binary control characters "
                               f"({ratio:.2%} of characters)")


def decode_bytes(data: bytes, encoding: str = "auto") -> Decoded:
    """Decode ``data`` (see the module doc). Raises ``UndecodableError`` with a reason."""
    if encoding and encoding != "auto":
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise UndecodableError(f"unknown encoding {encoding!r}") from exc
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UndecodableError(f"not valid {encoding}: {exc}") from exc
        if text.startswith("\ufeff"):
            text = text[1:]
        _check_text(text, encoding)
        return Decoded(text, encoding)

    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"{codec} byte-order mark but invalid {codec}: "
                                       f"{exc}") from exc
            _check_text(text, codec)
            return Decoded(text, codec)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error: UnicodeDecodeError | None = exc
    else:
        if "\x00" in text[:SAMPLE_CHARS]:
            codec = _utf16_without_bom(data)
            if codec:
                return Decoded(data.decode(codec), codec)
        repaired = _repair_mojibake(text)
        if repaired:
            _check_text(repaired[0], repaired[1])
            return Decoded(repaired[0], repaired[1])
        _check_text(text, "utf-8")
        return Decoded(text, "utf-8")

    codec = _utf16_without_bom(data)
    if codec:
        return Decoded(data.decode(codec), codec)

    text = data.decode("cp1256", errors="replace")
    ok, why = arabic_plausibility(text)
    if ok and "\ufffd" not in text and _binary_ratio(text) <= MAX_CONTROL_RATIO:
        return Decoded(text, "cp1256")

    # Valid UTF-8 with a handful of broken bytes (a truncated or damaged file): keep it,
    # with the damage counted, rather than lose every article in it.
    lenient = data.decode("utf-8", errors="replace")
    replaced = lenient.count("\ufffd")
    if replaced <= max(2, len(data) // 20_000) and _binary_ratio(lenient) <= MAX_CONTROL_RATIO:
        if arabic_plausibility(lenient)[0] or utf8_error.start > len(data) - 4:
            return Decoded(lenient, "utf-8", replaced)
    raise UndecodableError(f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                           f"and not plausible cp1256 Arabic ({why})")


# --- invisible characters -------------------------------------------------------------

_SPACE = frozenset("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                   "\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c")
_NEWLINE = frozenset("\n\u2028\u2029\x85")
_TATWEEL = "\u0640"
_ENTITY_RE = re.compile(r"&(?:nbsp|#160|#x[aA]0);")


@dataclass(frozen=True)
class Skeleton:
    """A matching view of a text and the offset map of :mod:`akhbar.fold` back to it."""

    text: str
    deleted: list[int] | None  # sorted original positions of the deleted characters
    original_length: int

    @property
    def offsets(self) -> tuple[int, ...]:
        """The original position of every character of :attr:`text`."""
        kept = kept_positions(self.original_length, self.deleted)
        return tuple(range(self.original_length) if kept is None else kept)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the skeleton span ``[start, end)``; the deleted
        characters right after it (kashida, marks) belong to it."""
        if start >= len(self.text):
            return self.original_length, self.original_length
        if end <= start:
            o_start = to_original(start, start + 1, self.deleted)[0]
            return o_start, o_start
        return to_original(start, min(end, len(self.text)), self.deleted)


# The one-for-one layout changes: spaces -> " ", line breaks (a lone CR too) -> LF.
_LAYOUT_CHAR = {**dict.fromkeys(_SPACE, " "), **dict.fromkeys(_NEWLINE, "\n")}
# Every character run ``skeleton`` changes besides what akhbar.fold deletes.
_LAYOUT_RE = re.compile(_ENTITY_RE.pattern + "|\r\n?|[" + re.escape("".join(sorted(
    _SPACE | (_NEWLINE - {"\n"})))) + "]")


def _kept_tatweels(src: str, deleted: list[int]) -> set[int]:
    """The tatweels that stay: one at the start or after a space or line break is a dash
    (``واس ـ خبر``), not kashida; a run of them keeps its first."""
    kept: set[int] = set()
    last = ""  # the last character kept before the current run of deletions
    prev = -2
    for i in deleted:
        if i != prev + 1:
            last = src[i - 1] if i else ""
        if src[i] == _TATWEEL and last in ("", " ", "\n"):
            kept.add(i)
            last = _TATWEEL
        prev = i
    return kept


def _layout(src: str) -> tuple[str, list[int]]:
    """``src`` with spaces and line breaks unified one for one and an ``&nbsp;`` entity's
    ``&`` made a space, and the positions to delete besides the marks: the LF of a CRLF
    and the rest of each entity."""
    parts: list[str] = []
    extra: list[int] = []
    pos = 0
    for m in _LAYOUT_RE.finditer(src):
        a, b = m.span()
        parts.append(src[pos:a])
        run = m.group()
        if run[0] in "&\r":
            parts.append(("\n" if run[0] == "\r" else " ") + run[1:])
            extra.extend(range(a + 1, b))
        else:
            parts.append(_LAYOUT_CHAR[run])
        pos = b
    parts.append(src[pos:])
    return "".join(parts), extra


def skeleton(text: str, limit: int | None = None) -> Skeleton:
    """A view of ``text[:limit]`` with invisible characters removed (see module doc).

    The deletions are :mod:`akhbar.fold`'s (marks, format characters, kashida) plus the
    LF of a CRLF and the rest of an ``&nbsp;`` entity; spans map back with
    :func:`akhbar.fold.to_original`, the one offset map of the code base.
    """
    src = text if limit is None else text[:limit]
    n = len(src)
    deleted = deletions(src)
    if _LAYOUT_RE.search(src) is not None:
        src, extra = _layout(src)
        if extra:
            deleted = sorted([*deleted, *extra])
    elif not deleted:
        return Skeleton(src, None, n)
    if deleted and _TATWEEL in src:
        keep = _kept_tatweels(src, deleted)
        if keep:
            deleted = [i for i in deleted if i not in keep]
    return Skeleton(without(src, deleted), deleted or None, n)
