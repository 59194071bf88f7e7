"""The words ipwork's rules share, kept as data: one TOML file a theme in this folder.

Each list is a key of its theme's file (``words("offices.suffixes")`` is the list ``suffixes``
of ``offices.toml``) with a comment above it saying what it is for.  Rules never type a list
into a regular expression: they build the pattern from the lists (``alternation``) and have it
compiled the first time it is used (``lazy``), so that adding a word is one edit in one file
and start-up compiles nothing.  ``tests/test_vocabulary.py`` checks that no list holds a word
twice, and that lists that must not share a word do not.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files


@cache
def theme(name: str) -> dict[str, list]:
    """Every list of one theme file (``offices`` -> ``offices.toml``)."""
    return tomllib.loads(files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8"))


def words(name: str) -> tuple[str, ...]:
    """The list ``THEME.LIST`` (``offices.suffixes``), in the file's order."""
    theme_name, _, list_name = name.partition(".")
    try:
        return tuple(theme(theme_name)[list_name])
    except KeyError:
        raise KeyError(f"no word list {name!r} in ipwork/vocabulary/{theme_name}.toml") from None


def alternation(*lists: Iterable[str] | str) -> str:
    """A non-capturing group matching any word of the lists, longest first (so that 知识产权局
    wins over 局); a list may be given by its name (``"offices.suffixes"``)."""
    chosen: dict[str, None] = {}
    for entry in lists:
        chosen.update(dict.fromkeys(words(entry) if isinstance(entry, str) else entry))
    ordered = sorted(chosen, key=len, reverse=True)
    return "(?:" + "|".join(_escape(word) for word in ordered) + ")"


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
