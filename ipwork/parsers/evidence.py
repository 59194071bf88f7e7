"""A plan's year and region, read from ranked evidence shared by every layout.

A plan states its year and region in many places, of unequal worth: its own title line, the
cover letter that issues it (现将《…》印发给你们), the notice title (关于印发…的通知), a preamble
sentence (明确2015年…重点任务), a bracketed year (年度工作指引（2020）), the signature date.
Other dates look alike and are not the plan's: a web page's 发布时间, a document number's
〔2019〕, a target (到2025年), a review heading (2019年主要工作进展), a cited title.
``read_plan_meta`` gathers every piece of evidence in the head and tail of a plan, ranks it,
and keeps the strongest; a value that rests only on weak evidence gets a warning.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import YEAR
from ipwork.normalize.regions import (AFTER_A_PLACE, FUNCTION_CHARACTERS, NATIONAL, province_in, region_in,
                                      region_of_title)
from ipwork.normalize.text import strip_pinyin
from ipwork.parsers.furniture import furniture_kind, signature_date
from ipwork.parsers.titles import (COVER_TITLE, NOTICE_TITLE, PLAN_WORDS, clean_title, is_issuer_line, is_review_heading,
                                   is_title_line, issuer_from_source_line, title_candidates)
from ipwork.parsers.years import stated_years, year_and_period, year_from_filename
from ipwork.readers.source import Line

_WEAK_SOURCE = regex.compile(r"^(?:来源|文章来源|新闻来源|消息来源)\s*[:：]\s*(?P<v>\S+)")
_REGION_TAG = regex.compile(r"^【(?P<r>\p{Han}{2,8})】|(?P<r2>\p{Han}{2,8})(?:子)?站讯|^[（(](?P<r3>\p{Han}{2,8})[）)]$")
_ALL_PROVINCES = regex.compile(r"^各省、\s*自治区、\s*直辖市")

# How much each kind of evidence is worth (higher wins).
TITLE, COVER, NOTICE, STATED, ISSUER, HEADLINE, SOURCE, TAG, BODY, SIGNATURE, FILE_NAME = 10, 9, 9, 7, 6, 5, 5, 4, 3, 3, 1
WEAK = 3  # evidence at or below this is reported in a warning


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
    for line, text in title_candidates(head):
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
    if m := NOTICE_TITLE.match(folded):
        issuer = text[:m.end("issuer")].strip() or None
        found.add(found.issuers, NOTICE, issuer, line.no, "notice title")
        found.year_from(text[m.start("title"):m.end("title")], NOTICE, line.no, "notice title")
        found.region_from(text[m.start("title"):m.end("title")], NOTICE, line.no, "notice title", issuer)
    for m in COVER_TITLE.finditer(folded):
        cover = text[m.start("title"):m.end("title")]
        if PLAN_WORDS.search(fold(cover)) and not is_review_heading(cover):
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
        for year in stated_years(text):
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
    if signed := signature_date(text):
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
