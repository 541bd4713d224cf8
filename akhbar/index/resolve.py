"""Cross-article entity resolution: name keys and the rules that link a short name to a
full one. Plain functions, no Beam: ``transforms/index.py`` runs them over the corpus.

A mention's *key* is its name with the spelling noise removed (``name_key``): hamza
forms, alef maksura, teh marbuta, marks and tatweel folded; proclitics before ``ال``
dropped; leading titles and honorifics (``الرئيس الأمريكي``, ``الملك``, ``الأمير``)
dropped; a trailing family name (``آل سعود``) set apart; ``عبد ال…`` written as one word;
``ال`` dropped from words that keep three letters. Two mentions with the same type and
key are one entity.

A *short* person key is linked to a longer key that names the same person (``contains``:
its first words, its last words, or its first and last word; never the words after
``بن``, which name the father):

1. in the article: when a full name of the same type in the same article contains it
   (``article_observations`` merges them, so an article counts once per entity);
2. across the corpus (``decide``): when one full name accounts for at least
   ``DOMINANCE`` of the articles of all longer names that contain it, has at least
   ``MIN_SUPPORT`` articles, and the short key is not used far more on its own than that
   full name (``MAX_STANDALONE_RATIO``). Otherwise (two people share the surname, a common
   first name) the short key stays its own entity: no blind merge. A key written with a
   proclitic (``بجدة``, ``ووزارة الداخلية``) goes to the bare key when that is a more
   frequent key of the corpus. Candidates held by one
   longer candidate count for it (``هادي`` -> ``منصور هادي`` -> ``عبد ربه منصور هادي``).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from akhbar.fold import fold_word as shared_fold_word

DOMINANCE = 0.75
MIN_SUPPORT = 2
MAX_STANDALONE_RATIO = 20.0
PERSON = "PERS"

# -- folding -------------------------------------------------------------------------
# On top of the shared folding (akhbar.fold): hamzated waw/yeh as their bare letters.
_HAMZA_SEATS = str.maketrans("ؤئ", "وي")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
_PROCLITIC_AL = re.compile(r"^[وف]?[بك]?(?=ال\w\w\w)")
_PROCLITIC_LL = re.compile(r"^[وف]?لل(?=\w\w\w)")


def fold_word(word: str) -> str:
    """One word folded for matching: the shared folding (:func:`akhbar.fold.fold_word`: no
    marks, format characters or tatweel, ``أإآٱ`` -> ``ا``, ``ى`` -> ``ي``, ``ة`` -> ``ه``),
    plus ``ؤ``/``ئ`` -> ``و``/``ي``, edge punctuation removed, Latin lower-cased."""
    return _EDGE.sub("", shared_fold_word(word).translate(_HAMZA_SEATS)).lower()


def _strip_proclitics(word: str) -> str:
    m = _PROCLITIC_AL.match(word)
    if m and m.end():
        return word[m.end():]
    m = _PROCLITIC_LL.match(word)
    if m:
        return "ال" + word[m.end():]
    return word


# Titles, honorifics and offices (folded, with and without ال); dropped at the start.
_TITLES = frozenset(fold_word(w) for w in """
الرئيس رئيس الرئيسة الملك ملك الملكة الأمير أمير الأميرة الشيخ شيخ الشيخة السيد سيد السيدة
الدكتور الدكتورة د دكتور المهندس الأستاذ الاستاذ الوزير وزير الوزيرة وزيرة ولي العهد خادم
الحرمين الشريفين سمو صاحب السمو الملكي معالي فخامة جلالة سماحة العاهل المستشارة المستشار
النائب الجنرال اللواء العميد العقيد الفريق المشير الإمام الامام الحاج القائد الزعيم السفير
المتحدث الناطق باسم نائب المبعوث الأمين العام امين الأمين المرشح الرئاسي الداعية المفتي
الشيخ الأب البابا القس الكاردينال سعادة الرئيس السابق الراحل المخلوع الحالي المدرب اللاعب
النجم الفنان الفنانة الكاتب الكاتبة الصحفي الروائي الشاعر المطرب المطربة
""".split())
# Words of an office after a title (``وزير الخارجية``, ``رئيس الوزراء``): dropped too.
_OFFICE = frozenset(fold_word(w) for w in """
الخارجية الداخلية الدفاع الوزراء العهد الحرمين الشريفين الملكي العام السابق الحالي
الراحل المخلوع الأعلى للأمم المتحدة الأمم الجمهورية المالية العدل الإعلام التعليم الصحة
الحكومة البرلمان الأول الثاني الإقليمي الخاص
""".split())
# Honorific phrases after a name (``حفظه الله``), dropped before the family name.
_TRAILING = tuple(tuple(fold_word(w) for w in p.split()) for p in (
    "حفظه الله", "يحفظه الله", "رحمه الله", "يرحمه الله", "حفظهم الله", "رعاه الله",
    "عليه السلام", "رضي الله عنه", "طيب الله ثراه"))
_TRAILING_TITLES = frozenset({"ولي"})
CLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")
_NISBA = re.compile(r"^ال\w{2,}(?:ي|يه|يين|يون)$")  # الأمريكي, السعودية, ...
_FAMILY = "ال"   # آل folded
_ABD = frozenset({"عبد", "ابو", "ابي", "ابا"})
_JOIN_AFTER_ABD = re.compile(r"^ال")


@dataclass(frozen=True)
class NameKey:
    """A mention's key: ``words`` (folded, titles and family removed) and the family name."""

    type: str
    words: tuple[str, ...]
    family: str = ""

    @property
    def key(self) -> str:
        return " ".join(self.words) if self.words else self.family

    @property
    def full(self) -> bool:
        return self.type == PERSON and len(self.words) >= 2

    @property
    def short(self) -> bool:
        return self.type == PERSON and len(self.words) == 1


def name_key(text: str, etype: str) -> NameKey:
    """The key of one mention ``text`` of type ``etype`` (see the module doc)."""
    words = [fold_word(w) for w in text.replace("ـ", "").split()]
    words = [w for w in words if w]
    if words:
        words[0] = _strip_proclitics(words[0])
    # titles and offices at the start (only for people: ``الأمم المتحدة`` keeps its words)
    if etype == PERSON:
        dropped = False
        while len(words) > 1 and (words[0] in _TITLES or (dropped and (
                words[0] in _OFFICE or _NISBA.match(words[0])))):
            words.pop(0)
            dropped = True
    if etype == PERSON:
        while len(words) > 1 and words[-1] in _TRAILING_TITLES:
            words.pop()  # ``… آل سعود ولي`` (the span ran into ``ولي العهد``)
        for tail in _TRAILING:
            if len(words) > len(tail) and tuple(words[-len(tail):]) == tail:
                words = words[:-len(tail)]
                break
    family = ""
    # the family name goes only when a full name remains: ``عبدالله آل فاضل`` is not any
    # ``عبدالله``
    if etype == PERSON and len(words) >= 4 and words[-2] == _FAMILY:
        family = words[-1]
        words = words[:-2]
    joined: list[str] = []
    for w in words:  # عبد الله -> عبدالله, عبد ربه -> عبدربه, أبو الفضل -> ابوالفضل
        if joined and (joined[-1] == "عبد" or (joined[-1] in _ABD
                                                and _JOIN_AFTER_ABD.match(w))):
            joined[-1] += w
        else:
            joined.append(w)
    out = tuple(w[2:] if w.startswith("ال") and len(w) >= 5 else w for w in joined)
    return NameKey(etype, out, family[2:] if family.startswith("ال") and len(family) >= 5
                   else family)


_PATRONYMIC = frozenset({"بن", "ابن", "بنت"})


def contains(full: Sequence[str], short: Sequence[str]) -> bool:
    """``short`` names the person of ``full``: its first words (``محمد بن سلمان`` of
    ``محمد بن سلمان بن عبدالعزيز``), its last words (``اوباما`` of ``باراك اوباما``), or its
    first and last word (``علي صالح`` of ``علي عبدالله صالح``). Words after ``بن``/``بنت``
    name the father, not the person: ``سلمان بن عبدالعزيز`` is not contained in
    ``محمد بن سلمان بن عبدالعزيز``, nor ``عبدالعزيز`` in ``سلمان بن عبدالعزيز``."""
    n, m = len(short), len(full)
    if not 0 < n < m:
        return False
    full, short = tuple(full), tuple(short)
    if full[:n] == short:
        return True
    if full[-n:] == short and full[m - n - 1] not in _PATRONYMIC:
        return True
    return (n == 2 and m >= 3 and (full[0], full[-1]) == short
            and full[-2] not in _PATRONYMIC)


def contained(full: Sequence[str]) -> set[tuple[str, ...]]:
    """Every ``short`` with ``contains(full, short)``."""
    full = tuple(full)
    m = len(full)
    out = set()
    for n in range(1, m):
        out.add(full[:n])
        if full[m - n - 1] not in _PATRONYMIC:
            out.add(full[-n:])
    if m >= 3 and full[-2] not in _PATRONYMIC:
        out.add((full[0], full[-1]))
    return out


def sub_keys(words: Sequence[str]) -> list[str]:
    """Every shorter key that ``contains`` accepts for the full name ``words``."""
    words = tuple(words)
    out = set()
    for n in range(1, len(words)):
        for cand in (words[:n], words[-n:]):
            if contains(words, cand) and cand[0] not in _PATRONYMIC:
                out.add(" ".join(cand))
    if len(words) >= 3 and contains(words, (words[0], words[-1])):
        out.add(f"{words[0]} {words[-1]}")
    return sorted(out)


def entity_id(etype: str, key: str) -> str:
    """Stable id of the entity whose resolved key is ``key``."""
    return hashlib.sha1(f"{etype}:{key}".encode()).hexdigest()[:16]


# -- one article -----------------------------------------------------------------------
@dataclass
class Observation:
    """What one article says about one key: its clusters, surface forms, mentions, and
    which of the article's entities (``members``, indices) it holds."""

    type: str
    key: str
    clusters: list[str] = field(default_factory=list)
    forms: Counter = field(default_factory=Counter)
    mentions: int = 0
    members: list[int] = field(default_factory=list)


def cluster_id(ent: Mapping[str, Any]) -> str:
    return ent.get("cluster") or f"{ent.get('type')}:{ent.get('normalized') or ent.get('text')}"


def article_observations(entities: Iterable[Mapping[str, Any]]) -> list[Observation]:
    """One observation per key of an article.

    A place, organization or other cluster of the recognizer goes whole to the key of its
    longest mention. People are keyed mention by mention (the recognizer's clusters join a
    son's name ``محمد بن سلمان بن عبدالعزيز`` and his father's ``سلمان بن عبدالعزيز``); then
    a person key joins the longer person key of the article that ``contains`` it, when
    exactly one longest such key exists."""
    entities = list(entities)
    units: dict[tuple[str, str], list[int]] = {}   # (cluster, person key or "") -> members
    for i, ent in enumerate(entities):
        cid = cluster_id(ent)
        if (ent.get("type") or "MISC") == PERSON:
            nk = name_key(ent.get("normalized") or ent.get("text") or "", PERSON)
            units.setdefault((cid, nk.key), []).append(i)
        else:
            units.setdefault((cid, ""), []).append(i)
    keyed: dict[tuple[str, str], Observation] = {}
    names: dict[tuple[str, str], NameKey] = {}
    for (cid, _), members in sorted(units.items()):
        ents = [entities[i] for i in members]
        etype = Counter(e.get("type") or "MISC" for e in ents).most_common(1)[0][0]
        nks = [name_key(e.get("normalized") or e.get("text") or "", etype) for e in ents]
        best = max(nks, key=lambda k: (len(k.words), k.key))
        if not best.key:
            continue
        obs = keyed.setdefault((etype, best.key), Observation(etype, best.key))
        names[(etype, best.key)] = best
        if cid not in obs.clusters:
            obs.clusters.append(cid)
        obs.members += members
        obs.mentions += len(ents)
        for e in ents:
            form = " ".join((e.get("normalized") or e.get("text") or "").split())
            if form:
                obs.forms[form] += 1
    people = sorted((nk for nk in names.values() if nk.type == PERSON),
                    key=lambda nk: (len(nk.words), nk.key))
    for nk in people:  # shortest first: a short name joins the longest name holding it
        hosts = [h for h in people if contains(h.words, nk.words)
                 and (PERSON, h.key) in keyed]
        hosts = _maximal(hosts)
        if len(hosts) == 1 and (PERSON, nk.key) in keyed:
            host = keyed[(PERSON, hosts[0].key)]
            obs = keyed.pop((PERSON, nk.key))
            host.clusters += [c for c in obs.clusters if c not in host.clusters]
            host.members += obs.members
            host.forms.update(obs.forms)
            host.mentions += obs.mentions
    for obs in keyed.values():
        obs.members.sort()
    return sorted(keyed.values(), key=lambda o: (o.type, o.key))


def _maximal(hosts: Sequence[NameKey]) -> list[NameKey]:
    """The hosts not contained in another host."""
    return [h for h in hosts if not any(contains(o.words, h.words) for o in hosts)]


def date_refs(dates: Iterable[Mapping[str, Any]]) -> Counter:
    """Days (``YYYY-MM-DD``) the article's temporal expressions refer to, with counts."""
    out: Counter = Counter()
    for tmx in dates:
        value = tmx.get("value") or ""
        if (tmx.get("type") or "DATE") == "DATE" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            out[value] += 1
    return out


# -- across the corpus -----------------------------------------------------------------
def _fold_candidates(candidates: Mapping[str, int]) -> dict[str, int]:
    """Each candidate credited to the longer candidate it would itself resolve to, by the
    rules of ``decide`` among the candidates (``منصور هادي`` counts for
    ``عبدربه منصور هادي``; ``باراك اوباما`` does not count for a rare
    ``باراك حسين اوباما``)."""
    # the hosts of each candidate, from what each candidate contains (linear, not every
    # pair: a frequent first name has thousands of candidates)
    held: dict[tuple[str, ...], list[str]] = {}
    for host in candidates:
        for short in contained(host.split()):
            held.setdefault(short, []).append(host)
    out: dict[str, int] = {}
    for cand, n in candidates.items():
        hosts = {h: candidates[h] for h in held.get(tuple(cand.split()), ())}
        target = cand
        if hosts:
            best, support = min(hosts.items(), key=lambda kv: (-kv[1], kv[0]))
            if (support >= MIN_SUPPORT and support >= DOMINANCE * sum(hosts.values())
                    and n <= MAX_STANDALONE_RATIO * support):
                target = best
        out[target] = out.get(target, 0) + n
    return out


def offers(etype: str, key: str, articles: int) -> list[tuple[str, str, int]]:
    """``(short key, candidate, articles)``: the keys a key is a candidate for. A person's
    full name is one for the shorter names it ``contains``; every key is one for itself
    written with a proclitic (``بجده`` -> ``جده``), marked ``~``."""
    out = []
    words = key.split()
    if etype == PERSON and len(words) >= 2:
        out += [(sub, key, articles) for sub in sub_keys(words)]
    if words and len(words[0]) >= 3:
        out += [(p + key, "~" + key, articles) for p in CLITICS]
    return out


def decide(etype: str, key: str, articles: int, candidates: Mapping[str, int]) -> str:
    """The key a key resolves to, or itself: the bare key when the key is a proclitic
    form of a more frequent one; for a person, the dominant longer name that
    ``contains`` it.

    ``articles``: articles of the key; ``candidates``: from ``offers``, with articles."""
    bare = {c[1:]: n for c, n in candidates.items() if c.startswith("~")}
    if bare:
        base, n = min(bare.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= MIN_SUPPORT and n > articles:
            return base
    names = {c: n for c, n in candidates.items() if not c.startswith("~")}
    if etype != PERSON or not names:
        return key
    folded = _fold_candidates(names)
    total = sum(folded.values())
    best, support = min(folded.items(), key=lambda kv: (-kv[1], kv[0]))
    if (support >= MIN_SUPPORT and support >= DOMINANCE * total
            and articles <= MAX_STANDALONE_RATIO * support):
        return best
    return key
