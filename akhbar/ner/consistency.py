"""Document-level consistency: a name tagged once is tagged wherever it recurs.

The CRF tags sentence by sentence; in news a name is usually introduced in a context that
makes it easy (``الرئيس جورج بوش``) and repeated in harder ones (``وقال بوش``). After tagging
a whole article, every entity's key (its clitic-free word stems; for a multi-word person
also the last name alone) is looked up in the untagged stretches of the same article and
those occurrences get the entity's majority type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from akhbar.ner.bio import spans

MAX_KEY = 4


def propagate(sents: list[list[str]], tags: list[list[str]], key: Callable[[str], str],
              min_chars: int = 3, found: list | None = None) -> list[list[str]]:
    """New tag lists where untagged recurrences of tagged names are tagged too.

    ``key`` maps a token to its lookup form (e.g. its folded stem without clitics); keys of
    one-word names shorter than ``min_chars`` are ignored. Existing entities are unchanged.
    ``found``: the ``bio.spans`` of each tag list, when the caller has them.
    """
    keyed = [list(map(key, s)) for s in sents]
    votes: dict[tuple[str, ...], Counter] = {}
    for j, (ks, tg) in enumerate(zip(keyed, tags, strict=True)):
        for s, e, typ in (found[j] if found is not None else spans(tg)):
            k = tuple(ks[s:e])
            if e - s <= MAX_KEY and (e - s > 1 or len(k[0]) >= min_chars):
                votes.setdefault(k, Counter())[typ] += 1
            if typ == "PERS" and e - s > 1 and len(k[-1]) >= min_chars:
                # a person's last name alone refers back to them (رامسفيلد)
                votes.setdefault(k[-1:], Counter())[typ] += 0.5
    if not votes:
        return [list(t) for t in tags]
    names = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    firsts = {k[0] for k in names}
    out = []
    for ks, tg in zip(keyed, tags, strict=True):
        new = list(tg)
        out.append(new)
        if firsts.isdisjoint(ks):  # most sentences: no name starts here
            continue
        n = len(ks)
        free = 0  # the first position after the names propagated so far
        for i in [i for i, k in enumerate(ks) if k in firsts]:
            if i < free or new[i] != "O":
                continue
            for ln in range(min(MAX_KEY, n - i), 0, -1):
                typ = names.get(tuple(ks[i:i + ln]))
                if typ and all(t == "O" for t in new[i:i + ln]) and (
                        i + ln >= n or not new[i + ln].startswith("I-")):
                    new[i] = "B-" + typ
                    for j in range(i + 1, i + ln):
                        new[j] = "I-" + typ
                    free = i + ln
                    break
    return out
