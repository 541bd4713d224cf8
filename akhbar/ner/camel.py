"""Optional backend: the CAMeL Tools BERT recognizer (``camel_data -i ner-arabert``).

``camel_tools.ner`` fetches its data catalogue at import, so it is imported lazily and any
failure becomes a :class:`CamelNERUnavailable` with instructions.
"""

from __future__ import annotations

from typing import Any

from akhbar.article import Mention
from akhbar.ner.bio import spans
from akhbar.ner.stopwords import clean_tags
from akhbar.ner.text import Token, sentences, tokenize

INSTALL_HINT = ("install the CAMeL Tools NER data with `camel_data -i ner-arabert` "
                "(about 540 MB, needs internet), or pass model_path= to a local copy, "
                "or use the builtin backend")


class CamelNERUnavailable(RuntimeError):
    """The camel backend was selected but its model cannot be loaded."""


def load_camel_model(model_path: str | None = None, use_gpu: bool = False) -> Any:
    """A ``camel_tools.ner.NERecognizer``; a clear error when it cannot be loaded."""
    try:
        from camel_tools.ner import NERecognizer
    except Exception as exc:  # DownloaderError, ImportError, catalogue errors
        raise CamelNERUnavailable(f"camel_tools.ner cannot be imported ({exc!r}); "
                                  + INSTALL_HINT) from exc
    try:
        if model_path:
            return NERecognizer(model_path, use_gpu=use_gpu)
        return NERecognizer.pretrained(use_gpu=use_gpu)
    except Exception as exc:
        raise CamelNERUnavailable(f"the CAMeL Tools NER model could not be loaded ({exc!r}); "
                                  + INSTALL_HINT) from exc


def split_text(text: str, max_len: int = 120) -> list[list[Token]]:
    """Sentences of ANERcorp-style tokens, each at most ``max_len`` tokens (BERT's 256
    word-piece limit leaves room for about that many words)."""
    return sentences(tokenize(text), text, max_len=max_len)


def mentions_from_tags(text: str, sent: list[Token], tags: list[str],
                       field: str) -> list[Mention]:
    """Mentions of one tagged sentence, offsets into ``text`` (spans of listed words
    cleaned: ``stopwords.clean_tags``)."""
    out = []
    tags = list(tags)[:len(sent)] + ["O"] * max(0, len(sent) - len(tags))
    tags = clean_tags([t[0] for t in sent], tags)
    for s, e, typ in spans(tags):
        start, end = sent[s][1], sent[e - 1][2]
        out.append(Mention(text=text[start:end], type=typ, field=field, start=start, end=end))
    return out


class CamelRecognizer:
    """The ``Recognizer`` protocol over a CAMeL Tools ``NERecognizer`` (or any object with
    its ``predict(sentences, batch_size)`` method, such as a test stand-in)."""

    def __init__(self, model_path: str | None = None, use_gpu: bool = False,
                 batch_size: int = 32, model: Any = None) -> None:
        self.model = model if model is not None else load_camel_model(model_path, use_gpu)
        self.batch_size = batch_size

    def tag_sentences(self, sents: list[list[str]]) -> list[list[str]]:
        if not sents:
            return []
        return [list(t) for t in self.model.predict(sents, batch_size=self.batch_size)]

    def find(self, text: str, field: str) -> list[Mention]:
        sents = split_text(text)
        tags = self.tag_sentences([[t[0] for t in s] for s in sents])
        out: list[Mention] = []
        for sent, tg in zip(sents, tags, strict=True):
            out.extend(mentions_from_tags(text, sent, tg, field))
        return out
