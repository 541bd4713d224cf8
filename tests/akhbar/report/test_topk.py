"""TopK (Space-Saving): exact under capacity, bounded and guaranteed beyond it."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.report.topk import TopK


def test_exact_while_distinct_keys_fit():
    words = "تونس القاهرة تونس عمان تونس القاهرة".split()
    top = TopK(capacity=10)
    for w in words:
        top.add(w, example=w + "!")
    assert top.exact and top.total == len(words)
    assert [(i.key, i.count, i.error) for i in top.items()] == \
        [(k, c, 0) for k, c in sorted(Counter(words).items(), key=lambda kv: (-kv[1], kv[0]))]
    assert top.items(1)[0].example == "تونس!"


def test_weights_and_ties_are_ordered_by_key():
    top = TopK(capacity=5)
    top.add("b", 3)
    top.add("a", 3)
    top.add("c", 0)  # ignored
    assert [(i.key, i.count) for i in top] == [("a", 3), ("b", 3)]
    assert "c" not in top and top.total == 6


def test_memory_stays_bounded_and_heavy_hitters_survive():
    rng = random.Random(7)
    top = TopK(capacity=50)
    truth = Counter()
    stream = [f"rare{rng.randrange(20000)}" for _ in range(20000)]
    stream += ["كولينز"] * 900 + ["جنيف"] * 600
    rng.shuffle(stream)
    for key in stream:
        top.add(key)
        truth[key] += 1
    assert len(top) == 50 and not top.exact
    assert len(top._heap) == 50
    best = top.items(2)
    assert [i.key for i in best] == ["كولينز", "جنيف"]
    for item in best:
        assert item.count - item.error <= truth[item.key] <= item.count


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=400), st.integers(1, 12))
def test_space_saving_guarantees(stream, capacity):
    top = TopK(capacity)
    for key in stream:
        top.add(key)
    truth = Counter(stream)
    assert len(top) <= capacity and top.total == len(stream)
    for item in top.items():
        assert item.count - item.error <= truth[item.key] <= item.count
    for key, n in truth.items():
        if n > len(stream) / capacity:
            assert key in top
    if len(truth) <= capacity:
        assert top.exact and {i.key: i.count for i in top.items()} == dict(truth)
