"""``scripts/train_ner.py``'s neural training loop on a few made-up sentences (no shared
data): per-epoch checkpoints."""

from __future__ import annotations

import argparse
import json

import numpy as np
import pytest

from akhbar.ner.features import Lexicon
from akhbar.ner.neural import LEXICON_FILE, NEURAL_CARD, NEURAL_FILE
from tests.helpers import load_script

torch = pytest.importorskip("torch")

SENTS = [
    (["زار", "الرئيس", "جاك", "شيراك", "القاهرة", "."],
     ["O", "O", "B-PERS", "I-PERS", "B-LOC", "O"]),
    (["وقال", "شيراك", "إن", "فرنسا", "تدعم", "الأمم", "المتحدة", "."],
     ["O", "B-PERS", "O", "B-LOC", "O", "B-ORG", "I-ORG", "O"]),
    (["وصل", "مبارك", "إلى", "باريس", "أمس", "."],
     ["O", "B-PERS", "O", "B-LOC", "O", "O"]),
] * 3


def _args(out, epochs: int, save_every_epoch: bool) -> argparse.Namespace:
    """The neural options of ``train_ner.py`` at their defaults, small where speed matters."""
    return argparse.Namespace(
        seed=13, tagger_seed=None, threads=1, emb_words=100, word_min=1, ks="4",
        word_dim=8, char_filters=8, hidden=8, dropout=0.5, init=None, e5_finetune=0,
        lr=2e-3, lr_decay=0.05, e5_lr=5e-5, epochs=epochs, batch=4, silver_weight=0.5,
        silver_per_epoch=None, word_dropout=0.1, keep_best=False,
        save_every_epoch=save_every_epoch, out=out, ctx_proj=8, e5_layers="4,8,12",
        ctx_dropout=None, e5_pool="first", e5_dropout=0.1)


def _train(tn, out, epochs: int, save_every_epoch: bool) -> dict:
    words = sorted({w for toks, _ in SENTS for w in toks})
    emb = np.random.default_rng(0).normal(size=(len(words), 6)).astype("float32")
    lex = Lexicon(freq={w: 5 for w in words}, clusters={w: ("1",) for w in words})
    info = tn.train_neural(_args(out, epochs, save_every_epoch), SENTS, [], lex, words, emb)
    lex.save(out / LEXICON_FILE)  # as main_neural does
    card = {"settings": {"epochs": epochs}, **info}
    if save_every_epoch:
        tn.complete_checkpoints(out, card, LEXICON_FILE, NEURAL_CARD)
    return card


def _state(path) -> dict:
    return torch.load(path / NEURAL_FILE, map_location="cpu", weights_only=True)["state"]


def _same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def test_checkpoint_of_epoch_n_is_the_n_epoch_model(tmp_path):
    from akhbar.ner.neural import NeuralRecognizer

    tn = load_script("train_ner")
    long, short = tmp_path / "three", tmp_path / "two"
    _train(tn, long, 3, True)
    _train(tn, short, 2, False)
    assert not (short / "epoch1").exists()
    # the schedule depends on the epoch only: stopping at 2 of 3 = a 2-epoch run
    assert _same(_state(long / "epoch2"), _state(short))
    assert _same(_state(long / "epoch3"), _state(long))
    assert not _same(_state(long / "epoch1"), _state(long / "epoch2"))
    for n in (1, 2, 3):
        card = json.loads((long / f"epoch{n}" / NEURAL_CARD).read_text("utf-8"))
        assert card["epoch"] == n and [r["epoch"] for r in card["history"]] == list(range(1, n + 1))
    # a checkpoint is a loadable model directory, and tags like the model it equals
    toks = SENTS[1][0]
    assert (NeuralRecognizer(long / "epoch2", scores=False).tag_tokens(toks)
            == NeuralRecognizer(short, scores=False).tag_tokens(toks))
