"""The neural recognizer: a small BiLSTM-CRF tagger (PyTorch, CPU) shipped in
``akhbar/ner/model/neural.pt``.

Each token is encoded from its word *type* only (so the encoding is computed once per type
and cached): a frozen distributional embedding of its clitic-free stem (PPMI + SVD on the
unlabeled corpora), a trainable embedding of the stem for words frequent in train.txt, the
three word-cluster ids, the gazetteer bits, the clitic prefix, shape and frequency bucket
(all from the same ``lexicon.tsv.gz`` as the CRF) and a character CNN over the folded word.
A one-layer BiLSTM reads the sentence and a linear-chain CRF (with BIO constraints) decodes.

The model is loaded once per worker (with torch) and shared across threads; inference
runs in numpy (``NumpyEmbedder``, ``NumpyBiLSTM``, ``np_viterbi``, ``np_marginals``, each
tested equal to the torch module) with no per-call mutable state except the per-type
caches (dicts and a table whose rows are published only once written; dict reads and
writes are atomic under the GIL) and each thread's work arrays (``Scratch``).
"""

from __future__ import annotations

import json
import math
import threading
from itertools import chain, compress, repeat
from pathlib import Path

from akhbar.article import Mention
from akhbar.ner.bio import spans
from akhbar.ner.cleanup import tidy_spans
from akhbar.ner.consistency import propagate
from akhbar.ner.features import FeatureExtractor, Lexicon, freq_level
from akhbar.ner.stopwords import clean_tags
from akhbar.ner.text import name_key, sentences, shape, strip_article, tokenize

MODEL_DIR = Path(__file__).with_name("model")
NEURAL_FILE = "neural.pt"
NEURAL_CARD = "neural.json"
LEXICON_FILE = "lexicon.tsv.gz"

TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
GAZ_LETTERS = "LOPClopc"
MAX_CHARS = 20
# Token types with cached integer inputs / LSTM input projections (~1 KB / 2 KB each). Once
# full, new types are computed but not kept: the first types seen are the frequent ones, and
# a worker's memory stays fixed however large the corpus.
_MAX_CACHE = 30_000
_MAX_VECTORS = 30_000
_BATCH = 256  # sentences per forward pass (the LSTM steps are shared by the batch)
_ONES = (1,) * MAX_CHARS  # the unknown-character id, as map() defaults
KEEP_SCRATCH = 32 << 20  # bytes: a larger work array is allocated for its call, not kept


class Scratch:
    """Grow-only work arrays, one buffer per name, reused from batch to batch.

    A batch of the tagger needs a few dozen arrays of 64 KiB to a few MiB. Allocated fresh,
    each is a mapping of its own where malloc maps large blocks (local workers: 64 KiB and
    up, ``pipeline.worker``): zeroed pages, a page fault every 4 KiB, ~0.9 ms of system CPU
    per article. Kept here, a buffer's pages are faulted in once. What is kept is bounded
    by the largest batch seen; an array over ``keep`` bytes is allocated for its call only
    (``keep=0``: nothing is kept, every array is fresh).

    An array from ``get`` is valid until the next ``get`` of the same name: one
    ``Scratch`` per thread, and results that outlive a call are copied out of it."""

    def __init__(self, keep: int = KEEP_SCRATCH) -> None:
        self.keep = keep
        self._bufs: dict = {}

    def get(self, name: str, shape: tuple, dtype: object = "float64", zero: bool = False):
        """An array of ``shape`` and ``dtype`` (zero-filled with ``zero``, else
        uninitialised) in the buffer of ``name``."""
        import numpy as np

        dtype = np.dtype(dtype)
        shape = tuple(int(d) for d in shape)
        size = math.prod(shape) * dtype.itemsize
        if not self.keep or size > self.keep:
            return (np.zeros if zero else np.empty)(shape, dtype)
        buf = self._bufs.get(name)
        if buf is None or buf.nbytes < size:  # grow by a quarter at least: few regrowths
            grown = 0 if buf is None else min(self.keep, buf.nbytes * 5 // 4)
            buf = self._bufs[name] = np.empty(max(size, grown), np.uint8)
        out = buf[:size].view(dtype).reshape(shape)
        if zero:
            out.fill(0)
        return out

    @property
    def nbytes(self) -> int:
        """Bytes kept."""
        return sum(b.nbytes for b in self._bufs.values())


_FRESH = Scratch(keep=0)


def allowed(prev: str, cur: str) -> bool:
    """BIO transition constraint: ``I-X`` only after ``B-X`` or ``I-X``."""
    if cur.startswith("I-"):
        return prev != "O" and prev[2:] == cur[2:]
    return True


def _torch():
    import torch

    return torch


def _limit_blas_threads(threads: int) -> None:
    """numpy's BLAS (the tagger's matrix products) to ``threads`` threads, like torch: on
    the tiny matrices of one article, extra threads only add synchronisation, and Beam's
    worker processes already use every core."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # scikit-learn (a camel-tools dependency) brings it
        return
    threadpool_limits(limits=threads, user_api="blas")


def build_module(cfg: dict):
    """The ``nn.Module`` for a config dict (sizes of vocabularies and layers)."""
    torch = _torch()
    nn = torch.nn

    class Tagger(nn.Module):
        def __init__(self, c: dict) -> None:
            super().__init__()
            self.c = c
            self.pre_emb = nn.Embedding(c["n_pretrained"], c["pretrained_dim"], padding_idx=0)
            self.pre_emb.weight.requires_grad_(False)
            self.word = nn.Embedding(c["n_words"], c["word_dim"], padding_idx=0)
            self.clus = nn.ModuleList(nn.Embedding(n, c["cluster_dim"], padding_idx=0)
                                      for n in c["n_clusters"])
            self.prefix = nn.Embedding(c["n_prefix"], 8, padding_idx=0)
            self.shape = nn.Embedding(c["n_shape"], 4, padding_idx=0)
            self.freq = nn.Embedding(6, 4, padding_idx=0)
            self.chars = nn.Embedding(c["n_chars"], c["char_dim"], padding_idx=0)
            self.conv = nn.Conv1d(c["char_dim"], c["char_filters"], 3, padding=1)
            self.n_gaz = len(c.get("gaz_letters", GAZ_LETTERS))
            d_in = (c["pretrained_dim"] + c["word_dim"] + c["cluster_dim"] * len(c["n_clusters"])
                    + 8 + 4 + 4 + self.n_gaz + c["char_filters"])
            self.d_in = d_in  # the per-type part of the LSTM input
            # optional per-token context features (the accurate model's e5 states),
            # projected linearly and appended to the type encoding
            self.ctx = nn.Linear(c["ctx_dim"], c["ctx_proj"]) if c.get("ctx_dim") else None
            self.drop = nn.Dropout(c["dropout"])
            # the projected context may need a lighter dropout than the type encoding
            # (training only: inference folds the projection into the LSTM weights)
            self.ctx_drop = nn.Dropout(c.get("ctx_dropout", c["dropout"]))
            self.lstm = nn.LSTM(d_in + (c["ctx_proj"] if self.ctx else 0), c["hidden"],
                                batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * c["hidden"], len(TAGS))
            k = len(TAGS)
            self.trans = nn.Parameter(torch.zeros(k, k))
            self.start = nn.Parameter(torch.zeros(k))
            self.end = nn.Parameter(torch.zeros(k))
            mask = torch.tensor([[0.0 if allowed(a, b) else -1e4 for b in TAGS] for a in TAGS])
            self.register_buffer("trans_mask", mask, persistent=False)
            self.register_buffer("start_mask", torch.tensor(
                [-1e4 if t.startswith("I-") else 0.0 for t in TAGS]), persistent=False)

        def encode_types(self, ints, gaz, chars):
            """Per-token input vectors. ``ints``: (N, 6+) long = pretrained id, word id,
            prefix, shape, freq, cluster ids...; ``gaz``: (N, 8) float; ``chars``: (N, C)."""
            parts = [self.pre_emb(ints[:, 0]), self.word(ints[:, 1]), self.prefix(ints[:, 2]),
                     self.shape(ints[:, 3]), self.freq(ints[:, 4])]
            parts += [e(ints[:, 5 + i]) for i, e in enumerate(self.clus)]
            parts.append(gaz)
            ch = self.chars(chars).transpose(1, 2)
            h = torch.relu(self.conv(ch))
            h = h.masked_fill((chars == 0).unsqueeze(1), 0.0).max(dim=2).values
            parts.append(h)
            return torch.cat(parts, dim=1)

        def emissions(self, x, lengths, ctx=None):
            """``x``: (B, T, d_in), ``ctx``: (B, T, ctx_dim) or None -> (B, T, K) tag
            scores."""
            x = self.drop(x)
            if self.ctx is not None:
                x = torch.cat([x, self.ctx_drop(self.ctx(ctx))], dim=2)
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True,
                                                       enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            return self.out(self.drop(h))

        def crf_params(self):
            return self.trans + self.trans_mask, self.start + self.start_mask, self.end

        def log_partition(self, em, mask):
            trans, start, end = self.crf_params()
            alpha = start + em[:, 0]
            for t in range(1, em.shape[1]):
                nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
                alpha = torch.where(mask[:, t:t + 1], nxt, alpha)
            return torch.logsumexp(alpha + end, dim=1)

        def gold_score(self, em, tags, mask):
            trans, start, end = self.crf_params()
            emit = em.gather(2, tags.unsqueeze(2)).squeeze(2)
            s = start[tags[:, 0]] + emit[:, 0]
            tr = trans[tags[:, :-1], tags[:, 1:]] + emit[:, 1:]
            s = s + (tr * mask[:, 1:]).sum(1)
            last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
            return s + end[last]

        def nll(self, em, tags, mask, weights=None):
            """The tag sequences' negative log-likelihood, summed; ``weights``: one per
            sentence (a silver sentence's loss weight), each sentence's term times it."""
            per = self.log_partition(em, mask) - self.gold_score(em, tags, mask)
            return (per if weights is None else weights * per).sum()

        def viterbi(self, em, lengths):
            trans, start, end = self.crf_params()
            b, n, _ = em.shape
            score = start + em[:, 0]
            back = []
            for t in range(1, n):
                cand = score.unsqueeze(2) + trans.unsqueeze(0)
                best, idx = cand.max(dim=1)
                nxt = best + em[:, t]
                live = (t < lengths).unsqueeze(1)
                score = torch.where(live, nxt, score)
                back.append(torch.where(live, idx, torch.arange(len(TAGS)).expand(b, -1)))
            score = score + end
            last = score.argmax(dim=1)
            path = [last]
            for idx in reversed(back):
                last = idx.gather(1, last.unsqueeze(1)).squeeze(1)
                path.append(last)
            path.reverse()
            return torch.stack(path, dim=1)

        def marginals(self, em, lengths):
            """(B, T, K) posterior tag probabilities (forward-backward)."""
            trans, start, end = self.crf_params()
            b, n, k = em.shape
            mask = torch.arange(n).unsqueeze(0) < lengths.unsqueeze(1)
            alphas = [start + em[:, 0]]
            for t in range(1, n):
                nxt = torch.logsumexp(alphas[-1].unsqueeze(2) + trans.unsqueeze(0), 1) + em[:, t]
                alphas.append(torch.where(mask[:, t:t + 1], nxt, alphas[-1]))
            betas = [None] * n
            beta = end.expand(b, k)
            for t in range(n - 1, -1, -1):
                # beta at position t: scores of the rest given tag at t (end if t is last)
                is_last = (lengths - 1 == t).unsqueeze(1)
                cur = torch.where(is_last, end.expand(b, k), beta)
                betas[t] = cur
                if t > 0:
                    beta = torch.logsumexp(trans.unsqueeze(0) + (em[:, t] + cur).unsqueeze(1), 2)
            a = torch.stack(alphas, 1)
            bt = torch.stack(betas, 1)
            z = torch.logsumexp(a[torch.arange(b), lengths - 1] + end, 1)
            return torch.exp(a + bt - z.view(b, 1, 1))

    return Tagger(cfg)


def _time_major(em, lengths, scratch: Scratch = _FRESH):
    """Rows sorted by length (longest first) and laid out (T, K, B): the rows still running
    at step ``t`` are a prefix ``[..., :live[t]]`` (no masking in the loops) and each tag's
    scores are one contiguous run, so that every per-step operation is a few long vector
    operations rather than many 9-wide ones. The result is a copy (in ``scratch``)."""
    import numpy as np

    em = np.asarray(em)
    lengths = np.asarray(lengths)
    order = np.argsort(-lengths, kind="stable")
    lens = lengths[order]
    b, n, k = em.shape
    live = (lens[None, :] > np.arange(n)[:, None]).sum(1)
    rows = scratch.get("sorted", (b, n, k), em.dtype)
    np.take(em, order, axis=0, out=rows, mode="clip")  # (valid indices: "clip" is unbuffered)
    out = scratch.get("time_major", (n, k, b), em.dtype)
    np.copyto(out, rows.transpose(1, 2, 0))
    return out, lens, live, order


def np_viterbi(em, lengths, trans, start, end, scratch: Scratch = _FRESH):
    """Batched Viterbi in numpy (small K: far less per-step overhead than torch).
    ``em``: (B, T, K); returns (B, T) int paths (positions past a length are junk; in
    ``scratch``, valid until its next use).

    The forward pass keeps every step's best scores; the backtrace recomputes the best
    predecessor of the chosen tag only (the first maximum, as ``argmax`` over all tags)."""
    import numpy as np

    e, lens, live, order = _time_major(em, lengths, scratch)
    n, k, b = e.shape
    score = scratch.get("score", (n, k, b), zero=True)
    score[0] = start[:, None] + e[0]
    tr = trans[:, :, None]  # (previous tag, tag, 1)
    step = scratch.get("step", (k, k, b))
    for t in range(1, n):
        m = live[t]
        cur = score[t, :, :m]
        both = step[:, :, :m]
        np.add(score[t - 1, :, None, :m], tr, out=both)
        np.max(both, axis=0, out=cur)
        cur += e[t, :, :m]
    last = np.maximum(lens - 1, 0)
    cur = (score[last, :, np.arange(b)] + end).argmax(1)
    path = scratch.get("path", (b, n), np.int64, zero=True)
    path[np.arange(b), last] = cur
    into = np.ascontiguousarray(trans.T)  # (tag, previous tag)
    for t in range(n - 1, 0, -1):
        m = live[t]
        cur[:m] = (score[t - 1, :, :m].T + into[cur[:m]]).argmax(1)
        path[:m, t - 1] = cur[:m]
    out = scratch.get("paths", (b, n), np.int64)
    out[order] = path
    return out


def np_marginals(em, lengths, trans, start, end, scratch: Scratch = _FRESH):
    """Batched forward-backward in probability space with per-step scaling (numpy).
    Returns (B, T, K) posterior tag probabilities (positions past a length are junk; in
    ``scratch``, valid until its next use)."""
    import numpy as np

    e, lens, live, order = _time_major(em, lengths, scratch)  # a copy: exp'd in place
    n, k, b = e.shape
    e -= e.max(1, keepdims=True)
    np.exp(e, out=e)
    tr = np.exp(trans)
    trt = np.ascontiguousarray(tr.T)
    alpha = scratch.get("alpha", (n, k, b), zero=True)
    a = np.exp(start - start.max())[:, None] * e[0]
    alpha[0] = a / a.sum(0)
    for t in range(1, n):
        m = live[t]
        nxt = trt @ alpha[t - 1, :, :m]
        nxt *= e[t, :, :m]
        np.divide(nxt, nxt.sum(0), out=alpha[t, :, :m])
    beta = scratch.get("beta", (n, k, b), zero=True)
    en = np.exp(end - end.max())
    bt = np.empty((k, b))
    for t in range(n - 1, -1, -1):
        m, m1 = live[t], (live[t + 1] if t + 1 < n else 0)
        if m1:
            nb = tr @ (e[t + 1, :, :m1] * bt[:, :m1])
            np.divide(nb, nb.sum(0), out=bt[:, :m1])
        bt[:, m1:m] = en[:, None]  # rows whose last position is t
        beta[t, :, :m] = bt[:, :m]
    p = np.multiply(alpha, beta, out=alpha)
    p /= np.maximum(p.sum(1, keepdims=True), 1e-300)
    out = scratch.get("marginals", (b, n, k))
    out[order] = p.transpose(2, 0, 1)
    return out


class NumpyBiLSTM:
    """Inference copy of the tagger's BiLSTM + output layer in numpy.

    Equal to ``Tagger.emissions`` in eval mode (float32 rounding aside) and several times
    faster on the small batches of one article: the input projection of both directions is
    a per-word-type vector (``project``; the caller caches it), and the sigmoid gates are
    computed with the same ``tanh`` call as the cell gate (``sigmoid(x) = (1 + tanh(x / 2))
    / 2``, the halving folded into the weights).

    The sentences are packed like torch's ``PackedSequence``: longest first, step ``t``
    runs the ``live[t]`` sentences longer than ``t``, and the *slots* of step ``t`` (one
    per running sentence) follow those of step ``t - 1``; in slot ``(t, j)`` the forward
    direction reads token ``t`` of sentence ``j`` and the backward one token
    ``len - 1 - t``. Within a step every array is gate-major, ``(gate, direction, row,
    H)``, so each gate is one contiguous block and the recurrent product is one batched
    ``matmul`` of ``H x H`` blocks.
    """

    def __init__(self, net) -> None:
        import numpy as np

        lstm, out = net.lstm, net.out
        if lstm.num_layers != 1 or not lstm.bidirectional:
            raise ValueError("NumpyBiLSTM needs a one-layer bidirectional LSTM")

        def arr(t):
            return t.detach().float().numpy().astype(np.float32)

        h = self.hidden = lstm.hidden_size
        # torch's gate order is i, f, g, o; here i, f, o, g (the sigmoids first), with the
        # sigmoid gates' rows halved
        order = np.r_[0:2 * h, 3 * h:4 * h, 2 * h:3 * h]
        half = np.full(4 * h, 0.5, dtype=np.float32)
        half[3 * h:] = 1.0

        def gates(w):
            return w[order] * (half[:, None] if w.ndim == 2 else half)

        w_ih = np.concatenate([gates(arr(lstm.weight_ih_l0)),
                               gates(arr(lstm.weight_ih_l0_reverse))])
        # (d_in, 8H): direction, gate, unit; the rows past ``net.d_in`` read the context
        # features of the accurate model (``w_ctx_t``), the others the type encoding
        self.w_ih_t = np.ascontiguousarray(w_ih.T[:net.d_in])
        self.w_ctx_t = np.ascontiguousarray(w_ih.T[net.d_in:])
        self.b = np.concatenate([gates(arr(lstm.bias_ih_l0) + arr(lstm.bias_hh_l0)),
                                 gates(arr(lstm.bias_ih_l0_reverse)
                                       + arr(lstm.bias_hh_l0_reverse))])
        w_hh = np.stack([gates(arr(lstm.weight_hh_l0)), gates(arr(lstm.weight_hh_l0_reverse))])
        # (gate, direction, H in, H out)
        self.w_hh = np.ascontiguousarray(w_hh.reshape(2, 4, h, h).transpose(1, 0, 3, 2))
        w_out = arr(out.weight)  # (K, 2H)
        self.w_out = np.ascontiguousarray(np.stack([w_out[:, :h].T, w_out[:, h:].T]))
        self.b_out = arr(out.bias)

    def project(self, x, scratch: Scratch = _FRESH):
        """(N, d_in) input vectors -> (N, 8H) float32 gate pre-activations of both
        directions (in ``scratch``)."""
        import numpy as np

        out = scratch.get("projected", (len(x), self.w_ih_t.shape[1]), np.float32)
        np.matmul(x, self.w_ih_t, out=out)
        out += self.b
        return out

    def emissions(self, g, lens, rows=None, scratch: Scratch = _FRESH):
        """Tag scores (B, T, K) for sentences of ``lens`` tokens (longest first), whose
        tokens' projections are consecutive rows of ``g`` (or, with ``rows``, the rows
        ``g[rows[i]]``, e.g. of a per-type table). The work arrays and the result are in
        ``scratch`` (the result valid until its next use)."""
        import numpy as np

        h = self.hidden
        lens = np.asarray(lens)
        b, n = len(lens), int(lens[0])
        valid = np.arange(n)[:, None] < lens  # (T, B)
        live = valid.sum(1)
        offs = np.zeros(n + 1, dtype=np.intp)
        np.cumsum(live, out=offs[1:])  # the slots of step t: offs[t]:offs[t + 1]
        step, sent = np.nonzero(valid)  # per slot, step-major
        slots = len(step)
        first = (np.cumsum(lens) - lens)[sent]
        tok = scratch.get("tok", (2, slots), np.intp)  # (direction, slot)
        np.add(first, step, out=tok[0])
        np.add(first, lens[sent] - 1 - step, out=tok[1])
        if rows is not None:
            tok = np.take(np.asarray(rows), tok, mode="clip",
                          out=scratch.get("tok_rows", (2, slots), np.intp))
        # the row of g.reshape(-1, H) that (gate k, direction d) of each slot reads, at
        # position 8 * offs[t] + (2k + d) * live[t] + j of the gate-major step blocks
        kd = np.arange(8)[:, None]
        d = kd % 2
        at = scratch.get("at", (8, slots), np.intp)
        np.multiply(kd, live[step], out=at)
        at += 8 * offs[step] + sent
        read = scratch.get("read", (8, slots), np.intp)
        np.take(tok, d[:, 0], axis=0, out=read, mode="clip")
        read *= 8
        read += 4 * d + kd // 2
        idx = scratch.get("idx", (8 * slots,), np.intp)
        idx[at] = read
        src = g.reshape(-1, h)
        hs = scratch.get("hs", (2, slots, h), np.float32)
        cell = scratch.get("cell", (2, b, h), np.float32, zero=True)
        buf = scratch.get("gates", (2, 8 * b * h), np.float32)
        half = np.float32(0.5)
        w_hh = self.w_hh
        for t in range(n):
            m, o = live[t], offs[t]
            z = buf[0, :8 * m * h].reshape(4, 2, m, h)
            # (the indices are valid: "clip" only spares numpy a bounds-checked copy)
            np.take(src, idx[8 * o:8 * (o + m)], axis=0, out=z.reshape(8 * m, h), mode="clip")
            if t:
                r = buf[1, :8 * m * h].reshape(4, 2, m, h)
                np.matmul(hs[:, offs[t - 1]:offs[t - 1] + m], w_hh, out=r)
                z += r
            np.tanh(z, out=z)
            sig = z[:3]
            sig *= half
            sig += half
            c = cell[:, :m]
            c *= z[1]
            np.multiply(z[0], z[3], out=z[0])
            c += z[0]
            hn = hs[:, o:o + m]
            np.tanh(c, out=hn)
            hn *= z[2]
        k = self.w_out.shape[2]
        e = np.matmul(hs, self.w_out, out=scratch.get("scores", (2, slots, k), np.float32))
        back = offs[lens[sent] - 1 - step] + sent  # the backward state of each position
        both = np.take(e[1], back, axis=0, mode="clip",
                       out=scratch.get("both", (slots, k), np.float32))
        both += e[0]
        both += self.b_out
        out = scratch.get("emissions", (b, n, k), np.float32, zero=True)
        out[sent, step] = both
        return out


class NumpyEmbedder:
    """Inference copy of ``Tagger.encode_types`` in numpy, for ``TypeEncoder.encode``
    results: no per-call torch overhead on the few dozen new types of a batch.

    The character CNN's convolution is linear in the character embeddings, so each of its
    three taps is a table of per-character filter contributions (``chars.weight @ W[:, :,
    j].T``): a position's filter input is its bias plus three looked-up rows; the padding
    character (embedding 0) contributes nothing, as torch's zero padding.
    """

    def __init__(self, net) -> None:
        import numpy as np

        def arr(t):
            return t.detach().float().numpy().astype(np.float32)

        self.tables = [arr(e.weight) for e in (net.pre_emb, net.word, net.prefix, net.shape,
                                               net.freq, *net.clus)]
        w = arr(net.conv.weight)  # (F, C, 3)
        self.taps = np.stack([arr(net.chars.weight) @ w[:, :, j].T for j in range(3)])
        self.conv_b = arr(net.conv.bias)
        self.d_in = net.d_in
        self.n_gaz = net.n_gaz

    def __call__(self, enc: list[tuple], scratch: Scratch = _FRESH):
        """(N, d_in) input vectors of N ``(ints, gaz, chars, ...)`` encodings (in
        ``scratch``)."""
        import numpy as np

        n, k, n_gaz = len(enc), len(self.tables), self.n_gaz
        ints = np.fromiter(chain.from_iterable(e[0] for e in enc), dtype=np.intp, count=n * k)
        ints = ints.reshape(n, k)
        x = scratch.get("embedded", (n, self.d_in), np.float32)
        col = 0
        for i, table in enumerate(self.tables):
            x[:, col:col + table.shape[1]] = table[ints[:, i]]
            col += table.shape[1]
        x[:, col:col + n_gaz] = np.fromiter(chain.from_iterable(e[1] for e in enc),
                                            dtype=np.float32, count=n * n_gaz).reshape(n, n_gaz)
        # the character CNN on the words' characters end to end (each word >= 1 character)
        lens = np.fromiter(map(len, (e[2] for e in enc)), dtype=np.intp, count=n)
        ends = np.cumsum(lens)
        starts = ends - lens
        cur = np.fromiter(chain.from_iterable(e[2] for e in enc), dtype=np.intp,
                          count=int(ends[-1]))
        prev = np.zeros_like(cur)
        prev[1:] = cur[:-1]
        prev[starts] = 0
        nxt = np.zeros_like(cur)
        nxt[:-1] = cur[1:]
        nxt[ends - 1] = 0
        f = self.taps.shape[2]
        h = np.take(self.taps[0], prev, axis=0, mode="clip",
                    out=scratch.get("filters", (len(cur), f), np.float32))
        tap = scratch.get("tap", (len(cur), f), np.float32)
        h += np.take(self.taps[1], cur, axis=0, out=tap, mode="clip")
        h += np.take(self.taps[2], nxt, axis=0, out=tap, mode="clip")
        h += self.conv_b
        np.maximum(h, 0, out=h)
        # max-pool per word: zero padding is neutral after the ReLU
        word = np.repeat(np.arange(n), lens)
        pooled = scratch.get("pooled", (n, int(lens.max()), f), np.float32, zero=True)
        pooled[word, np.arange(len(cur)) - starts[word]] = h
        x[:, col + n_gaz:] = pooled.max(1)
        return x


class TypeEncoder:
    """Token -> integer inputs of the neural tagger (cached per token type)."""

    def __init__(self, features: FeatureExtractor, vocab: dict) -> None:
        self.fx = features
        self.pretrained = {w: i for i, w in enumerate(vocab["pretrained"])}
        self.words = {w: i for i, w in enumerate(vocab["words"])}
        self.prefix = {w: i for i, w in enumerate(vocab["prefix"])}
        self.shape = {w: i for i, w in enumerate(vocab["shape"])}
        self.chars = {w: i for i, w in enumerate(vocab["chars"])}
        self.ks = vocab["ks"]
        self.gaz_letters = vocab.get("gaz_letters", GAZ_LETTERS)
        self._cache: dict[str, tuple] = {}
        # encodings of the uncached types of the current ``find_many`` call, for its
        # consistency keys (reset per call; a race between threads only costs a
        # recomputation)
        self.recent: dict[str, tuple] = {}
        self._cluster_ids: dict[tuple, tuple] = {}  # lexicon clusters -> their ids
        self._gaz_bits: dict[str, tuple] = {}

    def encode(self, token: str) -> tuple:
        """``(ints, gaz bits, character ids, consistency key)`` of a token (cached)."""
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        w, pre, stem = self.fx.analyse(token)
        s0 = strip_article(stem)
        lex = self.fx.lex
        clus = lex.clusters.get(stem) or lex.clusters.get(w) or ()
        g = lex.gaz.get(stem) or lex.gaz.get(s0) or lex.gaz.get(w) or ""
        cl = self._cluster_ids.get(clus)
        if cl is None:  # cluster names end in their number: id = number + 2
            k = len(self.ks)
            cl = [int(c.rpartition("_")[2]) + 2 for c in clus[:k]]
            cl = self._cluster_ids[clus] = tuple(cl) + (1,) * (k - len(cl))
        gaz = self._gaz_bits.get(g)
        if gaz is None:
            gaz = self._gaz_bits[g] = tuple(1.0 if x in g else 0.0 for x in self.gaz_letters)
        ints = (self.pretrained.get(stem) or self.pretrained.get(w) or 1,
                self.words.get(s0, 1),
                self.prefix.get(pre + "+al" if s0 != stem else pre, 1),
                self.shape.get(shape(token), 1),
                freq_level(lex.count(stem)) + 1) + cl
        chars = tuple(map(self.chars.get, w[:MAX_CHARS], _ONES)) or (1,)
        res = (ints, gaz, chars, s0)
        if len(self._cache) < _MAX_CACHE:
            self._cache[token] = res
        return res


class _Keys(dict):
    """Token -> consistency key (``TypeEncoder`` stem spelled as the token: ``name_key``), a
    bounded dict whose hits cost one
    C-level lookup (``propagate`` maps it over every token)."""

    def __init__(self, encoder: TypeEncoder) -> None:
        super().__init__()
        self.encoder = encoder

    def __missing__(self, token: str) -> str:
        hit = self.encoder._cache.get(token) or self.encoder.recent.get(token)
        key = hit[3] if hit is not None else strip_article(self.encoder.fx.analyse(token)[2])
        key = name_key(token, key)
        if len(self) < _MAX_CACHE:
            self[token] = key
        return key


class NeuralRecognizer:
    """Finds PERS/LOC/ORG/MISC mentions with the BiLSTM-CRF tagger.

    Same interface as ``CRFRecognizer`` (``find``, ``tag_tokens``, ``tag_document``,
    ``normalize``); ``Mention.score`` is the lowest CRF marginal of the mention's tags.
    Sets torch to one intra-op thread (multi-process Beam workers must not oversubscribe).
    """

    backend = "neural"
    model_file, card_file, lexicon_file = NEURAL_FILE, NEURAL_CARD, LEXICON_FILE

    def __init__(self, model_dir: str | Path | None = None, scores: bool = True,
                 consistency: bool = True, threads: int | None = 1) -> None:
        import numpy as np

        torch = _torch()
        if threads:
            torch.set_num_threads(threads)
            _limit_blas_threads(threads)
        self.model_dir = Path(model_dir) if model_dir else MODEL_DIR
        path = self.model_dir / self.model_file
        if not path.is_file():
            raise FileNotFoundError(
                f"{self.backend} NER model not found at {path}; train it with "
                f"`python scripts/train_ner.py --backend {self.backend}`")
        blob = torch.load(path, map_location="cpu", weights_only=True)
        lex_path = self.model_dir / self.lexicon_file
        self.features = FeatureExtractor(Lexicon.load(lex_path) if lex_path.is_file() else None)
        self.encoder = TypeEncoder(self.features, blob["vocab"])
        self.net = build_module(blob["config"])
        # weights of subclasses' parts beyond the tagger (the accurate model's e5 layers)
        self.extra = {k: v for k, v in blob.items() if k not in ("config", "vocab", "state")}
        state = {k: v.float() for k, v in blob["state"].items()}
        self.net.load_state_dict(state)
        self.net.eval()
        with torch.no_grad():
            self._crf = tuple(t.double().numpy().copy() for t in self.net.crf_params())
        card = self.model_dir / self.card_file
        self.card = json.loads(card.read_text("utf-8")) if card.is_file() else {}
        self.scores = scores
        self.consistency = consistency
        self.lstm = NumpyBiLSTM(self.net)
        self.embed = NumpyEmbedder(self.net)
        self._rows: dict[str, int] = {}
        self._table = np.zeros((_MAX_VECTORS, self.lstm.w_ih_t.shape[1]), dtype=np.float32)
        self._used = 0
        self._lock = threading.Lock()
        self._local = threading.local()  # per thread: its Scratch
        self._keys = _Keys(self.encoder)

    # --- inference -----------------------------------------------------------------------
    def _scratch(self) -> Scratch:
        """This thread's work arrays (``Scratch``)."""
        work = getattr(self._local, "scratch", None)
        if work is None:
            work = self._local.scratch = Scratch()
        return work

    def _projections(self, types: list[str]):
        """``(g, rows)``: the LSTM gate inputs of ``types[i]`` are ``g[rows[i]]``, one row of
        ``g`` per distinct type (``g`` in this thread's scratch: valid until the next call).
        Per word type they are computed once (the input encoding depends on the type alone)
        and kept in a fixed-size table."""
        import numpy as np

        rows = self._rows
        ids = np.fromiter(map(rows.get, types, repeat(-1)), dtype=np.intp, count=len(types))
        miss = ids < 0
        new = self._table[:0]
        if miss.any():
            missed = list(compress(types, miss))
            todo = list(dict.fromkeys(missed))
            enc = [self.encoder.encode(t) for t in todo]
            self.encoder.recent.update(zip(todo, enc, strict=True))
            work = self._scratch()
            new = self.lstm.project(self.embed(enc, work), work)
            with self._lock:  # one writer at a time; readers see a row only once it is written
                table = self._table
                free = min(len(new), len(table) - self._used)
                if free > 0:
                    table[self._used:self._used + free] = new[:free]
                    for j, t in enumerate(todo[:free]):
                        rows[t] = self._used + j
                    self._used += free
            # the new types as -len(todo)..-1: they sort first, in their order
            pos = {t: j - len(todo) for j, t in enumerate(todo)}
            ids[miss] = np.fromiter(map(pos.__getitem__, missed), dtype=np.intp,
                                    count=len(missed))
        uniq, rows_of = np.unique(ids, return_inverse=True)
        g = self._scratch().get("projections", (len(uniq), self._table.shape[1]), np.float32)
        g[:len(new)] = new
        np.take(self._table, uniq[len(new):], axis=0, out=g[len(new):], mode="clip")
        return g, rows_of

    def _lstm_inputs(self, sents: list[list[str]], ctx: list | None = None):
        """``(g, rows)`` for ``NumpyBiLSTM.emissions`` of the sentences' tokens (``ctx``:
        the accurate model's context features; this model has none)."""
        return self._projections([t for s in sents for t in s])

    def _batches(self, sents: list[list[str]], ctx: list | None = None):
        """``(indices, lengths, float64 emissions)`` of the non-empty sentences, in
        batches of similar length (longest first; the emissions in this thread's scratch,
        valid until the next batch). ``ctx``: per-sentence context features, for models
        that read them (``AccurateRecognizer.context``)."""
        work = self._scratch()
        order = sorted((i for i, s in enumerate(sents) if s), key=lambda i: -len(sents[i]))
        for b in range(0, len(order), _BATCH):
            idx = order[b:b + _BATCH]
            lens = [len(sents[i]) for i in idx]
            g, rows = self._lstm_inputs([sents[i] for i in idx],
                                        None if ctx is None else [ctx[i] for i in idx])
            em = self.lstm.emissions(g, lens, rows, work)
            em64 = work.get("emissions64", em.shape)
            em64[...] = em
            yield idx, lens, em64

    def marginals(self, sents: list[list[str]], ctx: list | None = None) -> list:
        """``(n, len(TAGS))`` posterior tag probabilities of each sentence, tagged on its
        own (``None`` for an empty one). ``ctx`` as in ``_batches``: lets several
        accurate models share one e5 pass (a teacher ensemble)."""
        out: list = [None] * len(sents)
        for idx, lens, em in self._batches(sents, ctx):
            mg = np_marginals(em, lens, *self._crf, self._scratch())
            for j, i in enumerate(idx):
                out[i] = mg[j, :lens[j]].copy()
        return out

    def _tag(self, sents: list[list[str]]):
        """(tags, emission matrices, spans) of the sentences, batched; empty sentences
        get ``[]``, ``None`` and ``[]``. The tags are cleaned (``cleanup.tidy``)."""
        tags: list[list[str]] = [[] for _ in sents]
        ems: list = [None] * len(sents)
        found: list[list] = [[] for _ in sents]
        for idx, lens, em in self._batches(sents):
            path = np_viterbi(em, lens, *self._crf, self._scratch()).tolist()
            for j, i in enumerate(idx):
                tags[i], found[i] = tidy_spans(self.features, sents[i],
                                               [TAGS[k] for k in path[j][:lens[j]]])
                ems[i] = em[j, :lens[j]].copy()
        return tags, ems, found

    def _marginals(self, ems: list) -> list:
        """(n, K) posterior tag probabilities for each (n, K) emission matrix."""
        work = self._scratch()
        out = []
        for b in range(0, len(ems), _BATCH):
            part = ems[b:b + _BATCH]
            lens = [len(e) for e in part]
            em = work.get("padded", (len(part), max(lens), len(TAGS)), zero=True)
            for j, e in enumerate(part):
                em[j, :len(e)] = e
            mg = np_marginals(em, lens, *self._crf, work)
            out += [mg[j, :n].copy() for j, n in enumerate(lens)]
        return out

    def _run(self, sents: list[list[str]], want_marginals: bool):
        """Tags (and optionally marginal matrices) for the sentences."""
        tags, ems, _ = self._tag(sents)
        margs: list = [None] * len(sents)
        if want_marginals:
            full = [i for i, e in enumerate(ems) if e is not None]
            for i, mg in zip(full, self._marginals([ems[i] for i in full]), strict=True):
                margs[i] = mg
        return tags, margs

    # --- API -----------------------------------------------------------------------------
    def tag_tokens(self, tokens: list[str]) -> list[str]:
        """BIO tags for one sentence of ANERcorp-style tokens."""
        return self._run([tokens], False)[0][0] if tokens else []

    def tag_sentences(self, sents: list[list[str]]) -> list[list[str]]:
        """BIO tags for independent sentences (batched; no consistency step)."""
        return self._run(sents, False)[0]

    def tag_document(self, sents: list[list[str]]) -> list[list[str]]:
        """BIO tags for the sentences of one document, with document-level consistency
        when the recognizer has ``consistency=True``."""
        tags = self._run(sents, False)[0]
        if self.consistency:
            tags = self._propagate(sents, tags, list(map(spans, tags)))[0]
        return tags

    def _propagate(self, sents: list[list[str]], tags: list[list[str]], found: list):
        """Document-level consistency, then the listed-word clean-up again (a name's
        last word spread alone can be a title or an ordinal: ``ولي``, ``الثاني``).
        ``found``: the spans of ``tags``; returns the new tags and their spans."""
        new = propagate(sents, tags, self._keys.__getitem__, found=found)
        out_tags, out_found = [], []
        for s, t, old, f in zip(sents, new, tags, found, strict=True):
            if t != old:
                t = clean_tags(s, t)
                f = spans(t)
            out_tags.append(t)
            out_found.append(f)
        return out_tags, out_found

    def find(self, text: str, field: str) -> list[Mention]:
        """Mentions in ``text``; ``start``/``end`` are character offsets into ``text``."""
        return self.find_many([(text, field)])[0]

    def find_many(self, texts: list[tuple[str, str]]) -> list[list[Mention]]:
        """``find`` for several ``(text, field)`` pairs (e.g. the fields of one article),
        tagged in one batch; consistency and offsets stay within each text."""
        self.encoder.recent = {}
        toks = [sentences(tokenize(text), text) for text, _ in texts]
        words = [[[t[0] for t in sent] for sent in sents] for sents in toks]
        flat_toks = [sent for sents in toks for sent in sents]
        flat = [w for ws in words for w in ws]
        tags, ems, sent_spans = self._tag(flat)
        pos = 0
        found = []  # (text no, sentence no in flat, start, end, type)
        for n, ws in enumerate(words):
            tg, fs = tags[pos:pos + len(ws)], sent_spans[pos:pos + len(ws)]
            if self.consistency:
                tg, fs = self._propagate(ws, tg, fs)
                tags[pos:pos + len(ws)] = tg
            for j, f in enumerate(fs):
                found += [(n, pos + j, s, e, typ) for s, e, typ in f]
            pos += len(ws)
        scored = sorted({f[1] for f in found}) if self.scores else []
        margs = dict(zip(scored, self._marginals([ems[i] for i in scored]), strict=True))
        out: list[list[Mention]] = [[] for _ in texts]
        for n, i, s, e, typ in found:
            sent = flat_toks[i]
            text, field = texts[n]
            start, end = sent[s][1], sent[e - 1][2]
            score = None
            if i in margs:
                mg, tg = margs[i], tags[i]
                score = round(min(float(mg[s + j, TAGS.index(tg[s + j])])
                                  for j in range(e - s)), 4)
            out[n].append(Mention(text=text[start:end], type=typ, field=field,
                                  start=start, end=end, score=score,
                                  normalized=self.normalize(flat[i][s:e])))
        return out

    def normalize(self, words: list[str]) -> str:
        """See ``FeatureExtractor.mention_form``."""
        return self.features.mention_form(words)
