"""WriteArticles and WriteDeadLetters: validated Avro output under the output prefix."""

from __future__ import annotations

import apache_beam as beam
from apache_beam.io.avroio import WriteToAvro

from akhbar.article import Article, DeadLetter
from akhbar.encoding import replace_lone_surrogates
from akhbar.schema import article_schema, dead_letter_schema, misfit
from transforms.common import DEAD_LETTER, MAIN, Counters, StepCounters, Steps

ARTICLES_PREFIX = "articles"
DEAD_LETTER_PREFIX = "dead_letter"
WRITTEN = "written"  # WriteArticles' output of the Avro files it finalized


def output_path(prefix: str, name: str) -> str:
    return prefix.rstrip("/") + "/" + name


class ToRecordFn(beam.DoFn):
    """Article -> Avro record; a record that does not fit the schema is a dead letter."""

    def __init__(self, keep_normalized_body: bool) -> None:
        self.keep_normalized_body = keep_normalized_body
        self.counters = StepCounters(Steps.WRITE)

    def setup(self) -> None:
        self.schema = article_schema()

    def process(self, article: Article):
        self.counters.inc(Counters.TOTAL)
        try:
            record = article.to_record(self.keep_normalized_body)
            problem = misfit(record, self.schema)
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}"[:1000]
        if problem:
            yield self.counters.dead(DeadLetter.of(
                article.source_uri, "validate", "schema_misfit", problem, article.body,
                article.id))
            return
        self.counters.inc(Counters.WRITTEN)
        if article.duplicate_of:
            self.counters.inc(Counters.WRITTEN_DUPLICATE)
        if article.near_duplicate_of:
            self.counters.inc(Counters.WRITTEN_NEAR_DUPLICATE)
        yield record


class WriteArticles(beam.PTransform):
    """Articles -> ``PREFIX/articles-*.avro``. Returns ``{DEAD_LETTER: the dead letters of
    validation, WRITTEN: the names of the files written, once they are final}``."""

    def __init__(self, prefix: str, keep_normalized_body: bool = True) -> None:
        super().__init__()
        self.prefix = prefix
        self.keep_normalized_body = keep_normalized_body

    def expand(self, articles):
        records = articles | "Validate" >> beam.ParDo(
            ToRecordFn(self.keep_normalized_body)).with_outputs(DEAD_LETTER, main=MAIN)
        written = records[MAIN] | "WriteAvro" >> WriteToAvro(
            output_path(self.prefix, ARTICLES_PREFIX), schema=article_schema(),
            file_name_suffix=".avro")
        return {DEAD_LETTER: records[DEAD_LETTER], WRITTEN: written}


class DeadLetterRecordFn(beam.DoFn):
    """Dead letter -> Avro record; it must always be writable (a dead letter that could
    not be written would fail the whole run), so every string is made encodable."""

    def __init__(self) -> None:
        self.counters = StepCounters(Steps.DEAD_LETTER)

    def process(self, letter: DeadLetter):
        self.counters.inc(Counters.TOTAL)
        self.counters.inc(Counters.letters(letter.step, letter.reason))
        yield replace_lone_surrogates(letter.to_record())[0]


class WriteDeadLetters(beam.PTransform):
    """Dead letters of every step -> ``PREFIX/dead_letter-*.avro``. Returns the names of
    the files written, once they are final."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def expand(self, letters):
        return (
            letters
            | "ToRecord" >> beam.ParDo(DeadLetterRecordFn())
            | "WriteAvro" >> WriteToAvro(
                output_path(self.prefix, DEAD_LETTER_PREFIX), schema=dead_letter_schema(),
                file_name_suffix=".avro")
        )
