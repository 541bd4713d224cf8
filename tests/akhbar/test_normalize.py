"""Unit tests for akhbar.normalize: levels, offset maps, tokens and sentences."""

from __future__ import annotations

import pickle

import pytest

from akhbar.normalize import LEVELS, NormalizedText, normalize, split_sentences, tokenize


def _check_map(nt: NormalizedText) -> None:
    """Every normalized char maps to a non-empty, increasing original span."""
    prev_s = prev_e = 0
    for i in range(len(nt.text)):
        s, e = nt.to_original(i, i + 1)
        assert 0 <= s < e <= len(nt.original)
        assert s >= prev_s and e >= prev_e
        prev_s, prev_e = s, e


# ---------------------------------------------------------------- levels


def test_levels_constant():
    assert LEVELS == ("none", "light", "aggressive")


def test_unknown_level_raises():
    with pytest.raises(ValueError, match="unknown normalization level"):
        normalize("نص", "heavy")


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        normalize(b"abc")  # type: ignore[arg-type]


def test_none_is_identity():
    text = "  كـــتاب\u200f ٢٠١٧\r\n"
    nt = normalize(text, "none")
    assert nt.text == text
    assert nt.to_original(2, 9) == (2, 9)


def test_light_drops_tatweel_and_keeps_letters():
    nt = normalize("كـــتاب أحمد إلى مدرسة", "light")
    assert nt.text == "كتاب أحمد إلى مدرسة"
    # span of the first word covers the tatweels too (they sit inside it)
    assert nt.to_original(0, 4) == (0, 7)


def test_light_digits_to_ascii():
    assert normalize("عام ٢٠١٧ و۱۳۹۶ بنسبة ٣٫٥٪", "light").text == "عام 2017 و1396 بنسبة 3.5%"


def test_light_bidi_zero_width_bom_removed():
    text = "\ufeff\u200fمرحبا\u200e \u202bبكم\u202c\u200b!\u2066x\u2069"
    assert normalize(text, "light").text == "مرحبا بكم!x"


def test_light_whitespace():
    text = "  سطر\u00a0أول \t\r\n\r\n\r\n  سطر\u2003ثان \n"
    nt = normalize(text, "light")
    assert nt.text == "سطر أول\n\nسطر ثان"
    _check_map(nt)


def test_light_single_newline_kept():
    assert normalize("أ\nب\r\nج\rد", "light").text == "أ\nب\nج\nد"


def test_light_keeps_arabic_punctuation_and_diacritics():
    text = "قالَ: نعم، لا؛ لماذا؟"
    assert normalize(text, "light").text == text


def test_light_presentation_forms_via_nfkc():
    nt = normalize("\ufefb \ufe8d\ufedf\ufecc\ufeae\ufe91\ufef4\ufe94", "light")
    assert nt.text == "لا العربية"
    # the ligature lam-alef expands to two chars, both mapped to the one original char
    assert nt.to_original(0, 1) == (0, 1)
    assert nt.to_original(1, 2) == (0, 1)
    assert nt.to_original(0, 2) == (0, 1)
    assert nt.to_original(3, 10) == (2, 9)


def test_light_expansion_maps_to_single_char():
    nt = normalize("محمد \ufdfa قال", "light")
    assert "صلى الله عليه وسلم" in nt.text
    i = nt.text.index("صلى")
    j = i + len("صلى الله عليه وسلم")
    assert nt.to_original(i, j) == (5, 6)
    assert nt.to_original(i + 4, i + 9) == (5, 6)


def test_light_composition_maps_to_both_chars():
    # alef + combining madda composes to alef-with-madda
    nt = normalize("ا\u0653خر", "light")
    assert nt.text == "آخر"
    assert nt.to_original(0, 1) == (0, 2)
    assert nt.to_original(1, 3) == (2, 4)


def test_aggressive_letters():
    nt = normalize("أَحْمَدُ إلى مدرسةِ آمال ٱلقدس", "aggressive")
    assert nt.text == "احمد الي مدرسه امال القدس"
    _check_map(nt)


def test_aggressive_punct_and_case():
    assert normalize("Hello، World؟ نعم؛", "aggressive").text == "hello, world? نعم;"


def test_aggressive_diacritic_spans():
    text = "مُحَمَّدٌ"
    nt = normalize(text, "aggressive")
    assert nt.text == "محمد"
    assert nt.to_original(0, 4) == (0, len(text) - 1)  # up to the dal; trailing tanween dropped
    assert nt.to_original(1, 2) == (2, 3)


def test_all_deleted_gives_empty_text():
    for level in ("light", "aggressive"):
        nt = normalize("ـــ\u200f  \u200b", level)
        assert nt.text == ""
        assert nt.to_original(0, 0) == (0, 0)


# ---------------------------------------------------------------- offset map API


def test_empty_spans():
    nt = normalize("  ab\u0640c  ", "light")
    assert nt.text == "abc"
    assert nt.to_original(0, 0) == (2, 2)
    assert nt.to_original(2, 2) == (5, 5)
    assert nt.to_original(3, 3) == (6, 6)


def test_out_of_range_span_raises():
    nt = normalize("abc", "light")
    with pytest.raises(ValueError):
        nt.to_original(2, 5)
    with pytest.raises(ValueError):
        nt.to_original(2, 1)


def test_span_found_on_normalized_text_maps_to_original():
    text = "أعلن \u200fالرئيس  التونسي\u00a0قيس سعيّد، يوم ١٥ جانفي ٢٠١٧، أن..."
    nt = normalize(text, "aggressive")
    target = "قيس سعيد"
    i = nt.text.index(target)
    s, e = nt.to_original(i, i + len(target))
    assert text[s:e] == "قيس سعيّد"
    i = nt.text.index("15 جانفي 2017")
    s, e = nt.to_original(i, i + len("15 جانفي 2017"))
    assert text[s:e] == "١٥ جانفي ٢٠١٧"


def test_to_normalized_inverts_to_original():
    text = "كـتاب  \u200fالعربية"
    nt = normalize(text, "light")
    i = nt.text.index("العربية")
    s, e = nt.to_original(i, i + 7)
    assert nt.to_normalized(s, e) == (i, i + 7)


def test_constructed_without_original_is_identity():
    nt = NormalizedText("abc")
    assert nt.original == "abc"
    assert nt.to_original(1, 3) == (1, 3)


def test_zalgo_marks_are_capped_and_fast():
    text = "ب" + "\u0651\u064e" * 5000 + " نص"
    nt = normalize(text, "light")
    assert nt.text.endswith(" نص")
    assert len(nt.text) == 1 + 30 + 3
    assert nt.to_original(len(nt.text) - 2, len(nt.text)) == (len(text) - 2, len(text))


def test_pickle_roundtrip():
    nt = normalize("كـتاب ٢٠١٧\u200f", "light")
    back = pickle.loads(pickle.dumps(nt))
    assert back == nt
    assert back.to_original(0, len(back.text)) == nt.to_original(0, len(nt.text))


@pytest.mark.parametrize("level", LEVELS)
def test_idempotent_examples(level):
    for text in ["\ufefb \ufdfa ٣٫٥", "ا\u200b\u0653", "a\u0301\u0640\u0301", " \ufe72 x",
                 "x \ufe72", "\u1100\u200b\u1161", "İstanbul ﷼"]:
        once = normalize(text, level).text
        assert normalize(once, level).text == once


# ---------------------------------------------------------------- tokens


def _tokens(text: str) -> list[str]:
    return [text[s:e] for s, e in tokenize(text)]


def test_tokenize_words_numbers_punct():
    text = "قال د. أحمد: النمو 3.5% و1,000 دولار، covid-19."
    assert _tokens(text) == ["قال", "د", ".", "أحمد", ":", "النمو", "3.5", "%", "و1,000",
                             "دولار", "،", "covid", "-", "19", "."]


def test_tokenize_keeps_diacritics_in_word():
    assert _tokens("كَتَبَ الدَّرْسَ") == ["كَتَبَ", "الدَّرْسَ"]


def test_tokenize_empty_and_spaces():
    assert tokenize("") == []
    assert tokenize(" \n\t ") == []


# ---------------------------------------------------------------- sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_abbreviation_and_numbers():
    text = "قال د. أحمد إن النمو بلغ 3.5 بالمئة. وأضاف أ.د. محمد أن ذلك جيد!"
    assert _sentences(text) == ["قال د. أحمد إن النمو بلغ 3.5 بالمئة.",
                                "وأضاف أ.د. محمد أن ذلك جيد!"]


def test_sentences_quotes_questions_lines():
    text = 'وقال: "هذا جيد." ثم ماذا؟ لا شيء\nعنوان بلا نقطة\n\n1. البند الأول'
    assert _sentences(text) == ['وقال: "هذا جيد."', "ثم ماذا؟", "لا شيء", "عنوان بلا نقطة",
                                "1. البند الأول"]


def test_sentences_era_marker_and_missing_space():
    text = "تأسست عام 1990 م. وقال المدير.وأكد الوزير ذلك www.site.tn اليوم"
    assert _sentences(text) == ["تأسست عام 1990 م.", "وقال المدير.",
                                "وأكد الوزير ذلك www.site.tn اليوم"]


def test_sentences_unit_or_currency_after_number_ends_sentence():
    text = "بلغ السعر 10.350 د. وتراجعت الواردات ب 35 م.د. كما هبت رياح 30 كلم/س. والبحر هادئ"
    assert _sentences(text) == ["بلغ السعر 10.350 د.", "وتراجعت الواردات ب 35 م.د.",
                                "كما هبت رياح 30 كلم/س.", "والبحر هادئ"]


def test_sentences_initials_do_not_split():
    text = "قالت المواطنة ق. نورة إن وكالة د.ب.أ نشرت الخبر. وأكد J. Smith ذلك."
    assert _sentences(text) == ["قالت المواطنة ق. نورة إن وكالة د.ب.أ نشرت الخبر.",
                                "وأكد J. Smith ذلك."]


def test_sentences_empty():
    assert split_sentences("") == []
    assert split_sentences("  \n ") == []
