"""ExtractDates: temporal expressions resolved against the article's publication date."""

from __future__ import annotations

import datetime as dt

import apache_beam as beam

from akhbar.article import Article, Timex
from transforms.extract import ExtractFn, extract_step


class ExtractDatesFn(ExtractFn):
    step = "dates"

    def setup(self) -> None:
        from akhbar.dates import extract_dates

        self._extract = extract_dates

    def extract(self, article: Article, field: str, text: str) -> list[Timex]:
        published = dt.date.fromisoformat(article.published) if article.published else None
        return self._extract(text, published, field)

    def attach(self, article: Article, found: list[Timex]) -> None:
        article.dates = found


class ExtractDates(beam.PTransform):
    """Articles -> articles with ``dates``; unknown ``published`` leaves relative values null."""

    def __init__(self, strict: bool = False) -> None:
        super().__init__()
        self.strict = strict

    def expand(self, articles):
        return extract_step(articles, "Dates", ExtractDatesFn(self.strict))
