"""ExtractDates: temporal expressions resolved against the article's publication date."""

from __future__ import annotations

import apache_beam as beam

from akhbar.article import Article, Timex
from akhbar.enrich import find_dates
from transforms.common import Steps
from transforms.extract import ExtractFn, extract_step


class ExtractDatesFn(ExtractFn):
    step = Steps.DATES

    def find(self, article: Article) -> list[Timex]:
        return find_dates(article)

    def attach(self, article: Article, found: list[Timex]) -> None:
        article.dates = found


class ExtractDates(beam.PTransform):
    """Articles -> articles with ``dates``; unknown ``published`` leaves relative values null."""

    def __init__(self, strict: bool = False) -> None:
        super().__init__()
        self.strict = strict

    def expand(self, articles):
        return extract_step(articles, "Dates", ExtractDatesFn(self.strict))
