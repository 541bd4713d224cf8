"""The recognizer's reused work arrays (``neural.Scratch``): same results as fresh arrays,
whatever the order and sizes of the batches, nothing handed out clobbered by a later
batch, and no page faults per batch where malloc maps large blocks afresh."""

import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.ner.neural import TAGS, Scratch, np_marginals, np_viterbi
from tests.helpers import run_probe


def test_a_name_reuses_its_buffer_and_names_do_not_share():
    work = Scratch()
    a = work.get("a", (100, 9))
    a[...] = 1.0
    b = work.get("b", (100, 9))
    b[...] = 2.0
    assert (a == 1.0).all()  # another name: another buffer
    again = work.get("a", (50, 3), np.float32)
    assert np.shares_memory(a, again)  # smaller: the same buffer
    kept = work.nbytes
    work.get("a", (40, 9))
    assert work.nbytes == kept
    big = work.get("a", (1000, 9))  # larger: the buffer grows, once
    assert big.shape == (1000, 9) and work.nbytes > kept
    assert work.get("z", (7, 3), zero=True).sum() == 0


def test_zero_fills_a_reused_buffer():
    work = Scratch()
    work.get("a", (64,))[...] = 5.0
    assert not work.get("a", (64,), zero=True).any()


def test_arrays_over_the_limit_and_without_keep_are_not_kept():
    work = Scratch(keep=1 << 10)
    first = work.get("a", (1000,))  # 8,000 bytes > 1 KiB
    assert work.nbytes == 0
    assert not np.shares_memory(first, work.get("a", (1000,)))
    fresh = Scratch(keep=0)
    x = fresh.get("a", (4,))
    assert not np.shares_memory(x, fresh.get("a", (4,))) and fresh.nbytes == 0


_BATCH = st.lists(st.integers(1, 40), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(batches=st.lists(_BATCH, min_size=1, max_size=6), seed=st.integers(0, 2**16))
def test_crf_with_one_scratch_equals_fresh_arrays(batches, seed):
    """Batches of different sizes through one ``Scratch`` (growing and shrinking) give
    exactly the paths and marginals of fresh arrays."""
    rng = np.random.default_rng(seed)
    k = len(TAGS)
    trans, start, end = rng.normal(size=(k, k)), rng.normal(size=k), rng.normal(size=k)
    work = Scratch()
    for lens in batches:
        em = rng.normal(size=(len(lens), max(lens), k)) * 3
        lens = np.array(lens)
        want_path = np_viterbi(em, lens, trans, start, end)
        want_marg = np_marginals(em, lens, trans, start, end)
        got_path = np_viterbi(em, lens, trans, start, end, work)
        got_marg = np_marginals(em, lens, trans, start, end, work)
        for j, n in enumerate(lens):
            assert np.array_equal(got_path[j, :n], want_path[j, :n])
            assert np.array_equal(got_marg[j, :n], want_marg[j, :n])


@pytest.fixture(scope="module")
def neural():
    from akhbar.ner import load_recognizer

    return load_recognizer("neural", scores=True)


_SENTENCE = "زار الرئيس الفرنسي جاك شيراك القاهرة أمس وقال شيراك إن فرنسا تدعم مصر ."


def _texts(rng, n):
    words = _SENTENCE.split()[:-1]
    out = []
    for i in range(n):
        sents = [" ".join(rng.choice(words, size=rng.integers(1, 60))) + " ."
                 for _ in range(rng.integers(1, 30))]
        out.append((" ".join(sents), "body" if i % 2 else "title"))
    return out


def _mentions(found):
    return [[(m.text, m.type, m.start, m.end, m.score, m.normalized) for m in ms]
            for ms in found]


def test_results_of_a_batch_survive_later_batches_of_other_sizes(neural):
    """What ``find_many`` and ``marginals`` return is not a view of reused arrays: the
    results of a batch are unchanged by later, larger or smaller, batches, and equal to
    those of a recognizer whose work arrays are all fresh."""
    rng = np.random.default_rng(3)
    batches = [_texts(rng, n) for n in (5, 40, 1, 12)]
    sents = [_SENTENCE.split()] * 3 + [_SENTENCE.split()[:4]]
    got = [neural.find_many(b) for b in batches]
    margs = neural.marginals(sents)
    snapshot = [_mentions(g) for g in got], [m.copy() for m in margs]
    neural.marginals([_SENTENCE.split() * 5] * 40)  # larger arrays, same names
    for b in batches:
        neural.find_many(b)
    assert [_mentions(g) for g in got] == snapshot[0]
    assert all(np.array_equal(m, s) for m, s in zip(margs, snapshot[1], strict=True))
    scratch = neural._scratch()
    try:
        neural._local.scratch = Scratch(keep=0)  # every array fresh
        assert [_mentions(neural.find_many(b)) for b in batches] == snapshot[0]
        fresh = neural.marginals(sents)
    finally:
        neural._local.scratch = scratch
    assert all(np.array_equal(m, s) for m, s in zip(fresh, snapshot[1], strict=True))


def test_each_thread_has_its_own_work_arrays(neural):
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(4)
    batches = [_texts(rng, n) for n in (3, 20, 8, 30)] * 2
    want = [_mentions(neural.find_many(b)) for b in batches]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda b: _mentions(neural.find_many(b)), batches))
        ids = set(pool.map(lambda _: id(neural._scratch()), range(16)))
    assert got == want
    assert id(neural._scratch()) not in ids


# Tag the same batches twice after a warm-up, with malloc mapping every block of 64 KiB
# and more (as local runs do): once with the recognizer's own work arrays, once with
# fresh ones; print the minor page faults of each.
FAULT_PROBE = textwrap.dedent("""
    import resource
    import numpy as np
    from pipeline.worker import tune_malloc
    tune_malloc()
    from akhbar.ner import load_recognizer
    from akhbar.ner.neural import Scratch
    from tests.akhbar.ner.test_scratch import _texts
    rec = load_recognizer("neural", scores=True)
    rng = np.random.default_rng(5)
    batches = [_texts(rng, 16) for _ in range(8)]
    def faults():
        for b in batches:
            rec.find_many(b)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for b in batches:
            rec.find_many(b)
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    reused = faults()
    rec._local.scratch = Scratch(keep=0)
    print(reused, faults())
""")


def test_reused_work_arrays_spare_the_page_faults_of_fresh_mappings():
    done = run_probe(FAULT_PROBE, without=["MALLOC_*"])
    reused, fresh = map(int, done.stdout.split())
    assert fresh > 2000  # 8 batches of arrays of 64 KiB and more, mapped afresh
    assert reused < fresh / 10
