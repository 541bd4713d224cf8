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
from scripts.datadir import NOT_FOUND, shared_data  # noqa: E402


def ensemble_tags(recs: list, sents: list[list[str]], how: str,
                  ctxs: list | None = None) -> list[list[str]]:
    """Tags of each sentence by the ensemble: ``how`` = ``"marginals"`` (averaged CRF
    marginals, best BIO-valid path: the silver teacher's tags, ``silver.silver_tags``) or
    ``"emissions"`` (averaged emissions and CRF parameters, Viterbi); then the first
    member's span clean-up. ``ctxs``: the members' ``silver.teacher_contexts`` of
    ``sents`` if already computed."""
    import numpy as np

    from akhbar.ner.cleanup import tidy_spans
    from akhbar.ner.neural import TAGS, np_viterbi
    from akhbar.ner.silver import mean_per_sentence, silver_tags, teacher_contexts

    if how == "marginals":
        return [tags for tags, _ in silver_tags(recs, sents, ctxs)]
    if ctxs is None:
        ctxs = teacher_contexts(recs, sents)
    # each sentence's emissions copied out of the batch's work array (the next batch reuses it)
    mean = mean_per_sentence([((i, em[j, :lens[j]].copy())
                               for idx, lens, em in r._batches(sents, ctx)
                               for j, i in enumerate(idx))
                              for r, ctx in zip(recs, ctxs, strict=True)], len(sents))
    crf = [sum(r._crf[k] for r in recs) / len(recs) for k in range(3)]
    return [[] if m is None else tidy_spans(recs[0].features, words, [
        TAGS[k] for k in np_viterbi(m[None], np.array([len(m)]), *crf)[0]])[0]
        for words, m in zip(sents, mean, strict=True)]


def with_consistency(rec, sents: list[list[str]], tags: list[list[str]],
                     k: int = 20) -> list[list[str]]:
    """``rec``'s document-level consistency step over runs of ``k`` sentences."""
    out = []
    for i in range(0, len(sents), k):
        t = tags[i:i + k]
        out += rec._propagate(sents[i:i + k], t, list(map(spans, t)))[0]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dirs", type=Path, nargs="+")
    ap.add_argument("--backend", choices=("accurate", "neural"), default="accurate")
    ap.add_argument("--data", type=Path, default=shared_data())
    args = ap.parse_args()
    if args.data is None:
        ap.error(NOT_FOUND)
    from akhbar.ner import load_recognizer
    from akhbar.ner.silver import teacher_contexts

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

    ctxs = teacher_contexts(recs, toks)  # the e5 passes, once for every row below
    res = {str(d): row(ensemble_tags([r], toks, "emissions", [ctx]))
           for d, r, ctx in zip(args.model_dirs, recs, ctxs, strict=True)}
    for how in ("marginals", "emissions"):
        res[f"ensemble_{how}"] = row(ensemble_tags(recs, toks, how, ctxs))
    res["seconds"] = {"wall": round(time.time() - t0, 1),
                      "cpu": round(time.process_time() - c0, 1)}
    print(json.dumps(res, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
