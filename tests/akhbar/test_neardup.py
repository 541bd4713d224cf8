"""akhbar.neardup: signatures, LSH candidates, verification and clusters."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.article import article_id as make_id
from akhbar.neardup import (
    BandPacker,
    NearParams,
    UnionFind,
    band_keys,
    component_roots,
    estimated_jaccard,
    exact_jaccard,
    find_near_duplicates,
    rank,
    shingle_hashes,
    signature,
    text_signature,
    unpack_bands,
)
from tests.helpers import run_probe

WORDS = ("وزير الطاقة سامي بن علي اجتماع تونس البنك الدولي الخطة الشهر المقبل معرض الكتاب "
         "عمان الثقافة ليلى حداد افتتاح مشاركة واسعة الرياض جدة مكة المدينة الأمير الملك "
         "مجلس الوزراء قرار جديد الاقتصاد النفط أسعار ارتفاع انخفاض السوق الأسهم").split()

PARAMS = NearParams()


def story(seed: int, n: int = 400) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(n))


def edit(text: str, seed: int, changes: int) -> str:
    """``changes`` random word substitutions."""
    rng = random.Random(seed)
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = f"كلمة{rng.randrange(10**6)}"
    return " ".join(words)


def test_identical_texts_have_equal_signatures_and_different_texts_do_not():
    a, b = story(1), story(2)
    assert estimated_jaccard(text_signature(a, PARAMS), text_signature(a, PARAMS)) == 1.0
    assert estimated_jaccard(text_signature(a, PARAMS), text_signature(b, PARAMS)) < 0.1


def test_shingles_of_short_and_empty_texts():
    assert shingle_hashes("", 5).size == 0
    assert shingle_hashes("كلمة واحدة", 5).size == 1
    assert shingle_hashes(" ".join(["أ"] * 20), 5).size == 1  # a set: repeats count once
    assert shingle_hashes(story(3, 30), 5).size == 26


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 40))
def test_estimate_is_within_four_standard_errors_of_exact_jaccard(seed, changes):
    a = story(seed)
    b = edit(a, seed + 1, changes)
    exact = exact_jaccard(shingle_hashes(a, 5), shingle_hashes(b, 5))
    estimate = estimated_jaccard(text_signature(a, PARAMS), text_signature(b, PARAMS))
    sigma = max(np.sqrt(exact * (1 - exact) / PARAMS.permutations), 1 / PARAMS.permutations)
    assert abs(estimate - exact) <= 4 * sigma + 1e-9


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), max_size=400, unique=True),
       st.sampled_from([1, 7, 128, 300]))
def test_a_signature_computed_in_blocks_is_the_minimum_over_all_shingles(hashes, perms):
    """``signature`` works through the shingles a block at a time (to keep its arrays
    small); the result is the column minimum of the whole (shingles, permutations) table,
    also across block boundaries (one block is ~60 shingles at 128 permutations)."""
    params = NearParams(permutations=perms, bands=1, rows=1)
    hashes = np.array(sorted(hashes), dtype=np.uint64)
    a, b = params._hash_params
    if hashes.size:
        with np.errstate(over="ignore"):
            want = ((hashes[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)).min(axis=0)
    else:
        want = np.full(perms, 0xFFFFFFFF)
    got = signature(hashes, params)
    assert got.dtype == np.uint32 and np.array_equal(got, want.astype(np.uint32))


def test_signatures_do_not_depend_on_the_process():
    """Workers on different machines must agree: no salted hash() anywhere."""
    code = ("from akhbar.neardup import NearParams, text_signature; import sys; "
            f"sys.stdout.write(text_signature({story(4)!r}, NearParams()).tobytes().hex())")
    outs = set()
    for seed in ("1", "2"):
        outs.add(run_probe(code, env={"PYTHONHASHSEED": seed}).stdout)
    assert outs == {text_signature(story(4), PARAMS).tobytes().hex()}


def test_the_seed_changes_the_permutations():
    text = story(5)
    assert not np.array_equal(text_signature(text, NearParams(seed=1)),
                              text_signature(text, NearParams(seed=2)))


def test_band_keys_agree_exactly_when_the_band_agrees():
    sig = text_signature(story(6), PARAMS)
    other = sig.copy()
    other[0] += 1  # changes band 0 only
    ka, kb = band_keys(sig, PARAMS), band_keys(other, PARAMS)
    assert len(ka) == PARAMS.bands and len(set(ka)) == PARAMS.bands
    assert ka[0] != kb[0] and ka[1:] == kb[1:]


def _items(texts: dict[str, tuple[str, str | None]]):
    return [(i, pub, shingle_hashes(t, PARAMS.shingle)) for i, (t, pub) in texts.items()]


def test_copies_cluster_with_the_earliest_published_as_representative():
    base = story(7)
    texts = {
        "a": (edit(base, 1, 2), "2015-07-22"),
        "b": (edit(base, 2, 2), "2015-07-21"),   # earliest: the representative
        "c": (edit(base, 3, 2), None),           # undated: sorts last
        "d": (story(8), "2015-07-20"),           # another story
    }
    result = find_near_duplicates(_items(texts), PARAMS)
    assert set(result.flags) == {"a", "c"}
    assert {rep for rep, _ in result.flags.values()} == {"b"}
    assert all(0.8 <= sim <= 1.0 for _, sim in result.flags.values())
    assert ["b", "a", "c"] in result.clusters


def test_result_does_not_depend_on_input_order():
    base = story(9)
    texts = {f"id{i}": (edit(base, i, 1 + i % 3), f"2015-08-{10 + i % 5:02d}")
             for i in range(12)}
    texts |= {f"x{i}": (story(100 + i), None) for i in range(8)}
    items = _items(texts)
    first = find_near_duplicates(items, PARAMS)
    random.Random(0).shuffle(items)
    second = find_near_duplicates(items, PARAMS)
    assert first.flags == second.flags and first.pairs == second.pairs
    assert len(first.flags) == 11


def test_dissimilar_bucket_mates_are_rejected_by_verification():
    """Pairs below the threshold may share a bucket but are not flagged."""
    base = story(10)
    texts = {f"v{i}": (edit(base, i, 150), None) for i in range(6)}  # J ~ 0.1
    result = find_near_duplicates(_items(texts), PARAMS)
    assert result.flags == {}


def test_oversize_buckets_are_skipped_and_counted():
    texts = {f"s{i}": ("نص", None) for i in range(5)}  # the same one shingle
    result = find_near_duplicates(_items(texts), NearParams(max_bucket=4))
    assert result.flags == {} and result.skipped_buckets == PARAMS.bands
    result = find_near_duplicates(_items(texts), NearParams(max_bucket=5))
    assert len(result.flags) == 4 and result.skipped_buckets == 0


def test_flagged_pairs_are_at_or_above_the_threshold_exactly():
    """Verification is exact: no flagged pair below the threshold, whatever the noise of
    the signatures; the similarity is the exact Jaccard to the representative."""
    base = story(11)
    texts = {f"e{i}": (edit(base, i, i), None) for i in range(0, 16)}  # J 1.0 .. ~0.6
    items = _items(texts)
    result = find_near_duplicates(items, PARAMS)
    sets = {i: s for i, _, s in items}
    assert result.pairs
    for a, b in result.pairs:
        assert exact_jaccard(sets[a], sets[b]) >= PARAMS.threshold
    for member, (rep, sim) in result.flags.items():
        assert sim == exact_jaccard(sets[member], sets[rep])


def test_articles_without_words_are_left_out():
    result = find_near_duplicates([("a", None, shingle_hashes("", 5)),
                                   ("b", None, shingle_hashes("", 5))], PARAMS)
    assert result.flags == {} and result.clusters == []


def test_rank_orders_dated_before_undated_then_by_id():
    assert rank("z", "2015-01-01") < rank("a", "2015-01-02") < rank("a", None) < rank("b", None)


def test_union_find_joins_chains_under_the_smallest():
    assert component_roots([(5, 4), (3, 4), (9, 8)]) == {3: 3, 4: 3, 5: 3, 8: 8, 9: 8}
    uf = UnionFind()
    uf.union(7, 6)
    assert uf.find(7) == uf.find(6) == 6


def _smallest_by_search(edges: list[tuple[int, int]]) -> dict[int, int]:
    """Reference: each vertex -> the smallest vertex reachable from it (breadth first)."""
    adjacent: dict[int, set[int]] = {}
    for a, b in edges:
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)
    out = {}
    for start in adjacent:
        seen, frontier = {start}, [start]
        while frontier:
            frontier = [n for v in frontier for n in adjacent[v] if n not in seen]
            seen.update(frontier)
        out[start] = min(seen)
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=60),
       st.randoms(use_true_random=False))
def test_component_roots_are_the_smallest_reachable_vertex_in_any_edge_order(edges, rnd):
    expected = _smallest_by_search(edges)
    assert component_roots(edges) == expected
    shuffled = [(b, a) if rnd.random() < 0.5 else (a, b) for a, b in edges]
    rnd.shuffle(shuffled)
    assert component_roots(shuffled) == expected


@pytest.mark.parametrize("kwargs", [{"bands": 20, "rows": 8}, {"threshold": 0.0},
                                    {"threshold": 1.5}, {"max_bucket": 0}])
def test_bad_parameters_are_refused(kwargs):
    with pytest.raises(ValueError):
        NearParams(**kwargs)


def test_candidate_probability_is_the_lsh_s_curve():
    assert PARAMS.candidate_probability(1.0) == 1.0
    assert PARAMS.candidate_probability(0.0) == 0.0
    assert PARAMS.candidate_probability(0.9) > 0.99 > PARAMS.candidate_probability(0.5)


IDS = st.one_of(
    st.text(min_size=1, max_size=40),
    st.from_regex(r"[0-9a-fA-F]{1,260}", fullmatch=True),   # hex, odd, upper case, long
    st.text(min_size=60, max_size=200),                     # often over 127 bytes of UTF-8
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), IDS), max_size=30))
def test_packed_band_entries_unpack_to_what_was_added(items):
    packer = BandPacker()
    added = []
    for seed, article_id in items:
        keys = band_keys(text_signature(story(seed, 20), PARAMS), PARAMS)
        packer.add(keys, article_id)
        added += [(key, article_id) for key in keys]
    size = packer.size
    drained = list(packer.drain())
    unpacked = [entry for prefix, packed in drained for entry in unpack_bands(prefix, packed)]
    assert sorted(unpacked) == sorted(added)
    assert size == sum(len(packed) for _, packed in drained)
    assert list(packer.drain()) == [] and packer.size == 0


def test_an_article_id_packs_into_half_its_length():
    packer = BandPacker()
    keys = band_keys(text_signature(story(1, 20), PARAMS), PARAMS)
    packer.add(keys, make_id("/x/a.txt", "body"))  # 20 hexadecimal digits
    assert packer.size == PARAMS.bands * (7 + 1 + 10)
