"""Words that are never an entity on their own: function words, titles, honorifics and
frequent common nouns of news Arabic.

The recognizers use them to clean their spans (:func:`clean_tags`; punctuation is
trimmed from span edges too): a span of one such word, or of function words, titles and honorifics only, is dropped (``ولي العهد``; a
phrase of common nouns can be a name: ``مجلس الأمن``), function words are trimmed from either edge of a span, titles from
either edge of a person's name (ANERcorp keeps titles outside: ``الرئيس [بوش]``), and a
span is cut before an honorific (``… حفظه الله``). ``scripts/count_nonentities.py`` and
the tests count the mentions that are such words, which should be none.

Lookup form: the word with its marks deleted and its hamzated alefs unified
(:func:`akhbar.fold.unify_alef`), but ى/ي and ة/ه kept apart, so the preposition ``على``
is listed while the name ``علي`` is not. A leading conjunction و/ف and a preposition
ب/ل/ك are looked through when at least three letters remain (``وعلى``, ``بالشيخ``,
``للشيخ``), so that names such as ``وام`` or ``فان`` are not read as ``و`` + ``أم`` or
``ف`` + ``أن``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from akhbar.fold import strip_marks, unify_alef

# Prepositions and prepositional adverbs.
PREPOSITIONS = """
في من إلى الى على عن مع عند لدى حتى منذ مذ خلال بين ضد حول نحو عبر دون بدون لدى
خلف وراء فوق تحت قبل بعد بعدما قبيل عقب إثر اثر جراء بسبب وسط ضمن لصالح
حسب وفق وفقا بحسب تجاه إزاء ازاء لدي عدا سوى غير مثل قرب لكن
""".split()

# Personal, demonstrative and relative pronouns, and pronoun-carrying prepositions.
PRONOUNS = """
هو هي هم هن هما أنا انا نحن أنت انت أنتم انتم إياه إياها
هذا هذه هذان هاتان هؤلاء ذلك تلك ذاك أولئك اولئك هناك هنالك
الذي التي الذين اللذان اللتان اللاتي اللواتي
لي فيه فيها فيهم منه منها منهم عليه عليها عليهم إليه إليها اليه اليها عنه عنها
له لها لهم لنا معه معها معهم بينهم لديه لديها لدينا نفسه نفسها أنفسهم
""".split()

# Particles, conjunctions, interrogatives, negation, auxiliaries and other function words.
PARTICLES = """
أن إن أنه إنه أنها إنها لأن كأن لكن بل ثم أو إما لا لم لن ما ماذا لماذا كيف أين
متى هل قد لقد سوف كي لكي كما كلما إذ إذا اذا إذن لو لولا حيث حين بينما عندما لما
كل بعض جميع كافة أي أية أيضا ايضا فقط جدا غير سواء ليس ليست كان كانت يكون تكون
أكثر اكثر أقل اقل أول اول آخر اخر أخرى اخرى نفس ذات عدة عدد معظم أغلب
""".split()

# Titles, forms of address, honorifics and words of rank before a name.
TITLES = """
الشيخ السيد السيدة سيدة الأمير الأميرة الملك الملكة الرئيس رئيس
الدكتور د الأستاذ استاذ الأستاذة المهندس الحاج الإمام الامام الوزير وزير الوزيرة
النائب نائب السفير سفير اللواء العميد العقيد الفريق المشير الجنرال القائد قائد
المدرب مدرب اللاعب لاعب النجم الفنان الفنانة الكاتب الشاعر المتحدث متحدث الناطق
سمو صاحب السمو معالي فخامة سعادة جلالة دولة سماحة ولي العهد ولي
الأمين المستشار المدير مدير المحافظ محافظ القاضي المفتي البابا الرئيسة
""".split()

# Honorific phrases after a name (verbs of blessing): a span is cut before them.
HONORIFICS = """
حفظه حفظها يحفظه رحمه رحمها يرحمه رعاه أيده ايده سلمه تعالى سبحانه عز جل
""".split()

# Frequent common nouns and adjectives of news text that the tagger can mistake for a
# name when they stand alone (with or without the article). Not listed: common words that
# are also well-known names (الخبر the city, الاتفاق and الاتحاد the clubs, البيان and
# الوطن the newspapers, المعلم a surname).
COMMON_NOUNS = """
كأس الكأس القطن السكري لسان اللسان بيان تصريح تصريحات مصدر مصادر المصدر
الحكومة حكومة الدولة دولة البلاد الشعب المواطنين المواطن العالم عالم
المنطقة منطقة ولاية الولاية مدينة العاصمة عاصمة القرية الحي الشارع شارع الطريق طريق
الوزارة وزارة الجامعة جامعة المدرسة مدرسة المستشفى مستشفى الشركة شركة البنك بنك
المجلس مجلس اللجنة لجنة الهيئة هيئة المحكمة محكمة الحزب حزب المنظمة منظمة
الجيش جيش الشرطة القوات قوات الأمن الأمن أمن النادي نادي الفريق فريق المنتخب منتخب
الرئاسة الإدارة إدارة البرلمان الجمعية جمعية المؤسسة مؤسسة المركز مركز
الأسبوع أسبوع يوم الشهر شهر السنة سنة العام عام الساعة ساعة الدقيقة
الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء
الماء الكهرباء النفط البترول الغاز الذهب السوق سوق الأسعار
أسعار المال
الصحة التعليم الاقتصاد السياسة الرياضة الثقافة الإعلام الإسكان العمل التجارة
الطالب الطلاب الأطفال الطفل المرأة الرجل الناس الجمهور الضحايا القتلى
المباراة مباراة الدوري البطولة بطولة الموسم الهدف الكرة القدم الملعب ملعب
الحرب حرب السلام اتفاق الهجوم هجوم الانتخابات المؤتمر مؤتمر القمة
وكالة الوكالة صحيفة الصحيفة قناة القناة موقع الموقع تقرير التقرير خبر
الجانب الطرف الحدود الشمال الجنوب الشرق الغرب شمال جنوب شرق غرب وسط
الأول الثاني الثالث الرابع الخامس الأولى الثانية الأخير الأخيرة الجديد الجديدة
""".split()

# Month names (Gregorian, Levantine/Iraqi, Maghrebi): dates, never names on their own.
MONTHS = """
يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين جانفي فيفري أفريل جوان جويلية أوت
""".split()

FUNCTION_WORDS = frozenset(PREPOSITIONS + PRONOUNS + PARTICLES)
# Every listed word: never an entity on its own.
ALL_WORDS = frozenset(PREPOSITIONS + PRONOUNS + PARTICLES + TITLES + HONORIFICS
                      + COMMON_NOUNS + MONTHS)

_FUNC = frozenset(map(unify_alef, FUNCTION_WORDS))
_TITLES = frozenset(map(unify_alef, TITLES))
_HONOR = frozenset(map(unify_alef, HONORIFICS))
_ALL = frozenset(map(unify_alef, ALL_WORDS))
_CLITICS = re.compile("^(?:[وف][بلك]?|[بلك])")
_LL = re.compile("^[وف]?لل")  # ل + the article: للشيخ = ل + الشيخ


def key(word: str) -> str:
    """The lookup form of a word: marks deleted, hamzated alefs unified."""
    return unify_alef(strip_marks(word)[0])


_FUNCTION, _TITLE, _HONORIFIC, _LISTED, _PUNCT = 1, 2, 4, 8, 16


@lru_cache(maxsize=1 << 16)
def _kinds(word: str) -> int:
    """Bit set of the lists ``word`` is on (through its proclitics, see the module doc),
    or ``_PUNCT`` for a token without letters or digits."""
    k = key(word)
    if not any(map(str.isalnum, k)):  # punctuation: never at the edge of a name
        return _PUNCT
    forms = [k]
    m = _CLITICS.match(k)
    if m is not None:  # the rest must keep at least three letters
        forms += [k[n:] for n in range(1, m.end() + 1) if len(k) - n >= 3]
    m = _LL.match(k)
    if m is not None and len(k) - m.end() >= 2:
        forms.append("ال" + k[m.end():])
    bits = 0
    for f in forms:
        if f in _ALL:
            bits |= _LISTED | (_FUNCTION if f in _FUNC else 0) | (_TITLE if f in _TITLES else 0)
            bits |= _HONORIFIC if f in _HONOR else 0
    return bits


def listed_form(word: str) -> bool:
    """Whether ``word``, already in lookup form (``key``), is listed as it is."""
    return word in _ALL


def is_listed(word: str) -> bool:
    """A function word, title, honorific or listed common noun (with or without
    proclitics)."""
    return bool(_kinds(word) & _LISTED)


def is_function_word(word: str) -> bool:
    return bool(_kinds(word) & _FUNCTION)


def is_title(word: str) -> bool:
    return bool(_kinds(word) & _TITLE)


def is_honorific(word: str) -> bool:
    return bool(_kinds(word) & _HONORIFIC)


def is_non_entity(words: list[str]) -> bool:
    """Whether a mention of these words is never an entity: one listed word, or only
    function words, titles and honorifics (``مجلس الأمن`` is a name, ``ولي العهد`` not)."""
    kinds = [_kinds(w) for w in words]
    return bool(kinds) and (len(kinds) == 1 and bool(kinds[0] & _LISTED) or all(
        k & (_FUNCTION | _TITLE | _HONORIFIC) for k in kinds))


def clean_tags(words: list[str], tags: list[str], found: list | None = None) -> list[str]:
    """The BIO tags of a sentence with spans cleaned of listed words (see the module
    doc); other tags unchanged. Returns ``tags`` itself when nothing changes. ``found``:
    ``bio.spans(tags)`` when the caller has it."""
    if found is None:
        from akhbar.ner.bio import spans

        found = spans(tags)
    if not found:
        return tags
    out = None
    for s, e, typ in found:
        kinds = [_kinds(w) for w in words[s:e]]
        if not any(kinds):  # most spans
            continue
        ns, ne = 0, e - s
        for i, k in enumerate(kinds):  # cut before an honorific: "… حفظه الله"
            if k & _HONORIFIC:
                ne = i
                break
        lead = _FUNCTION | _PUNCT | (_TITLE if typ == "PERS" else 0)
        while ns < ne and kinds[ns] & lead:
            ns += 1
        while ne > ns and kinds[ne - 1] & lead:  # "محمد بن سلمان ولي [العهد]"
            ne -= 1
        # one listed word, or nothing but function words and titles ("مجلس الأمن" stays)
        if ne - ns == 1 and kinds[ns] & _LISTED or all(
                k & (_FUNCTION | _TITLE | _HONORIFIC | _PUNCT) for k in kinds[ns:ne]):
            ns = ne
        ns, ne = s + ns, s + ne
        if (ns, ne) == (s, e):
            continue
        if out is None:
            out = list(tags)
        for i in range(s, e):
            out[i] = "O"
        if ns < ne:
            out[ns] = "B-" + typ
            for i in range(ns + 1, ne):
                out[i] = "I-" + typ
    return tags if out is None else out


def non_entity_mentions(mentions) -> list:
    """The mentions (``akhbar.article.Mention``) that are listed words only
    (:func:`is_non_entity` of their words): what ``clean_tags`` keeps out."""
    return [m for m in mentions if is_non_entity((m.normalized or m.text).split())]
