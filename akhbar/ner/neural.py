"""The neural recognizer: a small BiLSTM-CRF tagger (PyTorch, CPU) shipped in
``akhbar/ner/model/neural.pt``.

Each token is encoded from its word *type* only (so the encoding is computed once per type
and cached): a frozen distributional embedding of its clitic-free stem (PPMI + SVD on the
unlabeled corpora), a trainable embedding of the stem for words frequent in train.txt, the
three word-cluster ids, the gazetteer bits, the clitic prefix, shape and frequency bucket
(all from the same ``lexicon.tsv.gz`` as the CRF) and a character CNN over the folded word.
A one-layer BiLSTM reads the sentence and a linear-chain CRF (with BIO constraints) decodes.

The model is loaded once per worker and shared across threads: inference runs under
``torch.inference_mode()`` with no per-call mutable state except the per-type encoding
cache (a dict; reads and writes are atomic under the GIL).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from akhbar.article import Mention
from akhbar.ner.bio import spans
from akhbar.ner.consistency import propagate
from akhbar.ner.features import FeatureExtractor, Lexicon, _freq_bucket
from akhbar.ner.text import sentences, shape, strip_article, tokenize

MODEL_DIR = Path(__file__).with_name("model")
NEURAL_FILE = "neural.pt"
NEURAL_CARD = "neural.json"
LEXICON_FILE = "lexicon.tsv.gz"

TAGS = ("O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
GAZ_LETTERS = "LOPClopc"
MAX_CHARS = 20
# Token types with cached integer inputs / input vectors (~1 KB each). Once full, new types
# are computed but not kept: the first types seen are the frequent ones, and a worker's
# memory stays fixed however large the corpus.
_MAX_CACHE = 30_000
_MAX_VECTORS = 30_000
_BATCH = 64  # sentences per forward pass


def allowed(prev: str, cur: str) -> bool:
    """BIO transition constraint: ``I-X`` only after ``B-X`` or ``I-X``."""
    if cur.startswith("I-"):
        return prev != "O" and prev[2:] == cur[2:]
    return True


def _torch():
    import torch

    return torch


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
            d_in = (c["pretrained_dim"] + c["word_dim"] + c["cluster_dim"] * len(c["n_clusters"])
                    + 8 + 4 + 4 + len(GAZ_LETTERS) + c["char_filters"])
            self.d_in = d_in
            self.drop = nn.Dropout(c["dropout"])
            self.lstm = nn.LSTM(d_in, c["hidden"], batch_first=True, bidirectional=True)
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

        def emissions(self, x, lengths):
            """``x``: (B, T, d_in) -> (B, T, K) tag scores."""
            x = self.drop(x)
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

        def nll(self, em, tags, mask):
            return (self.log_partition(em, mask) - self.gold_score(em, tags, mask)).sum()

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


def np_viterbi(em, lengths, trans, start, end):
    """Batched Viterbi in numpy (small K: far less per-step overhead than torch).
    ``em``: (B, T, K); returns (B, T) int paths (positions past a length are junk)."""
    import numpy as np

    b, n, k = em.shape
    score = start + em[:, 0]
    back = np.zeros((b, n, k), dtype=np.int64)
    ar = np.arange(k)
    for t in range(1, n):
        cand = score[:, :, None] + trans[None]
        idx = cand.argmax(1)
        nxt = np.take_along_axis(cand, idx[:, None, :], 1)[:, 0] + em[:, t]
        live = (t < lengths)[:, None]
        score = np.where(live, nxt, score)
        back[:, t] = np.where(live, idx, ar)
    last = (score + end).argmax(1)
    path = np.zeros((b, n), dtype=np.int64)
    path[:, n - 1] = last
    for t in range(n - 1, 0, -1):
        last = back[np.arange(b), t, last]
        path[:, t - 1] = last
    return path


def np_marginals(em, lengths, trans, start, end):
    """Batched forward-backward in probability space with per-step scaling (numpy)."""
    import numpy as np

    b, n, k = em.shape
    e = np.exp(em - em.max(2, keepdims=True))
    tr = np.exp(trans)
    st = np.exp(start - start.max())
    en = np.exp(end - end.max())
    alpha = np.zeros((b, n, k))
    a = st * e[:, 0]
    a /= a.sum(1, keepdims=True)
    alpha[:, 0] = a
    for t in range(1, n):
        nxt = (a @ tr) * e[:, t]
        nxt /= nxt.sum(1, keepdims=True)
        a = np.where((t < lengths)[:, None], nxt, a)
        alpha[:, t] = a
    beta = np.zeros((b, n, k))
    bt = np.ones((b, k))
    for t in range(n - 1, -1, -1):
        bt = np.where((lengths - 1 == t)[:, None], en[None], bt)
        beta[:, t] = bt
        if t > 0:
            nb = (e[:, t] * bt) @ tr.T
            bt = nb / nb.sum(1, keepdims=True)
    m = alpha * beta
    return m / np.maximum(m.sum(2, keepdims=True), 1e-300)


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
        self._cache: dict[str, tuple] = {}

    def encode(self, token: str) -> tuple:
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        w, pre, stem = self.fx.analyse(token)
        s0 = strip_article(stem)
        lex = self.fx.lex
        clus = lex.clusters.get(stem) or lex.clusters.get(w) or ()
        g = lex.gaz.get(stem, "") or lex.gaz.get(s0, "") or lex.gaz.get(w, "")
        ints = [self.pretrained.get(stem) or self.pretrained.get(w) or 1,
                self.words.get(s0, 1),
                self.prefix.get(pre + ("+al" if s0 != stem else ""), 1),
                self.shape.get(shape(token), 1),
                int(_freq_bucket(lex.count(stem))) + 1]
        cl = [1] * len(self.ks)
        for i, c in enumerate(clus[:len(self.ks)]):
            cl[i] = int(c.rpartition("_")[2]) + 2
        ints += cl
        gaz = [1.0 if x in g else 0.0 for x in GAZ_LETTERS]
        chars = [self.chars.get(ch, 1) for ch in w[:MAX_CHARS]] or [1]
        res = (tuple(ints), tuple(gaz), tuple(chars), s0)
        if len(self._cache) < _MAX_CACHE:
            self._cache[token] = res
        return res


class NeuralRecognizer:
    """Finds PERS/LOC/ORG/MISC mentions with the BiLSTM-CRF tagger.

    Same interface as ``CRFRecognizer`` (``find``, ``tag_tokens``, ``tag_document``,
    ``normalize``); ``Mention.score`` is the lowest CRF marginal of the mention's tags.
    Sets torch to one intra-op thread (multi-process Beam workers must not oversubscribe).
    """

    def __init__(self, model_dir: str | Path | None = None, scores: bool = True,
                 consistency: bool = True, threads: int | None = 1) -> None:
        torch = _torch()
        if threads:
            torch.set_num_threads(threads)
        self.model_dir = Path(model_dir) if model_dir else MODEL_DIR
        path = self.model_dir / NEURAL_FILE
        if not path.is_file():
            raise FileNotFoundError(
                f"neural NER model not found at {path}; train it with "
                "`python scripts/train_ner.py --backend neural`")
        blob = torch.load(path, map_location="cpu", weights_only=True)
        lex_path = self.model_dir / LEXICON_FILE
        self.features = FeatureExtractor(Lexicon.load(lex_path) if lex_path.is_file() else None)
        self.encoder = TypeEncoder(self.features, blob["vocab"])
        self.net = build_module(blob["config"])
        state = {k: v.float() for k, v in blob["state"].items()}
        self.net.load_state_dict(state)
        self.net.eval()
        with torch.no_grad():
            self._crf = tuple(t.double().numpy().copy() for t in self.net.crf_params())
        card = self.model_dir / NEURAL_CARD
        self.card = json.loads(card.read_text("utf-8")) if card.is_file() else {}
        self.scores = scores
        self.consistency = consistency
        self._vec: dict[str, object] = {}
        self._lock = threading.Lock()

    # --- tensors -------------------------------------------------------------------------
    def _vectors(self, types: list[str]):
        """Input vectors for word types, computed in one batch for the uncached ones."""
        torch = _torch()
        vec = self._vec
        rows: dict[str, object] = {}
        todo = []
        for t in dict.fromkeys(types):
            r = vec.get(t)
            if r is None:
                todo.append(t)
            else:
                rows[t] = r
        if todo:
            enc = [self.encoder.encode(t) for t in todo]
            width = max(len(e[2]) for e in enc)
            ints = torch.tensor([e[0] for e in enc], dtype=torch.long)
            gaz = torch.tensor([e[1] for e in enc], dtype=torch.float32)
            chars = torch.tensor([list(e[2]) + [0] * (width - len(e[2])) for e in enc],
                                 dtype=torch.long)
            new = dict(zip(todo, self.net.encode_types(ints, gaz, chars), strict=True))
            rows.update(new)
            room = _MAX_VECTORS - len(vec)
            if room > 0:
                vec.update(new if len(new) <= room else dict(list(new.items())[:room]))
        return torch.stack([rows[t] for t in types])

    def _run(self, sents: list[list[str]], want_marginals: bool):
        """Tags (and optionally marginal matrices) for non-empty sentences."""
        torch = _torch()
        tags: list[list[str]] = [[] for _ in sents]
        margs: list = [None] * len(sents)
        order = sorted((i for i, s in enumerate(sents) if s), key=lambda i: len(sents[i]))
        with torch.inference_mode():
            for b in range(0, len(order), _BATCH):
                idx = order[b:b + _BATCH]
                lens = [len(sents[i]) for i in idx]
                n = max(lens)
                flat = [t for i in idx for t in sents[i]]
                v = self._vectors(flat)
                x = torch.zeros(len(idx), n, v.shape[1])
                pos = 0
                for j, ln in enumerate(lens):
                    x[j, :ln] = v[pos:pos + ln]
                    pos += ln
                lengths = torch.tensor(lens)
                em = self.net.emissions(x, lengths).double().numpy()
                ln = lengths.numpy()
                path = np_viterbi(em, ln, *self._crf).tolist()
                mg = np_marginals(em, ln, *self._crf) if want_marginals else None
                for j, i in enumerate(idx):
                    tags[i] = [TAGS[k] for k in path[j][:lens[j]]]
                    if mg is not None:
                        margs[i] = mg[j, :lens[j]]
        return tags, margs

    # --- API -----------------------------------------------------------------------------
    def tag_tokens(self, tokens: list[str]) -> list[str]:
        """BIO tags for one sentence of ANERcorp-style tokens."""
        return self._run([tokens], False)[0][0] if tokens else []

    def tag_sentences(self, sents: list[list[str]]) -> list[list[str]]:
        """BIO tags for independent sentences (batched; no consistency step)."""
        return self._run(sents, False)[0]

    def _key(self, token: str) -> str:
        return self.encoder.encode(token)[3]

    def tag_document(self, sents: list[list[str]]) -> list[list[str]]:
        """BIO tags for the sentences of one document, with document-level consistency
        when the recognizer has ``consistency=True``."""
        tags = self._run(sents, False)[0]
        if self.consistency:
            tags = propagate(sents, tags, self._key)
        return tags

    def find(self, text: str, field: str) -> list[Mention]:
        """Mentions in ``text``; ``start``/``end`` are character offsets into ``text``."""
        out: list[Mention] = []
        sents = sentences(tokenize(text), text)
        words = [[t[0] for t in sent] for sent in sents]
        tags, margs = self._run(words, self.scores)
        if self.consistency:
            tags = propagate(words, tags, self._key)
        for sent, wd, tg, mg in zip(sents, words, tags, margs, strict=True):
            for s, e, typ in spans(tg):
                start, end = sent[s][1], sent[e - 1][2]
                score = None
                if mg is not None:
                    ids = [TAGS.index(t) for t in tg[s:e]]
                    score = round(min(float(mg[s + j, k]) for j, k in enumerate(ids)), 4)
                out.append(Mention(text=text[start:end], type=typ, field=field,
                                   start=start, end=end, score=score,
                                   normalized=self.normalize(wd[s:e])))
        return out

    def normalize(self, words: list[str]) -> str:
        """See ``FeatureExtractor.mention_form``."""
        return self.features.mention_form(words)
