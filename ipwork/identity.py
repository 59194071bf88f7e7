"""Record ids from what a plan says, not from the file it was read from.

A plan's ``doc_id`` is ``<12 hex digits>-<n>``: the digits are a SHA-256 digest of its items'
printed fields (number, path, title, text, deliverable, departments, deadline, obligations and
other cells), in order, each reduced to its letters and digits after NFKC and folding to
simplified characters.  The same plan read from a .txt, .docx or .pdf file, in any encoding,
with or without ``--simplified``, gets the same digest: what readers change (white space,
punctuation width, dash and quote shapes, radicals, line endings) is not in it.  ``n`` counts
the plans with that digest met so far in one input (1, or 2 for a second identical copy in the
same file), so identical plans within a file keep distinct ids.  An item's id is
``<doc_id>-<seq>``.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

import regex

from ipwork.normalize.chars import fold

_NOT_LETTER_OR_DIGIT = regex.compile(r"[^\p{L}\p{N}]+")
# The item fields a plan's digest is made of: what the document prints, nothing ipwork infers.
PRINTED_FIELDS = ("number", "path", "title", "text", "deliverable", "departments", "deadline", "obligations",
                  "other")
DIGITS = 12


def letters_and_digits(text: str | None) -> str:
    """What of a printed text no reader changes: its letters and digits, NFKC, simplified."""
    if not text:
        return ""
    return _NOT_LETTER_OR_DIGIT.sub("", fold(unicodedata.normalize("NFKC", text)))


def _printed(value) -> object:
    if isinstance(value, Mapping):
        return [[letters_and_digits(k), letters_and_digits(v)] for k, v in value.items()]
    if isinstance(value, list):
        return [letters_and_digits(v) for v in value]
    return letters_and_digits(value)


def plan_digest(items: Iterable[Mapping], fallback: Iterable[str | None] = ()) -> str:
    """The digest of a plan's items (mappings of their fields: dicts, or ``dict(record)``);
    ``fallback`` (the plan's title and preamble) stands for a plan without items."""
    key = [[_printed(item.get(name)) for name in PRINTED_FIELDS] for item in items]
    if not key:
        key = [letters_and_digits(text) for text in fallback]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()


class PlanIds:
    """The ``doc_id`` of each plan of one input, in order: identical plans are numbered apart."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def doc_id(self, digest: str) -> str:
        short = digest[:DIGITS]
        self.seen[short] += 1
        return f"{short}-{self.seen[short]}"


def item_id(doc_id: str, seq: int) -> str:
    return f"{doc_id}-{seq}"
