"""ReportProgress: a pass-through step that lets a local run show live progress.

Each worker process writes its running count to a small file in a local
directory for each of its first ``every`` elements, then every ``every`` elements, and at
the end of each bundle; the driver
sums the files (see ``pipeline.progress``). Only used with local runners.
"""

from __future__ import annotations

import os
import uuid

import apache_beam as beam


class CountFn(beam.DoFn):
    def __init__(self, directory: str, kind: str, every: int) -> None:
        self.directory = directory
        self.kind = kind
        self.every = every

    def setup(self) -> None:
        self.count = 0
        self.path = os.path.join(self.directory, f"{self.kind}-{os.getpid()}-{uuid.uuid4().hex}")

    def process(self, element):
        self.count += 1
        # Every element at first (a small or slow run shows movement at once), then
        # every ``every`` elements.
        if self.count <= self.every or self.count % self.every == 0:
            self._flush()
        yield element

    def finish_bundle(self) -> None:
        self._flush()

    def _flush(self) -> None:
        tmp = self.path + ".tmp"
        try:
            with open(tmp, "w", encoding="ascii") as handle:
                handle.write(str(self.count))
            os.replace(tmp, self.path)
        except OSError:  # progress is best effort; never fail the run for it
            pass


class ReportProgress(beam.PTransform):
    """Counts elements of kind ``kind`` into ``directory`` while passing them on."""

    def __init__(self, directory: str, kind: str, every: int = 20) -> None:
        super().__init__()
        self.directory = directory
        self.kind = kind
        self.every = every

    def expand(self, pcoll):
        return pcoll | beam.ParDo(CountFn(self.directory, self.kind, self.every))
