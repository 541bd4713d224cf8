"""The benchmark's markdown: a new file gets the section; a file with the marks (such as
docs/performance.md, which keeps the history of runs) only has the marked part replaced."""

from __future__ import annotations

import importlib
import sys

from tests.conftest import REPO


def _report(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "scripts"))
    sys.modules.pop("bench.report", None)
    report = importlib.import_module("bench.report")
    monkeypatch.setattr(report, "render_markdown", lambda results: f"## Performance\n{results}")
    return report


def test_new_file_gets_the_section(monkeypatch, tmp_path):
    report = _report(monkeypatch)
    path = tmp_path / "performance.md"
    report.write_markdown("run 1", path)
    assert path.read_text(encoding="utf-8") == "## Performance\nrun 1"


def test_marked_part_is_replaced_and_history_kept(monkeypatch, tmp_path):
    report = _report(monkeypatch)
    path = tmp_path / "performance.md"
    path.write_text(f"# Title\n\n{report.BEGIN_MARK}\nold run\n{report.END_MARK}\n\n"
                    "## History\nrun 0 was slower\n", encoding="utf-8")
    report.write_markdown("run 2", path)
    text = path.read_text(encoding="utf-8")
    assert "old run" not in text and "## Performance\nrun 2" in text
    assert text.startswith("# Title\n") and text.endswith("## History\nrun 0 was slower\n")
    report.write_markdown("run 3", path)
    assert path.read_text(encoding="utf-8") == text.replace("run 2", "run 3")


def test_docs_performance_has_the_marks():
    text = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        from bench.report import BEGIN_MARK, END_MARK
    finally:
        sys.path.remove(str(REPO / "scripts"))
    assert text.index(BEGIN_MARK) < text.index(END_MARK) < text.index("## History")
