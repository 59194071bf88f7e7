"""The shared word lists: each a list of distinct words, each explained, and the pattern
helpers that build on them."""
from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest
import regex

from ipwork.vocabulary import alternation, lazy, theme, words

THEMES = sorted(p.name[:-len(".toml")] for p in files("ipwork.vocabulary").iterdir() if p.name.endswith(".toml"))
LISTS = [(name, key) for name in THEMES for key, value in theme(name).items() if isinstance(value, list)]


def test_there_are_word_lists():
    assert THEMES and LISTS


@pytest.mark.parametrize("name,key", LISTS, ids=[f"{n}.{k}" for n, k in LISTS])
def test_no_word_twice_in_a_list(name, key):
    listed = words(f"{name}.{key}")
    assert all(isinstance(w, str) and w for w in listed)
    twice = sorted({w for w in listed if listed.count(w) > 1})
    assert not twice, f"{name}.{key} lists {twice} more than once"


@pytest.mark.parametrize("name", THEMES)
def test_every_list_says_what_it_is_for(name):
    text = files("ipwork.vocabulary").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[\w\"]+\s*=", line):
            assert i and lines[i - 1].startswith("#"), f"{name}.toml line {i + 1}: no comment above {line!r}"
    tomllib.loads(text)


def test_alternation_prefers_the_longest_word_and_escapes_syntax():
    pattern = regex.compile(alternation(["局", "知识产权局"], ["a.b", "x y"]), regex.VERBOSE)
    assert pattern.search("省知识产权局").group() == "知识产权局"
    assert pattern.fullmatch("a.b") and not pattern.fullmatch("axb")
    assert pattern.fullmatch("x y") and not pattern.fullmatch("xy")


def test_alternation_reads_lists_by_name():
    assert regex.fullmatch(alternation("plans.names"), "工作要点")


def test_an_unknown_list_is_named_in_the_error():
    with pytest.raises(KeyError, match="plans.nothing"):
        words("plans.nothing")


def test_lazy_patterns_compile_on_first_use_only():
    built = []

    def source() -> str:
        built.append(1)
        return "a+"

    pattern = lazy(source)
    assert not built
    assert pattern.search("baa").group() == "aa"
    assert pattern.fullmatch("aaa") and built == [1]
