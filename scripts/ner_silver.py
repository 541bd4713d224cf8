"""Tag a seeded sample of unlabelled news with the accurate NER model(s): silver data for
``train_ner.py --silver DIR`` (distilling the accurate model into the fast ``neural`` one).

The sample (``akhbar.ner.silver.sample_sentences``) and the tagged chunks are cached in
``--out`` (outside the repo: the corpora are not ours to ship), so an interrupted run
resumes, and ``--shard i/n`` lets n processes share the chunks (start the second once the
first has written the sample). Silver data of a corpus carries that corpus's licence: ANT
v1.1 is Apache-2.0, SaudiNewsNet CC BY-NC-SA. Needs ``pip install -e '.[train-ner,accurate]'``.

    python scripts/ner_silver.py --teacher /tmp/s619/F13_mean --teacher /tmp/s619/F14_mean \\
        --teacher /tmp/s619/F15_mean --sources ant --tokens 300000 --seed 13 \\
        --out /tmp/akhbar_ner_work/silver_ant_13 [--shard 0/2]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from train_ner import ROOT, sha256, unlabeled_texts  # noqa: E402

sys.path.insert(0, str(ROOT))

from akhbar.ner.silver import MANIFEST, chunk_file, sample_sentences, silver_tags  # noqa: E402
from scripts.datadir import NOT_FOUND, shared_data  # noqa: E402

SAMPLE = "sample.json.gz"


def load_sample(args) -> list[list[str]]:
    """The sentence sample of ``args`` (computed once, cached in ``args.out``)."""
    path = args.out / SAMPLE
    if path.is_file():
        return json.loads(gzip.decompress(path.read_bytes()))
    t0, c0 = time.time(), time.process_time()
    sents = sample_sentences(unlabeled_texts(args.data, tuple(args.sources.split(","))),
                             args.tokens, args.seed, args.min_len, args.max_len)
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(gzip.compress(json.dumps(sents, ensure_ascii=False).encode()))
    tmp.rename(path)
    print(f"sample: {len(sents)} sentences, {sum(map(len, sents))} tokens, "
          f"{time.time() - t0:.0f}s ({time.process_time() - c0:.0f} CPU s)", file=sys.stderr)
    return sents


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=shared_data())
    ap.add_argument("--teacher", type=Path, action="append", required=True,
                    help="an accurate model directory (repeat: ensemble, marginals averaged)")
    ap.add_argument("--sources", default="ant", help="ant, saudinewsnet or both (comma)")
    ap.add_argument("--tokens", type=int, default=300_000, help="sample size in tokens")
    ap.add_argument("--seed", type=int, default=13, help="the sample's hash key")
    ap.add_argument("--min-len", type=int, default=5)
    ap.add_argument("--max-len", type=int, default=80)
    ap.add_argument("--chunk", type=int, default=500, help="sentences per cached chunk")
    ap.add_argument("--shard", default="0/1", help="i/n: tag the chunks j with j %% n == i")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.data is None:
        ap.error(NOT_FOUND)
    import torch

    from akhbar.ner.accurate import ACCURATE_FILE, AccurateRecognizer

    torch.set_num_threads(1)
    me, n_shards = (int(x) for x in args.shard.split("/"))
    sents = load_sample(args)
    manifest = {
        "sources": args.sources.split(","), "tokens_asked": args.tokens, "seed": args.seed,
        "min_len": args.min_len, "max_len": args.max_len, "chunk": args.chunk,
        "sentences": len(sents), "tokens": sum(map(len, sents)),
        "teachers": [{"dir": str(d), "sha256": sha256(d / ACCURATE_FILE)}
                     for d in args.teacher],
        "decode": "BIO-valid Viterbi over the teachers' averaged token marginals, then "
                  "the first teacher's span clean-up; conf = lowest marginal of the tags",
    }
    mpath = args.out / MANIFEST
    if mpath.is_file():
        old = json.loads(mpath.read_text("utf-8"))
        if old != manifest:
            raise SystemExit(f"{args.out} holds silver data of other settings: {old}")
    else:
        mpath.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    teachers = [AccurateRecognizer(d, scores=False, consistency=False) for d in args.teacher]
    for j, start in enumerate(range(0, len(sents), args.chunk)):
        path = args.out / chunk_file(j)
        if j % n_shards != me or path.is_file():
            continue
        t0, c0 = time.time(), time.process_time()
        part = sents[start:start + args.chunk]
        lines = [json.dumps({"tokens": w, "tags": t, "conf": round(c, 4)}, ensure_ascii=False)
                 for w, (t, c) in zip(part, silver_tags(teachers, part), strict=True)]
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
        tmp.rename(path)
        print(json.dumps({"chunk": j, "tokens": sum(map(len, part)),
                          "seconds": round(time.time() - t0, 1),
                          "cpu_seconds": round(time.process_time() - c0, 1)}),
              file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
