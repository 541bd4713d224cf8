"""Token features for the built-in CRF tagger.

Per word type the features are computed once and cached (the cache is a plain dict: reads
and writes are atomic under the GIL, so one extractor can be shared across threads).
"""

from __future__ import annotations

import gzip
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from akhbar.fold import strip_marks, unify_alef
from akhbar.ner.stopwords import is_listed
from akhbar.ner.text import best_stem, fold, name_key, name_stem, shape, strip_article

GAZ_TYPES = ("LOC", "ORG", "PERS", "CTRY")
# Word types whose features are kept: enough for the frequent vocabulary of any corpus,
# and a fixed bound, so a worker's memory does not grow with the corpus.
_MAX_CACHE = 30_000


@dataclass
class Lexicon:
    """Word statistics learned at training time: corpus frequency, word clusters and
    gazetteer membership bits, keyed by folded word form."""

    freq: dict[str, int] = field(default_factory=dict)
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gaz: dict[str, str] = field(default_factory=dict)

    def count(self, word: str) -> int:
        return self.freq.get(word, 0)

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read ``word<TAB>freq<TAB>clusters(comma)<TAB>gaz`` lines (gzip)."""
        lex = cls()
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 4:
                    continue
                word, freq, clus, gaz = parts[:4]
                if freq != "0":
                    lex.freq[word] = int(freq)
                if clus:
                    lex.clusters[word] = tuple(clus.split(","))
                if gaz:
                    lex.gaz[word] = gaz
        return lex

    def save(self, path: str | Path) -> None:
        words = sorted(set(self.freq) | set(self.clusters) | set(self.gaz))
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
            for w in words:
                fh.write(f"{w}\t{self.freq.get(w, 0)}\t{','.join(self.clusters.get(w, ()))}"
                         f"\t{self.gaz.get(w, '')}\n")


_FREQ_EDGES = (1, 5, 50, 500)  # corpus-frequency buckets: 0, 1-4, 5-49, 50-499, 500+


def freq_level(n: int) -> int:
    """The frequency bucket (0-4) of a corpus count."""
    return bisect_right(_FREQ_EDGES, n)


def _freq_bucket(n: int) -> str:
    return str(freq_level(n))


class FeatureExtractor:
    """Turns a token sequence into CRFsuite feature lists."""

    def __init__(self, lexicon: Lexicon | None = None,
                 known: frozenset[str] | None = None) -> None:
        """``known``: the attributes the trained model has weights for; others are
        dropped at extraction time (same result, far less work for the tagger)."""
        self.lex = lexicon or Lexicon()
        self.known = known
        self._cache: dict[str, tuple[list[str], ...]] = {}
        self._names: dict[str, str] = {}
        self._analyses: dict[str, tuple[str, str, str]] = {}
        self._firsts: dict[str, str] = {}
        self.word_bits: dict[str, int] | None = None  # ``cleanup.tidy``'s per-word cache

    def analyse(self, token: str) -> tuple[str, str, str]:
        """(folded word, clitic prefix, stem without clitics but with ال); cached."""
        hit = self._analyses.get(token)
        if hit is None:
            w = fold(token)
            hit = (w, *best_stem(w, self.lex.count))
            if len(self._analyses) < _MAX_CACHE:
                self._analyses[token] = hit
        return hit

    def mention_form(self, words: list[str]) -> str:
        """Mention words with the proclitics of the first word removed when the rest is
        the better reading of a name (``text.name_stem``: ``ولندن`` -> ``لندن``,
        ``بالقاهرة`` -> ``القاهرة``; ``وزير``, ``فان``, ``وام`` stay)."""
        return " ".join([self._name_first(words[0])] + [strip_marks(w)[0] for w in words[1:]])

    def _name_first(self, token: str) -> str:
        """The first word of a mention without marks and without the proclitics that
        ``name_stem`` splits off (cached per token)."""
        hit = self._firsts.get(token)
        if hit is not None:
            return hit
        first = strip_marks(token)[0]
        spelled = unify_alef(first)
        gaz = self.lex.gaz
        pre, stem = name_stem(fold(first), self.lex.count,
                              lambda st: is_listed(spelled[len(spelled) - len(st):]),
                              lambda st: any(c.isupper() for c in gaz.get(st, "")))
        if pre and fold(first[:len(pre)]) == pre:
            rest = first[len(pre):]
            first = rest if fold(rest) == stem else "ال" + rest[1:]
        if len(self._firsts) < _MAX_CACHE:
            self._firsts[token] = first
        return first

    def stem_key(self, token: str) -> str:
        """The folded stem without clitics or article (cached with the features)."""
        return self._type_features(token)[5][0]

    def name_key(self, token: str) -> str:
        """``stem_key`` spelled as the token is (``text.name_key``): the consistency key,
        under which ``على`` is not ``علي``."""
        hit = self._names.get(token)
        if hit is None:
            hit = name_key(token, self.stem_key(token))
            if len(self._names) < _MAX_CACHE:
                self._names[token] = hit
        return hit

    def _type_features(self, token: str) -> tuple[list[str], ...]:
        hit = self._cache.get(token)
        if hit is not None:
            return hit
        w, pre, stem = self.analyse(token)
        s0 = strip_article(stem)
        has_al = s0 != stem
        lex = self.lex
        clus = lex.clusters.get(stem) or lex.clusters.get(w) or ()
        g = lex.gaz.get(stem, "") or lex.gaz.get(s0, "") or lex.gaz.get(w, "")
        sh = shape(token)
        own = [
            "w=" + w, "s=" + stem, "s0=" + s0,
            "pre=" + pre + ("+al" if has_al else ""),
            "p2=" + s0[:2], "p3=" + s0[:3], "x1=" + s0[-1:], "x2=" + s0[-2:], "x3=" + s0[-3:],
            "sh=" + sh, "ln=" + str(min(len(s0), 8)),
            "fq=" + _freq_bucket(lex.count(stem)),
        ]
        own += [f"c{i}={c}" for i, c in enumerate(clus)]
        own += ["g=" + x for x in g]
        near = ["w=" + w, "s0=" + s0, "sh=" + sh, "al=" + str(has_al)]
        near += [f"c{i}={c}" for i, c in enumerate(clus)]
        near += ["g=" + x for x in g]
        far = ["s0=" + s0]
        far += [f"c{i}={c}" for i, c in enumerate(clus[:2])]
        far += ["g=" + x for x in g]
        res = (
            own,
            ["-1" + f for f in near],
            ["+1" + f for f in near],
            ["-2" + f for f in far],
            ["+2" + f for f in far],
            [s0],
        )
        if self.known is not None:
            kn = self.known
            res = tuple([f for f in part if f in kn] for part in res[:5]) + (res[5],)
        if len(self._cache) < _MAX_CACHE:
            self._cache[token] = res
        return res

    def sequence(self, tokens: list[str]) -> list[list[str]]:
        """Feature lists for one sentence."""
        tf = [self._type_features(t) for t in tokens]
        n = len(tf)
        kn = self.known
        out: list[list[str]] = []
        for i in range(n):
            f = ["b"] + tf[i][0]
            if i > 0:
                f += tf[i - 1][1]
                bg = "bg-=" + tf[i - 1][5][0] + "|" + tf[i][5][0]
                if kn is None or bg in kn:
                    f.append(bg)
                if i > 1:
                    f += tf[i - 2][3]
                else:
                    f.append("BOS2")
            else:
                f.append("BOS")
            if i < n - 1:
                f += tf[i + 1][2]
                bg = "bg+=" + tf[i][5][0] + "|" + tf[i + 1][5][0]
                if kn is None or bg in kn:
                    f.append(bg)
                if i < n - 2:
                    f += tf[i + 2][4]
                else:
                    f.append("EOS2")
            else:
                f.append("EOS")
            out.append(f)
        return out
