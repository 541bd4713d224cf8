"""One composite Beam PTransform per pipeline step.

Read -> Parse -> Normalize -> (Entities, Dates) -> FlagDuplicates -> Write.
Each step's DoFns send what they cannot handle to the ``dead_letter`` output,
with a ``dropped_<reason>`` counter; the Arabic NLP lives in ``akhbar``.
"""

from transforms.dates import ExtractDates
from transforms.dedup import FlagDuplicates
from transforms.entities import ExtractEntities
from transforms.normalize import NormalizeArticles
from transforms.parse import ParseArticles
from transforms.read import ReadArticles
from transforms.write import WriteArticles, WriteDeadLetters

__all__ = [
    "ExtractDates",
    "ExtractEntities",
    "FlagDuplicates",
    "NormalizeArticles",
    "ParseArticles",
    "ReadArticles",
    "WriteArticles",
    "WriteDeadLetters",
]
