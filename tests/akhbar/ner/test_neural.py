import itertools

import numpy as np
import pytest

from akhbar.ner.neural import TAGS, allowed, np_marginals, np_viterbi


def _brute(em, n, trans, start, end):
    """All tag sequences of length n: (best path, marginals)."""
    k = em.shape[1]
    scores = {}
    for seq in itertools.product(range(k), repeat=n):
        s = start[seq[0]] + em[0, seq[0]] + end[seq[-1]]
        s += sum(trans[a, b] + em[i + 1, b] for i, (a, b) in enumerate(zip(seq, seq[1:], strict=False)))
        scores[seq] = s
    best = max(scores, key=scores.get)
    z = np.logaddexp.reduce(list(scores.values()))
    marg = np.zeros((n, k))
    for seq, s in scores.items():
        for i, t in enumerate(seq):
            marg[i, t] += np.exp(s - z)
    return list(best), marg


@pytest.mark.parametrize("lengths", [[2, 4, 1, 3], [1], [4], [1, 1, 4]])
def test_numpy_crf_decoding_matches_brute_force(lengths):
    rng = np.random.default_rng(0)
    k = 3
    trans, start, end = rng.normal(size=(k, k)), rng.normal(size=k), rng.normal(size=k)
    em = rng.normal(size=(len(lengths), max(lengths), k)) * 2
    lengths = np.array(lengths)  # padded rows, in no particular order
    path = np_viterbi(em, lengths, trans, start, end)
    marg = np_marginals(em, lengths, trans, start, end)
    for b, n in enumerate(lengths):
        best, bm = _brute(em[b, :n], n, trans, start, end)
        assert path[b, :n].tolist() == best
        assert np.allclose(marg[b, :n], bm, atol=1e-9)


def test_bio_constraints():
    assert allowed("B-PERS", "I-PERS") and allowed("I-ORG", "I-ORG")
    assert not allowed("O", "I-LOC") and not allowed("B-PERS", "I-ORG")
    assert all(allowed(a, "O") and allowed(a, "B-MISC") for a in TAGS)


@pytest.fixture(scope="module")
def neural():
    from akhbar.ner import load_recognizer

    return load_recognizer("neural", scores=True)


def test_batched_equals_one_by_one_and_tags_are_valid_bio(neural):
    sents = [["زار", "الرئيس", "الفرنسي", "جاك", "شيراك", "القاهرة", "."],
             ["وقال", "شيراك", "."], ["."], []]
    batched = neural.tag_sentences(sents)
    assert batched == [neural.tag_tokens(s) for s in sents]
    assert batched[3] == []
    for tags in batched:
        assert all(t in TAGS for t in tags)
        assert all(allowed(a, b) for a, b in zip(["O"] + tags, tags, strict=False))


def test_scores_are_marginals(neural):
    ms = neural.find("زار الرئيس الفرنسي جاك شيراك القاهرة أمس .", "body")
    assert ms and all(0.0 < m.score <= 1.0 for m in ms)


@pytest.mark.parametrize("lens", [[9, 5, 5, 2, 1], [1], [6], [30, 1, 1], [4, 4, 4],
                                  [70] + [1] * 300])
def test_numpy_bilstm_equals_the_torch_tagger(neural, lens):
    """Packed batches (longest first) of very different lengths, one sentence, one token,
    and a batch larger than the recognizer's ``_BATCH``."""
    import torch

    rng = np.random.default_rng(1)
    x = rng.normal(size=(sum(lens), neural.net.d_in)).astype(np.float32)
    got = neural.lstm.emissions(neural.lstm.project(x), lens)
    padded = torch.zeros(len(lens), max(lens), neural.net.d_in)
    pos = 0
    for j, n in enumerate(lens):
        padded[j, :n] = torch.from_numpy(x[pos:pos + n])
        pos += n
    with torch.inference_mode():
        want = neural.net.emissions(padded, torch.tensor(lens)).numpy()
    assert got.shape == (len(lens), max(lens), len(TAGS))
    for j, n in enumerate(lens):
        assert np.allclose(got[j, :n], want[j, :n], atol=1e-4)


def test_numpy_bilstm_reads_rows_of_a_type_table(neural):
    """``rows``: each token's gate inputs are a row of a per-type table (repeated types)."""
    rng = np.random.default_rng(2)
    table = neural.lstm.project(rng.normal(size=(5, neural.net.d_in)).astype(np.float32))
    lens = [6, 3, 1]
    rows = rng.integers(0, 5, size=sum(lens))
    assert np.array_equal(neural.lstm.emissions(table, lens, rows),
                          neural.lstm.emissions(table[rows], lens))


def test_find_many_equals_find_per_text(neural):
    texts = [("زيارة شيراك إلى القاهرة", "title"),
             ("", "lead"),
             ("زار الرئيس الفرنسي جاك شيراك القاهرة أمس . وقال شيراك إن فرنسا تدعم مصر .",
              "body")]
    many = neural.find_many(texts)
    assert many == [neural.find(text, field) for text, field in texts]
    assert [m.text for m in many[2]] and all(m.field == "body" for m in many[2])


def test_numpy_embedder_equals_the_torch_tagger(neural):
    import torch

    words = ["شيراك", "والقاهرة", "،", "2005", "Paris", "x", "بالإضافة" * 4]
    enc = [neural.encoder.encode(w) for w in words]
    got = neural.embed(enc)
    chars = torch.zeros(len(enc), max(len(e[2]) for e in enc), dtype=torch.long)
    for j, e in enumerate(enc):
        chars[j, :len(e[2])] = torch.tensor(e[2])
    with torch.inference_mode():
        want = neural.net.encode_types(torch.tensor([e[0] for e in enc]),
                                       torch.tensor([e[1] for e in enc]), chars).numpy()
    assert np.allclose(got, want, atol=1e-5)


def test_a_full_type_table_gives_the_same_mentions(neural, monkeypatch):
    text = "زار الرئيس الفرنسي جاك شيراك القاهرة أمس . وقال شيراك إن فرنسا تدعم مصر ."
    want = neural.find(text, "body")
    monkeypatch.setattr(neural, "_rows", {})  # no type cached, and no room left
    monkeypatch.setattr(neural, "_used", len(neural._table))
    assert neural.find(text, "body") == want
    assert neural._rows == {}
