from akhbar.ner.bio import confusions, read_conll, score, spans


def test_spans_follow_conll_rules():
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG", "I-PERS"]
    assert spans(tags) == [(0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "ORG"),
                           (7, 8, "PERS")]


def test_score_exact_spans():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    pred = [["B-PERS", "O", "O", "B-LOC"]]
    res = score(gold, pred)
    assert res["overall"]["precision"] == 0.5
    assert res["overall"]["recall"] == 0.5
    assert res["per_type"]["LOC"]["f1"] == 1.0
    assert res["per_type"]["PERS"]["f1"] == 0.0


def test_confusions_label_boundary_and_type_errors():
    gold = [["B-PERS", "I-PERS", "B-ORG", "O"]]
    pred = [["B-PERS", "O", "B-LOC", "B-MISC"]]
    got = sorted(confusions(gold, pred, [["a", "b", "c", "d"]]))
    assert got == [("O", "MISC", "d"), ("ORG", "LOC", "c"), ("PERS", "PERS~", "a b")]


def test_read_conll_repairs_bad_lines(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("زيد B-PERS\nقال Oشيء\nوحده\n\nلندن B-LOC\n", encoding="utf-8")
    assert read_conll(p) == [(["زيد", "قال", "وحده"], ["B-PERS", "O", "O"]),
                             (["لندن"], ["B-LOC"])]
