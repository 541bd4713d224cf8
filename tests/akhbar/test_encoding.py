"""Encoding detection: BOMs, UTF-8, UTF-16, cp1256, mojibake, and undecidable input."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.encoding import UndecodableError, arabic_plausibility, decode_bytes, skeleton
from akhbar.formats import ReadOptions, parse_bytes
from tests.akhbar.formats.samples import BODY, plain_article

TEXT = plain_article()


@pytest.mark.parametrize("codec,label", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16-le"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("cp1256", "cp1256"),
    ("utf-32", "utf-32-le"),
])
def test_round_trip(codec, label):
    data = TEXT.encode(codec)  # utf-16-le/-be: no BOM, detected from the byte pattern
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.encoding == label


def _windows_decode(data: bytes, codec: str) -> str:
    """Decode like Windows tools do: bytes undefined in ``codec`` pass through."""
    out = []
    for b in data:
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


@pytest.mark.parametrize("wrong", ["cp1256", "cp1252", "latin-1"])
def test_utf8_mojibake_is_repaired(wrong):
    mojibake = _windows_decode(TEXT.encode("utf-8"), wrong).encode("utf-8")
    decoded = decode_bytes(mojibake)
    assert decoded.text == TEXT
    assert "repaired" in decoded.encoding


def test_cp1256_never_comes_out_as_mojibake():
    data = BODY.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_bytes(data).text == BODY


@pytest.mark.parametrize("data", [
    os.urandom(4000),
    bytes(random.Random(3).randrange(128, 256) for _ in range(3000)),
    "Texte français accentué: été, à côté, où.".encode("latin-1"),
    "Ελληνικά κείμενα εδώ".encode("iso-8859-7"),
])
def test_undecidable_input_raises(data):
    with pytest.raises(UndecodableError):
        decode_bytes(data)


def test_undecidable_file_is_dead_letter_with_reason():
    [dl] = list(parse_bytes("bin.txt", os.urandom(2000)))
    assert dl.reason == "undecodable" and dl.snippet_base64


def test_forced_encoding():
    assert decode_bytes(TEXT.encode("cp1256"), "cp1256").text == TEXT
    with pytest.raises(UndecodableError):
        decode_bytes(b"\xff\xfe\xfa invalid", "utf-8")
    [art] = list(parse_bytes("a.txt", TEXT.encode("cp1256"), ReadOptions(encoding="cp1256")))
    assert art.encoding == "cp1256"


def test_a_few_broken_bytes_are_replaced_and_counted():
    data = TEXT.encode("utf-8")
    cut = data.index(b" ", 500)
    damaged = data[:cut] + b"\xff" + data[cut:]
    [art] = list(parse_bytes("a.txt", damaged))
    assert art.metadata["encoding_errors"] == "1" and "\ufffd" in art.body


def test_binary_controls_rejected():
    with pytest.raises(UndecodableError):
        decode_bytes(("نص عربي" + "\x01\x02\x03" * 50).encode("utf-8"))


def test_plausibility_rejects_mojibake_and_accepts_arabic():
    assert arabic_plausibility(BODY)[0]
    assert not arabic_plausibility(BODY.encode("utf-8").decode("cp1256"))[0]


def test_skeleton_maps_offsets_back():
    text = "لنـــدن\u200f\u00a0-\r\nواس ـ خبر&nbsp;جديد"
    sk = skeleton(text)
    assert sk.text == "لندن -\nواس ـ خبر جديد"
    start = sk.text.index("واس")
    assert text[slice(*sk.span(start, start + 3))] == "واس"
    assert text[slice(*sk.span(0, 4))] == "لنـــدن\u200f"  # trailing marks stay inside


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ةىءأإآ،.\n"),
               min_size=40, max_size=400))
def test_cp1256_and_utf16_round_trip_property(text):
    # Arabic-looking text written in any supported encoding decodes back exactly,
    # or is refused; it never decodes to something else.
    for codec in ("utf-8", "utf-16", "cp1256"):
        try:
            decoded = decode_bytes(text.encode(codec))
        except UndecodableError:
            continue
        assert decoded.text == text


def _skeleton_reference(text: str, limit: int | None = None):
    """The character-by-character definition of ``skeleton``."""
    from akhbar.encoding import _ENTITY_RE, _NEWLINE, _SPACE, _TATWEEL
    from akhbar.fold import is_deletable

    src = text if limit is None else text[:limit]
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        if ch == "&":
            m = _ENTITY_RE.match(src, i)
            if m:
                out.append(" ")
                offsets.append(i)
                i = m.end()
                continue
        if ch == _TATWEEL:
            if not out or out[-1] in " \n":  # a dash, not kashida
                out.append(ch)
                offsets.append(i)
        elif is_deletable(ch):
            pass
        elif ch == "\r":
            out.append("\n")
            offsets.append(i)
            if i + 1 < n and src[i + 1] == "\n":
                i += 1
        elif ch in _NEWLINE:
            out.append("\n")
            offsets.append(i)
        elif ch in _SPACE:
            out.append(" ")
            offsets.append(i)
        else:
            out.append(ch)
            offsets.append(i)
        i += 1
    return "".join(out), tuple(offsets), len(src)


def test_skeleton_equals_its_character_by_character_definition():
    import random

    from akhbar.encoding import _NEWLINE, _SPACE

    rng = random.Random(7)
    pieces = (["&nbsp;", "&#160;", "&#xA0;", "&#xa0;", "&amp;", "&", "&nbsp", "\r\n", "\r",
               "\n", " ", "\u0640", "\u0640\u0640", "كتب", "ـالرياض", "abc", "لندن -", ":"]
              + list("\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff\u00ad\u202a\u202e"
                     "\u2066\u2069\u064b\u064e\u0651\u0652\u0670\U0001d167")
              + sorted(_SPACE) + sorted(_NEWLINE))
    cases = ["", "&", "\u0640", "\r", "\r\n", "نص عادي بلا علامات", "&nbsp;&nbsp;"]
    cases += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
              for _ in range(3000)]
    for text in cases:
        for limit in (None, 0, 1, 5, 17, 240):
            sk = skeleton(text, limit)
            ref_text, offsets, n = _skeleton_reference(text, limit)
            assert (sk.text, sk.offsets, sk.original_length) == (ref_text, offsets, n)
            for a in range(0, len(ref_text) + 1, 3):
                for b in (a, a + 1, a + 4, len(ref_text)):
                    # a span ends where the next kept character starts
                    want = (n, n) if a >= len(ref_text) else (
                        offsets[a], offsets[a] if b <= a else
                        offsets[b] if b < len(ref_text) else n)
                    assert sk.span(a, b) == want, (text, limit, a, b)
