"""Evaluate an NER model on ANERcorp test.txt: CoNLL exact-span micro P/R/F1 (overall and
per type), the most frequent confusions, and tokens/s on one core, printed as JSON.

    python scripts/eval_ner.py                       # the packaged model
    python scripts/eval_ner.py --model-dir /tmp/m    # another artifact
    python scripts/eval_ner.py --backend crf         # the CRFsuite model (default: builtin)
    python scripts/eval_ner.py --split train --dev 0.1   # the held-out tail of train.txt
    python scripts/eval_ner.py --backend camel       # CAMeL Tools' BERT model, once
                                                     # `camel_data -i ner-arabert` has run

The headline score tags each sentence on its own; ``with_consistency`` adds the
document-level step of ``find`` over pseudo-documents of 20 consecutive sentences.
Speed is measured on the full text path the pipeline uses (``find``: tokenization, sentence
split, features, tagging) with the test tokens joined into text, single-threaded, after one
cold feature cache; warm-cache
and ``tag_tokens`` (gold tokens, no tokenization) speeds are reported too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.ner.bio import confusions, read_conll, score  # noqa: E402
from scripts.datadir import NOT_FOUND, shared_data  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=shared_data())
    ap.add_argument("--model-dir", type=Path, default=None,
                    help="model directory (camel: a local copy of the NER model)")
    ap.add_argument("--backend", choices=("builtin", "neural", "crf", "accurate", "camel"),
                    default="builtin")
    ap.add_argument("--split", choices=("test", "train"), default="test")
    ap.add_argument("--dev", type=float, default=0.0,
                    help="with --split train: score only this final fraction")
    ap.add_argument("--top", type=int, default=15, help="how many confusions to list")
    ap.add_argument("--doc-sentences", type=int, default=20,
                    help="pseudo-document size for the consistency score")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes (best is kept)")
    args = ap.parse_args()
    if args.data is None:
        ap.error(NOT_FOUND)
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from akhbar.ner import load_recognizer
    from akhbar.ner.camel import CamelNERUnavailable, CamelRecognizer

    def CRFRecognizer(model_dir, **kw):  # noqa: N802 - any backend
        if args.backend == "camel":  # no scores or consistency step: kw does not apply
            return CamelRecognizer(str(model_dir) if model_dir else None)
        return load_recognizer(args.backend, model_dir=model_dir, **kw)

    t0 = time.perf_counter()
    try:
        rec = CRFRecognizer(args.model_dir, scores=False, consistency=False)
    except CamelNERUnavailable as exc:
        sys.exit(f"eval_ner: {exc}")
    load_s = time.perf_counter() - t0

    sents = read_conll(args.data / "ner/anercorp" / f"{args.split}.txt")
    if args.split == "train":
        n_dev = int(len(sents) * args.dev)
        if not n_dev:
            ap.error("--split train needs --dev")
        sents = sents[-n_dev:]
    tokens = [t for t, _ in sents]
    gold = [g for _, g in sents]
    def tag_all(r, toks):
        if hasattr(r, "tag_sentences"):  # batched (neural); same result as one by one
            return r.tag_sentences(toks)
        return [r.tag_tokens(t) for t in toks]

    pred = tag_all(rec, tokens)
    res: dict[str, object] = {"split": args.split, "sentences": len(sents),
                              "tokens": sum(map(len, tokens))}
    res.update(score(gold, pred))
    # ANERcorp has no document boundaries: for the document-level consistency step that
    # find() applies per article field, consecutive runs of --doc-sentences sentences stand
    # in for articles.
    k = args.doc_sentences
    doc_rec = CRFRecognizer(args.model_dir, scores=False, consistency=True)
    if hasattr(doc_rec, "tag_document"):  # the camel backend has no consistency step
        doc_pred = [t for i in range(0, len(tokens), k)
                    for t in doc_rec.tag_document(tokens[i:i + k])]
        res["with_consistency"] = {"doc_sentences": k, **score(gold, doc_pred)}
    conf = Counter((g, p) for g, p, _ in confusions(gold, pred, tokens))
    res["confusions"] = [{"gold": g, "predicted": p, "count": n}
                         for (g, p), n in conf.most_common(args.top)]
    examples: dict[str, Counter] = {}
    for g, p, text in confusions(gold, pred, tokens):
        examples.setdefault(f"{g}->{p}", Counter())[text] += 1
    res["confusion_examples"] = {k: [t for t, _ in v.most_common(5)]
                                 for k, v in sorted(examples.items(),
                                                    key=lambda kv: -sum(kv[1].values()))[:6]}

    # speed on one core: a fresh recognizer per repeat; the first pass starts with an empty
    # feature cache (cold), the second reuses it (warm, like a worker after a while)
    texts = ["\n".join(" ".join(t) for t in tokens[i:i + k]) for i in range(0, len(tokens), k)]
    n_tok = res["tokens"]
    best = {}  # name -> (wall seconds, CPU seconds of this process), best of --repeat

    def timed(name, fn):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        took = (time.perf_counter() - t0, time.process_time() - c0)
        old = best.get(name)
        best[name] = took if old is None else (min(old[0], took[0]), min(old[1], took[1]))

    for _ in range(args.repeat):
        fresh = CRFRecognizer(args.model_dir)
        for name in ("find_cold_cache", "find_warm_cache"):
            timed(name, lambda r=fresh: [r.find(text, "body") for text in texts])
        fresh = CRFRecognizer(args.model_dir, scores=False, consistency=False)
        timed("tag_sentences_cold_cache", lambda r=fresh: tag_all(r, tokens))
    speed: dict[str, object] = {}
    for name, (wall, _cpu) in best.items():
        speed[f"tokens_per_s_{name}"] = round(n_tok / wall)
    for name, (_wall, cpu) in best.items():
        speed[f"tokens_per_cpu_s_{name}"] = round(n_tok / cpu)
    res["speed"] = {**speed, "cores": 1, "model_load_s": round(load_s, 3),
                    "note": "find = tokenize + sentence split + features + tagger + scores + "
                            "consistency, one pseudo-document (--doc-sentences lines) per "
                            "call; tokens_per_s = wall clock (depends on the machine's load), "
                            "tokens_per_cpu_s = per second of this process's CPU time on "
                            "the one pinned core (torch: 1 thread)"}
    model_dir = getattr(rec, "model_dir", args.model_dir)
    res["model"] = {"backend": type(rec).__name__, "dir": str(model_dir),
                    "settings": getattr(rec, "card", {}).get("settings"),
                    "size_bytes": sum(p.stat().st_size for p in Path(model_dir).rglob("*"))
                    if model_dir and Path(model_dir).is_dir() else None}
    print(json.dumps(res, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
