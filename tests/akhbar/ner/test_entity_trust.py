"""Entities a reader can trust: marks are invisible, spans lie on whole words, function
words and titles are never entities, clitics and agencies (issue #17)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akhbar.article import Article
from akhbar.enrich import find_entities, normalize_article
from akhbar.fold import is_deletable
from akhbar.ner import load_recognizer, stopwords
from akhbar.ner.bio import read_conll, score
from akhbar.ner.cleanup import tidy
from akhbar.ner.consistency import propagate
from akhbar.ner.text import name_stem, tokenize

HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d"


@pytest.fixture(scope="module")
def rec():
    return load_recognizer()


def _visible_before(text: str, i: int) -> str:
    while i > 0 and is_deletable(text[i - 1]):
        i -= 1
    return text[i - 1] if i > 0 else " "


def _visible_after(text: str, i: int) -> str:
    while i < len(text) and is_deletable(text[i]):
        i += 1
    return text[i] if i < len(text) else " "


def assert_on_word_boundaries(text: str, start: int, end: int) -> None:
    """Neither edge of ``[start, end)`` cuts a word: the visible characters around it
    are not letters or digits, and no mark of its last letter is left outside."""
    assert 0 <= start < end <= len(text)
    assert not _visible_before(text, start).isalnum(), (text, start, end)
    assert not _visible_after(text, end).isalnum(), (text, start, end)
    assert end == len(text) or not is_deletable(text[end]), (text, start, end)
    assert not is_deletable(text[start])


WORDS = ["الولايات", "المتحدة", "عبد", "الله", "على", "علي", "لسان", "قال", "في", "الرياض",
         "واس", "فان", "غال", "بور", "سعيد", "نيمار", "ومبابي", "محمد", "بن", "سلمان",
         "الشيخ", "ولي", "العهد", "حفظه", "وزير", "لندن", "www.spa.gov.sa", "2015",
         "é", "abc", "_", "-", "،", ".", "(", "»"]


@st.composite
def texts(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
    out = []
    for w in words:
        chars = list(w)
        # marks, shadda, tatweel, zero-width and Latin combining marks inside words
        for _ in range(draw(st.integers(0, 2))):
            pos = draw(st.integers(1, len(chars)))
            chars.insert(pos, draw(st.sampled_from(HARAKAT + "\u0640\u200c\u0301")))
        out.append("".join(chars))
        out.append(draw(st.sampled_from([" ", " ", "\n", "، ", ". ", ""])))
    return "".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_spans_start_and_end_on_word_boundaries(rec, text):
    article = Article(id="x", source_uri="mem://x", source_format="plain", body=text,
                      title=text[:30] or None)
    if not normalize_article(article, "light"):
        return
    for m in find_entities(article, rec):
        original = article.field_text(m.field)
        assert original[m.start:m.end] == m.text
        assert_on_word_boundaries(original, m.start, m.end)
        assert m.normalized and not any(map(is_deletable, m.normalized))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_spans_on_word_boundaries(rec, text):
    for m in rec.find(text, "body"):
        assert text[m.start:m.end] == m.text
        assert_on_word_boundaries(text, m.start, m.end)


def test_marks_are_invisible_to_the_recognizer(rec):
    clean = ("وقال وزير الخارجية الأمريكي جون كيري في واشنطن إن الولايات المتحدة "
             "ستدعم عبد الله الثاني ملك الأردن .")
    marked = clean.replace("المتحدة", "المتحدّة").replace("عبد الله", "عبد اللَّهِ") \
        .replace("كيري", "كيـــري").replace("واشنطن", "واشِنْطُن")
    a, b = rec.find(clean, "body"), rec.find(marked, "body")
    assert [(m.type, m.normalized) for m in a] == [(m.type, m.normalized) for m in b]
    for m in b:
        assert_on_word_boundaries(marked, m.start, m.end)
    assert any(m.text == "الولايات المتحدّة" for m in b)


def test_tokens_carry_whole_original_words():
    text = "الولايات المتحدّة وعبد اللَّهِ"
    toks = tokenize(text)
    assert [t for t, _, _ in toks] == ["الولايات", "المتحدة", "وعبد", "الله"]
    assert [text[s:e] for _, s, e in toks] == ["الولايات", "المتحدّة", "وعبد", "اللَّهِ"]


def test_listed_words_are_never_entities_alone():
    assert len(stopwords.ALL_WORDS) >= 150
    words = "قال على لسان الشيخ".split()
    assert stopwords.clean_tags(words, ["O", "B-PERS", "B-LOC", "B-PERS"]) == ["O"] * 4
    words = "الرئيس باراك أوباما حفظه الله".split()
    assert stopwords.clean_tags(words, ["B-PERS"] + ["I-PERS"] * 4) == [
        "O", "B-PERS", "I-PERS", "O", "O"]
    # a phrase of common nouns can be a name; a conjunction is looked through
    assert stopwords.clean_tags(["مجلس", "الأمن"], ["B-ORG", "I-ORG"]) == ["B-ORG", "I-ORG"]
    assert stopwords.is_listed("وعلى") and not stopwords.is_listed("علي")
    assert not stopwords.is_listed("وام") and not stopwords.is_listed("فان")


def test_a_label_spreads_only_to_the_same_name(rec):
    sents = [["قال", "علي", "إن"], ["الاجتماع", "على", "موعده", "وحضر", "علي"]]
    tags = [["O", "B-PERS", "O"], ["O"] * 5]
    out = propagate(sents, tags, rec.features.name_key)
    assert out[1] == ["O", "O", "O", "O", "B-PERS"]
    # folded alike, so the old key (the folded stem) spread the name onto the preposition
    assert propagate(sents, tags, rec.features.stem_key)[1][1] == "B-PERS"
    text = "قال علي حسن إن الاجتماع على موعده . وحضر علي بعد ذلك على عجل ."
    assert all(m.text != "على" for m in rec.find(text, "body"))


def test_a_name_keeps_its_first_letter():
    freq = {"ان": 100000, "فان": 6000, "ام": 6000, "وام": 180, "ور": 100, "بور": 30,
            "ايلي": 37, "بايلي": 13, "لندن": 2000, "ولندن": 40, "جده": 4000,
            "بجده": 1100}.get

    def count(w):
        return freq(w) or 0

    def listed(w):
        return stopwords.listed_form(w)

    assert name_stem("فان", count, listed) == ("", "فان")
    assert name_stem("وام", count, listed) == ("", "وام")
    assert name_stem("بور", count, listed) == ("", "بور")
    assert name_stem("بايلي", count, listed) == ("", "بايلي")
    assert name_stem("ولندن", count, listed) == ("و", "لندن")


def test_mention_forms_keep_names_whole(rec):
    fx = rec.features
    assert fx.mention_form(["فان", "غال"]) == "فان غال"
    assert fx.mention_form(["وام"]) == "وام"
    assert fx.mention_form(["بور", "سعيد"]) == "بور سعيد"
    assert fx.mention_form(["ولندن"]) == "لندن"
    assert fx.mention_form(["بالقاهرة"]) == "القاهرة"
    assert fx.mention_form(["عبد", "اللَّهِ"]) == "عبد الله"


def test_agencies_are_organisations_and_coordinated_names_separate(rec):
    fx = rec.features
    assert tidy(fx, ["الرياض", "-", "واس"], ["B-LOC", "O", "B-LOC"]) == [
        "B-LOC", "O", "B-ORG"]
    assert tidy(fx, ["نيمار", "ومبابي"], ["B-PERS", "I-PERS"]) == ["B-PERS", "B-PERS"]
    assert tidy(fx, ["الولايات", "المتحدة", "والصين"], ["B-LOC", "I-LOC", "I-LOC"]) == [
        "B-LOC", "I-LOC", "B-LOC"]
    org = ["الهيئة", "العامة", "للسياحة", "والتراث", "الوطني"]
    assert tidy(fx, org, ["B-ORG"] + ["I-ORG"] * 4) == ["B-ORG"] + ["I-ORG"] * 4


def _mark(word: str, rng: random.Random) -> str:
    """The word with one to three harakat, shadda or tatweel after its Arabic letters."""
    chars = list(word)
    spots = [i + 1 for i, c in enumerate(chars) if "\u0621" <= c <= "\u064a"]
    if not spots:
        return word
    for pos in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 3))), reverse=True):
        mark = rng.choice(HARAKAT + "\u0640") if pos < len(chars) else rng.choice(HARAKAT)
        chars.insert(pos, mark)
    return "".join(chars)


def _tags_by_find(rec, sents: list[list[str]]) -> list[list[str]]:
    """Tags of gold-tokenized sentences read back from ``find`` on their text."""
    out = []
    texts = [" ".join(words) for words in sents]
    for words, found in zip(sents, rec.find_many([(t, "body") for t in texts]), strict=True):
        starts, ends, pos = {}, {}, 0
        for i, w in enumerate(words):
            starts[pos], ends[pos + len(w)] = i, i
            pos += len(w) + 1
        tags = ["O"] * len(words)
        for m in found:
            if m.start in starts and m.end in ends:
                s, e = starts[m.start], ends[m.end]
                tags[s] = "B-" + m.type
                for j in range(s + 1, e + 1):
                    tags[j] = "I-" + m.type
        out.append(tags)
    return out


def test_marked_text_scores_as_the_clean_text(shared_data):
    """Metamorphic: harakat/shadda/tatweel in a seeded random quarter of the words of the
    ANERcorp test split; F1 after mapping back is within 0.005 of the clean F1."""
    sents = read_conll(shared_data / "ner/anercorp/test.txt")
    rec = load_recognizer(scores=False, consistency=False)
    rng = random.Random(17)
    gold = [g for _, g in sents]
    clean = [list(t) for t, _ in sents]
    marked = [[_mark(w, rng) if rng.random() < 0.25 else w for w in t] for t in clean]
    assert sum(a != b for s, t in zip(clean, marked, strict=True)
               for a, b in zip(s, t, strict=True)) > 4000
    f_clean = score(gold, _tags_by_find(rec, clean))["overall"]["f1"]
    f_marked = score(gold, _tags_by_find(rec, marked))["overall"]["f1"]
    assert f_clean > 0.7
    assert abs(f_clean - f_marked) <= 0.005, (f_clean, f_marked)


def test_sample_corpus_has_no_listed_word_entities(sample_dir, rec):
    """The count of scripts/count_nonentities.py on the sample corpus is 0."""
    import io

    from akhbar.formats import parse_file

    n_articles, mentions, wrong = 0, 0, []
    for path in sorted((sample_dir / "corpus").rglob("*")):
        if not path.is_file():
            continue
        for item in parse_file(str(path), io.BytesIO(path.read_bytes())):
            if isinstance(item, Article) and normalize_article(item, "light"):
                found = find_entities(item, rec)
                n_articles += 1
                mentions += len(found)
                wrong += stopwords.non_entity_mentions(found)
    assert n_articles >= 20 and mentions >= 100
    assert [(m.type, m.text) for m in wrong] == []


def test_a_preposition_comes_off_a_known_name(rec):
    assert rec.features.mention_form(["بجدة"]) == "جدة"
    assert rec.features.mention_form(["بلندن"]) == "لندن"


def test_months_and_currencies_alone(rec):
    words = ["في", "أبريل", "(", "نيسان", ")", "بسعر", "0.78", "ريال"]
    tags = ["O", "O", "O", "B-ORG", "O", "O", "O", "B-ORG"]
    assert tidy(rec.features, words, tags) == ["O"] * 7 + ["B-MISC"]


def test_a_name_does_not_start_with_allah(rec):
    words = ["حجاج", "بيت", "الله", "الحرام", "."]
    assert tidy(rec.features, words, ["O", "O", "B-MISC", "I-MISC", "O"]) == [
        "O", "B-MISC", "I-MISC", "I-MISC", "O"]


def test_punctuation_is_trimmed_from_span_edges():
    words = ["الملك", "عبدالله", "–", "رحمه", "الله", "-"]
    tags = ["O", "B-PERS", "I-PERS", "O", "O", "O"]
    assert stopwords.clean_tags(words, tags) == ["O", "B-PERS", "O", "O", "O", "O"]
    assert stopwords.clean_tags(["«", "»"], ["B-ORG", "I-ORG"]) == ["O", "O"]


def test_a_split_off_second_name_is_cleaned_too(rec):
    words = ["التعاون", "بين", "محمد", "وبين", "الوزير"]
    tags = ["O", "O", "B-PERS", "I-PERS", "O"]
    assert tidy(rec.features, words, tags) == ["O", "O", "B-PERS", "O", "O"]


def test_a_facility_named_after_a_king_is_not_the_king(rec):
    words = ["إلى", "مستشفى", "الملك", "فهد", "في", "مطار", "الملك", "عبدالعزيز", "قال",
             "الملك", "سلمان"]
    tags = ["O", "O", "O", "B-PERS", "O", "O", "O", "B-PERS", "O", "O", "B-PERS"]
    assert tidy(rec.features, words, tags) == [
        "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "I-LOC", "I-LOC", "O", "O", "B-PERS"]


def test_no_clitic_split_leaves_a_function_word(rec):
    assert rec.features.mention_form(["بوكان"]) == "بوكان"  # not ب + وكان
