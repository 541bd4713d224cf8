"""The one reader of Akhbar's Avro output (``pipeline.avro_io``): what it lists, what it
streams, and the clear errors for a location with no Avro or a file of the wrong kind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.avro_io import (
    LARGE_FIELDS,
    NotAkhbarAvro,
    avro_files,
    read_records,
    shards,
)
from tests.akhbar.report.fixtures import sample_articles, sample_dead_letters, write_prefix


def test_shards_list_one_kind_in_order_and_nothing_for_an_empty_prefix(tmp_path: Path):
    prefix = write_prefix(tmp_path / "out")
    (prefix / "articles-notes.txt").write_text("x", encoding="utf-8")
    assert [Path(p).name for p in shards(str(prefix), "articles")] == [
        "articles-00000-of-00002.avro", "articles-00001-of-00002.avro"]
    assert [Path(p).name for p in shards(str(prefix) + "/", "dead_letter")] == [
        "dead_letter-00000-of-00001.avro"]
    assert shards(str(tmp_path / "missing"), "articles") == []
    with pytest.raises(ValueError):
        shards(str(prefix), "summary")


def test_a_prefix_a_glob_and_a_file_name_the_same_records(tmp_path: Path):
    prefix = write_prefix(tmp_path / "out")
    ids = [r["id"] for r in sample_articles()]
    for location in (str(prefix), str(prefix / "articles-*.avro"),
                     str(prefix / "articles-0000[01]-of-00002.avro")):
        assert [r["id"] for r in read_records(avro_files(location), "articles")] == ids
    one = str(prefix / "dead_letter-00000-of-00001.avro")
    assert avro_files(one) == [one]
    assert list(read_records([one], "dead_letter")) == sample_dead_letters()
    with pytest.raises(FileNotFoundError, match="no Avro files match .*nothing"):
        avro_files(str(tmp_path / "nothing"))


def test_skipped_fields_are_the_only_difference(tmp_path: Path):
    """Metamorphic: reading without the large fields gives each record minus them."""
    prefix = write_prefix(tmp_path / "out")
    paths = shards(str(prefix), "articles")
    full = list(read_records(paths, "articles"))
    light = list(read_records(paths, "articles", skip_fields=LARGE_FIELDS))
    assert any(LARGE_FIELDS & set(r) for r in full)
    assert light == [{k: v for k, v in r.items() if k not in LARGE_FIELDS} for r in full]
    # dead letters have none of them: the same records either way
    dead = shards(str(prefix), "dead_letter")
    assert list(read_records(dead, skip_fields=LARGE_FIELDS)) == list(read_records(dead))


def test_a_file_of_the_wrong_kind_or_not_avro_is_named(tmp_path: Path):
    prefix = write_prefix(tmp_path / "out")
    dead = prefix / "dead_letter-00000-of-00001.avro"
    stray = prefix / "articles-00002-of-00002.avro"
    shutil.copy(dead, stray)
    with pytest.raises(NotAkhbarAvro, match=f"{stray.name} holds DeadLetter, not .*Article"):
        list(read_records(shards(str(prefix), "articles"), "articles"))
    stray.write_bytes(b"not avro at all")
    with pytest.raises(NotAkhbarAvro, match=f"{stray.name} is not an Avro file"):
        list(read_records([str(stray)]))


def test_cli_reports_a_file_that_is_not_avro_in_one_line(tmp_path: Path, capsys):
    bad = tmp_path / "x.avro"
    bad.write_bytes(b"\x00" * 20)
    assert cli.main(["inspect", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("akhbar: error: ") and "is not an Avro file" in err
    assert "\n" not in err
