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
* a person named after a title and a place or institution head noun is that place's or
  institution's name (``[مستشفى الملك فهد]`` ORG, ``[مطار الملك عبدالعزيز]`` LOC), not a
  mention of the person;
* a longer name never starts with ``الله``: the word before it is its head
  (``[بيت الله الحرام]``, not ``بيت [الله الحرام]``);
* well-known organisations (``akhbar.ner.organisations``: ``صندوق النقد الدولي``,
  ``الهلال الأحمر``, ``باريس سان جرمان``) are tagged ORG as one span.
"""

from __future__ import annotations

from akhbar.dateline import AGENCIES, WEAK_AGENCIES
from akhbar.dateline import fold as fold_name
from akhbar.ner.bio import spans
from akhbar.ner.features import FeatureExtractor
from akhbar.ner.organisations import tag_organisations
from akhbar.ner.stopwords import clean_tags, is_listed, is_title
from akhbar.ner.text import fold

# Agencies and outlets whose name is not also a common word (dateline's lexicon).
_AGENCIES = AGENCIES - WEAK_AGENCIES
# Currency names (folded, with the accusative and dual/plural forms of news text): MISC in
# ANERcorp (``دولار``), never a person or an organisation on their own.
_CURRENCIES = frozenset(fold(w) for w in """
ريال ريالا ريالات دولار دولارا دولارات يورو جنيه جنيها جنيهات درهم درهما دراهم دينار
دينارا دنانير ين ليرة ليرات فرنك روبل يوان روبية إسترليني استرليني
""".split())


# Head nouns of places and institutions named after a person with a title
# (``مستشفى الملك فهد``, ``جامعة الملك سعود``): the name is then the facility's, not a
# mention of the person. Institutions are ORG, the other heads LOC.
_INSTITUTIONS = frozenset(fold(w) for w in """
جامعة مستشفى مركز مؤسسة كلية معهد مجمع مدرسة أكاديمية مكتبة جائزة برنامج صندوق
""".split())
_PLACES = frozenset(fold(w) for w in """
مطار استاد ملعب مدينة جسر طريق شارع ميناء مسجد حي قاعدة توسعة منفذ ميدان حديقة محافظة
""".split())
_CONJ_PERS, _CONJ_LOC, _AGENCY, _CURRENCY = 1, 2, 4, 8
_MAX_CACHE = 30_000


def _word_bits(word: str, fx: FeatureExtractor) -> int:
    """What the rules need to know of a word, as bits: it starts a coordinated person /
    place (a conjunction و the lexicon splits off, three letters left; a place part known
    only inside multi-word place names stays), it is a news agency (``واس``, ``وواس``),
    a currency."""
    _, pre, stem = fx.analyse(word)
    bits = 0
    if word.startswith("و") and pre.startswith("و") and len(stem) >= 3:
        gaz = fx.lex.gaz.get(stem, "")
        bits |= _CONJ_PERS | (0 if gaz and gaz.islower() else _CONJ_LOC)
    if fold_name(word) in _AGENCIES or (pre and stem in _AGENCIES):
        bits |= _AGENCY
    if stem in _CURRENCIES:
        bits |= _CURRENCY
    return bits


class _Bits(dict):
    """Word -> ``_word_bits`` for one feature extractor (bounded; hits are one lookup)."""

    def __init__(self, fx: FeatureExtractor) -> None:
        super().__init__()
        self.fx = fx

    def __missing__(self, word: str) -> int:
        bits = _word_bits(word, self.fx)
        if len(self) < _MAX_CACHE:
            self[word] = bits
        return bits


def tidy(fx: FeatureExtractor, words: list[str], tags: list[str]) -> list[str]:
    """The cleaned BIO tags of one sentence (see the module doc)."""
    return tidy_spans(fx, words, tags)[0]


def tidy_spans(fx: FeatureExtractor, words: list[str],
               tags: list[str]) -> tuple[list[str], list[tuple[int, int, str]]]:
    """``tidy`` and the spans of its result (``bio.spans``), which callers reuse."""
    found = spans(tags)
    new = tag_organisations(words, clean_tags(words, tags, found) if found else tags)
    if new is not tags:
        tags, found = new, spans(new)
    if not found:
        return tags, found
    bits = fx.word_bits
    if bits is None:  # kept with the extractor: one per loaded recognizer
        bits = fx.word_bits = _Bits(fx)
    out = None
    for s, e, typ in found:
        if e - s > 1 and s > 0 and words[s] == "الله" and tags[s - 1] == "O" \
                and words[s - 1].isalpha() and not is_listed(words[s - 1]):
            # "الله" is never the first word of a longer name: the word before is its
            # head (بيت الله الحرام, حزب الله ...)
            if out is None:
                out = list(tags)
            out[s - 1], out[s] = "B-" + typ, "I-" + typ
        if typ == "PERS" and s >= 2 and tags[s - 1] == tags[s - 2] == "O" \
                and is_title(words[s - 1]):
            stem = fx.analyse(words[s - 2])[2]
            head = "ORG" if stem in _INSTITUTIONS else "LOC" if stem in _PLACES else None
            if head:  # مستشفى الملك فهد: the facility, not the king
                if out is None:
                    out = list(tags)
                out[s - 2] = "B-" + head
                for i in range(s - 1, e):
                    out[i] = "I-" + head
                continue
        if e - s > 1 and typ in ("PERS", "LOC"):
            conj = _CONJ_PERS if typ == "PERS" else _CONJ_LOC
            for i in range(s + 1, e):
                if bits[words[i]] & conj:
                    if out is None:
                        out = list(tags)
                    out[i] = "B-" + typ
        elif e - s == 1 and typ != "MISC":
            b = bits[words[s]]
            new_typ = ("ORG" if typ == "LOC" and b & _AGENCY
                       else "MISC" if b & _CURRENCY else None)
            if new_typ:
                if out is None:
                    out = list(tags)
                out[s] = "B-" + new_typ
    if out is None:
        return tags, found
    # a span split off or extended here is cleaned too ("… وبين" is no second name)
    out = clean_tags(words, out)
    return out, spans(out)
