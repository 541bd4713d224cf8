import io
import time
from pathlib import Path

from pipeline.progress import ProgressReporter, format_line, read_counts


def test_read_counts_sums_workers_and_ignores_partial_files(tmp_path: Path):
    (tmp_path / "files-1-a").write_text("3")
    (tmp_path / "files-2-b").write_text("4")
    (tmp_path / "articles-1-a").write_text("10")
    (tmp_path / "articles-1-a.tmp").write_text("99")
    (tmp_path / "articles-2-b").write_text("")
    assert read_counts(str(tmp_path)) == {"files": 7, "articles": 10}
    assert read_counts(str(tmp_path / "missing")) == {}


def test_format_line_has_rate_elapsed_and_eta():
    line = format_line({"files": 5, "articles": 50}, total_files=10, elapsed=10.0)
    assert "files 5/10" in line and "articles 50" in line and "5.0 articles/s" in line
    assert "ETA 10s" in line
    assert "ETA" not in format_line({"files": 0}, total_files=None, elapsed=1.0)


def test_plain_log_lines_when_not_a_terminal(tmp_path: Path):
    (tmp_path / "articles-1-a").write_text("7")
    out = io.StringIO()
    reporter = ProgressReporter(str(tmp_path), 3, stream=out, interval=0.01, log_every=0.0)
    reporter.start()
    time.sleep(0.2)
    reporter.stop()
    lines = out.getvalue().splitlines()
    assert lines and all(line.startswith("progress: ") for line in lines)
    assert "\r" not in out.getvalue() and "articles 7" in lines[-1]
