"""ExtractEntities: named-entity mentions (PERS, LOC, ORG, MISC) in title, lead and body."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.utils import shared

from akhbar.article import Article, Mention
from akhbar.enrich import ENTITY_BATCH, find_entities, find_entities_many
from transforms.common import DEAD_LETTER, MAIN, Counters, StepCounters, Steps
from transforms.extract import BatchExtractFn, extract_step


class ExtractEntitiesFn(BatchExtractFn):
    step = Steps.ENTITIES

    def __init__(self, strict: bool, backend: str, model_path: str | None,
                 shared_handle: shared.Shared) -> None:
        super().__init__(strict)
        self.backend = backend
        self.model_path = model_path
        self._shared = shared_handle
        self.recognizer = None

    def setup(self) -> None:
        # Loaded once per worker process and shared by its threads; never at import.
        from akhbar.ner import load_recognizer

        options = {"model_path": self.model_path} if self.model_path else {}

        def load():
            return _Holder(load_recognizer(self.backend, **options))

        self.recognizer = self._shared.acquire(load, tag=f"{self.backend}:{self.model_path}").value

    def find(self, article: Article) -> list[Mention]:
        return find_entities(article, self.recognizer)

    def find_many(self, articles: list[Article]) -> list[list[Mention]]:
        return find_entities_many(articles, self.recognizer)

    def attach(self, article: Article, found: list[Mention]) -> None:
        article.entities = found


class _Holder:
    """``Shared`` needs a weak-referenceable object."""

    def __init__(self, value) -> None:
        self.value = value


class CountEntitiesFn(beam.DoFn):
    """Counters of the RunInference path: ``total`` and ``entities_<TYPE>``."""

    def __init__(self) -> None:
        self.counters = StepCounters(Steps.ENTITIES)

    def process(self, article: Article):
        self.counters.inc(Counters.TOTAL)
        for mention in article.entities:
            self.counters.inc(Counters.found(Steps.ENTITIES, mention.type))
        yield article


class ExtractEntities(beam.PTransform):
    """Articles -> articles with ``entities``; see ``akhbar.ner`` for the models.

    ``backend="camel"`` runs the CAMeL Tools BERT recognizer through Beam RunInference
    (batched; GPU workers on Dataflow); ``handler`` replaces its model handler (tests).
    The other backends run in a DoFn that loads the model once per worker and tags
    ``batch_size`` articles per call.
    """

    def __init__(self, backend: str = "builtin", model_path: str | None = None,
                 strict: bool = False, handler=None, batch_size: int = ENTITY_BATCH) -> None:
        super().__init__()
        self.backend = backend
        self.model_path = model_path
        self.strict = strict
        self.handler = handler
        self.batch_size = batch_size

    def expand(self, articles):
        if self.backend == "camel":
            return self._run_inference(articles)
        fn = ExtractEntitiesFn(self.strict, self.backend, self.model_path, shared.Shared())
        # Batches form within a bundle (no shuffle: the step stays fused with its
        # neighbours); the remainder of a bundle is flushed at its end.
        batches = articles | "Batch" >> beam.BatchElements(
            min_batch_size=self.batch_size, max_batch_size=self.batch_size)
        return extract_step(batches, "Entities", fn)

    def _run_inference(self, articles):
        from transforms.inference import CamelNERModelHandler, ExtractEntitiesRunInference

        handler = self.handler or CamelNERModelHandler(model_path=self.model_path)
        tagged = (articles
                  | "RunInference" >> ExtractEntitiesRunInference(handler)
                  | "Count" >> beam.ParDo(CountEntitiesFn()))
        # A failing model fails the run (RunInference has no per-article fallback);
        # this path never dead-letters an article.
        none = articles.pipeline | "NoDeadLetters" >> beam.Create([])
        return {MAIN: tagged, DEAD_LETTER: none}
