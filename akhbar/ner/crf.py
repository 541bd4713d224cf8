"""The built-in recognizer: a CRFsuite model shipped in ``akhbar/ner/model/``."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from akhbar.article import Mention
from akhbar.ner.bio import spans
from akhbar.ner.cleanup import tidy
from akhbar.ner.consistency import propagate
from akhbar.ner.features import FeatureExtractor, Lexicon
from akhbar.ner.stopwords import clean_tags
from akhbar.ner.text import sentences, tokenize

MODEL_DIR = Path(__file__).with_name("model")
MODEL_FILE = "ner.crfsuite"
LEXICON_FILE = "lexicon.tsv.gz"
CARD_FILE = "model.json"


class CRFRecognizer:
    """Finds PERS/LOC/ORG/MISC mentions with a linear-chain CRF.

    ``scores``: ``Mention.score`` is the lowest marginal probability of the mention's tags.
    ``consistency``: tag untagged recurrences of names found elsewhere in the same text.

    Load once per worker and share it: each thread lazily gets its own CRFsuite tagger
    (the C tagger is not re-entrant); the feature cache is shared.
    """

    def __init__(self, model_dir: str | Path | None = None, scores: bool = True,
                 consistency: bool = True) -> None:
        self.model_dir = Path(model_dir) if model_dir else MODEL_DIR
        self.model_path = self.model_dir / MODEL_FILE
        if not self.model_path.is_file():
            raise FileNotFoundError(
                f"NER model not found at {self.model_path}; train it with "
                "`python scripts/train_ner.py` or reinstall the akhbar package")
        lex_path = self.model_dir / LEXICON_FILE
        self.features = FeatureExtractor(Lexicon.load(lex_path) if lex_path.is_file() else None)
        card = self.model_dir / CARD_FILE
        self.card = json.loads(card.read_text("utf-8")) if card.is_file() else {}
        self.scores = scores
        self.consistency = consistency
        self._local = threading.local()
        info = self._tagger().info()  # also fails fast on a corrupt model
        self.features.known = frozenset(a for a, _ in info.state_features)

    def _tagger(self):
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.model_path))
            self._local.tagger = tagger
        return tagger

    def tag_tokens(self, tokens: list[str]) -> list[str]:
        """BIO tags for one sentence of ANERcorp-style tokens."""
        if not tokens:
            return []
        return tidy(self.features, tokens, list(self._tagger().tag(self.features.sequence(tokens))))

    def _key(self, token: str) -> str:
        return self.features.name_key(token)

    def tag_document(self, sents: list[list[str]]) -> list[list[str]]:
        """BIO tags for the sentences of one document, with document-level consistency
        (see ``akhbar.ner.consistency``) when the recognizer has ``consistency=True``."""
        return self._tag_document(sents)[0]

    def _tag_document(self, sents: list[list[str]]):
        tagger = self._tagger()
        seq = self.features.sequence
        xseqs = [seq(words) for words in sents]
        tags = [tidy(self.features, words, list(tagger.tag(x))) if x else []
                for words, x in zip(sents, xseqs, strict=True)]
        if self.consistency:  # then clean again: a last name spread alone can be a title
            new = propagate(sents, tags, self._key)
            tags = [clean_tags(s, t) if t != old else t
                    for s, t, old in zip(sents, new, tags, strict=True)]
        return tags, xseqs

    def find(self, text: str, field: str) -> list[Mention]:
        """Mentions in ``text``; ``start``/``end`` are character offsets into ``text``."""
        out: list[Mention] = []
        sents = sentences(tokenize(text), text)
        words = [[t[0] for t in sent] for sent in sents]
        tags, xseqs = self._tag_document(words)
        tagger = self._tagger() if self.scores else None
        for sent, wd, tg, xseq in zip(sents, words, tags, xseqs, strict=True):
            found = spans(tg)
            if not found:
                continue
            marg = None
            if tagger is not None:
                tagger.set(xseq)
                marg = [tagger.marginal(t, i) if t != "O" else 1.0 for i, t in enumerate(tg)]
            for s, e, typ in found:
                start, end = sent[s][1], sent[e - 1][2]
                score = round(min(marg[s:e]), 4) if marg else None
                out.append(Mention(text=text[start:end], type=typ, field=field,
                                   start=start, end=end, score=score,
                                   normalized=self.normalize(wd[s:e])))
        return out

    def normalize(self, words: list[str]) -> str:
        """See ``FeatureExtractor.mention_form``."""
        return self.features.mention_form(words)
