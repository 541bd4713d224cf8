"""Spelling folding for matching dates: :mod:`akhbar.fold`, the folding every matching
step shares (one canonical form per letter; marks deleted with an offset map).

``fold(text)`` returns the folded text and the sorted original positions of the deleted
characters (None when nothing was deleted); ``to_original`` maps a folded span back;
``fold_word`` folds one lexicon word.
"""

from __future__ import annotations

from akhbar.fold import fold, fold_word, to_original

__all__ = ["fold", "fold_word", "to_original"]
