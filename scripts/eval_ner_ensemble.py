"""Score an ensemble of accurate (or neural) models on ANERcorp test.txt against its
members: each member alone, the average of their CRF marginals (then the best BIO-valid
path, as the silver teacher decodes), and the average of their emissions and CRF
parameters (then the CRF's Viterbi). Sentence level and with the consistency step over
pseudo-documents of 20 sentences, as ``eval_ner.py`` scores them; printed as JSON.

    python scripts/eval_ner_ensemble.py DIR13 DIR14 DIR15

Members that read the same e5 layers and pooling (and no fine-tuned e5 layers of their
own) share one e5 pass.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from akhbar.ner.bio import read_conll, score, spans  # noqa: E402


def contexts(recs: list, sents: list[list[str]]) -> list:
    """Each member's e5 features of ``sents`` (``None`` for a neural model), computed once
    per distinct (layers, pooling, fine-tuned layers)."""
    shared: dict[tuple, list] = {}
    out = []
    for r in recs:
        if not hasattr(r, "context"):
            out.append(None)
            continue
        c = r.net.c
        key = (tuple(c.get("e5_layers", ())), c.get("e5_pool", "first"),
               id(r) if c.get("e5_finetune") else 0)
        if key not in shared:
            shared[key] = r.context(sents)
        out.append(shared[key])
    return out


def ensemble_tags(recs: list, sents: list[list[str]], how: str,
                  ctxs: list | None = None) -> list[list[str]]:
    """Tags of each sentence by the ensemble: ``how`` = ``"marginals"`` (averaged CRF
    marginals, best BIO-valid path) or ``"emissions"`` (averaged emissions and CRF
    parameters, Viterbi); then the first member's span clean-up. ``ctxs``: the members'
    ``contexts`` of ``sents`` if already computed."""
    import numpy as np

    from akhbar.ner.cleanup import tidy_spans
    from akhbar.ner.neural import TAGS, np_viterbi
    from akhbar.ner.silver import decode

    if ctxs is None:
        ctxs = contexts(recs, sents)
    total: list = [None] * len(sents)
    for r, ctx in zip(recs, ctxs, strict=True):
        if how == "marginals":
            parts = enumerate(r.marginals(sents, ctx))
        else:
            parts = ((i, em[j, :lens[j]]) for idx, lens, em in r._batches(sents, ctx)
                     for j, i in enumerate(idx))
        for i, m in parts:
            if m is not None:
                total[i] = m if total[i] is None else total[i] + m
    crf = [sum(r._crf[k] for r in recs) / len(recs) for k in range(3)]
    out = []
    for words, m in zip(sents, total, strict=True):
        if m is None:
            out.append([])
            continue
        m = m / len(recs)
        if how == "marginals":
            tags = decode(m)
        else:
            tags = [TAGS[k] for k in np_viterbi(m[None], np.array([len(m)]), *crf)[0]]
        out.append(tidy_spans(recs[0].features, words, tags)[0])
    return out


def with_consistency(rec, sents: list[list[str]], tags: list[list[str]],
                     k: int = 20) -> list[list[str]]:
    """``rec``'s document-level consistency step over runs of ``k`` sentences."""
    out = []
    for i in range(0, len(sents), k):
        t = tags[i:i + k]
        out += rec._propagate(sents[i:i + k], t, list(map(spans, t)))[0]
    return out


def main() -> None:
    from eval_ner import shared_data

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dirs", type=Path, nargs="+")
    ap.add_argument("--backend", choices=("accurate", "neural"), default="accurate")
    ap.add_argument("--data", type=Path, default=shared_data())
    args = ap.parse_args()
    from akhbar.ner import load_recognizer

    t0, c0 = time.time(), time.process_time()
    recs = [load_recognizer(args.backend, model_dir=d, scores=False, consistency=True)
            for d in args.model_dirs]
    sents = read_conll(args.data / "ner" / "anercorp" / "test.txt")
    toks, gold = [t for t, _ in sents], [g for _, g in sents]

    def row(tags):
        a, b = score(gold, tags), score(gold, with_consistency(recs[0], toks, tags))
        return {**a["overall"], "per_type_f1": {t: v["f1"] for t, v in a["per_type"].items()},
                "with_consistency": {**b["overall"], "per_type_f1": {
                    t: v["f1"] for t, v in b["per_type"].items()}}}

    ctxs = contexts(recs, toks)  # the e5 passes, once for every row below
    res = {str(d): row(ensemble_tags([r], toks, "emissions", [ctx]))
           for d, r, ctx in zip(args.model_dirs, recs, ctxs, strict=True)}
    for how in ("marginals", "emissions"):
        res[f"ensemble_{how}"] = row(ensemble_tags(recs, toks, how, ctxs))
    res["seconds"] = {"wall": round(time.time() - t0, 1),
                      "cpu": round(time.process_time() - c0, 1)}
    print(json.dumps(res, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
