from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.ner.text import best_stem, clitic_analyses, fold, sentences, strip_article, tokenize


def test_tokenize_splits_punctuation_keeps_clitics_and_numbers():
    text = "قال (د.ب.أ) ولندن، 12.5% من «الأمم»."
    toks = [t for t, _, _ in tokenize(text)]
    assert toks == ["قال", "(", "د", ".", "ب", ".", "أ", ")", "ولندن", "،", "12.5%", "من",
                    "«", "الأمم", "»", "."]


@settings(deadline=None)  # the first call builds akhbar.fold's character class
@given(st.text(alphabet="ولندن الأمم،. 12%\n(»", max_size=60))
def test_token_offsets_index_the_text(text):
    for tok, start, end in tokenize(text):
        assert text[start:end] == tok
        assert tok.strip() == tok and tok


def test_sentences_break_on_full_stop_and_newline_and_bound_length():
    text = "جاء زيد. ذهب عمرو\nثم عاد"
    sents = sentences(tokenize(text), text)
    assert [[t[0] for t in s] for s in sents] == [["جاء", "زيد", "."], ["ذهب", "عمرو"],
                                                    ["ثم", "عاد"]]
    long_text = " ".join(["كلمة"] * 300)
    assert max(len(s) for s in sentences(tokenize(long_text), long_text, max_len=100)) == 100


def test_fold_removes_diacritics_and_unifies_letters():
    assert fold("إِسْرائيلِيّة") == "اسرائيليه"
    assert fold("مصطفى") == "مصطفي"


def test_clitic_analyses():
    assert ("و", "لندن") in clitic_analyses("ولندن")
    assert ("وب", "الرياض") in clitic_analyses("وبالرياض")
    assert ("ل", "الامم") in clitic_analyses("للامم")
    assert all(len(stem) >= 2 for _, stem in clitic_analyses("وبه"))


def test_best_stem_uses_frequency():
    freq = {"لندن": 100, "ندن": 1, "وزير": 80, "زير": 3}.get
    assert best_stem("ولندن", lambda w: freq(w) or 0) == ("و", "لندن")
    assert best_stem("وزير", lambda w: freq(w) or 0) == ("", "وزير")
    assert strip_article("الرئيس") == "رئيس"
    assert strip_article("ال") == "ال"
