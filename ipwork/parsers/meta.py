"""Document metadata shared by every layout: page furniture, and the plan's title, issuer,
year and region read from ranked evidence.

A plan states its year and region in many places, of unequal worth: its own title line, the
cover letter that issues it (现将《…》印发给你们), the notice title (关于印发…的通知), a preamble
sentence (明确2015年…重点任务), a bracketed year (年度工作指引（2020）), the signature date.
Other dates look alike and are not the plan's: a web page's 发布时间, a document number's
〔2019〕, a target (到2025年), a review heading (2019年主要工作进展), a cited title.
``read_plan_meta`` gathers every piece of evidence in the head and tail of a plan, ranks it,
and keeps the strongest; a value that rests only on weak evidence gets a warning.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import CHINESE_YEAR, PLAN_CHINESE_YEAR, PLAN_YEAR, YEAR, chinese_to_int
from ipwork.normalize.regions import (AFTER_A_PLACE, FUNCTION_CHARACTERS, NATIONAL, province_in, region_in,
                                      region_of_title)
from ipwork.normalize.text import PAGE_NUMBER, strip_html, strip_pinyin
from ipwork.readers.source import Line

FURNITURE_MAX = 200  # furniture lines are short; longer lines are never matched against it
_FURNITURE = [
    ("navigation", regex.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|您当前所在的位置|现在位置|本页位置|位置|首页|主页|网站首页)(?:[:：>\s]|$)|^\s*[>»›|]\s*$|^\s*[>»›]")),
    # A breadcrumb (首页 > 新闻 > 正文): two separators, each after a name.  Only the first name's
    # last character is matched, so that the search does not rescan the line from every character.
    ("navigation", regex.compile(r"[^\s>»›]\s*(?:>>?|»|›)\s*[^\s>»›]+\s*(?:>>?|»|›)")),
    ("source", regex.compile(r"^(?:点击|信息来源|来源|稿源|文章来源|新闻来源|消息来源|发布机构|发布单位|发文机关|发文机构|作者|编辑|责任编辑|发布时间|发布日期|发文时间|成文日期|生成日期|日期|时间|浏览次数|阅读次数|点击数|访问量|索\s*引\s*号|文\s*号|名\s*称|主题分类|信息分类|原文标题|原标题)\s*[:：]")),
    ("source", regex.compile(r"(?:阅读次数|浏览次数|点击次数|选择阅读字号|字号[:：]?\s*\[|【字体|【打印|【关闭|打印本页|关闭窗口|字体[:：(（]|\[\s*(?:发布日期|成文日期|索引号|发文字号|主题分类|点击数)\s*[:：\]])")),
    ("source", regex.compile(rf"^\[?{YEAR}\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}\s*日?\]?\s+(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*\S{{0,20}}$")),
    ("image", regex.compile(r"^\S+\.(?:jpe?g|png|gif|bmp|webp|tiff?)$", regex.I)),
    ("caption", regex.compile(r"^[▲△▼]|^图\s*\d*\s*[:：]")),
    ("notice", regex.compile(r"图片来源|如侵权|联系删除|版权所有|Copyright|ICP备|扫一扫|分享到|上一篇|下一篇|相关阅读|相关链接|返回顶部|设为首页|收藏本站|^\(?此件(?:主动)?公开(?:发布)?\)?$|^特此通知[。.]?$|^联系人[:：]", regex.I)),
    ("cover", regex.compile(r"^(?:各|有关)\S{0,80}[:：]$|^[^。]{0,30}各[^。]{2,120}(?:局|厅|委|办|单位|部门|政府|处室|机构)[^。]{0,30}[:：]$|现将.{0,120}印发|现予印发|请结合.{0,30}(?:贯彻|认真)(?:执行|落实)|请认真(?:贯彻|组织)?(?:执行|落实|实施)|^附件\s*\d*\s*[:：]?")),
    ("signature", regex.compile(rf"^{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日$|^{CHINESE_YEAR}\s*年\s*[一二三四五六七八九十]{{1,2}}\s*月(?:\s*[一二三四五六七八九十]{{1,3}}\s*日)?$|^\(?(?:\S{{2,30}})代章\)?$")),
    ("page", PAGE_NUMBER),
    ("docno", regex.compile(rf"^\S{{1,12}}[〔\[(（]\s*{YEAR}\s*[〕\])）]\s*\d{{1,4}}\s*号$")),
]
# An entry of a table of contents: a name, leader dots (or a tab) and its page number.
CONTENTS_ENTRY = regex.compile(r"^(?P<name>.+?)\s*(?:[.．…·]{3,}|\t)\s*\d{1,4}\s*$")
_PLAN_WORDS = regex.compile(r"工作要点|工作重点|要点|推进计划|行动计划|行动方案|实施计划|实施方案|工作计划|工作方案|工作指引|"
                            r"工作措施|若干措施|实施意见|实施细则|指导意见|规划|纲要|计划|方案|汇编|任务")
_NOTICE_TITLE = regex.compile(r"^(?P<issuer>.{0,60}?)关于印发\s*[《<]?\s*(?P<title>.+?)\s*[》>]?\s*的通知")
_COVER_TITLE = regex.compile(r"现将\s*[《<]\s*(?P<title>[^》>]{2,80})[》>]?.{0,40}?(?:印发|转发|发)")
_ISSUER_PREFIX = regex.compile(
    r"^(?P<issuer>\p{Han}{2,30}?(?:知识产权局|知识产权办公室|知识产权战略实施工作领导小组办公室|部际联席会议办公室|联席会议办公室|"
    r"部际联席会议|人民政府办公厅|人民政府|办公厅|领导小组办公室|领导小组|委员会|管理局|局|厅|委))(?=\s*" + YEAR + "|关于|$)")
# A body that signs a document: a name ending like an office (…局, …办公室, …人民政府), with
# perhaps its other name in brackets (市场监督管理局（知识产权局）).
_SIGNER = regex.compile(r"\p{Han}{2,40}?(?:局|厅|委员会|委|办公室|办公厅|人民政府|领导小组|联席会议|政府)"
                        r"(?:\s*[(（]\p{Han}{2,20}[)）])?")
_SIGNERS_MAX = 80
_SOURCE_VALUE = regex.compile(r"^(?:信息来源|发布机构|发布单位|发文机关|发文机构)\s*[:：]\s*(?P<v>\S.*?)\s*(?:\|.*)?$")
_WEAK_SOURCE = regex.compile(r"^(?:来源|文章来源|新闻来源|消息来源)\s*[:：]\s*(?P<v>\S+)")
_REGION_TAG = regex.compile(r"^【(?P<r>\p{Han}{2,8})】|(?P<r2>\p{Han}{2,8})(?:子)?站讯|^[（(](?P<r3>\p{Han}{2,8})[）)]$")
_PERIOD = regex.compile(rf"(?<!\d)(?P<a>{PLAN_YEAR})\s*(?:年)?\s*(?:[-—–~～至到─]+|(?={YEAR}\s*年))\s*(?P<b>{PLAN_YEAR})(?!\d)")
_TITLE_YEAR = regex.compile(rf"(?<!\d)(?P<y>{PLAN_YEAR})(?!\d)")
_CN_YEAR = regex.compile(rf"(?P<y>{PLAN_CHINESE_YEAR})\s*年")
_CLAUSE_PUNCT = regex.compile(r"[,;:]")
_BRACKETED_YEAR = regex.compile(rf"[（(]\s*{YEAR}\s*(?:[-—–─]\s*{YEAR})?\s*年?\s*[）)]")
_ALL_PROVINCES = regex.compile(r"^各省、\s*自治区、\s*直辖市")
_FILE_YEAR = regex.compile(rf"(?<!\d)({PLAN_YEAR})(?!\d)")
_FIVE_YEAR_PLAN = regex.compile(r"“?(?P<n>十[一二三四五六七八九]?)五”?\s*(?:时期|期间)?\s*(?:国家|全国)?[^《》]{0,30}?(?:规划|计划|纲要)")
# Preamble and news sentences that say which year the plan is for.
_GOVERNS = regex.compile(r"\s*年(?:度)?[^\d《》]{0,20}?(?:" + _PLAN_WORDS.pattern + ")")
_STATED_YEAR = [
    regex.compile(rf"(?:明确|部署|研究部署|安排|谋划|做好|制定|印发|发布|公布|推进|召开|举行|就)了?\s*(?P<y>{PLAN_YEAR})\s*年(?:度)?(?!\s*(?:以来|底|末|前))"),
    regex.compile(rf"(?<![到至—-])(?P<y>{PLAN_YEAR})\s*年(?:度)?[^。；;\d]{{0,24}}?(?:工作要点|重点工作|重点任务|工作重点|主要任务|工作任务|推进计划|工作计划|工作指引|工作思路|总体要求|总体思路|主要工作任务)"),
    regex.compile(rf"(?:^|[。；;，,\s])(?P<y>{PLAN_YEAR})\s*年(?:是|为)"),
    regex.compile(rf"^\s*(?P<y>{PLAN_YEAR})\s*年(?:度|上半年|下半年)?\s*(?:[,，]|全国|全省|全市|我(?:省|市|区|局))"),
]
_NOT_PLAN_YEAR = regex.compile(rf"(?:到|至|截至|截止)\s*{PLAN_YEAR}\s*年|{PLAN_YEAR}\s*年(?:度)?(?:主要)?工作(?:进展|回顾|总结|成效)|总结\s*{PLAN_YEAR}\s*年")
_REVIEW = regex.compile(
    rf"(?:{YEAR}\s*年(?:度)?|过去一年|一年来|去年|上一年|“?十[一二三四五六七八九]五”?(?:时期|期间)?)"
    r"[^。]{0,14}?(?:主要)?(?:工作)?(?:进展|回顾|总结|成绩|成效|成就|完成情况)|^(?:主要)?工作(?:进展|回顾|总结)|^主要成绩")
_PLANNED = regex.compile(r"重点|任务|安排|计划|思路|要点|部署")
_CITE_OPEN, _CITE_CLOSE = regex.compile("《"), regex.compile("》")
_SIGNATURE_DATE = regex.compile(rf"^(?P<y>{PLAN_YEAR})\s*年\s*(?P<m>\d{{1,2}})\s*月(?:\s*\d{{1,2}}\s*日)?$")
_CN_SIGNATURE = regex.compile(rf"^(?P<y>{PLAN_CHINESE_YEAR})\s*年\s*(?P<m>[一二三四五六七八九十]{{1,2}})\s*月")

# How much each kind of evidence is worth (higher wins).
TITLE, COVER, NOTICE, STATED, ISSUER, HEADLINE, SOURCE, TAG, BODY, SIGNATURE, FILE_NAME = 10, 9, 9, 7, 6, 5, 5, 4, 3, 3, 1
WEAK = 3  # evidence at or below this is reported in a warning


@lru_cache(maxsize=1 << 14)
def furniture_kind(text: str) -> str | None:
    """Which kind of page furniture a line is (navigation, source, image…), or None."""
    if len(text) > FURNITURE_MAX:
        return None
    folded = fold(strip_html(text)).strip()
    for kind, pattern in _FURNITURE:
        if pattern.search(folded):
            return kind
    return None


def is_signature_line(text: str) -> bool:
    """A line of the block that signs a document: the issuer's name, the date, 代章."""
    folded = fold(text).strip()
    return bool(is_issuer_line(text) or _signature_year(folded) or furniture_kind(text) == "signature")


def is_issuer_line(text: str) -> bool:
    """A line of nothing but the names of the bodies that sign: ``浙江省知识产权局办公室``,
    ``浙江省市场监督管理局（浙江省知识产权局）``, two names parted by spaces."""
    folded = fold(text).strip()
    if not folded or len(folded) > _SIGNERS_MAX:
        return False
    return all(_SIGNER.fullmatch(name) for name in folded.split())


def is_title_line(text: str) -> bool:
    """A short line naming a plan (工作要点, 行动计划…), or a whole line in 《…》."""
    folded = fold(text).strip()
    if not folded or len(folded) > 90 or folded.rstrip("。").count("。"):
        return False
    if folded.startswith("《") and folded.endswith("》"):
        return True
    # A title is a phrase: no clause punctuation, no bracket left open (a wrapped sentence is).
    if _CLAUSE_PUNCT.search(folded) or any(folded.count(o) != folded.count(c) for o, c in ("()", "《》")):
        return False
    return bool(_PLAN_WORDS.search(folded))


def is_review_heading(title: str) -> bool:
    """``2019年主要工作进展``, ``一年来的工作回顾``: a section about work already done."""
    folded = fold(title)
    return bool(_REVIEW.search(folded)) and not _PLANNED.search(folded)


def clean_title(text: str) -> tuple[str, str | None]:
    """``(title, issuer)`` from a title line: 《…》 taken off, 关于印发《X》的通知 read as X."""
    text = " ".join(strip_html(text).split())
    m = _NOTICE_TITLE.match(fold(text))
    if m:
        issuer = text[:m.end("issuer")].strip() or None
        return text[m.start("title"):m.end("title")].strip("《》<> "), issuer
    if fold(text).startswith("《") and fold(text).endswith("》"):
        text = text[1:-1]
    return text, issuer_in_title(text)


def issuer_in_title(title: str) -> str | None:
    m = _ISSUER_PREFIX.match(fold(title))
    return title[:m.end("issuer")] if m else None


def issuer_from_source_line(text: str) -> str | None:
    m = _SOURCE_VALUE.match(fold(text).strip())
    return text.strip()[m.start("v"):m.end("v")].strip() if m else None


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
        governing = [m for m in years if _PLAN_WORDS.match(folded, m.end()) or _GOVERNS.match(folded, m.end())]
        if chosen := (governing or years):
            return int(chosen[0].group("y")), None
        if m := _CN_YEAR.search(folded):
            return chinese_to_int(m.group("y")), None
        if m := _FIVE_YEAR_PLAN.search(folded):
            first = 1951 + 5 * chinese_to_int(m.group("n"))  # the 11th (十一五) is 2006-2010
            return first, f"{first}-{first + 4}"
    return None, None


def year_from_filename(name: str) -> int | None:
    m = _FILE_YEAR.search(Path(name).name)
    return int(m.group(1)) if m else None


@dataclass(order=True)
class Evidence:
    strength: int
    order: int  # earlier evidence wins a tie
    value: object = field(compare=False)
    line: int | None = field(compare=False)
    how: str = field(compare=False)


@dataclass
class PlanMeta:
    """What the evidence says of a plan; ``warnings`` name values resting on weak evidence."""

    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    year: int | None = None
    period: str | None = None
    warnings: list[tuple[int | None, str, str]] = field(default_factory=list)


class _Collector:
    def __init__(self) -> None:
        self.years: list[Evidence] = []
        self.regions: list[Evidence] = []
        self.issuers: list[Evidence] = []
        self.titles: list[Evidence] = []
        self.count = 0

    def add(self, kind: list[Evidence], strength: int, value, line: int | None, how: str) -> None:
        if value:
            self.count += 1
            kind.append(Evidence(-strength, self.count, value, line, how))

    def year_from(self, text: str, strength: int, line: int | None, how: str) -> None:
        year, period = year_and_period(text)
        if year:
            self.add(self.years, strength, (year, period), line, how)

    def region_from(self, text: str, strength: int, line: int | None, how: str, issuer: str | None = None) -> None:
        self.add(self.regions, strength, region_of_title(text, issuer), line, how)


def _title_candidates(lines: Sequence[Line]) -> Iterable[tuple[Line, str]]:
    """Title lines at the head, a split title joined with its continuation (``（2020）``)."""
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text or furniture_kind(text) in ("navigation", "image", "caption", "notice"):
            continue
        if is_title_line(text) or _NOTICE_TITLE.match(fold(text)):
            nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
            if nxt and _BRACKETED_YEAR.fullmatch(fold(nxt)):
                text += nxt
            yield line, text


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


def _stated_years(text: str) -> Iterable[int]:
    folded = fold(text)
    excluded = _Spans(m.span() for m in _NOT_PLAN_YEAR.finditer(folded))
    cited = _Citations(folded)
    for pattern in _STATED_YEAR:
        for m in pattern.finditer(folded):
            if m.start("y") not in excluded and m.start("y") not in cited:
                yield int(m.group("y"))


def _signature_year(text: str) -> tuple[int, int] | None:
    folded = fold(text).strip()
    if m := _SIGNATURE_DATE.match(folded):
        return int(m.group("y")), int(m.group("m"))
    if m := _CN_SIGNATURE.match(folded):
        return chinese_to_int(m.group("y")), chinese_to_int(m.group("m"))
    return None


def read_plan_meta(head: Sequence[Line], tail: Sequence[Line] = (), name: str = "",
                   title: str | None = None, body: Sequence[str] = (), agencies: Sequence[str] = (),
                   heading: Line | None = None) -> PlanMeta:
    """Title, issuer, region and year of one plan from its head (before the first heading) and
    tail (signature); ``title`` is a title the layout already found, if any.  ``heading`` is the
    line a layout found the plan under (a compilation's ``北京市 2017 年工作要点``, or only
    ``北京市``): it names the plan's region and year as its title would.  ``body`` (the plan's
    text) and ``agencies`` (the bodies its items name) are the weakest evidence of the region:
    whose words the plan speaks (全省, 我市), whose agencies do its work."""
    found = _Collector()
    if heading:
        found.year_from(heading.text, TITLE, heading.no, "heading")
        found.region_from(heading.text, TITLE, heading.no, "heading")
    head = [_readable(line) for line in head]
    tail = [_readable(line) for line in tail]
    body = [strip_pinyin(text) for text in body]
    for line, text in _title_candidates(head):
        plan_title, issuer = clean_title(text)
        found.add(found.titles, TITLE, plan_title, line.no, "title")
        found.add(found.issuers, TITLE, issuer, line.no, "title")
    if title:
        found.add(found.titles, TITLE + 1, strip_pinyin(title), None, "title")
    for line in head:
        _read_head_line(found, line)
    for line in head[:6]:
        if not furniture_kind(line.text) and len(line.text.strip()) <= 60 and year_and_period(line.text)[0]:
            found.add(found.years, HEADLINE, year_and_period(line.text), line.no, "the page's headline")
            break
    for line in tail:
        _read_tail_line(found, line)
    _read_body(found, [line.text for line in head] + list(body), agencies)
    return _decide(found, name)


def _readable(line: Line) -> Line:
    """The line without converter noise (pinyin after characters), for reading evidence."""
    text = strip_pinyin(line.text)
    return line if text == line.text else Line(line.no, text, line.page)


def _read_head_line(found: _Collector, line: Line) -> None:
    text = line.text.strip()
    folded = fold(text)
    if m := _NOTICE_TITLE.match(folded):
        issuer = text[:m.end("issuer")].strip() or None
        found.add(found.issuers, NOTICE, issuer, line.no, "notice title")
        found.year_from(text[m.start("title"):m.end("title")], NOTICE, line.no, "notice title")
        found.region_from(text[m.start("title"):m.end("title")], NOTICE, line.no, "notice title", issuer)
    for m in _COVER_TITLE.finditer(folded):
        cover = text[m.start("title"):m.end("title")]
        if _PLAN_WORDS.search(fold(cover)) and not is_review_heading(cover):
            found.add(found.titles, COVER, cover, line.no, "cover letter")
            found.year_from(cover, COVER, line.no, "cover letter")
            found.region_from(cover, COVER, line.no, "cover letter")
    if is_title_line(text) and not furniture_kind(text):
        plan_title, issuer = clean_title(text)
        found.year_from(plan_title, TITLE, line.no, "title")
        found.region_from(plan_title, TITLE, line.no, "title", issuer)
    if is_issuer_line(text):  # the signature under a cover letter, above the plan
        found.add(found.issuers, ISSUER, text, line.no, "signature")
        found.region_from(text, ISSUER, line.no, "signature", text)
    if issuer := issuer_from_source_line(text):
        found.add(found.issuers, SOURCE, issuer, line.no, "issuer line")
        found.region_from(issuer, SOURCE, line.no, "issuer line", issuer)
    elif m := _WEAK_SOURCE.match(folded):
        found.region_from(text[m.start("v"):m.end("v")], TAG, line.no, "source line")
    if m := _REGION_TAG.search(folded):
        tag = next(g for g in m.groups() if g)
        found.add(found.regions, TAG, region_in(tag), line.no, "region tag")
    if _ALL_PROVINCES.match(folded):
        found.add(found.regions, ISSUER, NATIONAL, line.no, "addressees")
    if not furniture_kind(text) or furniture_kind(text) == "cover":
        for year in _stated_years(text):
            found.add(found.years, STATED, (year, None), line.no, "a sentence of the preamble")


_PROVINCE_VOICE = regex.compile(r"全省|我省|本省|省委|省政府|省人民政府|各设区市|省直有关|省级")
_CITY_VOICE = regex.compile(r"全市|我市|本市|市委|市政府|市人民政府|各区县|各县\(?市")
_CITY_NAME = regex.compile(r"(?:^|(?<=[^\p{Han}])|(?<=省))(?!\p{Han}?[城都]市)(\p{Han}{2,3}市)"
                           rf"(?={AFTER_A_PLACE}|委员会|科学技术|科技局|商务局|召开|举行|印发|出台)")
# Characters a city's name never holds, though a phrase before 市 may (落实局市知识产权合作).
_NOT_IN_A_CITY_NAME = regex.compile(rf"[{FUNCTION_CHARACTERS}年局厅委办实省市县区]")
_NATIONAL_VOICE = regex.compile(r"国家知识产权战略|国家知识产权局|国务院|部际联席会议|全国知识产权系统|全国打击|"
                                r"中央宣传部|中央网信办|各省、\s*自治区、\s*直辖市|最高人民法院|最高人民检察院")
# The clause that announces a list of items (``…着重做好的六方面重点工作：一是``) names whose
# items they are, even on a page that reports them from elsewhere.
_LIST_OPENS = regex.compile(r"[:：]\s*(?:一是|[（(]一[）)]|一、|1[.、．])")
_CLAUSE_ENDS = "，。；！？,;!?\n"
_CLAUSE_MAX = 80
_CENTRAL_AGENCY = regex.compile(r"^(?:国家|中央|最高人民|国务院|全国)|(?<![省市区县])(?:部|总局|总署)$")
_LOCAL_AGENCY = regex.compile(r"^(?:省|市|区|县|自治区|各)")
_IN_SIGNATURE = regex.compile(
    r"(?:特此通知|遵照执行|贯彻落实|贯彻执行)[。.!！]?\s*(?P<issuer>\p{Han}{2,40}?(?:办公室|知识产权局|人民政府|领导小组|联席会议|"
    r"管理局|委员会))\s*(?:[(（]\S{2,20}代章[)）]\s*)?" + YEAR + r"\s*年")


def _names_national_items(clause: str) -> bool:
    """A national body owns the items it announces, unless a local voice speaks, or the clause
    tells the readers what they must do first (要对标国家知识产权局部署的…: the items are theirs)."""
    national = _NATIONAL_VOICE.search(clause)
    must = clause.find("要")
    return bool(national) and (must < 0 or national.start() < must) and not (
        _CITY_VOICE.search(clause) or _PROVINCE_VOICE.search(clause) or province_in(clause))


def _announcing_clause(folded: str) -> str | None:
    """The clause before the text's first list (``…重点工作：一是``), up to its start."""
    if not (m := _LIST_OPENS.search(folded)):
        return None
    before = folded[max(0, m.start() - _CLAUSE_MAX):m.start()]
    start = max(before.rfind(ch) for ch in _CLAUSE_ENDS) + 1
    return before[start:] if len(before) - start >= 4 else None


def _city_named(folded: str) -> str | None:
    """The first city the text names as a body's (``商丘市知识产权局``), not 全市 or 我市."""
    for m in _CITY_NAME.finditer(folded):
        if not _NOT_IN_A_CITY_NAME.search(m.group(1)[:-1]):
            return m.group(1)
    return None


def _read_body(found: _Collector, texts: Sequence[str], agencies: Sequence[str]) -> None:
    """Whose voice the plan speaks in, as the last resort for its region."""
    for text in texts:
        if m := _IN_SIGNATURE.search(fold(text)):
            issuer = text[m.start("issuer"):m.end("issuer")]
            found.add(found.issuers, ISSUER, issuer, None, "signature")
            found.region_from(issuer, ISSUER, None, "signature", issuer)
    joined = fold("\n".join(texts))
    if (clause := _announcing_clause(joined)) and _names_national_items(clause):
        found.add(found.regions, SOURCE, NATIONAL, None, "the clause announcing the items")
    if _CITY_VOICE.search(joined) and (city := _city_named(joined)):
        found.add(found.regions, BODY, province_in(city) or city, None, "the text (全市/我市)")
    elif _PROVINCE_VOICE.search(joined) and (province := province_in(joined)):
        found.add(found.regions, BODY, province, None, "the text (全省/我省)")
    elif not (_CITY_VOICE.search(joined) or _PROVINCE_VOICE.search(joined)):
        central = sum(bool(_CENTRAL_AGENCY.search(fold(a))) for a in agencies)
        local = sum(bool(_LOCAL_AGENCY.match(fold(a))) for a in agencies)
        if _NATIONAL_VOICE.search(joined) or central > max(local, 1):
            found.add(found.regions, BODY - 1, NATIONAL, None, "the text (national bodies, no local voice)")


def _read_tail_line(found: _Collector, line: Line) -> None:
    text = line.text.strip()
    if signed := _signature_year(text):
        year, month = signed
        # A plan signed in November or December is almost always the next year's.
        found.add(found.years, SIGNATURE, (year + 1 if month >= 11 else year, None), line.no,
                  "the signature date" + (f" ({year}年{month}月, so the next year)" if month >= 11 else ""))
    elif is_issuer_line(text):
        found.add(found.issuers, ISSUER, text, line.no, "signature")
        found.region_from(text, ISSUER, line.no, "signature", text)


def _best(evidence: list[Evidence]) -> Evidence | None:
    return min(evidence) if evidence else None


def _decide(found: _Collector, name: str) -> PlanMeta:
    meta = PlanMeta()
    if best := _best(found.titles):
        meta.title = best.value
    if best := _best(found.issuers):
        meta.issuer = best.value
    if (best := _best(found.years)) is None and (year := year_from_filename(name)):
        best = Evidence(-FILE_NAME, 0, (year, None), None, "the file name")
    if best:
        meta.year, meta.period = best.value
        if -best.strength <= WEAK:
            meta.warnings.append((best.line, "weak-year", f"year {meta.year} read from {best.how} only"))
    else:
        meta.warnings.append((None, "no-year", "no year found (title, cover letter, preamble, signature, "
                                               "file name): year is null"))
    if best := _best(found.regions):
        meta.region = best.value
        if -best.strength <= TAG:
            meta.warnings.append((best.line, "weak-region", f"region {meta.region} read from {best.how} only"))
    return meta
