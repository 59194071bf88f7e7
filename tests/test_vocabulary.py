"""The shared word lists: each a list of distinct words, each explained, and the pattern
helpers that build on them."""
from __future__ import annotations

import re
import tomllib

import pytest
import regex

from ipwork.vocabulary import DISJOINT, FOLDER, alternation, character_class, lazy, pairs, theme, words

THEMES = sorted(p.stem for p in FOLDER.glob("*.toml"))


def _lists(value, path: str):
    """Every list in a theme, by its dotted name, however deep its tables nest it."""
    if isinstance(value, list):
        yield path
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _lists(inner, f"{path}.{key}")


LISTS = [name for theme_name in THEMES for name in _lists(theme(theme_name), theme_name)]


def test_there_are_word_lists():
    assert THEMES and LISTS


@pytest.mark.parametrize("name", LISTS)
def test_no_word_twice_in_a_list(name):
    listed = words(name)
    assert all(isinstance(w, str) and w for w in listed)
    twice = sorted({w for w in listed if listed.count(w) > 1})
    assert not twice, f"{name} lists {twice} more than once"


@pytest.mark.parametrize("group", DISJOINT, ids=[group[0].split(".")[0] for group in DISJOINT])
def test_lists_that_sort_words_into_kinds_share_no_word(group):
    seen: dict[str, str] = {}
    for name in group:
        for word in words(name):
            assert word not in seen, f"{word!r} is in both {seen[word]} and {name}"
            seen[word] = name


@pytest.mark.parametrize("name", THEMES)
def test_every_list_says_what_it_is_for(name):
    """A comment above each list, and above or at the head of each table (the rows of a table,
    such as agencies.toml's canonical names, are data its comment explains)."""
    text = (FOLDER / f"{name}.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    in_table = False
    for i, line in enumerate(lines):
        if line.startswith("["):
            in_table = True
            explained = (i and lines[i - 1].startswith("#")) or (i + 1 < len(lines) and lines[i + 1].startswith("#"))
            assert explained, f"{name}.toml line {i + 1}: no comment for table {line!r}"
        elif re.match(r"^[\w\"]+\s*=", line) and not in_table:
            assert i and lines[i - 1].startswith("#"), f"{name}.toml line {i + 1}: no comment above {line!r}"
    tomllib.loads(text)


@pytest.mark.parametrize("group", DISJOINT)
def test_every_list_named_in_a_group_exists(group):
    for name in group:
        assert words(name)


def test_alternation_prefers_the_longest_word_and_escapes_syntax():
    pattern = regex.compile(alternation(["局", "知识产权局"], ["a.b", "x y"]), regex.VERBOSE)
    assert pattern.search("省知识产权局").group() == "知识产权局"
    assert pattern.fullmatch("a.b") and not pattern.fullmatch("axb")
    assert pattern.fullmatch("x y") and not pattern.fullmatch("xy")


def test_alternation_reads_lists_by_name_and_allows_gaps_inside_words():
    assert regex.fullmatch(alternation("plans.names"), "工作要点")
    spaced = regex.compile(alternation(["索引号"], gaps=r"\s*"))
    assert spaced.fullmatch("索 引 号") and spaced.fullmatch("索引号") and not spaced.fullmatch("索号")


def test_a_list_inside_a_table_is_read_by_its_dotted_name():
    assert "各" in words("agencies.collective.words")


@pytest.mark.parametrize("name", ["plans.nothing", "agencies.national", "agencies.generic.max_length", "plans"])
def test_an_unknown_list_is_named_in_the_error(name):
    with pytest.raises(KeyError, match=regex.escape(name)):
        words(name)


def test_pairs_and_character_classes():
    brackets = pairs("punctuation.brackets")
    assert brackets["("] == ")" and brackets["【"] == "】"
    closers = regex.compile(character_class(brackets.values()))
    assert all(closers.fullmatch(ch) for ch in ")]】〕") and not closers.match("(")


def test_lazy_patterns_compile_on_first_use_only():
    built = []

    def source() -> str:
        built.append(1)
        return "a+"

    pattern = lazy(source)
    assert not built
    assert pattern.search("baa").group() == "aa"
    assert pattern.fullmatch("aaa") and built == [1]
