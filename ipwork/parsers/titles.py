"""A plan's title and issuer: title lines, notice titles (关于印发《…》的通知), cover letters
(现将《…》印发), the names of the bodies that sign, and headings about work already done."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import YEAR
from ipwork.normalize.text import strip_html
from ipwork.parsers.furniture import furniture_kind, signature_date
from ipwork.readers.source import Line
from ipwork.vocabulary import alternation, lazy

PLAN_WORDS = lazy(lambda: alternation("plans.names"))
NOTICE_TITLE = regex.compile(r"^(?P<issuer>.{0,60}?)关于印发\s*[《<]?\s*(?P<title>.+?)\s*[》>]?\s*的通知")
COVER_TITLE = regex.compile(r"现将\s*[《<]\s*(?P<title>[^》>]{2,80})[》>]?.{0,40}?(?:印发|转发|发)")
_ISSUER_PREFIX = regex.compile(
    r"^(?P<issuer>\p{Han}{2,30}?(?:知识产权局|知识产权办公室|知识产权战略实施工作领导小组办公室|部际联席会议办公室|联席会议办公室|"
    r"部际联席会议|人民政府办公厅|人民政府|办公厅|领导小组办公室|领导小组|委员会|管理局|局|厅|委))(?=\s*" + YEAR + "|关于|$)")
# A body that signs a document: a name ending like an office (…局, …办公室, …人民政府), with
# perhaps its other name in brackets (市场监督管理局（知识产权局）).
_SIGNER = regex.compile(r"\p{Han}{2,40}?(?:局|厅|委员会|委|办公室|办公厅|人民政府|领导小组|联席会议|政府)"
                        r"(?:\s*[(（]\p{Han}{2,20}[)）])?")
_SIGNERS_MAX = 80
_SOURCE_VALUE = regex.compile(r"^(?:信息来源|发布机构|发布单位|发文机关|发文机构)\s*[:：]\s*(?P<v>\S.*?)\s*(?:\|.*)?$")
_CLAUSE_PUNCT = regex.compile(r"[,;:]")
BRACKETED_YEAR = regex.compile(rf"[（(]\s*{YEAR}\s*(?:[-—–─]\s*{YEAR})?\s*年?\s*[）)]")
_REVIEW = regex.compile(
    rf"(?:{YEAR}\s*年(?:度)?|过去一年|一年来|去年|上一年|“?十[一二三四五六七八九]五”?(?:时期|期间)?)"
    r"[^。]{0,14}?(?:主要)?(?:工作)?(?:进展|回顾|总结|成绩|成效|成就|完成情况)|^(?:主要)?工作(?:进展|回顾|总结)|^主要成绩")
_PLANNED = regex.compile(r"重点|任务|安排|计划|思路|要点|部署")


def is_signature_line(text: str) -> bool:
    """A line of the block that signs a document: the issuer's name, the date, 代章."""
    folded = fold(text).strip()
    return bool(is_issuer_line(text) or signature_date(folded) or furniture_kind(text) == "signature")


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
    return bool(PLAN_WORDS.search(folded))


def is_review_heading(title: str) -> bool:
    """``2019年主要工作进展``, ``一年来的工作回顾``: a section about work already done."""
    folded = fold(title)
    return bool(_REVIEW.search(folded)) and not _PLANNED.search(folded)


def clean_title(text: str) -> tuple[str, str | None]:
    """``(title, issuer)`` from a title line: 《…》 taken off, 关于印发《X》的通知 read as X."""
    text = " ".join(strip_html(text).split())
    m = NOTICE_TITLE.match(fold(text))
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


def title_candidates(lines: Sequence[Line]) -> Iterable[tuple[Line, str]]:
    """Title lines at the head, a split title joined with its continuation (``（2020）``)."""
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text or furniture_kind(text) in ("navigation", "image", "caption", "notice"):
            continue
        if is_title_line(text) or NOTICE_TITLE.match(fold(text)):
            nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
            if nxt and BRACKETED_YEAR.fullmatch(fold(nxt)):
                text += nxt
            yield line, text

