"""NearDuplicates (Beam) against the in-memory find_near_duplicates, and the flags in
FlagDuplicates."""

from __future__ import annotations

import random
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.util import assert_that, equal_to

from akhbar.article import Article
from akhbar.formats import ReadOptions
from akhbar.neardup import (
    BandPacker,
    NearParams,
    find_near_duplicates,
    near_record,
    shingle_hashes,
)
from tests.akhbar.test_neardup import edit, story
from tests.transforms.test_steps import _parse, in_memory
from transforms import FlagDuplicates, NormalizeArticles
from transforms.common import MAIN
from transforms.neardup import (
    SPILLED,
    NearDuplicates,
    RecordSpill,
    propagate_labels,
    read_spilled,
)

PARAMS = NearParams()


def corpus_records(seed: int) -> list[tuple[str, str, str | None, str]]:
    """Clusters of edited copies (some chained: each copy edits the previous one), across
    two sources, among unrelated stories."""
    rng = random.Random(seed)
    records = []
    for c in range(6):
        text = story(1000 * seed + c)
        for k in range(rng.randrange(1, 5)):
            text = edit(text, rng.randrange(10**6), rng.randrange(0, 4))
            published = rng.choice([None, f"2015-07-{rng.randrange(20, 28)}"])
            records.append((f"c{c}-{k}-{rng.randrange(10**6)}", text, published,
                            rng.choice(["spa", "okaz"])))
    for u in range(10):
        records.append((f"u{u}", story(10**6 + u), None, "spa"))
    return records


def beam_inputs(p, texts, spill: Path | None = None):
    """``(id, text, published, source)`` -> the NearDuplicates inputs, as the duplicate
    pass makes them (with ``spill``: the records in three spill files there)."""
    records, packer = [], BandPacker()
    for article_id, text, published, source in texts:
        article = Article(id=article_id, source_uri=f"/x/{source}/{article_id}",
                          source_format="plain", body=text, published=published,
                          metadata={"source": source})
        record, keys = near_record(article, text, PARAMS)
        records.append(record)
        packer.add(keys, article_id)
    bands = p | "Bands" >> beam.Create(list(packer.drain()))
    if spill is None:
        return {"records": p | "Records" >> beam.Create(records), "bands": bands}
    names = []
    for part in range(3):
        spilled = RecordSpill(str(spill))
        for record in records[part::3]:
            spilled.add(record)
        names.append(spilled.close())
    return {SPILLED: p | "Spilled" >> beam.Create(names), "bands": bands}


def test_spilled_records_read_back_whole_or_by_id(tmp_path: Path):
    records = [near_record(Article(id=i, source_uri=f"/x/{i}", source_format="plain",
                                   body=t, published=pub, metadata={"source": s}), t,
                           PARAMS)[0] for i, t, pub, s in corpus_records(3)]
    spilled = RecordSpill(str(tmp_path))
    assert spilled.close() is None and not list(tmp_path.iterdir())  # nothing, no file
    spilled = RecordSpill(str(tmp_path))
    for record in records:
        spilled.add(record)
    path = spilled.close()
    assert list(read_spilled(path)) == records
    wanted = {records[1][0], records[-1][0], "absent"}
    assert list(read_spilled(path, wanted)) == [records[1], records[-1]]


def test_a_failed_bundle_does_not_leave_its_spill_file_open(tmp_path: Path):
    """A bundle that fails after spilling never reaches finish_bundle: the next bundle
    (a retry) and teardown close its file, and only finished bundles' names go out."""
    from transforms.dedup import HashFileFn

    record = near_record(Article(id="a", source_uri="/x/a", source_format="plain",
                                 body="نص", published=None, metadata={}), "نص خبر",
                         PARAMS)[0]
    fn = HashFileFn(ReadOptions(), "light", near=PARAMS, spill=str(tmp_path))
    fn.start_bundle()
    fn.spilled.add(record)  # ... and the bundle fails here
    failed = fn.spilled.file
    fn.start_bundle()
    assert failed.closed and fn.spilled.file is None
    fn.spilled.add(record)
    second = fn.spilled.file
    fn.teardown()
    assert second.closed and fn.spilled is None


def _near_counters(result) -> dict[str, int]:
    return {c.key.metric.name: c.committed for c in
            result.metrics().query(MetricsFilter())["counters"]
            if c.key.metric.namespace == "akhbar.neardup"}


# max_edges=0: every edge overflows to label propagation; 10**6: one union-find
# spill: the records as spill files (local runs) instead of elements
@pytest.mark.parametrize(("max_edges", "spill"), [(10**6, False), (0, False), (10**6, True)])
@pytest.mark.parametrize("seed", [1, 2])
def test_beam_clusters_equal_the_in_memory_ones(seed, max_edges, spill, tmp_path: Path):
    texts = corpus_records(seed)
    expected = find_near_duplicates(
        ((i, pub, shingle_hashes(t, PARAMS.shingle)) for i, t, pub, _ in texts), PARAMS)
    assert expected.flags  # the corpus has near duplicates
    p = in_memory()
    inputs = beam_inputs(p, texts, tmp_path if spill else None)
    flags = (inputs | NearDuplicates(PARAMS, max_edges=max_edges)
             | beam.MapTuple(lambda i, flag: (i, flag[:2])))
    assert_that(flags, equal_to(list(expected.flags.items())))
    result = p.run()
    result.wait_until_finish()
    counters = _near_counters(result)
    assert counters["verified_pairs"] == len(expected.pairs)
    assert counters["clusters"] == sum(len(c) > 1 for c in expected.clusters)
    overflow = counters.get("components_overflow_edges", 0)
    assert overflow == (len(expected.pairs) if max_edges == 0 else 0)
    assert counters.get("components_unconverged", 0) == 0


def test_oversize_buckets_are_skipped():
    p = in_memory()
    texts = [(f"s{i}", "نص", None, "x") for i in range(5)]
    flags = beam_inputs(p, texts) | NearDuplicates(NearParams(max_bucket=4))
    assert_that(flags, equal_to([]))
    result = p.run()
    result.wait_until_finish()
    counters = _near_counters(result)
    assert counters["skipped_oversize_bucket"] == PARAMS.bands
    assert counters["skipped_bucket_members"] == 5 * PARAMS.bands


NEWS = ("أعلنت وزارة الطاقة اليوم عن خطة جديدة لتطوير مشاريع الطاقة الشمسية في المناطق "
        "الجنوبية، وقال الوزير إن المشروع سيوفر آلاف الوظائف للشباب خلال السنوات الخمس "
        "المقبلة، وإن الحكومة خصصت ميزانية كبيرة لتمويل المحطات الجديدة بالتعاون مع البنك "
        "الدولي وعدد من الشركات الخاصة التي أبدت اهتماما بالاستثمار في القطاع. ") * 3


@pytest.mark.parametrize("spill", [False, True])
def test_flag_duplicates_sets_near_twins_and_keeps_exact_ones(tmp_path: Path, spill):
    spill_dir = tmp_path / "spill"
    spill_dir.mkdir()
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    (tmp_path / "wire.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "site_a.txt").write_text(NEWS + " وأضاف أن التنفيذ يبدأ الشهر المقبل.",
                                         encoding="utf-8")
    (tmp_path / "site_b.txt").write_text(NEWS, encoding="utf-8")          # exact copy
    (tmp_path / "other.txt").write_text(story(5), encoding="utf-8")

    def check(articles):
        by_name = {Path(a.source_uri).name: a for a in articles}
        near = {n: a.near_duplicate_of for n, a in by_name.items()}
        reps = {v for v in near.values() if v}
        assert len(reps) == 1 and near["other.txt"] is None
        [rep] = reps
        flagged = sorted(n for n, v in near.items() if v)
        assert len(flagged) == 2 and by_name[flagged[0]].id != rep
        # the representative (no dates here: the smallest id) is one of the three copies
        assert rep == min(by_name[n].id for n in ("wire.txt", "site_a.txt", "site_b.txt"))
        assert all(0.8 <= by_name[n].near_duplicate_similarity <= 1.0 for n in flagged)
        # exact duplicates are flagged as before
        assert sum(a.duplicate_of is not None for a in articles) == 1

    with in_memory() as p:
        files, parsed = _parse(p, tmp_path)
        norm = parsed[MAIN] | NormalizeArticles("light")
        out = {"files": files, "articles": norm[MAIN]} | FlagDuplicates(
            ReadOptions(), "light", near=PARAMS, near_spill=str(spill_dir) if spill else None)
        assert_that(out, check)
    # spilled: every article's record is in the spill files, none went as an element
    spilled = [r for f in spill_dir.iterdir() for r in read_spilled(str(f))]
    assert sorted(Path(r[4]).name for r in spilled) == (
        sorted(f.name for f in tmp_path.iterdir()) if spill else [])


def test_near_without_exact(tmp_path: Path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.txt").write_text(NEWS, encoding="utf-8")

    def check(articles):
        assert sum(a.duplicate_of is not None for a in articles) == 0
        assert sum(a.near_duplicate_of is not None for a in articles) == 1

    with in_memory() as p:
        files, parsed = _parse(p, tmp_path)
        norm = parsed[MAIN] | NormalizeArticles("light")
        out = {"files": files, "articles": norm[MAIN]} | FlagDuplicates(
            ReadOptions(), "light", exact=False, near=PARAMS)
        assert_that(out, check)


@pytest.mark.parametrize("rounds", [0, 2, 9])
def test_label_propagation_reaches_rounds_plus_one_hops_and_counts_the_rest(rounds):
    # a path 0 - 1 - ... - 9: after the initial labels (one hop) and ``rounds`` rounds,
    # vertex v has the smallest vertex within rounds + 1 hops; the labels that still
    # changed in the last round (v >= rounds + 1) are counted as unconverged
    edges = [(v, v + 1) for v in range(9)]
    p = in_memory()
    labels = propagate_labels(p | beam.Create(edges), rounds)
    assert_that(labels, equal_to([(v, max(0, v - rounds - 1)) for v in range(10)]))
    result = p.run()
    result.wait_until_finish()
    expected = 0 if rounds == 0 else sum(v >= rounds + 1 for v in range(10))
    assert _near_counters(result).get("components_unconverged", 0) == expected
