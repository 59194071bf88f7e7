"""China's divisions and the places a text names.

The data are ``ipwork/vocabulary/gazetteer.tsv`` (built by ``scripts/build_gazetteer.py`` from
public packages; its header names them): every province-, prefecture- and county-level division
with its GB/T 2260 code and parent, and the names divisions bore since 2008 with the division
that succeeded them.  It is read on first use and kept.

A place is named in full (衢州市, 琼中黎族苗族自治县), in short (衢州, 琼中, 琼中县: the name
without its level word and nationalities, as Chinese usage shortens it), in traditional
characters (連平縣) or by a former name (密云县, now 密云区).  Matching is on ``fold``, so
every offset is one in the text as printed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from ipwork.normalize.chars import fold
from ipwork.vocabulary import words

VOCABULARY = Path(__file__).resolve().parents[1] / "vocabulary"
DATA = VOCABULARY / "gazetteer.tsv"
CONTEXT_CHARS = 8  # printed characters kept before and after a mention
_AUTONOMOUS = "自治"
# An autonomous prefecture, county or banner is also named by its stem and the last character
# of its level (延边州, 琼中县, 鄂伦春旗).
_AUTONOMOUS_SHORT_LEVELS = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
_OPENING_BRACKETS, _CLOSING_BRACKETS = "【[（(〔", "】]）)〕"


@dataclass(frozen=True)
class Place:
    """A division, or a name a division bore (``successor`` is then the current division's code).
    ``level`` is ``province``, ``prefecture`` or ``county``; ``province`` the province's full name."""

    code: str
    name: str
    level: str
    province: str
    parent: str | None
    successor: str | None = None
    years: str | None = None  # of the first and last tables that list a former name

    @property
    def former(self) -> bool:
        return self.successor is not None


@dataclass(frozen=True)
class Mention:
    """Where a text names a place: ``text[start:end]`` as printed, the places it may denote
    (several when the name is ambiguous), whether the name was full, and what is printed around."""

    start: int
    end: int
    printed: str
    places: tuple[Place, ...]
    full: bool
    before: str
    after: str

    @property
    def place(self) -> Place | None:
        """The place named, when the name denotes one."""
        return self.places[0] if len(self.places) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.places) > 1


@cache
def _level_words() -> dict[str, tuple[str, ...]]:
    """The level words by their last character, longest first (区: 特别行政区 … 地区 … 区)."""
    by_last: dict[str, tuple[str, ...]] = {}
    for word in sorted(words("places.division_levels"), key=len, reverse=True):
        by_last[word[-1]] = by_last.get(word[-1], ()) + (word,)
    return by_last


@cache
def _nationality_endings() -> dict[int, frozenset[str]]:
    """How a nationality ends an autonomous division's stem, by length, longest first: with 族,
    and, for names of two or more characters, also without it (巴音郭楞蒙古)."""
    groups = words("places.nationalities")
    endings = {g + "族" for g in groups} | {g for g in groups if len(g) > 1}
    return {n: frozenset(e for e in endings if len(e) == n) for n in sorted({len(e) for e in endings}, reverse=True)}


@cache
def _followers() -> tuple[str, ...]:
    return words("places.followers")


@cache
def _level_compounds() -> frozenset[str]:
    return frozenset(words("places.level_compounds"))


def _is_district_code(code: str) -> bool:
    """GB/T 2260 numbers a city's districts 01-20 and 51-70 in the code's last two digits."""
    return len(code) == 6 and code[4:].isdigit() and (1 <= int(code[4:]) <= 20 or 51 <= int(code[4:]) <= 70)


def level_word(name: str, code: str = "") -> str:
    """The level word a division's name ends with (衢州市: 市, 大兴安岭地区: 地区), or ``""``."""
    for word in _level_words().get(name[-1:], ()):
        if name.endswith(word) and not (word == "林区" and _is_district_code(code)):
            return word
    return ""


def _without_nationalities(stem: str) -> str:
    """琼中黎族苗族 -> 琼中, 巴音郭楞蒙古 -> 巴音郭楞; a name that is only a nationality keeps
    it without 族 (鄂温克族 -> 鄂温克); what is left is never shorter than two characters
    (内蒙古 stays)."""
    endings = _nationality_endings()
    while True:
        length = next((n for n, forms in endings.items() if len(stem) - n >= 2 and stem[-n:] in forms), 0)
        if not length:
            return stem.removesuffix("族") if len(stem) > 2 else stem
        stem = stem[:-length]


def short_name(name: str, code: str = "") -> str | None:
    """A division's name without its level word and, for an autonomous division, without its
    nationalities, as Chinese usage shortens it: 衢州市 -> 衢州, 琼中黎族苗族自治县 -> 琼中,
    新疆维吾尔自治区 -> 新疆.  None when one character would be left (沙县, 城区): such names are
    not shortened.  ``code`` tells a forest district (神农架林区) from a district (碑林区)."""
    return _short_forms(name, code)[0] if _short_forms(name, code) else None


def _short_forms(name: str, code: str) -> tuple[str, ...]:
    level = level_word(name, code)
    if not level:
        return ()
    stem = name[:-len(level)]
    if level.startswith(_AUTONOMOUS):
        stem = _without_nationalities(stem)
    if len(stem) < 2:
        return ()
    return (stem, stem + _AUTONOMOUS_SHORT_LEVELS[level]) if level in _AUTONOMOUS_SHORT_LEVELS else (stem,)


Row = tuple[str, str, str, str, str, str]  # code, name, level, parent, successor, years


class _Index:
    """The gazetteer, read: its rows, the current and former rows by code, and every form
    (folded) -> the rows it names and whether it is a full name.  A row becomes a ``Place`` when
    a caller asks for it, so that reading costs no object per division."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self.provinces = {row[0][:2]: row[1] for row in rows if row[2] == "province"}
        self.current: dict[str, int] = {}
        self.former: dict[str, int] = {}  # code -> its latest former name
        tiers: tuple[dict[str, list[int]], ...] = ({}, {}, {}, {})  # full, short; current, former
        # Folded in one go: the level words and nationalities that short forms drop fold to
        # themselves, so the short forms of a folded name are the folded short forms.
        folded = fold("\n".join(row[1] for row in rows)).split("\n")
        for i, ((code, _name, _level, _parent, successor, _years), name) in enumerate(zip(rows, folded)):
            (self.former if successor else self.current)[code] = i
            full, short = tiers[2:] if successor else tiers[:2]
            self._add(full, name, i)
            for form in _short_forms(name, code):
                self._add(short, form, i)
        self.forms: dict[str, tuple[tuple[int, ...], bool]] = {}
        for tier, is_full in reversed(tuple(zip(tiers, (True, False, True, False)))):
            for form, found in tier.items():
                self.forms[form] = (self._provinces_first(found) if len(found) > 1 else tuple(found), is_full)
        lengths: dict[str, set[int]] = {}
        for form in self.forms:
            lengths.setdefault(form[0], set()).add(len(form))
        self.lengths = {first: tuple(sorted(ls, reverse=True)) for first, ls in lengths.items()}
        self._places: dict[int, Place] = {}

    def _add(self, forms: dict[str, list[int]], form: str, i: int) -> None:
        """A row under a form; a former name that one division bore under two codes (无为县 of
        巢湖, then of 芜湖) stays once, under the later code."""
        found = forms.setdefault(form, [])
        successor = self.rows[i][4]
        same = next((j for j, k in enumerate(found) if successor and self.rows[k][4] == successor), None)
        if same is None:
            found.append(i)
        elif self.rows[i][5][-4:] > self.rows[found[same]][5][-4:]:
            found[same] = i

    def _provinces_first(self, found: list[int]) -> tuple[int, ...]:
        """A name shared by a province and a lesser place (河北: the province and 天津's 河北区;
        吉林: the province and its city) is the province's, as Chinese usage has it."""
        provinces = [i for i in found if self.rows[i][2] == "province"]
        return tuple(provinces or found)

    def place(self, i: int) -> Place:
        if i not in self._places:
            code, name, level, parent, successor, years = self.rows[i]
            self._places[i] = Place(code, name, level, self.provinces.get(code[:2], ""), parent or None,
                                    successor or None, years or None)
        return self._places[i]

    def places(self, found: tuple[int, ...]) -> tuple[Place, ...]:
        return tuple(map(self.place, found))

    def by_code(self, code: str) -> Place | None:
        i = self.current.get(code, self.former.get(code))
        return None if i is None else self.place(i)


def _rows(text: str) -> list[Row]:
    return [tuple(line.split("\t")) for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _index() -> _Index:
    return _Index(_rows(DATA.read_text(encoding="utf-8")))


def place(code: str) -> Place | None:
    """The division a GB/T 2260 code denotes now, or the last name a former code bore."""
    return _index().by_code(code)


def province_of(code: str) -> str | None:
    """The full name of the province of any six-digit code (its first two digits)."""
    return _index().provinces.get(code[:2]) if len(code) == 6 and code.isdigit() else None


def level_of(code: str) -> str | None:
    """``province``, ``prefecture`` or ``county``, as the code's digits say (xx0000, xxxx00, the rest)."""
    if len(code) != 6 or not code.isdigit() or not province_of(code):
        return None
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def _ancestry(place: Place) -> Iterable[str]:
    """The place's code, its parents' and, for a former name, its successor's and theirs."""
    index, seen = _index(), set()
    todo = [place.code, place.successor]
    while todo:
        code = todo.pop()
        if code and code not in seen:
            seen.add(code)
            yield code
            if (up := index.by_code(code)) is not None:
                todo += [up.parent, up.successor]


def within(place: Place, area: str) -> bool:
    """Whether a place lies in the division whose code is ``area`` (or is it)."""
    return area in _ancestry(place)


def settle(places: tuple[Place, ...], context: Iterable[str]) -> tuple[Place, ...]:
    """The places that lie within one of the context's divisions (codes of provinces or
    prefectures), when that leaves some; else all of them."""
    context = tuple(context)
    if len(places) < 2 or not context:
        return places
    return tuple(p for p in places if any(within(p, area) for area in context)) or places


def lookup(name: str, context: Iterable[str] = ()) -> tuple[Place, ...]:
    """Every place a name denotes: full (衢州市), short (衢州), traditional (連平縣) or former
    (襄樊市), the current divisions before former names and full names before short ones;
    settled by the context's codes.  Several places: the name is ambiguous; none: no place."""
    index = _index()
    found = index.forms.get(fold(name.strip()))
    return settle(index.places(found[0]), context) if found else ()


def place_named(name: str, context: Iterable[str] = ()) -> Place | None:
    """The one place a name denotes in its context; None when it names none or is ambiguous."""
    places = lookup(name, context)
    return places[0] if len(places) == 1 else None


def in_place_context(mention: Mention) -> bool:
    """Whether what surrounds a mention makes it a place: always for a full name of three or
    more characters, a province's short name (浙江) and a short name of three or more (大兴安岭,
    延边州); for a short name of two (芦溪) or a full name of two (和县, 城区, which are also
    words), a body or an act of the place after it (芦溪召开…, 衢州市场监管局…), a year (芦溪2016年)
    or a bracket around it (【衢州】)."""
    if len(mention.printed) > 2 or any(p.level == "province" for p in mention.places):
        return True
    after = fold(mention.after)
    return (after.startswith(_followers()) or len(after) >= 4 and after[:4].isdigit()
            or after.startswith(("二〇", "二○", "二零"))
            or bool(mention.before) and mention.before[-1] in _OPENING_BRACKETS
            and after[:1] in _CLOSING_BRACKETS)


def _candidates(text: str, folded: str) -> list[Mention]:
    """Every form the gazetteer knows, wherever it is printed, overlapping or not; not a full
    name whose last character opens a word (永安市场, 城中区域)."""
    index, found = _index(), []
    compounds = _level_compounds()
    for start, first in enumerate(folded):
        for length in index.lengths.get(first, ()):
            end = start + length
            entry = index.forms.get(folded[start:end])
            if entry and not (entry[1] and folded[end - 1:end + 1] in compounds):
                found.append(Mention(start, end, text[start:end], index.places(entry[0]), entry[1],
                                     text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]))
    return found


def _sure(mention: Mention) -> bool:
    return mention.full and len(mention.printed) > 2


def _introduces(mention: Mention | None, following: Mention | None) -> bool:
    """Whether a mention is printed right before a place that lies within it (长春朝阳区)."""
    return (mention is not None and following is not None
            and any(within(p, q.code) for p in following.places for q in mention.places))


def _without_overlaps(mentions: Iterable[Mention], taken: list[Mention]) -> list[Mention]:
    """``taken`` and the mentions that overlap none of them, the leftmost and then longest first."""
    chosen, used = list(taken), [False] * (max((m.end for m in taken), default=0) + 1)
    for mention in taken:
        used[mention.start:mention.end] = [True] * (mention.end - mention.start)
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if len(used) < mention.end:
            used += [False] * (mention.end - len(used))
        if not any(used[mention.start:mention.end]):
            used[mention.start:mention.end] = [True] * (mention.end - mention.start)
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def find_places(text: str, context: Iterable[str] = (),
                accept: Callable[[Mention], bool] | None = in_place_context) -> list[Mention]:
    """The places a text names, in order, without overlaps: full names of three or more
    characters first (the longest where they overlap), then the other mentions that ``accept``
    takes (by default ``in_place_context``) or that are printed next to a place they hold or lie
    in (长春朝阳区, 浙江衢州); with ``accept`` None, those full names only.  An ambiguous name is
    settled by ``context`` (codes) and by a place printed right before it (长春朝阳区: 长春's)."""
    candidates = _candidates(text, fold(text))
    chosen = _without_overlaps(filter(_sure, candidates), [])
    others = [m for m in candidates if not _sure(m)] if accept is not None else []
    verdicts = [accept(m) for m in others]
    accepted = [m for m, ok in zip(others, verdicts) if ok]
    pending = [m for m, ok in zip(others, verdicts) if not ok]
    while True:
        chosen = _without_overlaps(accepted, chosen)
        starts, ends = {m.start: m for m in chosen}, {m.end: m for m in chosen}
        accepted = [m for m in pending if _introduces(m, starts.get(m.end)) or _introduces(ends.get(m.start), m)]
        if not accepted:
            return _settled(chosen, tuple(context))
        pending = [m for m in pending if m not in accepted]


def _settled(mentions: list[Mention], context: tuple[str, ...]) -> list[Mention]:
    settled: list[Mention] = []
    for mention in mentions:
        previous = settled[-1] if settled and settled[-1].end == mention.start else None
        nearby = context + ((previous.place.code,) if previous and previous.place else ())
        places = settle(mention.places, nearby)
        settled.append(mention if places == mention.places else replace(mention, places=places))
    return settled
