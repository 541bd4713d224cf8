"""The shared folding (akhbar.fold): deletions with one offset map, one-for-one letters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar import fold as F

MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640\u200c\u200f"
ALPHABET = "علىيةهأإاب لمن" + MARKS + "\u0301e"


def test_marks_and_tatweel_do_not_split_words():
    assert F.strip_marks("الولايات المتحدّة")[0] == "الولايات المتحدة"
    assert F.strip_marks("عبد اللَّهِ")[0] == "عبد الله"
    assert F.fold("عـــلى أحمدُ")[0] == "علي احمد"
    assert F.strip_marks("لندن")[1] is None


def test_span_maps_back_over_the_marks_of_its_last_letter():
    text = "قال عبد اللَّهِ اليوم"
    stripped, deleted = F.strip_marks(text)
    s = stripped.index("عبد الله")
    start, end = F.to_original(s, s + len("عبد الله"), deleted)
    assert text[start:end] == "عبد اللَّهِ"


def test_unify_alef_keeps_ya_and_ta_marbuta_apart():
    assert F.unify_alef("أحمد") == F.unify_alef("احمد")
    assert F.unify_alef("على") != F.unify_alef("علي")
    assert F.fold_word("على") == F.fold_word("علي")


@settings(deadline=None)  # the first call builds the character class
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_offset_map_is_exact(text):
    stripped, deleted = F.strip_marks(text)
    assert not any(F.is_deletable(c) for c in stripped)
    kept = F.kept_positions(len(text), deleted)
    if kept is None:
        assert stripped == text
        return
    assert "".join(text[i] for i in kept) == stripped
    kept.append(len(text))
    for a in range(len(stripped)):
        for b in range(a + 1, min(len(stripped), a + 6) + 1):
            start, end = F.to_original(a, b, deleted)
            assert (start, end) == (kept[a], kept[b])
            # the original span holds the same letters, and its marks
            assert F.strip_marks(text[start:end])[0] == stripped[a:b]


@settings(deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_fold_is_idempotent_and_one_for_one_on_letters(text):
    folded, _ = F.fold(text)
    assert F.fold(folded) == (folded, None)
    assert len(folded) == len(F.strip_marks(text)[0])
    assert F.fold_word(text) == folded
