"""scripts/score_batch.py --against: agreement of a second annotation with the gold."""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO
from tests.helpers import load_script

score_batch = load_script("score_batch")
GOLD = REPO / "tests" / "data" / "dates" / "heldout.jsonl"


def _batch(first: str, last: str) -> list[dict]:
    rows = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    return [r for r in rows if score_batch.in_batch(r["doc"], first, last)]


def _write(path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


def _run(capsys, *args: str) -> dict:
    assert score_batch.main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_the_gold_agrees_with_itself_and_changes_count_exactly(tmp_path, capsys):
    rows = _batch("h01", "h12")
    same = tmp_path / "same.jsonl"
    _write(same, rows)
    full = _run(capsys, "--first", "h01", "--last", "h12", "--against", str(same))["all"]
    assert full["gold"] == full["pred"] == len(rows)
    assert full["strict_f1"] == full["value_accuracy"] == 1.0

    # Drop 5 records and give 4 others another value: recall and value accuracy say so.
    changed = [dict(r) for r in rows[5:]]
    for r in changed[:4]:
        r["value"] = "1900"
    other = tmp_path / "other.jsonl"
    _write(other, changed)
    part = _run(capsys, "--first", "h01", "--last", "h12", "--against", str(other))["all"]
    assert part["strict_r"] == round((len(rows) - 5) / len(rows), 4)
    assert part["strict_p"] == 1.0
    assert part["value_accuracy"] == round((len(rows) - 9) / (len(rows) - 5), 4)


def test_a_record_outside_the_batch_is_refused(tmp_path):
    stray = tmp_path / "stray.jsonl"
    _write(stray, _batch("h13", "h13")[:1])
    with pytest.raises(SystemExit, match="not in the scored batch"):
        score_batch.main(["--first", "h01", "--last", "h12", "--against", str(stray)])


@pytest.mark.parametrize(("doc", "first", "last", "inside"), [
    ("h97_a.txt", "h97", "h108", True), ("h100_a.txt", "h97", "h108", True),
    ("h108_a.txt", "h97", "h108", True), ("h96_a.txt", "h97", "h108", False),
    ("h109_a.txt", "h97", "h108", False), ("h10_a.txt", "h97", "h108", False),
    ("h01_a.txt", "h01", "h12", True), ("h12_a.txt", "h01", "h12", True),
    ("h13_a.txt", "h01", "h12", False)])
def test_batches_past_99_are_selected_by_number(doc, first, last, inside):
    """``--first h97 --last h108`` takes h97..h99 and h100..h108 (as strings, ``h97`` sorts
    after ``h108`` and the batch would come out empty)."""
    assert score_batch.in_batch(doc, first, last) is inside
