"""Entities through Beam RunInference with the CAMeL Tools BERT recognizer.

The model handler takes whole articles (already normalized) as examples: for a batch it
collects every sentence of every field, tags them with one batched ``predict`` call (GPU
workers on Dataflow use the GPU when ``use_gpu=True``), and returns one
``PredictionResult(article, mentions)`` per article with original-text offsets and linked
clusters. ``ExtractEntitiesRunInference`` wires it up and attaches the mentions.

The CAMeL model (``camel_data -i ner-arabert``) is not downloadable in every environment;
loading fails with ``CamelNERUnavailable`` and an install hint. ``model_loader`` lets tests
(and other hosts of a compatible model) provide any object with
``predict(sentences, batch_size) -> list[list[tag]]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import apache_beam as beam
from apache_beam.ml.inference.base import ModelHandler, PredictionResult, RunInference

from akhbar.article import FIELDS, Article, Mention


class CamelNERModelHandler(ModelHandler[Article, PredictionResult, Any]):
    """RunInference handler: ``Article`` -> ``PredictionResult(article, list[Mention])``."""

    def __init__(self, model_path: str | None = None, use_gpu: bool = False,
                 batch_size: int = 32, model_loader: Callable[[], Any] | None = None,
                 min_batch_size: int = 1, max_batch_size: int = 16,
                 large_model: bool = False) -> None:
        super().__init__(min_batch_size=min_batch_size, max_batch_size=max_batch_size,
                         large_model=large_model)
        self.model_path = model_path
        self.use_gpu = use_gpu
        self.batch_size = batch_size
        self.model_loader = model_loader

    def load_model(self) -> Any:
        """A ``CamelRecognizer`` (imports camel_tools lazily, on the worker)."""
        from akhbar.ner.camel import CamelRecognizer, load_camel_model

        model = (self.model_loader() if self.model_loader is not None
                 else load_camel_model(self.model_path, self.use_gpu))
        return CamelRecognizer(model=model, batch_size=self.batch_size)

    def run_inference(self, batch: Sequence[Article], model: Any,
                      inference_args: dict[str, Any] | None = None
                      ) -> Iterable[PredictionResult]:
        from akhbar.enrich import map_spans
        from akhbar.ner import link_mentions
        from akhbar.ner.camel import mentions_from_tags, split_text

        jobs = []  # (article index, field, normalized text, sentence tokens)
        for i, art in enumerate(batch):
            for field in FIELDS:
                norm = art.normalized.get(field)
                text = getattr(norm, "text", None)
                if text:
                    jobs.extend((i, field, text, sent) for sent in split_text(text))
        tags = model.tag_sentences([[t[0] for t in job[3]] for job in jobs])
        found: list[dict[str, list[Mention]]] = [{} for _ in batch]
        for (i, field, text, sent), tg in zip(jobs, tags, strict=True):
            found[i].setdefault(field, []).extend(mentions_from_tags(text, sent, tg, field))
        for art, per_field in zip(batch, found, strict=True):
            mentions: list[Mention] = []
            for field, ms in per_field.items():
                mentions.extend(map_spans(art, field, ms))
            link_mentions(mentions)
            yield PredictionResult(example=art, inference=mentions,
                                   model_id=self.model_path or "camel:ner-arabert")

    def get_num_bytes(self, batch: Sequence[Article]) -> int:
        return sum(len(a.body or "") * 2 for a in batch)

    def get_metrics_namespace(self) -> str:
        return "akhbar_camel_ner"


def _attach(result: PredictionResult) -> Article:
    article = result.example
    article.entities = list(result.inference)
    return article


class ExtractEntitiesRunInference(beam.PTransform):
    """Normalized articles -> articles with ``entities`` via RunInference."""

    def __init__(self, handler: CamelNERModelHandler) -> None:
        super().__init__()
        self.handler = handler

    def expand(self, articles):
        return (articles
                | "RunInference" >> RunInference(self.handler)
                | "AttachEntities" >> beam.Map(_attach))
