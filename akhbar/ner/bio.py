"""BIO tag sequences: spans, repair, CoNLL reading and exact-span scoring."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

TYPES = ("PERS", "LOC", "ORG", "MISC")
Span = tuple[int, int, str]  # token start, token end (exclusive), type


def spans(tags: list[str]) -> list[Span]:
    """Entity spans of a BIO sequence (CoNLL rules: a stray ``I-X`` starts an entity)."""
    out: list[Span] = []
    if tags.count("O") == len(tags):  # most sentences: one C-level pass, no loop
        return out
    start, cur = -1, ""
    for i, tag in enumerate(tags):
        if tag == "O":
            if cur:
                out.append((start, i, cur))
                start, cur = -1, ""
            continue
        prefix, _, typ = tag.partition("-")
        if prefix == "B" or (prefix == "I" and typ != cur):
            if cur:
                out.append((start, i, cur))
            start, cur = i, typ
        elif prefix != "I":
            if cur:
                out.append((start, i, cur))
            start, cur = -1, ""
    if cur:
        out.append((start, len(tags), cur))
    return out


def read_conll(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of ``token TAG`` lines separated by blank lines.

    Malformed lines (a missing tag) are read as ``O``; a tag glued to a following word
    (``Oالإصابة``) is cut back to its tag.
    """
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if toks:
                    sents.append((toks, tags))
                    toks, tags = [], []
                continue
            tag = parts[1] if len(parts) > 1 else "O"
            if not (tag == "O" or tag[:2] in ("B-", "I-")) or (
                    tag[:2] in ("B-", "I-") and tag[2:] not in TYPES):
                tag = "O"
            toks.append(parts[0])
            tags.append(tag)
    if toks:
        sents.append((toks, tags))
    return sents


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "gold": tp + fn, "predicted": tp + fp}


def score(gold: Iterable[list[str]], pred: Iterable[list[str]]) -> dict[str, object]:
    """CoNLL exact-span micro P/R/F1, overall and per type."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(spans(g)), set(spans(p))
        for s in gs & ps:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1
    res: dict[str, object] = {"overall": prf(sum(tp.values()), sum(fp.values()),
                                             sum(fn.values()))}
    res["per_type"] = {t: prf(tp[t], fp[t], fn[t]) for t in TYPES}
    return res


def confusions(gold: Iterable[list[str]], pred: Iterable[list[str]],
               tokens: Iterable[list[str]] | None = None) -> Iterator[tuple[str, str, str]]:
    """(gold label, predicted label, text) for every span error.

    A label is the type, ``O`` for nothing, or ``TYPE~`` for a same-type boundary error.
    """
    toks_it = iter(tokens) if tokens is not None else None
    for g, p in zip(gold, pred, strict=True):
        toks = next(toks_it) if toks_it is not None else [""] * len(g)
        gs, ps = set(spans(g)), set(spans(p))
        for s in gs - ps:
            over = [q for q in ps if q[0] < s[1] and s[0] < q[1]]
            if not over:
                yield s[2], "O", " ".join(toks[s[0]:s[1]])
            for q in over:
                yield s[2], (q[2] + "~" if q[2] == s[2] else q[2]), " ".join(toks[s[0]:s[1]])
        for q in ps - gs:
            if not any(s[0] < q[1] and q[0] < s[1] for s in gs):
                yield "O", q[2], " ".join(toks[q[0]:q[1]])
