import concurrent.futures as cf
import json
import sys

import pytest

from akhbar.ner import link_mentions, load_recognizer
from akhbar.ner.crf import MODEL_DIR

TEXT = ("أعلن وزير الخارجية البريطاني فيليب هاموند في لندن أمس أن الأمم المتحدة "
        "ستعقد اجتماعا في القاهرة . وقال هاموند إن بريطانيا تدعم الاتفاق .")


@pytest.fixture(scope="module", params=["builtin", "crf"])
def rec(request):
    return load_recognizer(request.param)


def test_builtin_is_the_neural_model_and_crf_stays_selectable(tmp_path):
    from akhbar.ner.crf import CRFRecognizer
    from akhbar.ner.neural import NeuralRecognizer

    assert isinstance(load_recognizer(), NeuralRecognizer)
    assert isinstance(load_recognizer("crf"), CRFRecognizer)
    # a model directory without neural.pt (e.g. an older CRF-only artifact) -> the CRF
    for name in ("ner.crfsuite", "lexicon.tsv.gz", "model.json"):
        (tmp_path / name).symlink_to(MODEL_DIR / name)
    assert isinstance(load_recognizer(model_dir=tmp_path), CRFRecognizer)


def test_model_artifact_is_small_and_documented():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size <= 50 * 1024 * 1024
    for name in ("model.json", "neural.json"):
        card = json.loads((MODEL_DIR / name).read_text("utf-8"))
        assert card["labelled_data"]["file"].endswith("train.txt")
        assert "test" not in card["labelled_data"]["file"]


def test_find_returns_offsets_into_text(rec):
    ms = rec.find(TEXT, "body")
    assert ms, "no entities found in an easy sentence"
    for x in ms:
        assert TEXT[x.start:x.end] == x.text
        assert x.field == "body"
        assert x.type in {"PERS", "LOC", "ORG", "MISC"}
        assert x.score is None or 0.0 <= x.score <= 1.0
    found = {(x.text, x.type) for x in ms}
    assert ("لندن", "LOC") in found
    assert ("القاهرة", "LOC") in found
    assert any(t == "PERS" and "هاموند" in s for s, t in found)


def test_linking_on_recognizer_output(rec):
    ms = rec.find(TEXT, "body")
    link_mentions(ms)
    ham = [x for x in ms if "هاموند" in x.text and x.type == "PERS"]
    assert len(ham) >= 2
    assert len({x.cluster for x in ham}) == 1


def test_clitic_is_split_in_normalized_form(rec):
    text = "وصل الوفد ولندن تستعد للقمة ."
    ms = [x for x in rec.find(text, "title") if x.text == "ولندن"]
    assert ms and ms[0].normalized == "لندن" and ms[0].type == "LOC"


def test_long_article_and_empty_text(rec):
    assert rec.find("", "body") == []
    long_text = " ".join([TEXT] * 200)
    ms = rec.find(long_text, "body")
    assert len(ms) >= 200
    assert all(long_text[x.start:x.end] == x.text for x in ms)


def test_shared_across_threads_gives_same_results(rec):
    texts = [TEXT, TEXT.replace("لندن", "باريس"), TEXT.replace("هاموند", "جونسون")] * 8
    serial = [[(x.start, x.end, x.type) for x in rec.find(t, "body")] for t in texts]
    with cf.ThreadPoolExecutor(4) as pool:
        par = list(pool.map(lambda t: [(x.start, x.end, x.type) for x in rec.find(t, "body")],
                            texts))
    assert par == serial


def test_unknown_backend_and_missing_model(tmp_path):
    with pytest.raises(ValueError, match="unknown NER backend"):
        load_recognizer("nope")
    with pytest.raises(FileNotFoundError, match="train_ner.py"):
        load_recognizer(model_dir=tmp_path)


def test_camel_backend_without_data_fails_clearly(tmp_path, monkeypatch):
    from akhbar.ner.camel import CamelNERUnavailable

    # camel_tools.ner raises at import when its data catalogue is missing (and the real
    # import takes ~15 s trying the network): make the import fail fast instead.
    monkeypatch.setitem(sys.modules, "camel_tools.ner", None)
    with pytest.raises(CamelNERUnavailable, match="camel_data -i ner-arabert"):
        load_recognizer("camel", model_path=str(tmp_path / "missing"))


@pytest.mark.parametrize("backend", ["builtin", "crf"])
def test_model_path_alias_for_builtin(backend):
    rec = load_recognizer(backend, model_path=str(MODEL_DIR), scores=False)
    assert all(m.score is None for m in rec.find("زار الرئيس لندن .", "body"))
