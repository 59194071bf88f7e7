"""Which year a text says a plan is for: titles (2017年工作要点, 2016-2020年行动计划, 十三五规划),
preamble and news sentences (明确2015年…, 部署2019年重点任务), and the years that look alike
but are not the plan's (到2025年, 2019年主要工作进展, a cited 《…》 title)."""
from __future__ import annotations

import bisect
from collections.abc import Iterable

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import PLAN_CHINESE_YEAR, PLAN_YEAR, YEAR, chinese_to_int
from ipwork.parsers.titles import PLAN_WORDS
from ipwork.vocabulary import alternation, lazy

_PERIOD = regex.compile(rf"(?<!\d)(?P<a>{PLAN_YEAR})\s*(?:年)?\s*(?:[-—–~～至到─]+|(?={YEAR}\s*年))\s*(?P<b>{PLAN_YEAR})(?!\d)")
_TITLE_YEAR = regex.compile(rf"(?<!\d)(?P<y>{PLAN_YEAR})(?!\d)")
_CN_YEAR = regex.compile(rf"(?P<y>{PLAN_CHINESE_YEAR})\s*年")
_FIVE_YEAR_PLAN = regex.compile(r"“?(?P<n>十[一二三四五六七八九]?)五”?\s*(?:时期|期间)?\s*(?:国家|全国)?[^《》]{0,30}?(?:规划|计划|纲要)")
# Preamble and news sentences that say which year the plan is for.
_GOVERNS = lazy(lambda: r"\s*年(?:度)?[^\d《》]{0,20}?" + alternation("plans.names"))
_STATED_YEAR = [
    regex.compile(rf"(?:明确|部署|研究部署|安排|谋划|做好|制定|印发|发布|公布|推进|召开|举行|就)了?\s*(?P<y>{PLAN_YEAR})\s*年(?:度)?(?!\s*(?:以来|底|末|前))"),
    regex.compile(rf"(?<![到至—-])(?P<y>{PLAN_YEAR})\s*年(?:度)?[^。；;\d]{{0,24}}?(?:工作要点|重点工作|重点任务|工作重点|主要任务|工作任务|推进计划|工作计划|工作指引|工作思路|总体要求|总体思路|主要工作任务)"),
    regex.compile(rf"(?:^|[。；;，,\s])(?P<y>{PLAN_YEAR})\s*年(?:是|为)"),
    regex.compile(rf"^\s*(?P<y>{PLAN_YEAR})\s*年(?:度|上半年|下半年)?\s*(?:[,，]|全国|全省|全市|我(?:省|市|区|局))"),
    # The meeting that deploys a year's work is named after it (靖远县2024年知识产权工作专题会议).
    regex.compile(rf"(?<![到至—-])(?P<y>{PLAN_YEAR})\s*年(?:度)?[^。；;\d《》]{{0,20}}?工作[^。；;\d《》]{{0,6}}?会议"),
]
_NOT_PLAN_YEAR = regex.compile(rf"(?:到|至|截至|截止)\s*{PLAN_YEAR}\s*年|{PLAN_YEAR}\s*年(?:度)?(?:主要)?工作(?:进展|回顾|总结|成效)|总结\s*{PLAN_YEAR}\s*年")
_CITE_OPEN, _CITE_CLOSE = regex.compile("《"), regex.compile("》")
# A period of action (2010年10月至2011年12月): the plan's year is its first.
_ACTION_PERIOD = regex.compile(rf"(?<!\d)(?P<y>{PLAN_YEAR})\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?\s*"
                               rf"(?:[-—–~～至到─]+)\s*(?:{PLAN_YEAR}\s*年\s*)?\d{{1,2}}\s*月")
# A plan a page reports issued, printed by its title (市政府印发《衢州市2016年…》).
_REPORTED_TITLE = regex.compile(r"(?:印发|转发|出台|发布|制定|审议通过|编制)了?\s*《(?P<title>[^《》]{2,80})》")


def year_and_period(*texts: str | None) -> tuple[int | None, str | None]:
    """The year (a multi-year plan's first) and period that the first text naming one states.

    In ``2022年工作总结和2023年工作要点`` the plan's year is the one that governs a plan word.
    """
    for text in texts:
        if not text:
            continue
        folded = fold(text)
        if m := _PERIOD.search(folded):
            a, b = int(m.group("a")), int(m.group("b"))
            if a < b <= a + 30:
                return a, f"{a}-{b}"
        excluded = _Spans(m.span() for m in _NOT_PLAN_YEAR.finditer(folded))
        years = [m for m in _TITLE_YEAR.finditer(folded) if m.start() not in excluded]
        governing = [m for m in years if PLAN_WORDS.match(folded, m.end()) or _GOVERNS.match(folded, m.end())]
        if chosen := (governing or years):
            return int(chosen[0].group("y")), None
        if m := _CN_YEAR.search(folded):
            return chinese_to_int(m.group("y")), None
        if m := _FIVE_YEAR_PLAN.search(folded):
            first = 1951 + 5 * chinese_to_int(m.group("n"))  # the 11th (十一五) is 2006-2010
            return first, f"{first}-{first + 4}"
    return None, None


class _Spans:
    """Sorted spans that do not overlap; ``pos in spans`` by bisection, so that a long text
    with many years and many spans costs no more than its length."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.starts, self.ends = [], []
        for start, end in spans:
            self.starts.append(start)
            self.ends.append(end)

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


class _Citations:
    """The 《 and 》 of a text, found once: whether a position sits inside a 《…》 citation."""

    def __init__(self, folded: str):
        self.opened = [m.start() for m in _CITE_OPEN.finditer(folded)]
        self.closed = [m.start() for m in _CITE_CLOSE.finditer(folded)]

    def __contains__(self, pos: int) -> bool:
        k = bisect.bisect_left(self.opened, pos) - 1  # the last 《 before pos
        if k < 0:
            return False
        after = bisect.bisect_left(self.closed, self.opened[k])  # the first 》 after it
        return after == len(self.closed) or self.closed[after] >= pos


def stated_years(text: str) -> Iterable[int]:
    folded = fold(text)
    excluded = _Spans(m.span() for m in _NOT_PLAN_YEAR.finditer(folded))
    cited = _Citations(folded)
    for pattern in _STATED_YEAR:
        for m in pattern.finditer(folded):
            if m.start("y") not in excluded and m.start("y") not in cited:
                yield int(m.group("y"))


def reported_plans(text: str) -> Iterable[str]:
    """The titles of plans a text reports issued (印发《2023年全国…工作方案》), as printed."""
    folded = fold(text)
    for m in _REPORTED_TITLE.finditer(folded):
        title = text[m.start("title"):m.end("title")]
        if PLAN_WORDS.search(fold(title)) and not _NOT_PLAN_YEAR.search(fold(title)):
            yield title


def reported_years(text: str) -> Iterable[int]:
    """Years a text reports beyond what a sentence states (``stated_years``): the first year of
    an action period (2010年10月至2011年12月), the year of a plan it reports issued."""
    folded = fold(text)
    cited = _Citations(folded)
    for m in _ACTION_PERIOD.finditer(folded):
        if m.start("y") not in cited:
            yield int(m.group("y"))
    for title in reported_plans(text):
        if year := year_and_period(title)[0]:
            yield year
