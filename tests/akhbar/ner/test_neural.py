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


def test_numpy_crf_decoding_matches_brute_force():
    rng = np.random.default_rng(0)
    k = 3
    trans, start, end = rng.normal(size=(k, k)), rng.normal(size=k), rng.normal(size=k)
    em = rng.normal(size=(4, 4, k)) * 2
    lengths = np.array([2, 4, 1, 3])  # padded rows, in no particular order
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


def test_numpy_bilstm_equals_the_torch_tagger(neural):
    import torch

    rng = np.random.default_rng(1)
    lens = [9, 5, 5, 2, 1]  # longest first, as the recognizer batches them
    x = rng.normal(size=(sum(lens), neural.net.d_in)).astype(np.float32)
    got = neural.lstm.emissions(neural.lstm.project(x), lens)
    padded = torch.zeros(len(lens), max(lens), neural.net.d_in)
    pos = 0
    for j, n in enumerate(lens):
        padded[j, :n] = torch.from_numpy(x[pos:pos + n])
        pos += n
    with torch.inference_mode():
        want = neural.net.emissions(padded, torch.tensor(lens)).numpy()
    for j, n in enumerate(lens):
        assert np.allclose(got[j, :n], want[j, :n], atol=1e-4)


def test_find_many_equals_find_per_text(neural):
    texts = [("زيارة شيراك إلى القاهرة", "title"),
             ("", "lead"),
             ("زار الرئيس الفرنسي جاك شيراك القاهرة أمس . وقال شيراك إن فرنسا تدعم مصر .",
              "body")]
    many = neural.find_many(texts)
    assert many == [neural.find(text, field) for text, field in texts]
    assert [m.text for m in many[2]] and all(m.field == "body" for m in many[2])
