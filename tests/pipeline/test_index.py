"""akhbar index on a refresh prefix: the current corpus, and an incremental update that
equals a full rebuild."""

from __future__ import annotations

import json
import os

import pytest

from pipeline.corpus import open_corpus
from pipeline.index import plan_update, run_index
from tests.pipeline.index_helpers import BEAM_ARGS, article, commit_run, ent, read_table

SURNAME = "ترامب"


def _corpus_runs(prefix: str) -> None:
    """Three nights: f1 and f2; then f3 new and f2 changed; then f1 deleted."""
    a1 = article("a1", [ent("الرئيس الأمريكي باراك أوباما"), ent("أوباما", cluster="PERS:o"),
                        ent("واشنطن", "LOC")], published="2015-08-01", dates=["2015-07-30"])
    a2 = article("a2", [ent("باراك اوباما"), ent("جون كيري")], published="2015-08-01")
    a3 = article("a3", [ent("اوباما"), ent("الرياض", "LOC")], published="2015-08-02",
                 source="okaz")
    commit_run(prefix, 1, "2015-08-02", {"/in/f1": [a1], "/in/f2": [a2, a3]})
    a2v2 = article("a2b", [ent("باراك أوباما"), ent("كيري")], published="2015-08-01")
    a4 = article("a4", [ent("جون كيري"), ent("وزير الخارجية الأمريكي جون كيري", cluster="PERS:k"),
                        ent("واشنطن", "LOC"), ent("باراك أوباما")], published="2015-08-03",
                 dates=["2015-08-03"])
    a5 = article("a5", [ent("أوباما")], published="2015-08-03")
    commit_run(prefix, 2, "2015-08-03", {"/in/f2": [a2v2], "/in/f3": [a4, a5]})
    a6 = article("a6", [ent("دونالد " + SURNAME), ent("إيفانكا " + SURNAME), ent(SURNAME)],
                 published="2015-08-04")
    commit_run(prefix, 3, "2015-08-04", {"/in/f4": [a6]}, deleted=["/in/f1"])


def _tables(index_dir: str) -> dict[str, list]:
    out = {}
    for table in ("links", "entities", "timeline", "keys", "comentions", "daterefs"):
        rows = read_table(index_dir, table)
        out[table] = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)
    return out


def test_current_corpus_leaves_out_superseded_and_retracted(tmp_path):
    prefix = str(tmp_path / "out")
    _corpus_runs(prefix)
    corpus = open_corpus(prefix)
    assert corpus.refresh and len(corpus.runs) == 3
    assert (corpus.superseded, corpus.retracted) == (2, 1)  # a2, a3 superseded; a1 deleted
    from pipeline.corpus import iter_corpus
    assert sorted(r["id"] for r in iter_corpus(corpus)) == ["a2b", "a4", "a5", "a6"]


def test_incremental_update_equals_full_rebuild(tmp_path):
    prefix = str(tmp_path / "out")
    _corpus_runs(prefix)
    # index as of run 1, then update twice (runs 2 and 3 arrive one by one)
    runs_dir = sorted(os.listdir(prefix))
    assert runs_dir[0].startswith("dt=")
    staged = str(tmp_path / "staged")
    os.makedirs(staged)
    for i, name in enumerate(d for d in runs_dir if d.startswith("dt=")):
        os.rename(os.path.join(prefix, name), os.path.join(staged, name)) if i else None
    first = run_index(prefix, beam_args=BEAM_ARGS)
    assert first["mode"] == "full"
    for name in sorted(os.listdir(staged)):
        os.rename(os.path.join(staged, name), os.path.join(prefix, name))
        plan = plan_update(open_corpus(prefix), prefix + "/index", full=False)
        assert plan["mode"] == "update" and len(plan["files"]) == 1  # only the new run's file
        info = run_index(prefix, beam_args=BEAM_ARGS)
        assert info["mode"] == "update"
    assert info["articles_retracted_since"] == 1  # a1, deleted by run 3
    again = run_index(prefix, beam_args=BEAM_ARGS)  # nothing committed since: no work
    assert again["mode"] == "up to date" and again["files_read"] == 0
    updated = _tables(prefix + "/index")
    rebuilt_dir = str(tmp_path / "rebuilt")
    assert run_index(prefix, rebuilt_dir, full=True, beam_args=BEAM_ARGS)["mode"] == "full"
    rebuilt = _tables(rebuilt_dir)
    assert updated == rebuilt

    entities = {e["canonical"]: e for e in read_table(rebuilt_dir, "entities")}
    obama = entities["باراك أوباما"]
    # a2b, a4 (full name), a5 (surname alone, resolved across the corpus: the full name has
    # the MIN_SUPPORT of 2 articles); a1 deleted, a2/a3 superseded
    assert obama["articles"] == 3 and set(obama["keys"]) == {"باراك اوباما", "اوباما"}
    kerry = entities["جون كيري"]
    assert kerry["articles"] == 1 and kerry["first_seen"] == "2015-08-03"
    assert {a["form"] for a in kerry["aliases"]} == {"جون كيري", "وزير الخارجية الأمريكي جون كيري"}
    # the full name has one article only (< MIN_SUPPORT): a2b's bare surname stays apart
    assert entities["كيري"]["articles"] == 1
    # two people share the surname: the bare surname stays apart
    trumps = [e for e in entities.values() if SURNAME in e["canonical"]]
    assert len(trumps) == 3
    links = read_table(rebuilt_dir, "links")
    assert {r["article_id"] for r in links} == {"a2b", "a4", "a5", "a6"}
    assert {r["entity_id"] for r in links if r["article_id"] == "a5"} == {obama["entity_id"]}
    dates = [r for r in read_table(rebuilt_dir, "timeline") if r["kind"] == "date"]
    assert [(r["date"], r["articles"]) for r in dates] == [("2015-08-03", 1)]  # a1's went


def test_index_of_a_plain_run_prefix_and_missing_input(tmp_path):
    from tests.pipeline.index_helpers import write_articles
    prefix = str(tmp_path / "run")
    write_articles(prefix + "/articles-00000-of-00001.avro",
                   [article("x1", [ent("أوباما")]), article("x2", [ent("اوباما")])])
    info = run_index(prefix, beam_args=BEAM_ARGS)
    assert info["mode"] == "full" and os.path.exists(prefix + "/index/_INDEX.json")
    [entity] = read_table(prefix + "/index", "entities")
    assert entity["articles"] == 2 and entity["distinct_forms"] == 2
    with pytest.raises(FileNotFoundError):
        run_index(str(tmp_path / "nothing"), beam_args=BEAM_ARGS)


def test_inspect_and_report_read_the_current_corpus_and_its_index(tmp_path, capsys):
    from pipeline.inspect_avro import print_records
    from pipeline.report import build_report

    prefix = str(tmp_path / "out")
    _corpus_runs(prefix)
    run_index(prefix, beam_args=BEAM_ARGS)
    entities = {e["entity_id"]: e for e in read_table(prefix + "/index", "entities")}

    import io
    out = io.StringIO()
    assert print_records(prefix, out=out) == 4  # a2b, a4, a5, a6: superseded ones left out
    assert "left out 2 superseded and 1 retracted" in capsys.readouterr().err
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    for rec in records:
        for e in rec["entities"]:
            assert e["entity_id"] in entities
    a5 = next(r for r in records if r["id"] == "a5")
    assert entities[a5["entities"][0]["entity_id"]]["canonical"] == "باراك أوباما"
    out = io.StringIO()
    print_records(prefix, out=out, ids=["a5"], view="spans")
    assert f"#{a5['entities'][0]['entity_id']}" in out.getvalue()

    page, data = build_report(prefix)
    assert data["articles"] == 4 and data["corpus"]["superseded_left_out"] == 2
    top_people = data["index"]["top"]["PERS"]
    assert top_people[0]["canonical"] == "باراك أوباما" and top_people[0]["articles"] == 3
    assert 'id="index"' in page and "<svg class=\"spark\"" in page
    assert "class='comentions'" in page
    assert "<script" not in page and "http" not in page.split("<body>")[1].replace(
        "http://www.w3.org/2000/svg", "")


def _hide_runs(prefix: str, keep: int, stash: str) -> list[str]:
    """Move every committed run after the first ``keep`` to ``stash``; their names."""
    runs = sorted(d for d in os.listdir(prefix) if d.startswith("dt="))
    os.makedirs(stash, exist_ok=True)
    for name in runs[keep:]:
        os.rename(os.path.join(prefix, name), os.path.join(stash, name))
    return runs[keep:]


def _flipping_nights(prefix: str) -> None:
    """Nights whose articles change decisions of keys they do not mention: a surname
    that joins its full name and leaves it again, a proclitic form that joins the bare
    name and leaves it, a chain (short -> longer -> longest), co-mentions of a key that
    changes entity, a changed file and a deleted one."""
    n1 = {"/in/b1": [article("b1", [ent("باراك أوباما"), ent("أوباما", cluster="PERS:o")])],
          "/in/b2": [article("b2", [ent("أوباما"), ent("البيت الأبيض", "ORG")]),
                     article("b5", [ent("أوباما"), ent("البيت الأبيض", "ORG")],
                             published="2015-08-02")],
          "/in/b3": [article("b3", [ent("بجدة", "LOC"), ent("هادي")], dates=["2015-07-01"]),
                     article("b4", [ent("منصور هادي"), ent("واشنطن", "LOC")])]}
    commit_run(prefix, 1, "2015-08-02", n1)
    n2 = {"/in/c1": [article("c1", [ent("باراك اوباما"), ent("واشنطن", "LOC")],
                             published="2015-08-03")],
          "/in/c2": [article("c2", [ent("جدة", "LOC")], published="2015-08-03"),
                     article("c3", [ent("جدة", "LOC"), ent("منصور هادي")],
                             published="2015-08-03", dates=["2015-07-01"])],
          "/in/c4": [article("c4", [ent("عبد ربه منصور هادي")], published="2015-08-03"),
                     article("c5", [ent("عبد ربه منصور هادي")], published="2015-08-03"),
                     article("c6", [ent("عبد ربه منصور هادي")], published="2015-08-03")]}
    commit_run(prefix, 2, "2015-08-03", n2)
    n3 = {"/in/d1": [article("d1", [ent("ميشيل أوباما")], published="2015-08-04"),
                     article("d2", [ent("ميشيل اوباما")], published="2015-08-04")]}
    commit_run(prefix, 3, "2015-08-04", n3, deleted=["/in/c2"])
    n4 = {"/in/c1": [article("c1b", [ent("واشنطن", "LOC")], published="2015-08-05")]}
    commit_run(prefix, 4, "2015-08-05", n4)


def _entity_of(index_dir: str, etype: str, key: str) -> str:
    [row] = [r for r in read_table(index_dir, "keys") if (r["type"], r["key"]) == (etype, key)]
    return row["entity_id"]


def test_update_night_by_night_equals_full_rebuild_and_compaction(tmp_path, monkeypatch):
    import pipeline.index
    from pipeline.index_store import generations

    # this corpus is tiny: every delta is a large share of it; keep the generations
    monkeypatch.setattr(pipeline.index, "MAX_DELTA_SHARE", 100.0)
    prefix = str(tmp_path / "out")
    _flipping_nights(prefix)
    stash = str(tmp_path / "stash")
    later = _hide_runs(prefix, 1, stash)
    assert run_index(prefix, beam_args=BEAM_ARGS)["mode"] == "full"
    index = prefix + "/index"
    surname = [_entity_of(index, "PERS", "اوباما")]
    clitic = [_entity_of(index, "LOC", "بجده")]
    for night, name in enumerate(later, start=2):
        os.rename(os.path.join(stash, name), os.path.join(prefix, name))
        info = run_index(prefix, beam_args=BEAM_ARGS)
        assert info["mode"] == "update" and len(info["generations"]) == night
        rebuilt = str(tmp_path / f"rebuilt{night}")
        run_index(prefix, rebuilt, full=True, beam_args=BEAM_ARGS)
        assert _tables(index) == _tables(rebuilt), f"night {night}"
        surname.append(_entity_of(index, "PERS", "اوباما"))
        clitic.append(_entity_of(rebuilt, "LOC", "بجده"))
    obama = _entity_of(index, "PERS", "باراك اوباما")
    # the scenario does move decisions of keys the night's articles never mention:
    # the surname joins Barack Obama on night 2 (his name's second article) and leaves on
    # night 3 (Michelle Obama makes it ambiguous); the proclitic form joins جدة on
    # night 2 and leaves when the file holding it is deleted
    assert surname[0] != obama and surname[1] == obama and surname[2] != obama
    assert clitic[0] != clitic[1] and clitic[2] == clitic[0]
    entities = {e["entity_id"]: e for e in read_table(index, "entities")}
    hadi = entities[_entity_of(index, "PERS", "هادي")]  # هادي -> منصور هادي -> عبدربه ...
    assert set(hadi["keys"]) == {"هادي", "منصور هادي", "عبدربه منصور هادي"}
    # links of night 1 were never rewritten, yet read with the current entity ids
    b1 = [r for r in read_table(index, "links") if r["article_id"] == "b2"]
    assert {r["entity_id"] for r in b1 if r["type"] == "PERS"} == {surname[-1]}

    compacted = run_index(prefix, compact_now=True, beam_args=BEAM_ARGS)
    assert compacted["mode"] == "up to date" and len(compacted["generations"]) == 1
    assert len(generations(index)) == 1 and compacted["compacted"]["generations"] == 4
    assert _tables(index) == _tables(str(tmp_path / "rebuilt4"))
    compare = _script("compare_index")
    assert compare.main([index, str(tmp_path / "rebuilt4")]) == 0
    assert compare.main([index, str(tmp_path / "rebuilt3")]) == 1  # before night 4


def _script(name: str):
    from tests.helpers import load_script

    return load_script(name)


def test_a_small_night_writes_a_small_delta(tmp_path):
    """An update writes only what the new partition changes: one new article naming one
    new place gives a delta of that article's link, one key, one entity, one day."""
    from pipeline.index_store import gen_path, generations
    from tests.pipeline.index_helpers import read_rows

    prefix = str(tmp_path / "out")
    _flipping_nights(prefix)
    commit_run(prefix, 5, "2015-08-06",
               {"/in/e1": [article("e1", [ent("قرطبة", "LOC")], published="2015-08-06")]})
    later = _hide_runs(prefix, 4, str(tmp_path / "stash"))
    run_index(prefix, beam_args=BEAM_ARGS)
    before = _tables(prefix + "/index")
    # an update that stopped before its manifest left its generation behind: readers do
    # not see it (only the generations _INDEX.json lists), the next update replaces it
    os.makedirs(prefix + "/index/gen-00001")
    with open(prefix + "/index/gen-00001/links-00000-of-00001.avro", "wb") as handle:
        handle.write(b"half written")
    assert _tables(prefix + "/index") == before
    os.rename(os.path.join(tmp_path, "stash", later[0]), os.path.join(prefix, later[0]))
    info = run_index(prefix, beam_args=BEAM_ARGS)
    delta = gen_path(prefix + "/index", generations(prefix + "/index")[-1])
    assert info["generations"][-1]["rows"] == {
        "links": 1, "daterefs": 0, "keys": 1, "comentions": 0, "entities": 1, "timeline": 1}
    assert [r["key"] for r in read_rows(delta, "keys")] == ["قرطبه"]
    assert info["generations"][0]["rows"]["links"] > 10


def test_compaction_bound():
    from pipeline.index import MAX_DELTA_SHARE, MAX_GENERATIONS, needs_compaction

    base = {"gen": 0, "rows": {"links": 100, "keys": 100}}
    small = {"gen": 1, "rows": {"links": 5, "keys": 5}}
    assert not needs_compaction([base])
    assert not needs_compaction([base] + [small] * (MAX_GENERATIONS - 1))
    assert needs_compaction([base] + [small] * MAX_GENERATIONS)
    big = {"gen": 1, "rows": {"links": int(200 * MAX_DELTA_SHARE) + 1}}
    assert needs_compaction([base, big])
    assert not needs_compaction([base, {"gen": 1, "rows": {"links": int(200 * MAX_DELTA_SHARE)}}])
