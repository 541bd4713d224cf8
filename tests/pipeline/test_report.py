"""``akhbar report PREFIX``: reads a run's Avro output and writes the HTML (and JSON)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import cli
from pipeline.avro_io import LARGE_FIELDS, read_records
from pipeline.report import build_report
from tests.akhbar.report.fixtures import write_prefix


def test_report_writes_html_and_json(tmp_path: Path, capsys):
    prefix = write_prefix(tmp_path / "out")
    html, stats = tmp_path / "r.html", tmp_path / "r.json"
    assert cli.main(["report", str(prefix), "--html", str(html), "--json", str(stats)]) == 0
    assert f"7 articles, 3 dead letters -> {html}" in capsys.readouterr().out
    page = html.read_text(encoding="utf-8")
    assert "The Avro files match summary.json" in page and "سامي المنشاوي" in page
    data = json.loads(stats.read_text(encoding="utf-8"))
    assert data["articles"] == 7 and data["dead_letters"] == 3
    assert data["duplicates"]["flagged"] == 2


def test_default_target_is_under_the_prefix(tmp_path: Path):
    prefix = write_prefix(tmp_path / "out")
    assert cli.main(["report", str(prefix) + "/", "--quiet", "--top", "3"]) == 0
    page = (prefix / "report.html").read_text(encoding="utf-8")
    assert page.count('<tr><td class="num muted">3</td>') >= 1
    assert '<td class="num muted">4</td>' not in page


def test_missing_output_and_bad_options_exit_2(tmp_path: Path, capsys):
    assert cli.main(["report", str(tmp_path / "nothing")]) == 2
    assert "no articles-*.avro" in capsys.readouterr().err
    prefix = write_prefix(tmp_path / "out")
    assert cli.main(["report", str(prefix), "--top", "0"]) == 2
    assert not (prefix / "report.html").exists()


def test_without_summary_and_with_a_mismatching_one(tmp_path: Path):
    prefix = write_prefix(tmp_path / "out")
    (prefix / "summary.json").unlink()
    page, _ = build_report(str(prefix))
    assert "No summary.json" in page
    write_prefix(prefix, summary={"articles_written": 8, "dead_letters": {"total": 3},
                                  "accounting": {"ok": True, "problems": []}})
    page, _ = build_report(str(prefix))
    assert "the Avro files hold 7, summary.json says 8" in page


def test_reader_skips_unused_large_fields(tmp_path: Path):
    prefix = write_prefix(tmp_path / "out")
    paths = sorted(str(p) for p in prefix.glob("articles-*.avro"))
    records = list(read_records(paths, "articles", skip_fields=LARGE_FIELDS))
    assert len(records) == 7
    assert "body_normalized" not in records[0] and "tokens" not in records[0]
    assert records[0]["body"] and records[0]["entities"]
    full = next(read_records(paths, "articles"))
    assert full["body_normalized"] == full["body"]
