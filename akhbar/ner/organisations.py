"""Well-known organisations whose multi-word names the tagger misses or splits.

A name listed here is tagged ORG wherever its words occur in a row (the first word may
carry a conjunction or preposition: ``وصندوق النقد الدولي``), when the tagger left those
words untagged or tagged them as entities that lie inside the name (``باريس`` LOC +
``سان جرمان`` LOC -> one ORG). A span that crosses the name's edge is left alone. The
list is written for this package (international and regional bodies, parliaments, relief
organisations and the football clubs of the news); extend it freely.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import compress

from akhbar.ner.text import clitic_analyses, fold

ORGANISATIONS = """
الأمم المتحدة|منظمة الأمم المتحدة|مجلس الأمن|مجلس الأمن الدولي|الجمعية العامة للأمم المتحدة
صندوق النقد الدولي|البنك الدولي|منظمة التجارة العالمية|منظمة الصحة العالمية|منظمة العفو الدولية
هيومن رايتس ووتش|اللجنة الدولية للصليب الأحمر|الصليب الأحمر|الهلال الأحمر|الهلال الأحمر السعودي
الهلال الأحمر الفلسطيني|الهلال الأحمر الإماراتي|الهلال الأحمر القطري|الهلال الأحمر الكويتي
منظمة الأغذية والزراعة|برنامج الأغذية العالمي|المفوضية السامية للأمم المتحدة لشؤون اللاجئين
الوكالة الدولية للطاقة الذرية|منظمة اليونسكو|منظمة اليونيسف|منظمة أطباء بلا حدود
حلف شمال الأطلسي|حلف الناتو|الاتحاد الأوروبي|المفوضية الأوروبية|البرلمان الأوروبي|البنك المركزي الأوروبي
الاتحاد الأفريقي|الاتحاد الإفريقي|جامعة الدول العربية|الجامعة العربية|مجلس التعاون الخليجي
مجلس التعاون لدول الخليج العربية|منظمة التعاون الإسلامي|رابطة العالم الإسلامي|البنك الإسلامي للتنمية
منظمة أوبك|منظمة الدول المصدرة للنفط|مجموعة العشرين|صندوق النقد العربي|البنك الأفريقي للتنمية
مجلس الأمة|مجلس الشورى|مجلس النواب|مجلس الشيوخ|مجلس الوزراء|مجلس العموم|مجلس اللوردات|مجلس الشعب
الكونغرس الأمريكي|وزارة الخارجية الأمريكية|وكالة المخابرات المركزية|مكتب التحقيقات الفيدرالي
الاتحاد الدولي لكرة القدم|الاتحاد الآسيوي لكرة القدم|الاتحاد الأوروبي لكرة القدم|اللجنة الأولمبية الدولية
باريس سان جرمان|باريس سان جيرمان|ريال مدريد|أتلتيكو مدريد|مانشستر يونايتد|مانشستر سيتي|بايرن ميونيخ
بوروسيا دورتموند|إنتر ميلان|إيه سي ميلان|يوفنتوس تورينو|أرسنال الإنجليزي|توتنهام هوتسبير
""".replace("\n", "|").split("|")


def _words(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in name.split())


_NAMES = frozenset(_words(n) for n in ORGANISATIONS if len(n.split()) >= 2)
_FIRSTS = frozenset(n[0] for n in _NAMES)
_LONGEST = max(map(len, _NAMES))
_PAIRS = frozenset(n[:2] for n in _NAMES)


@lru_cache(maxsize=1 << 16)
def _heads(word: str) -> tuple[str, ...]:
    """The first words of listed names that ``word`` is, as it is or without proclitics
    (``وصندوق`` -> ``صندوق``); usually none (cached: called for every token)."""
    return tuple(stem for _, stem in clitic_analyses(fold(word)) if stem in _FIRSTS)


def known_organisations(words: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` token runs of one sentence that are a listed organisation (longest
    first, not overlapping)."""
    out: list[tuple[int, int]] = []
    heads = list(map(_heads, words))
    if not any(heads):  # most sentences
        return out
    n, free = len(words), 0
    for i in compress(range(n), heads):  # only the words that can start a name
        if i < free or i + 1 == n:
            continue
        second = fold(words[i + 1])
        hs = [h for h in heads[i] if (h, second) in _PAIRS]
        if not hs:  # most heads: "الاتحاد" alone
            continue
        after = (second, *map(fold, words[i + 2:i + _LONGEST]))
        for ln in range(min(_LONGEST, n - i), 1, -1):
            rest = after[:ln - 1]
            if any((h, *rest) in _NAMES for h in hs):
                out.append((i, i + ln))
                free = i + ln
                break
    return out


def tag_organisations(words: list[str], tags: list[str]) -> list[str]:
    """``tags`` with listed organisations tagged ORG (see the module doc)."""
    found = known_organisations(words)
    if not found:
        return tags
    out = list(tags)
    for s, e in found:
        # a span crossing the name's edge wins: it is the tagger's reading of more text
        if out[s].startswith("I-") or (e < len(out) and out[e].startswith("I-")):
            continue
        out[s] = "B-ORG"
        for j in range(s + 1, e):
            out[j] = "I-ORG"
    return out
