"""CommitRun: the last step of a refresh, run by the pipeline itself once its writes are done.

Beam's file sinks finalize (rename their temp files into place) and then emit the names of
the files they wrote. This step takes those names as side inputs, so it runs only after
every write of the job has finalized, and hands them, with a ledger of the items the
parse step produced per input file, to a commit function (``pipeline.refresh`` builds it:
it checks the ledger against the written files, writes the manifest and ``_SUCCESS``,
and updates the state). A job commits whether or not the process that launched it waits
for it; a job that fails before this step leaves only its staging.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import apache_beam as beam

from akhbar.formats import split_source_uri
from transforms.read import unwire_path, wire_path

ARTICLE = "article"
REJECTED = "rejected"

# commit(ledger, written): ledger {(input file, ARTICLE | REJECTED): count}, written: the
# files the writes finalized. Must be idempotent (a runner may retry the step).
CommitFn = Callable[[Mapping[tuple[str, str], int], Sequence[str]], Any]


def input_file(item: Any) -> str:
    """The input file an article or dead letter came from (its ``source_uri`` minus the
    ``#member#index`` parts)."""
    return split_source_uri(item.source_uri)[0]


def ledger_key(item: Any, kind: str) -> tuple[str | bytes, str]:
    """``(input file, kind)`` as Beam can encode it (a non-UTF-8 name as bytes)."""
    return wire_path(input_file(item)), kind


class _CommitFn(beam.DoFn):
    def __init__(self, commit: CommitFn) -> None:
        self.commit = commit

    def process(self, _unused: object, ledger: Iterable[tuple[tuple[str, str], int]],
                *written: Iterable[str]):
        files = sorted(name for names in written for name in names)
        yield self.commit({(unwire_path(path), kind): n for (path, kind), n in ledger}, files)


class CommitRun(beam.PTransform):
    """``{"articles": parsed articles, "rejected": dead letters of parsing, any other key:
    the output of a file write}`` -> one element: what the commit function returned."""

    def __init__(self, commit: CommitFn) -> None:
        super().__init__()
        self.commit = commit

    def expand(self, inputs: Mapping[str, Any]):
        ledger = (
            (inputs["articles"] | "KeyArticles" >> beam.Map(ledger_key, ARTICLE),
             inputs["rejected"] | "KeyRejected" >> beam.Map(ledger_key, REJECTED))
            | "FlattenItems" >> beam.Flatten()
            | "CountItems" >> beam.combiners.Count.PerElement()
        )
        written = [beam.pvalue.AsList(files) for key, files in sorted(inputs.items())
                   if key not in ("articles", "rejected")]
        return (
            inputs["articles"].pipeline
            | "Start" >> beam.Create([None])
            | "Commit" >> beam.ParDo(_CommitFn(self.commit), beam.pvalue.AsList(ledger),
                                     *written)
        )
