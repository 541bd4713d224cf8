"""The output contract: one Avro schema file holding the Article, DeadLetter and NearIndex
records."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import fastavro
from fastavro.validation import validate

from akhbar.encoding import has_lone_surrogate

SCHEMA_FILE = "akhbar.avsc"


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """Parsed schemas by record name (``Article``, ``DeadLetter``)."""
    raw = json.loads(resources.files(__package__).joinpath(SCHEMA_FILE).read_text("utf-8"))
    named: dict[str, Any] = {}
    out = {}
    for item in raw:
        parsed = fastavro.parse_schema(item, named_schemas=named)
        out[item["name"]] = parsed
    return out


def article_schema() -> dict[str, Any]:
    return schemas()["Article"]


def dead_letter_schema() -> dict[str, Any]:
    return schemas()["DeadLetter"]


def near_index_schema() -> dict[str, Any]:
    return schemas()["NearIndex"]


def misfit(record: dict[str, Any], schema: dict[str, Any]) -> str | None:
    """None when ``record`` fits ``schema`` and can be written; otherwise why not.

    Besides schema validation, strings must be encodable as UTF-8: validation passes a
    lone surrogate, the Avro writer would not.
    """
    try:
        # The quiet check is ~6x cheaper (no error objects built while trying union
        # branches); only a misfit pays for the second pass that explains it.
        if validate(record, schema, raise_errors=False, strict=True):
            if has_lone_surrogate(record):
                return "a string holds a lone surrogate (UTF-8 cannot encode it)"
            return None
        validate(record, schema, raise_errors=True, strict=True)
    except Exception as exc:  # fastavro raises ValidationError and others
        return str(exc)[:1000]
    return None
