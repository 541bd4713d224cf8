"""Silver training data for the fast tagger (distillation): sentences of unlabelled news,
tagged by the accurate model (or an ensemble of its seeds), kept when the teacher is
confident.

* ``sample_sentences``: a seeded, uniform sample of distinct sentences, tokenized and split
  as ``find`` does (``text.tokenize``/``text.sentences``), so the student learns on the
  token stream it will see. Each sentence gets a keyed hash; the sample is the sentences
  with the smallest keys (bottom-k), in key order, so any prefix of it is itself a uniform
  sample and a larger sample extends a smaller one.
* ``teacher_marginals``: per-token posterior tag probabilities averaged over the teacher
  models (``teacher_contexts``: one e5 pass shared by all that read the same e5 features).
* ``decode``/``confidence``: the best BIO-valid tag sequence under the averaged marginals
  and the lowest marginal of its tags (the silver filter).
* ``MANIFEST``/``chunk_file``: the names of the files of a silver folder
  (``scripts/ner_silver.py`` writes them, ``scripts/train_ner.py --silver`` reads them).
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import re
from collections.abc import Iterable, Sequence
from typing import Any

from akhbar.ner.neural import TAGS, allowed, np_viterbi
from akhbar.ner.text import sentences, tokenize

_ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
MANIFEST = "manifest.json"


def chunk_file(j: int) -> str:
    """The name of the ``j``-th chunk of tagged sentences in a silver folder."""
    return f"chunk_{j:04d}.jsonl.gz"


def sentence_key(words: Sequence[str], seed: int) -> int:
    """A 64-bit hash of the sentence keyed by ``seed`` (the sample's random order)."""
    h = hashlib.blake2b("\t".join(words).encode("utf-8"), digest_size=8,
                        key=str(seed).encode("ascii"))
    return int.from_bytes(h.digest(), "big")


def sample_sentences(texts: Iterable[str], n_tokens: int, seed: int, min_len: int = 5,
                     max_len: int = 80) -> list[list[str]]:
    """Distinct sentences of ``texts`` with ``min_len``..``max_len`` tokens and some Arabic,
    the ones with the smallest ``sentence_key`` that together hold at least ``n_tokens``
    tokens (fewer if the texts run out), in key order."""
    heap: list[tuple[int, list[str]]] = []  # (-key, words): the largest key on top
    keys: set[int] = set()
    total = 0
    for text in texts:
        for sent in sentences(tokenize(text), text):
            if not min_len <= len(sent) <= max_len:
                continue
            words = [t[0] for t in sent]
            if not any(_ARABIC_RE.search(w) for w in words):
                continue
            key = sentence_key(words, seed)
            if key in keys or (total >= n_tokens and key > -heap[0][0]):
                continue
            heapq.heappush(heap, (-key, words))
            keys.add(key)
            total += len(words)
            while total - len(heap[0][1]) >= n_tokens:
                k, w = heapq.heappop(heap)
                keys.discard(-k)
                total -= len(w)
    return [w for _, w in sorted(heap, reverse=True)]


def teacher_contexts(teachers: Sequence, sents: list[list[str]]) -> list:
    """Each teacher's e5 features of ``sents`` (``None`` for a model without them),
    computed once per distinct (layers, pooling, fine-tuned layers): teachers that read
    the same e5 layers the same way share one e5 pass."""
    shared: dict[tuple, list] = {}
    out = []
    for t in teachers:
        if not hasattr(t, "context"):
            out.append(None)
            continue
        cfg = t.net.c
        key = (tuple(cfg.get("e5_layers", ())), cfg.get("e5_pool", "first"),
               cfg.get("e5_finetune", 0), id(t) if cfg.get("e5_finetune") else 0)
        if key not in shared:
            shared[key] = t.context(sents)
        out.append(shared[key])
    return out


def mean_per_sentence(members: Sequence[Iterable[tuple[int, Any]]], n: int) -> list:
    """Per sentence ``0..n-1``, the mean over ``members`` of the arrays they give it as
    ``(sentence index, array or None)`` pairs (``None`` where none gives one)."""
    total: list = [None] * n
    for parts in members:
        for i, m in parts:
            if m is not None:
                total[i] = m if total[i] is None else total[i] + m
    return [None if m is None else m / len(members) for m in total]


def teacher_marginals(teachers: Sequence, sents: list[list[str]],
                      ctxs: list | None = None) -> list:
    """Average of the teachers' ``marginals`` per sentence (``(n, len(TAGS))`` arrays).
    ``ctxs``: the teachers' ``teacher_contexts`` of ``sents`` if already computed."""
    if ctxs is None:
        ctxs = teacher_contexts(teachers, sents)
    return mean_per_sentence([enumerate(t.marginals(sents, ctx))
                              for t, ctx in zip(teachers, ctxs, strict=True)], len(sents))


@functools.cache
def _bio_constraints() -> tuple:
    """``np_viterbi``'s (transitions, start, end) that allow exactly the BIO-valid
    sequences (``neural.allowed``; no ``I-`` first), built once, read-only."""
    import numpy as np

    trans = np.array([[0.0 if allowed(a, b) else -np.inf for b in TAGS] for a in TAGS])
    start = np.array([-np.inf if t.startswith("I-") else 0.0 for t in TAGS])
    end = np.zeros(len(TAGS))
    for a in (trans, start, end):
        a.flags.writeable = False
    return trans, start, end


def decode(marg) -> list[str]:
    """The BIO-valid tag sequence with the largest product of ``marg``'s token
    probabilities (``I-X`` only after ``B-X``/``I-X``; not first): the tagger's Viterbi
    (``np_viterbi``) over log probabilities, with only the BIO constraints as transitions."""
    import numpy as np

    lp = np.log(np.maximum(np.asarray(marg, dtype=np.float64), 1e-12))
    path = np_viterbi(lp[None], np.array([len(lp)]), *_bio_constraints())[0]
    return [TAGS[i] for i in path]


def confidence(marg, tags: Sequence[str]) -> float:
    """The lowest probability ``marg`` gives to one of ``tags`` (1.0 for no tokens)."""
    return min((float(marg[i][TAGS.index(t)]) for i, t in enumerate(tags)), default=1.0)


def silver_tags(teachers: Sequence, sents: list[list[str]], ctxs: list | None = None
                ) -> list[tuple[list[str], float]]:
    """``(tags, confidence)`` per sentence: ``decode`` of ``teacher_marginals``, then the
    first teacher's span clean-up (``cleanup.tidy``, as its ``find`` applies); the
    confidence is that of the decoded tags, before the clean-up. ``ctxs``: the teachers'
    ``teacher_contexts`` of ``sents`` if already computed."""
    from akhbar.ner.cleanup import tidy_spans

    out = []
    for words, m in zip(sents, teacher_marginals(teachers, sents, ctxs), strict=True):
        if m is None:
            out.append(([], 1.0))
            continue
        tags = decode(m)
        conf = confidence(m, tags)
        out.append((tidy_spans(teachers[0].features, words, tags)[0], conf))
    return out
