"""``akhbar inspect``: JSON lines, filters, and spans highlighted in context."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.inspect_avro import highlight, print_records
from tests.akhbar.report.fixtures import write_prefix


@pytest.fixture()
def prefix(tmp_path: Path) -> Path:
    return write_prefix(tmp_path / "out")


def run(prefix: Path, **kw) -> list[str]:
    out = io.StringIO()
    print_records(str(prefix), out=out, **kw)
    return out.getvalue().splitlines()


def test_json_lines_from_a_prefix_with_unescaped_arabic(prefix: Path, capsys):
    assert cli.main(["inspect", str(prefix), "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert records[0]["title"] == "مترو القاهرة الجديد" and "مترو القاهرة" in lines[0]
    assert "\\u" not in lines[0]


def test_filter_by_id_and_entity(prefix: Path):
    lines = run(prefix, ids=["id002", "id003"])
    assert [json.loads(x)["id"] for x in lines] == ["id002", "id003"]
    lines = run(prefix, has_entity=["ORG"])
    assert [json.loads(x)["id"] for x in lines] == ["id002", "id003"]
    lines = run(prefix, has_entity=["PERS=المنشاوي"])
    assert [json.loads(x)["id"] for x in lines] == ["id001", "id101", "id102"]
    assert run(prefix, has_entity=["PERS=المنشاوي", "ORG"]) == []
    assert len(run(prefix, has_entity=["*"])) == 5
    assert run(prefix, ids=["nope"]) == []


def test_field_projection_with_nested_fields(prefix: Path, capsys):
    assert cli.main(["inspect", str(prefix), "--field", "id,dateline.city",
                     "--field", "published", "--id", "id003"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [json.loads(x) for x in out] == [
        {"id": "id003", "dateline.city": "عمان", "published": "2021-04-07"}]


def test_spans_view_shows_each_span_in_context(prefix: Path):
    lines = run(prefix, ids=["id002"], view="spans", context=8)
    assert lines[0].startswith("── id002  2019-01-07")
    pers = next(line for line in lines if "PERS" in line)
    assert "body:" in pers and "[[سلوى الحمامي|PERS]]" in pers
    left, right = pers.split("[[سلوى الحمامي|PERS]]")
    assert left.endswith("وأكدت ") and right.startswith(" أن تونس")
    assert left.split()[-2].startswith("…")  # context was cut on the left
    duration = next(line for line in lines if "DURATION" in line)
    assert "= P20Y" in duration and "[[خلال عشرين عاما|DURATION]]" in duration
    assert any("[[تونس - |DATELINE]]" in line for line in lines)
    # Spans come in reading order.
    starts = [int(line.split("body:")[1].split("-")[0]) for line in lines if "body:" in line]
    assert starts == sorted(starts)


def test_text_view_colours_on_request(prefix: Path, capsys):
    assert cli.main(["inspect", str(prefix), "--id", "id001", "--view", "text",
                     "--color", "always", "--field", "title,body"]) == 0
    out = capsys.readouterr().out
    assert "\033[1;34mسامي المنشاوي\033[0m" in out and "[title]" in out and "[[" not in out
    assert cli.main(["inspect", str(prefix), "--id", "id001", "--spans", "--color",
                     "never"]) == 0
    out = capsys.readouterr().out
    assert "\033[" not in out and "[[أمس|DATE]]" in out


def test_highlight_skips_nested_and_invalid_spans():
    text = "وصل إدوارد كولينز غدا"
    spans = [{"start": 4, "end": 17, "type": "PERS"}, {"start": 11, "end": 17, "type": "PERS"},
             {"start": 18, "end": 21, "type": "DATE"}, {"start": 30, "end": 40, "type": "LOC"}]
    assert highlight(text, spans) == "وصل [[إدوارد كولينز|PERS]] [[غدا|DATE]]"


def test_dead_letters_file_and_missing_path(prefix: Path, tmp_path: Path, capsys):
    lines = run(Path(str(prefix / "dead_letter-*.avro")))
    assert [json.loads(x)["reason"] for x in lines] == ["empty_file", "undecodable", "empty_file"]
    assert cli.main(["inspect", str(tmp_path / "missing")]) == 2
    assert "no Avro files match" in capsys.readouterr().err
