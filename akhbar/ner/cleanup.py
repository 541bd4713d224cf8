"""Span clean-up after tagging, shared by the built-in recognizers.

The tagger labels tokens one sentence at a time; these rules fix what its labels get
systematically wrong in news text, without retraining:

* listed words (``akhbar.ner.stopwords``): spans of function words, titles or common
  nouns alone are dropped, function words are trimmed from a span's edges, titles from
  the start of a person's name, and a span ends before an honorific (``حفظه الله``);
* coordination: a person or place span that goes on with ``و`` + another name
  (``نيمار ومبابي``, ``الولايات المتحدة والناتو``) becomes two spans, when the lexicon
  reads that ``و`` as the conjunction; a place whose second part is known only inside
  multi-word place names (``البوسنة والهرسك``) stays whole; organisation names keep their
  inner ``و`` (``الهيئة العامة للسياحة والتراث الوطني``);
* news agencies: a one-word place span that is a news agency (``واس``, ``بترا``) is an
  organisation; a one-word span that is a currency (``ريال`` after a price) is MISC;
* well-known organisations (``akhbar.ner.organisations``: ``صندوق النقد الدولي``,
  ``الهلال الأحمر``, ``باريس سان جرمان``) are tagged ORG as one span.
"""

from __future__ import annotations

from akhbar.dateline import AGENCIES, WEAK_AGENCIES
from akhbar.dateline import fold as fold_name
from akhbar.ner.bio import spans
from akhbar.ner.features import FeatureExtractor
from akhbar.ner.organisations import tag_organisations
from akhbar.ner.stopwords import clean_tags
from akhbar.ner.text import fold

# Agencies and outlets whose name is not also a common word (dateline's lexicon).
_AGENCIES = AGENCIES - WEAK_AGENCIES
# Currency names (folded, with the accusative and dual/plural forms of news text): MISC in
# ANERcorp (``دولار``), never a person or an organisation on their own.
_CURRENCIES = frozenset(fold(w) for w in """
ريال ريالا ريالات دولار دولارا دولارات يورو جنيه جنيها جنيهات درهم درهما دراهم دينار
دينارا دنانير ين ليرة ليرات فرنك روبل يوان روبية إسترليني استرليني
""".split())


def _is_agency(word: str, fx: FeatureExtractor) -> bool:
    if fold_name(word) in _AGENCIES:
        return True
    _, pre, stem = fx.analyse(word)  # وواس, لواس
    return bool(pre) and stem in _AGENCIES


def _coordinated(word: str, typ: str, fx: FeatureExtractor) -> bool:
    """Whether ``word`` inside a span starts a second, coordinated name."""
    if not word.startswith("و"):
        return False
    _, pre, stem = fx.analyse(word)
    if not pre.startswith("و") or len(stem) < 3:
        return False
    if typ == "LOC":
        gaz = fx.lex.gaz.get(stem, "")
        return not (gaz and gaz.islower())  # known only inside multi-word place names
    return True


def tidy(fx: FeatureExtractor, words: list[str], tags: list[str]) -> list[str]:
    """The cleaned BIO tags of one sentence (see the module doc)."""
    found = spans(tags)
    new = tag_organisations(words, clean_tags(words, tags, found) if found else tags)
    if new is not tags:
        tags, found = new, spans(new)
    if not found:
        return tags
    out = None
    for s, e, typ in found:
        if typ in ("PERS", "LOC"):
            for i in range(s + 1, e):
                if _coordinated(words[i], typ, fx):
                    if out is None:
                        out = list(tags)
                    out[i] = "B-" + typ
        if typ == "LOC" and e - s == 1 and _is_agency(words[s], fx):
            if out is None:
                out = list(tags)
            out[s] = "B-ORG"
        elif typ != "MISC" and e - s == 1 and fx.analyse(words[s])[2] in _CURRENCIES:
            if out is None:
                out = list(tags)
            out[s] = "B-MISC"
    return tags if out is None else out
