"""CPU cost of the near-duplicate step alone (``transforms.neardup.NearDuplicates``).

The light pass (``akhbar.dedup.file_keys``) runs once over the corpus and its near records
and band keys are cached (``--cache``). Each measured run is then a local pipeline
(DirectRunner, multi_processing, ``--workers``) whose workers load the cached records in
chunks of 400 articles and emit them as the duplicate pass of a local run does (records in
a spill file per chunk, ``transforms.neardup.RecordSpill``, and its name; with
``--elements``, the records themselves; band entries packed by ``BandPacker``), followed by ``NearDuplicates`` (or, with ``--null``, by nothing
but a count: the cost of loading and emitting). Step cost = run - null run. CPU is
user+sys of this process and its workers. ``--compare`` also checks that the flags equal
the in-memory ``akhbar.neardup.cluster_records`` on the same records.

    python scripts/bench_neardup.py --corpus ant-v1.1 --runs 2
    python scripts/bench_neardup.py --corpus saudinewsnet --null --runs 2
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "scripts")]

from benchmark import list_files, resolve_corpus  # noqa: E402

CHUNK = 400  # articles a worker emits at once (a bundle of the duplicate pass)


def make_cache(corpus: Path, cache: Path) -> None:
    """The near records and band keys of every article of ``corpus``, pickled."""
    from akhbar.dedup import file_keys
    from akhbar.formats import ReadOptions
    from akhbar.neardup import NearParams

    items = []
    for path in list_files(corpus):
        with open(path, "rb") as stream:
            items += [made for _, _, made in file_keys(path, stream, ReadOptions(), "light",
                                                       None, NearParams()) if made]
    with open(cache, "wb") as out:
        pickle.dump(items, out)


def run_once(cache: Path, workers: int, null: bool, flags_out: str | None,
             spill: str | None) -> dict:
    """One pipeline run (near records spilled to files under ``spill``, or as elements
    without it); wall and CPU seconds and the step's counters."""
    import apache_beam as beam
    from apache_beam.metrics.metric import MetricsFilter
    from apache_beam.options.pipeline_options import PipelineOptions

    from akhbar.neardup import BandPacker, NearParams
    from transforms.neardup import RECORDS, SPILLED, NearDuplicates, RecordSpill

    with open(cache, "rb") as f:
        count = len(pickle.load(f))

    class EmitFn(beam.DoFn):
        def setup(self):
            with open(cache, "rb") as f:
                self.items = pickle.load(f)

        def process(self, start):
            packer = BandPacker()
            spilled = RecordSpill(spill) if spill else None
            for record, keys in self.items[start:start + CHUNK]:
                packer.add(keys, record[0])
                if spilled is None:
                    yield record
                else:
                    spilled.add(record)
            if spilled is not None and (name := spilled.close()) is not None:
                yield name
            for packed in packer.drain():
                yield beam.pvalue.TaggedOutput("bands", packed)

    options = PipelineOptions(["--direct_running_mode=multi_processing",
                               f"--direct_num_workers={workers}"])
    started, before = time.perf_counter(), os.times()
    p = beam.Pipeline(options=options)
    emitted = (p | beam.Create(list(range(0, count, CHUNK))) | beam.Reshuffle()
               | beam.ParDo(EmitFn()).with_outputs("bands", main="records"))
    if null:
        out = (emitted["records"], emitted["bands"]) | beam.Flatten()
    else:
        out = ({SPILLED if spill else RECORDS: emitted["records"], "bands": emitted["bands"]}
               | NearDuplicates(NearParams()))
        if flags_out:
            _ = (out | beam.MapTuple(lambda i, f: f"{i}\t{f[0]}\t{f[1]!r}")
                 | beam.io.WriteToText(flags_out))
    _ = out | beam.combiners.Count.Globally()
    result = p.run()
    result.wait_until_finish()
    after = os.times()
    cpu = sum(getattr(after, a) - getattr(before, a)
              for a in ("user", "system", "children_user", "children_system"))
    counters = {c.key.metric.name: c.committed
                for c in result.metrics().query(MetricsFilter())["counters"]
                if c.key.metric.namespace == "akhbar.neardup"}
    return {"articles": count, "wall_seconds": round(time.perf_counter() - started, 2),
            "cpu_seconds": round(cpu, 2), "cpu_ms_per_article": round(1000 * cpu / count, 3),
            "load": round(os.getloadavg()[0], 1), "counters": counters}


def compare(cache: Path, flags_out: str) -> bool:
    """Whether the pipeline's flags equal ``cluster_records`` on the cached records."""
    from akhbar.neardup import NearParams, cluster_records

    with open(cache, "rb") as f:
        expected = cluster_records(pickle.load(f), NearParams()).flags
    got = {}
    for path in Path(flags_out).parent.glob(Path(flags_out).name + "*"):
        for line in path.read_text(encoding="utf-8").splitlines():
            article_id, rep, similarity = line.split("\t")
            got[article_id] = (rep, float(similarity))
    print(f"flags: pipeline {len(got)}, in memory {len(expected)}, identical {got == expected}")
    return got == expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="ant-v1.1")
    parser.add_argument("--cache", type=Path, default=None,
                        help="pickle of the near records (default: a temporary file)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--null", action="store_true",
                        help="also run the null pipeline (load and emit, no step)")
    parser.add_argument("--elements", action="store_true",
                        help="shuffle the near records instead of spilling them to files")
    parser.add_argument("--compare", action="store_true",
                        help="check the flags against the in-memory step")
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.ERROR)  # the workers' start-up warnings
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp) / "near.pkl"
        if not cache.exists():
            make_cache(resolve_corpus(args.corpus), cache)
        flags_out = str(Path(tmp) / "flags") if args.compare else None
        ok = True
        for i in range(args.runs):
            spill = None if args.elements else tempfile.mkdtemp(dir=tmp)
            if args.null:
                print("null", run_once(cache, args.workers, True, None, spill), flush=True)
            print("step", run_once(cache, args.workers, False,
                                   flags_out if i == 0 else None, spill), flush=True)
            if flags_out and i == 0:
                ok = compare(cache, flags_out)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
