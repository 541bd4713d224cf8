"""Generated news-like paragraphs: split_sentences finds exactly the sentences they were built from."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.normalize import normalize, split_sentences

_WORDS = ["قال", "الوزير", "إن", "الحكومة", "ستعلن", "عن", "خطة", "جديدة", "في", "تونس",
          "وأضاف", "المدير", "العام", "للشركة", "أن", "الأرباح", "ارتفعت", "Reuters", "الاثنين"]
_INNER = st.one_of(
    st.sampled_from(_WORDS),
    # Numbers are followed by a word: "10 د." is read as a currency/unit (a sentence end).
    st.builds(lambda a, b: f"{a}.{b} بالمئة", st.integers(0, 999), st.integers(0, 99)),  # 3.5
    st.builds(lambda a: f"{a:,} دولار", st.integers(1000, 10**7)),  # 1,000,000
    st.sampled_from(["د. أحمد", "أ.د. محمد", "م. سامي", "ق. نورة", "www.site.tn",
                     "وكالة د.ب.أ", "Dr. Smith", "«الأرقام»", "(تونس)", "،"]),
)
_END = st.sampled_from([".", "!", "؟", "?", "...", ".»", '."', "؟»", "!)"])


@st.composite
def _sentence(draw) -> str:
    first = draw(st.sampled_from(_WORDS))
    rest = draw(st.lists(_INNER, max_size=8))
    # A sentence-final abbreviation ("... د.ب.أ.") is ambiguous: end on an ordinary word.
    last = draw(st.sampled_from(_WORDS))
    return " ".join([first, *rest, last]) + draw(_END)


@settings(max_examples=150, deadline=None)
@given(st.lists(_sentence(), min_size=1, max_size=6), st.sampled_from([" ", "  ", "\n", " \n"]))
def test_generated_paragraph_splits_into_its_sentences(sentences, sep):
    text = sep.join(sentences)
    assert [text[a:b] for a, b in split_sentences(text)] == sentences


@settings(max_examples=100, deadline=None)
@given(st.lists(_sentence(), min_size=1, max_size=6))
def test_sentences_survive_normalization(sentences):
    """Splitting the light text gives the light-normalized sentences."""
    text = " ".join(sentences)
    out = normalize(text, "light").text
    assert [out[a:b] for a, b in split_sentences(out)] == [
        normalize(s, "light").text for s in sentences]
