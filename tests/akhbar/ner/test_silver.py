"""Silver data for distillation (``akhbar.ner.silver``): the sentence sample, the decoding
of the teachers' averaged marginals and the confidence filter."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.ner.neural import TAGS, allowed
from akhbar.ner.silver import (
    confidence,
    decode,
    sample_sentences,
    sentence_key,
    teacher_marginals,
)
from akhbar.ner.text import sentences, tokenize

WORDS = ["زار", "الرئيس", "شيراك", "القاهرة", "وقال", "إن", "شركة", "أرامكو", "في", "جدة",
         "Paris", "2015", "،", "\"", "(", ")", "."]

texts_st = st.lists(
    st.lists(st.sampled_from(WORDS + ["\n", "\n\n"]), min_size=0, max_size=60)
    .map(" ".join), min_size=0, max_size=8)


def _all_sentences(texts, min_len, max_len):
    out = []
    for text in texts:
        for s in sentences(tokenize(text), text):
            words = [t[0] for t in s]
            if min_len <= len(words) <= max_len and any(
                    "\u0600" <= c <= "\u06ff" for w in words for c in w):
                out.append(words)
    return out


@settings(max_examples=60, deadline=None)
@given(texts_st, st.integers(1, 200), st.integers(0, 3))
def test_sample_is_the_bottom_k_of_distinct_tokenized_sentences(texts, n, seed):
    """Each sampled sentence is a sentence of ``find``'s tokenizer/splitter (tokens
    unchanged), distinct, in key order; together they reach ``n`` tokens, and without
    the last one they would not (or the texts ran out)."""
    sample = sample_sentences(texts, n, seed, min_len=2, max_len=30)
    pool = _all_sentences(texts, 2, 30)
    distinct = {tuple(s) for s in pool}
    assert all(tuple(s) in distinct for s in sample)
    assert len({tuple(s) for s in sample}) == len(sample)
    keys = [sentence_key(s, seed) for s in sample]
    assert keys == sorted(keys)
    total = sum(map(len, sample))
    if len(sample) < len(distinct):
        assert total >= n and total - len(sample[-1]) < n
        # nothing left out has a smaller key than the last one taken
        rest = distinct - {tuple(s) for s in sample}
        assert min(sentence_key(list(s), seed) for s in rest) > keys[-1]
    else:
        assert total == sum(len(s) for s in distinct)


@settings(max_examples=30, deadline=None)
@given(texts_st, st.integers(1, 100), st.integers(1, 100))
def test_a_smaller_sample_is_a_prefix_of_a_larger_one(texts, a, b):
    small, large = sorted((a, b))
    s1 = sample_sentences(texts, small, 7, min_len=2)
    s2 = sample_sentences(texts, large, 7, min_len=2)
    assert s2[:len(s1)] == s1


def test_the_seed_changes_the_sample_and_the_same_seed_repeats_it():
    texts = [" ".join(WORDS[i:i + 4] + ["."]) for i in range(12)] * 2
    a = sample_sentences(texts, 20, 1, min_len=3)
    assert a == sample_sentences(list(texts), 20, 1, min_len=3)
    assert a != sample_sentences(texts, 20, 2, min_len=3)


def _brute(marg):
    best, best_s = None, -np.inf
    for seq in itertools.product(range(len(TAGS)), repeat=len(marg)):
        tags = [TAGS[i] for i in seq]
        if not all(allowed(p, c) for p, c in zip(["O"] + tags, tags, strict=False)):
            continue
        s = sum(np.log(marg[i][k]) for i, k in enumerate(seq))
        if s > best_s:
            best, best_s = tags, s
    return best


marg_st = st.integers(1, 3).flatmap(lambda n: st.lists(
    st.lists(st.floats(0.01, 1.0), min_size=len(TAGS), max_size=len(TAGS)),
    min_size=n, max_size=n)).map(lambda m: (np.array(m) / np.array(m).sum(1, keepdims=True)))


@settings(max_examples=60, deadline=None)
@given(marg_st)
def test_decode_is_the_best_valid_sequence(marg):
    tags = decode(marg)
    assert all(allowed(p, c) for p, c in zip(["O"] + tags, tags, strict=False))
    want = _brute(marg)
    score = sum(np.log(marg[i][TAGS.index(t)]) for i, t in enumerate(tags))
    assert score == pytest.approx(sum(np.log(marg[i][TAGS.index(t)])
                                      for i, t in enumerate(want)))


def test_decode_repairs_an_invalid_argmax_and_confidence_is_its_weakest_tag():
    m = np.full((3, len(TAGS)), 0.01)
    m[0, TAGS.index("O")] = 0.6  # argmax: O I-PERS I-PERS (invalid)
    m[0, TAGS.index("B-PERS")] = 0.3
    m[1, TAGS.index("I-PERS")] = 0.9
    m[2, TAGS.index("I-PERS")] = 0.8
    m /= m.sum(1, keepdims=True)
    tags = decode(m)
    assert tags == ["B-PERS", "I-PERS", "I-PERS"]
    assert confidence(m, tags) == pytest.approx(m[0, TAGS.index("B-PERS")])
    assert confidence(m, ["O", "O", "O"]) == pytest.approx(m[1, TAGS.index("O")])


class _Teacher:
    """A stand-in accurate model: fixed marginals, counts its e5 passes."""

    def __init__(self, table, layers=(4, 8, 12)):
        self.table, self.calls = table, []
        self.net = type("Net", (), {"c": {"e5_layers": list(layers), "e5_pool": "mean"}})()

    def context(self, sents):
        self.calls.append(len(sents))
        return [np.full((len(s), 2), len(s)) for s in sents]

    def marginals(self, sents, ctx=None):
        assert ctx is not None and [len(c) for c in ctx] == [len(s) for s in sents]
        return [None if not s else np.tile(self.table, (len(s), 1)) for s in sents]


def test_teacher_marginals_average_and_share_one_e5_pass():
    k = len(TAGS)
    a, b = np.eye(k)[0], np.eye(k)[1]
    t1, t2, t3 = _Teacher(a), _Teacher(b), _Teacher(b, layers=(12,))
    sents = [["زار", "شيراك"], [], ["جدة"]]
    got = teacher_marginals([t1, t2, t3], sents)
    assert got[1] is None
    assert np.allclose(got[0], np.tile((a + 2 * b) / 3, (2, 1)))
    assert (t1.calls, t2.calls, t3.calls) == ([3], [], [3])
