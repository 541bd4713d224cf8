"""Every parser and every regular expression that reads input text runs in linear time.

Each function is fed adversarial text of each family (runs of comments, unclosed tags,
deep brackets, repeated date words, separators...) at two sizes, 10x apart, and the
larger may cost at most ``MAX_RATIO`` times the smaller: a growth ratio measured in one
test, not a wall-clock limit. A quadratic path costs ~100x, an exponential one never
returns; each measurement has an alarm (``HANG_SECONDS``) so that it fails instead.

The sizes stay under ``max_article_chars`` (1 M): what a single article may cost is
bounded by that size and by this linearity (see docs/dead_letters.md, "Cost bounds").
"""

from __future__ import annotations

import datetime as dt
import gc
import signal
import time
from collections.abc import Callable

import pytest

from akhbar.dateline import find_byline_dateline, find_dateline
from akhbar.dates import extract_dates
from akhbar.encoding import decode_bytes, skeleton
from akhbar.formats import ReadOptions, parse_bytes
from akhbar.formats.detect import detect_format
from akhbar.ner import text as ner_text
from akhbar.normalize import normalize, split_sentences, tokenize
from akhbar.published import find_date, parse_date

pytestmark = pytest.mark.slow

MAX_RATIO = 15
HANG_SECONDS = 20
SMALL = 4_000  # characters of the smaller input (the larger has 10x)

# Adversarial families: a unit repeated, sometimes after a prefix that selects a format.
MARKUP = {
    "comments": ("", "<!--a-->"),  # the TREC detection regex was exponential on these
    "unclosed_tags": ("<DOC>\n", "<A>x\n"),  # a close tag searched from every open tag
    "docs": ("", "<DOC>\n"),
    "doc_without_gt": ("", "<DOC "),
    "tag_without_gt": ("<DOC>", "<A "),
    "deep_brackets": ("", "["),
    "objects": ("", '{"a":'),
    "strings": ("[", '"\\"\\\\'),
    "lines": ("", "عمان: \n"),
    "blank_lines": ("", "\r\n"),
}
TEXT = {
    "alef_lam": ("", "ال"),
    "spaces": ("", " "),
    "digits": ("", "1"),
    "slashes": ("", "1/"),
    "digit_space": ("", "1 "),
    "dots": ("", "."),
    "dashes": ("", "-"),
    "dateline_like": ("", "عمان - "),
    "colons": ("", "عمان: "),
    "day_words": ("", "يوم "),
    "year_words": ("", "عام "),
    "clock_words": ("", "الساعة "),
    "number_words": ("", "ثلاثة و"),
    "dates": ("", "12 مايو "),
    "tatweel": ("ب", "ـ"),
    "diacritics": ("ب", "\u064e"),
    "bidi_marks": ("", "\u200f"),
    "newlines": ("", "\n"),
    "entities": ("", "&nbsp;"),
}


def _text(family: tuple[str, str], chars: int) -> str:
    prefix, unit = family
    return prefix + unit * max(1, (chars - len(prefix)) // len(unit)) + "\nنص"


def _parse(fmt: str) -> Callable[[str], object]:
    options = ReadOptions(format=fmt)
    return lambda text: list(parse_bytes("x", text.encode("utf-8"), options))


FORMAT_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "detect": lambda text: detect_format(text, "x.txt"),
    **{f"parse_{fmt}": _parse(fmt) for fmt in ("auto", "plain", "trec", "json", "jsonl")},
}
TEXT_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "parse_plain": _parse("plain"),
    "decode_bytes": lambda text: decode_bytes(text.encode("utf-8")),
    "skeleton": skeleton,
    "find_dateline": find_dateline,
    "find_byline_dateline": find_byline_dateline,
    "find_date": lambda text: find_date(text, None),
    "parse_date": parse_date,
    "normalize": lambda text: normalize(text, "aggressive"),
    "tokenize": tokenize,
    "split_sentences": split_sentences,
    "ner_sentences": lambda text: ner_text.sentences(ner_text.tokenize(text), text),
    "dates": lambda text: extract_dates(text, dt.date(2020, 1, 1)),
}
CASES = ([(f, fam) for f in FORMAT_FUNCTIONS for fam in MARKUP]
         + [(f, fam) for f in TEXT_FUNCTIONS for fam in TEXT])


class Hung(BaseException):
    """The alarm: a BaseException, so that no ``except Exception`` of a parser (which
    turns every failure into a dead letter) can swallow it."""


def _alarm(*_args) -> None:
    raise Hung


def _best(fn: Callable[[str], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        fn(text)
        best = min(best, time.process_time() - started)
    return best


def growth(fn: Callable[[str], object], family: tuple[str, str],
           small_chars: int = SMALL, factor: int = 10) -> tuple[float, float]:
    """(CPU seconds for the small input, ratio large/small): best of a few runs each, in
    this process's CPU time (the machine is shared: wall time would measure the others),
    without the garbage collector (its passes come in steps, not in proportion)."""
    small_text, large_text = _text(family, small_chars), _text(family, factor * small_chars)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    gc.disable()
    try:
        _best(fn, large_text, 1)  # warm: caches, lazy imports, the allocator's arenas
        # Interleaved, so that a burst of load from other processes (which slows this
        # one's CPU time too, through shared cores and caches) falls on both sizes.
        small = large = float("inf")
        for _ in range(3):
            small = min(small, _best(fn, small_text, 3))
            large = min(large, _best(fn, large_text, 1))
    finally:
        gc.enable()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return small, large / max(small, 1e-5)


@pytest.mark.parametrize("function, family", CASES)
def test_cost_grows_linearly_with_the_input(function, family):
    fn = {**FORMAT_FUNCTIONS, **TEXT_FUNCTIONS}[function]
    spec = {**MARKUP, **TEXT}[family]
    try:
        small, ratio = growth(fn, spec)
        if ratio > MAX_RATIO:
            # A shared machine can push one 10x measurement past the bound (15-17x seen
            # for linear functions from 1-2 ms baselines at load 5). Confirm over two
            # decades: the input 100x, the growth per decade its square root. Noise of
            # the same size shrinks to its square root; a quadratic path still costs
            # ~100x per decade and an exponential one never returns.
            small, ratio100 = growth(fn, spec, factor=100)
            ratio = ratio100 ** 0.5
    except Hung:
        pytest.fail(f"{function} on {family}: no answer within {HANG_SECONDS} s")
    assert ratio <= MAX_RATIO, f"{function} on {family}: cost grows {ratio:.1f}x per 10x of the input " \
                               f"({small * 1000:.1f} ms for the smaller)"
