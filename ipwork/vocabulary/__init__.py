"""The words ipwork's rules share, kept as data: one TOML file a theme in this folder.

Each list is a key of its theme's file (``words("offices.government")`` is the list
``government`` of ``offices.toml``; ``words("agencies.collective.words")`` one inside a table)
with a comment above it saying what it is for.  Rules never type a list into a regular
expression: they build the pattern from the lists (``alternation``) and have it compiled the
first time it is used (``lazy``), so that adding a word is one edit in one file and start-up
compiles nothing.  ``tests/test_vocabulary.py`` checks that no list holds a word twice, and
that the lists of each group in ``DISJOINT`` share no word.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent

# Lists that must not share a word: each group sorts words into kinds, and a word in two of
# them would be read two ways.
DISJOINT = (
    ("offices.government", "offices.abbreviated", "offices.internal", "offices.sections", "offices.courts",
     "offices.offices", "offices.public", "offices.organisations", "offices.kinds"),
    ("columns.seq", "columns.focus", "columns.title", "columns.goal", "columns.text",
     "columns.deliverable", "columns.departments", "columns.deadline"),
    ("columns.office_groups", "columns.province_groups"),
    ("roles.lead", "roles.support", "roles.responsible", "roles.responsible_in_labels", "roles.duties"),
)


@cache
def theme(name: str) -> dict:
    """Every list of one theme file (``offices`` -> ``offices.toml``), as the file nests them."""
    import tomllib

    return tomllib.loads((FOLDER / f"{name}.toml").read_text(encoding="utf-8"))


def words(name: str) -> tuple[str, ...]:
    """The list ``THEME.LIST`` (``offices.government``, ``agencies.collective.words``), in the
    file's order."""
    theme_name, *path = name.split(".")
    found = theme(theme_name)
    try:
        for key in path:
            found = found[key]
    except (KeyError, TypeError):
        found = None
    if not path or not isinstance(found, list):
        raise KeyError(f"no word list {name!r} in ipwork/vocabulary/{theme_name}.toml") from None
    return tuple(found)


def alternation(*lists: Iterable[str] | str, gaps: str = "") -> str:
    """A non-capturing group matching any word of the lists, longest first (so that 知识产权局
    wins over 局); a list may be given by its name (``"offices.government"``).  ``gaps`` is a
    pattern allowed between a word's characters (``r"\\s*"`` for 索 引 号)."""
    chosen: dict[str, None] = {}
    for entry in lists:
        chosen.update(dict.fromkeys(words(entry) if isinstance(entry, str) else entry))
    ordered = sorted(chosen, key=len, reverse=True)
    return "(?:" + "|".join(gaps.join(_escape(ch) for ch in word) for word in ordered) + ")"


def pairs(*lists: str) -> dict[str, str]:
    """Opening -> closing character of the pairs the lists hold (``punctuation.brackets``)."""
    return {pair[0]: pair[1] for name in lists for pair in words(name)}


def character_class(chars: Iterable[str]) -> str:
    """A character class of the characters given (``[)\\]】〕]``), each once."""
    return "[" + "".join("\\" + ch if ch in "\\]^-[" else ch for ch in dict.fromkeys(chars)) + "]"


# Characters a pattern reads as syntax, white space and # too (verbose patterns ignore them).
_SPECIAL = frozenset(".^$*+?{}[]\\|()# \t\n")


def _escape(word: str) -> str:
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in word)


class _LazyPattern:
    """A regular expression compiled the first time one of its methods is used: the compiled
    pattern's methods are then set on the object, so later calls cost a plain attribute look-up."""

    _METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
                "pattern", "groupindex", "groups", "flags")

    def __init__(self, source: Callable[[], str] | str, flags: int):
        self._source, self._flags = source, flags

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        import regex

        source = self._source() if callable(self._source) else self._source
        compiled = regex.compile(source, self._flags)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy(source: Callable[[], str] | str, flags: int = 0) -> _LazyPattern:
    """A pattern compiled on first use; ``source`` may be a function building it from word lists."""
    return _LazyPattern(source, flags)
