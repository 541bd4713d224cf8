"""ReadArticles: match file patterns (local, gs://, any Beam filesystem) and open the files."""

from __future__ import annotations

from collections.abc import Sequence

import apache_beam as beam
from apache_beam.io import fileio
from apache_beam.io.filesystems import FileSystems


class ReadArticles(beam.PTransform):
    """Patterns -> ``fileio.ReadableFile`` for every matched file.

    ``Reshuffle`` after matching spreads the files over all workers (without it
    every file lands in the worker that expanded the patterns).
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        super().__init__()
        self.patterns = list(patterns)

    def expand(self, pbegin):
        return (
            pbegin
            | "Patterns" >> beam.Create(self.patterns)
            | "MatchFiles" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW_IF_WILDCARD)
            | "Spread" >> beam.Reshuffle()
            | "ReadMatches" >> fileio.ReadMatches(skip_directories=True)
        )


def match_patterns(patterns: Sequence[str]) -> tuple[int, list[str]]:
    """``(number of distinct files matched, patterns that match nothing)``, checked
    before a run starts."""
    missing, files = [], set()
    for pattern in patterns:
        try:
            results = FileSystems.match([pattern])
        except Exception:  # BeamIOError: a bad bucket, a path we may not list...
            missing.append(pattern)
            continue
        matched = [m.path for r in results for m in r.metadata_list]
        if not matched:
            missing.append(pattern)
        files.update(matched)
    return len(files), missing
