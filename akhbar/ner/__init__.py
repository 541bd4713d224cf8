"""Named-entity recognition: PERS, LOC, ORG, MISC mentions (ANERcorp conventions).

``load_recognizer()`` loads the CRF model shipped in ``akhbar/ner/model/`` (call it once
per worker, e.g. in ``DoFn.setup``; the instance is thread-safe). ``backend="camel"`` uses
the CAMeL Tools BERT recognizer when its data package is installed. Nothing heavy happens
at import time.
"""

from __future__ import annotations

from typing import Any, Protocol

from akhbar.article import Mention
from akhbar.ner.linking import link_mentions, normalize_mention

__all__ = ["Recognizer", "load_recognizer", "link_mentions", "normalize_mention", "BACKENDS"]

BACKENDS = ("builtin", "camel")


class Recognizer(Protocol):
    def find(self, text: str, field: str) -> list[Mention]:
        """Mentions in ``text`` (``start``/``end`` are offsets into ``text``)."""
        ...


def load_recognizer(backend: str = "builtin", **options: Any) -> Recognizer:
    """Load a recognizer.

    ``builtin`` options: ``model_dir`` (or ``model_path``; default: the packaged model),
    ``scores`` (bool, default True: ``Mention.score`` = lowest token marginal).
    ``camel`` options: ``model_path`` (default: the ``ner-arabert`` data package),
    ``use_gpu``, ``batch_size``.
    """
    if backend == "builtin":
        from akhbar.ner.crf import CRFRecognizer

        if "model_path" in options:
            options["model_dir"] = options.pop("model_path")
        return CRFRecognizer(**options)
    if backend == "camel":
        from akhbar.ner.camel import CamelRecognizer

        return CamelRecognizer(**options)
    raise ValueError(f"unknown NER backend {backend!r}; choose one of {', '.join(BACKENDS)}")
