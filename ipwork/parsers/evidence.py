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
from pathlib import PurePath

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.gazetteer import find_places
from ipwork.normalize.numerals import PLAN_YEAR, YEAR
from ipwork.normalize.regions import (AFTER_A_PLACE, CITED_TITLE, FUNCTION_CHARACTERS, NATIONAL, context_of,
                                      place_fields, places_named, province_in, region_in, region_of_title)
from ipwork.normalize.text import strip_pinyin
from ipwork.parsers.furniture import furniture_kind, signature_date
from ipwork.parsers.titles import (COVER_TITLE, NOTICE_TITLE, PLAN_WORDS, clean_title, is_issuer_line, is_review_heading,
                                   is_title_line, issuer_from_source_line, title_candidates)
from ipwork.parsers.years import reported_plans, reported_years, stated_years, year_and_period
from ipwork.readers.source import Line

_WEAK_SOURCE = regex.compile(r"^(?:来源|文章来源|新闻来源|消息来源)\s*[:：]\s*(?P<v>\S+)")
_REGION_TAG = regex.compile(r"^【(?P<r>\p{Han}{2,8})】|(?P<r2>\p{Han}{2,8})(?:子)?站讯|^[（(](?P<r3>\p{Han}{2,8})[）)]$")
_ALL_PROVINCES = regex.compile(r"^各省、\s*自治区、\s*直辖市")
_DOCUMENT_NUMBER = regex.compile(rf"\p{{Han}}[〔\[(（]\s*(?P<y>{PLAN_YEAR})\s*[〕\])）]\s*\d{{1,4}}\s*号")

# How much each kind of evidence is worth (higher wins); what the user says outranks anything printed.
USER, TITLE, COVER, NOTICE, STATED, ISSUER, HEADLINE, SOURCE, TAG, BODY, SIGNATURE, FILE = (
    20, 10, 9, 9, 7, 6, 5, 5, 4, 3, 3, 1)
DOCUMENT_NUMBER = 2  # the year of a document number (〔2016〕12号) is when the notice was issued
WEAK = 3  # a year resting on evidence no stronger than this is reported in a warning
DATE_UNDER_TITLE = 3  # lines under a title where its date may stand
WEAK_REGION = TAG  # and a region
PATH_PARTS = 3  # the file name and the two folders it is in: farther folders say nothing of a plan


# What each origin is called in a warning.
_DESCRIBED = {"title": "the title", "heading": "the heading", "notice": "the notice title", "cover": "the cover letter",
              "preamble": "a sentence of the preamble", "headline": "the page's headline",
              "signature": "the signature", "byline": "a byline or source line", "text": "the text",
              "file": "the file's path", "user": "the user"}


@dataclass(order=True)
class Clue:
    """One statement of a plan's title, issuer, region or year: its worth (negated, so that the
    strongest sorts first), where it was read (``origin``, one of ``schema.Origin``) and how,
    in words, for warnings (``how``)."""

    strength: int
    order: int  # earlier evidence wins a tie
    value: object = field(compare=False)
    line: int | None = field(compare=False)
    origin: str = field(compare=False)
    how: str = field(compare=False, default="")

    def described(self) -> str:
        return self.how or _DESCRIBED[self.origin]


@dataclass
class PlanMeta:
    """What a plan's head, tail and text say of it: its title and issuer, and every clue to its
    year and region (``settle`` decides those, with what the file's path and the user say)."""

    title: str | None = None
    issuer: str | None = None
    years: list[Clue] = field(default_factory=list)
    regions: list[Clue] = field(default_factory=list)
    context: list[str] = field(default_factory=list)


class _Collector:
    def __init__(self) -> None:
        self.years: list[Clue] = []
        self.regions: list[Clue] = []
        self.issuers: list[Clue] = []
        self.titles: list[Clue] = []
        self.context: list[str] = []  # codes of the places the clues name, which settle a name several bear
        self.count = 0

    def add(self, kind: list[Clue], strength: int, value, line: int | None, origin: str, how: str = "") -> None:
        if value:
            self.count += 1
            kind.append(Clue(-strength, self.count, value, line, origin, how))

    def year_from(self, text: str, strength: int, line: int | None, origin: str) -> None:
        year, period = year_and_period(text)
        if year:
            self.add(self.years, strength, (year, period), line, origin)

    def region_from(self, text: str, strength: int, line: int | None, origin: str, issuer: str | None = None) -> None:
        self.add(self.regions, strength, region_of_title(text, issuer), line, origin)
        self.context.extend(context_of(text))


def read_plan_meta(head: Sequence[Line], tail: Sequence[Line] = (), title: str | None = None,
                   body: Sequence[str] = (), agencies: Sequence[str] = (), heading: Line | None = None,
                   voice: str | None = None) -> PlanMeta:
    """Title, issuer, region and year of one plan from its head (before the first heading) and
    tail (signature); ``title`` is a title the layout already found, if any.  ``heading`` is the
    line a layout found the plan under (a compilation's ``北京市 2017 年工作要点``, or only
    ``北京市``): it names the plan's region and year as its title would.  ``body`` (the plan's
    text) and ``agencies`` (the bodies its items name) are the weakest evidence of the region:
    whose words the plan speaks (全省, 我市), whose agencies do its work; ``voice`` is the region a
    layout knows the text speaks for (the national task table's 局内/省份 columns)."""
    found = _Collector()
    found.add(found.regions, SOURCE, voice, None, "text", "the layout of the text")
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
    _read_headline(found, head)  # before the lines: it wins a tie with a plan the text reports
    for line in head:
        _read_head_line(found, line)
    _read_dates_under_title(found, head)
    for line in tail:
        _read_tail_line(found, line)
    _read_body(found, [line.text for line in head] + list(body), agencies)
    return _decide(found)


HEADLINE_LINES = 6  # a page's headline is among its first lines
HEADLINE_MAX = 60


def _read_headline(found: _Collector, head: Sequence[Line]) -> None:
    """The page's headline (衢州召开2016年知识产权工作会议): the first short line that is no
    furniture names the place that speaks, and the first such line naming a year (the headline,
    or a year printed under it: （2020）) the plan's year, as a news page prints them."""
    short = [line for line in head[:HEADLINE_LINES]
             if line.text.strip() and not furniture_kind(line.text) and len(line.text.strip()) <= HEADLINE_MAX]
    if short:
        found.region_from(short[0].text, HEADLINE, short[0].no, "headline")
    if dated := next((line for line in short if year_and_period(_uncited(line.text))[0]), None):
        found.add(found.years, HEADLINE, year_and_period(_uncited(dated.text)), dated.no, "headline")


def _uncited(text: str) -> str:
    """A line without the titles it cites (根据《2018年…推进计划》的部署: no year of its own)."""
    stripped = text.strip()
    return stripped if stripped.startswith("《") and stripped.endswith("》") else CITED_TITLE.sub("", stripped)


def _read_dates_under_title(found: _Collector, head: Sequence[Line]) -> None:
    """A date printed right under a plan's title or its document number (``2023年5月6日``,
    ``衢政办发〔2016〕12号``) is when it was issued: weak evidence of its year."""
    after_title = 0
    for line in head:
        text = line.text.strip()
        if not text:
            continue
        if is_title_line(text) or NOTICE_TITLE.match(fold(text)):
            after_title = DATE_UNDER_TITLE
            continue
        if after_title and (signed := signature_date(text.strip("（）()"))):
            year, month = signed
            found.add(found.years, SIGNATURE, (year + 1 if month >= 11 else year, None), line.no, "signature",
                      "the date under the title")
        if m := _DOCUMENT_NUMBER.search(fold(text)):
            found.add(found.years, DOCUMENT_NUMBER, (int(m.group("y")), None), line.no, "notice",
                      "the document number")
        after_title = max(0, after_title - 1)


def _readable(line: Line) -> Line:
    """The line without converter noise (pinyin after characters), for reading evidence."""
    text = strip_pinyin(line.text)
    return line if text == line.text else Line(line.no, text, line.page)


def _read_head_line(found: _Collector, line: Line) -> None:
    text = line.text.strip()
    folded = fold(text)
    if m := NOTICE_TITLE.match(folded):
        issuer = text[:m.end("issuer")].strip() or None
        found.add(found.issuers, NOTICE, issuer, line.no, "notice")
        found.year_from(text[m.start("title"):m.end("title")], NOTICE, line.no, "notice")
        found.region_from(text[m.start("title"):m.end("title")], NOTICE, line.no, "notice", issuer)
    for m in COVER_TITLE.finditer(folded):
        cover = text[m.start("title"):m.end("title")]
        if PLAN_WORDS.search(fold(cover)) and not is_review_heading(cover):
            found.add(found.titles, COVER, cover, line.no, "cover")
            found.year_from(cover, COVER, line.no, "cover")
            found.region_from(cover, COVER, line.no, "cover")
    if is_title_line(text) and not furniture_kind(text):
        plan_title, issuer = clean_title(text)
        found.year_from(plan_title, TITLE, line.no, "title")
        found.region_from(plan_title, TITLE, line.no, "title", issuer)
    if is_issuer_line(text):  # the signature under a cover letter, above the plan
        found.add(found.issuers, ISSUER, text, line.no, "signature")
        found.region_from(text, ISSUER, line.no, "signature", text)
    if issuer := issuer_from_source_line(text):
        found.add(found.issuers, SOURCE, issuer, line.no, "byline")
        found.region_from(issuer, SOURCE, line.no, "byline", issuer)
    elif m := _WEAK_SOURCE.match(folded):
        found.region_from(text[m.start("v"):m.end("v")], TAG, line.no, "byline")
    if m := _REGION_TAG.search(folded):
        tag = next(g for g in m.groups() if g)
        found.add(found.regions, TAG, region_in(tag), line.no, "byline", "a region tag")
    if _ALL_PROVINCES.match(folded):
        found.add(found.regions, ISSUER, NATIONAL, line.no, "cover", "the addressees")
    if not furniture_kind(text) or furniture_kind(text) == "cover":
        for year in stated_years(text):
            found.add(found.years, STATED, (year, None), line.no, "preamble")
        for year in reported_years(text):
            found.add(found.years, STATED, (year, None), line.no, "preamble", "a period or a plan the text reports")
        for title in reported_plans(text):
            found.region_from(title, HEADLINE, line.no, "preamble")


_PROVINCE_VOICE = regex.compile(r"全省|我省|本省|省委|省政府|省人民政府|各设区市|省直有关|省级")
_CITY_VOICE = regex.compile(r"全市|我市|本市|市委|市政府|市人民政府|各区县|各县\(?市")
_COUNTY_VOICE = regex.compile(r"全县|我县|本县|县委|县政府|县人民政府|各乡镇|全旗|我旗|旗委|旗政府")
_DISTRICT_VOICE = regex.compile(r"(?<!自治)(?:全区|我区|本区)|区委|区政府|区人民政府|各街道")
# Whose voice is whose place: the level of division its name ends with.
_VOICES = ((_COUNTY_VOICE, ("县", "旗")), (_DISTRICT_VOICE, ("区",)), (_CITY_VOICE, ("市", "州", "盟")))
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


def _local_voice(text: str) -> str | None:
    """The place of a county's, district's or city's voice (全县…, 我区…, 全市…): the first
    division of that kind the text names in full (a province-level city: the province)."""
    folded, mentions = fold(text), None
    for voice, endings in _VOICES:
        if not voice.search(folded):
            continue
        mentions = mentions if mentions is not None else find_places(text, accept=None)
        named = {m.place.code for m in mentions if m.place and m.place.name.endswith(endings)}
        if len(named) > 1 and voice is not _CITY_VOICE:  # 民权县、柘城县和虞城县: a city speaks of its counties
            continue
        for mention in mentions:
            if mention.place and mention.place.name.endswith(endings) and mention.place.level != "province":
                return mention.printed
            if mention.place and mention.place.level == "province" and mention.place.name.endswith(endings):
                return mention.place.name
    return None


def _read_body(found: _Collector, texts: Sequence[str], agencies: Sequence[str]) -> None:
    """Whose voice the plan speaks in, as the last resort for its region."""
    for text in texts:
        if m := _IN_SIGNATURE.search(fold(text)):
            issuer = text[m.start("issuer"):m.end("issuer")]
            found.add(found.issuers, ISSUER, issuer, None, "signature")
            found.region_from(issuer, ISSUER, None, "signature", issuer)
    printed = "\n".join(texts)
    joined = fold(printed)
    if (clause := _announcing_clause(joined)) and _names_national_items(clause):
        found.add(found.regions, SOURCE, NATIONAL, None, "text", "the clause announcing the items")
    if place := _local_voice(printed):
        found.add(found.regions, BODY, place, None, "text", "the text (全县, 全区, 全市: its place)")
    elif _CITY_VOICE.search(joined) and (city := _city_named(joined)):
        found.add(found.regions, BODY, province_in(city) or city, None, "text", "the text (全市/我市)")
    elif _PROVINCE_VOICE.search(joined) and (province := province_in(joined)):
        found.add(found.regions, BODY, province, None, "text", "the text (全省/我省)")
    elif not (_CITY_VOICE.search(joined) or _PROVINCE_VOICE.search(joined)):
        central = sum(bool(_CENTRAL_AGENCY.search(fold(a))) for a in agencies)
        local = sum(bool(_LOCAL_AGENCY.match(fold(a))) for a in agencies)
        if _NATIONAL_VOICE.search(joined) or central > max(local, 1):
            found.add(found.regions, BODY - 1, NATIONAL, None, "text", "the text (national bodies, no local voice)")


def _read_tail_line(found: _Collector, line: Line) -> None:
    text = line.text.strip()
    if signed := signature_date(text):
        year, month = signed
        # A plan signed in November or December is almost always the next year's.
        found.add(found.years, SIGNATURE, (year + 1 if month >= 11 else year, None), line.no, "signature",
                  "the signature date" + (f" ({year}年{month}月, so the next year)" if month >= 11 else ""))
    elif is_issuer_line(text):
        found.add(found.issuers, ISSUER, text, line.no, "signature")
        found.region_from(text, ISSUER, line.no, "signature", text)


def _best(clues: list[Clue]) -> Clue | None:
    return min(clues) if clues else None


def _decide(found: _Collector) -> PlanMeta:
    title, issuer = _best(found.titles), _best(found.issuers)
    return PlanMeta(title=title.value if title else None, issuer=issuer.value if issuer else None,
                    years=found.years, regions=found.regions, context=found.context)


@dataclass
class Settled:
    """A plan's region and year as decided, where each was read, the evidence, and warnings."""

    region: str | None = None
    region_from: str | None = None
    year: int | None = None
    period: str | None = None
    year_from: str | None = None
    place: dict = field(default_factory=dict)  # region_code, province, region_level
    evidence: list[dict] = field(default_factory=list)
    warnings: list[tuple[int | None, str, str]] = field(default_factory=list)


def path_clues(path: str) -> tuple[list[Clue], list[Clue]]:
    """Years and regions a file's path names (``2019/杭州市/要点.txt``, ``浙江省_2018_工作要点.docx``),
    weaker than anything printed: the file name first, then its folders, innermost first."""
    years: list[Clue] = []
    regions: list[Clue] = []
    if not path or path == "-":
        return years, regions
    parts = list(reversed(PurePath(path).parts))[:PATH_PARTS]
    parts[0] = PurePath(parts[0]).stem
    for order, part in enumerate(parts):
        if (found := year_and_period(part))[0]:
            years.append(Clue(-FILE, order, found, None, "file"))
        if region := region_in(part):
            regions.append(Clue(-FILE, order, region, None, "file"))
    return years, regions


def settle(years: list[Clue], regions: list[Clue], path: str = "", user_year: int | None = None,
           user_region: str | None = None, context: Sequence[str] = ()) -> Settled:
    """The year and region the strongest clue gives, those of the file's path where nothing
    printed says, the user's where given (with a warning where strong printed evidence differs);
    the region's place in the gazetteer, a name several places bear settled by the places the
    other clues name (``context``: their codes) or else given a warning."""
    path_years, path_regions = path_clues(path)
    if user_region and len(found := places_named(user_region)) == 1 and found[0].name.startswith(fold(user_region)):
        user_region = user_region + found[0].name[len(user_region):]  # 杭州 -> 杭州市, as a plan prints it in full
    years = sorted(years + path_years + ([Clue(-USER, 0, (user_year, None), None, "user")] if user_year else []))
    regions = sorted(regions + path_regions + ([Clue(-USER, 0, user_region, None, "user")] if user_region else []))
    out = Settled(evidence=_evidence("year", years, WEAK) + _evidence("region", regions, WEAK_REGION))
    if years:
        best = years[0]
        (out.year, out.period), out.year_from = best.value, best.origin
        _check(out.warnings, "year", best, years[1:], WEAK, lambda clue: clue.value[0])
        if best.origin != "user" and -best.strength <= WEAK:
            out.warnings.append((best.line, "weak-year", f"year {out.year} read from {best.described()} only"))
    else:
        out.warnings.append((None, "no-year", "no year found (title, notice, cover letter, preamble, headline, "
                                              "signature, file path): year is null; give it with --year"))
    if regions:
        best = regions[0]
        out.region, out.region_from = best.value, best.origin
        _check(out.warnings, "region", best, regions[1:], WEAK_REGION, lambda clue: clue.value)
        if best.origin != "user" and -best.strength <= WEAK_REGION:
            out.warnings.append((best.line, "weak-region", f"region {out.region} read from {best.described()} only"))
        out.place = _place(out.warnings, best, [*context, *_codes(regions)])
    else:
        out.warnings.append((None, "no-region", "no region found (title, notice, cover letter, headline, byline, "
                                                "text, file path): region is null; give it with --region"))
    return out


def _codes(regions: list[Clue]) -> list[str]:
    """The codes of the places the clues name unambiguously."""
    return [found[0].code for clue in regions if len(found := places_named(clue.value)) == 1]


def _place(warnings: list, best: Clue, context: list[str]) -> dict:
    """The region's code, province and level; a warning where its name is several places'."""
    places = places_named(best.value, context)
    if len(places) > 1:
        named = ", ".join(f"{p.province}{p.code}" for p in places[:4])
        warnings.append((best.line, "ambiguous-region", f"{best.value} is the name of {len(places)} places "
                                                        f"({named}…): region_code is null; --region settles it"))
    return place_fields(best.value, context)


def _evidence(name: str, clues: list[Clue], weak: int) -> list[dict]:
    """The clues as the document lists them, strongest first, each statement once."""
    seen: dict[tuple, dict] = {}
    for clue in clues:
        value = clue.value[0] if name == "year" else clue.value
        seen.setdefault((value, clue.origin, clue.line), {
            "field": name, "value": value, "from": clue.origin, "line": clue.line,
            "strength": "weak" if -clue.strength <= weak else "strong"})
    return list(seen.values())


def _check(warnings: list, name: str, best: Clue, others: list[Clue], weak: int, value_of) -> None:
    """A warning where the user's value overrules strong printed evidence."""
    shown = value_of(best)
    if best.origin == "user":
        printed = next((c for c in others if -c.strength > weak and c.origin != "file"), None)
        if printed and value_of(printed) != shown:
            warnings.append((printed.line, "user-metadata",
                             f"{name} {shown} as given; {printed.described()} says {value_of(printed)}"))


