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
NOTICE_TITLE = lazy(r"""
    ^ (?P<issuer> .{0,60}? ) 关于印发 \s* [《<]? \s* (?P<title> .+? ) \s* [》>]? \s* 的通知""", regex.VERBOSE)
COVER_TITLE = lazy(r"""
    现将 \s* [《<] \s* (?P<title> [^》>]{2,80} ) [》>]? .{0,40}? (?: 印发 | 转发 | 发 )""", regex.VERBOSE)


def _signer_endings() -> str:
    """How the name of a body that issues or signs a document ends (…局, …委员会, …人民政府,
    …领导小组, …联席会议办公室)."""
    return alternation("offices.government", "offices.public", "offices.signatories")


# The body a title opens with, before its year or 关于 (某某省知识产权局2019年工作要点); an office
# (办公室) only of an IP office, a leading group or a joint conference.
_ISSUER_PREFIX = lazy(lambda: rf"""
    ^ (?P<issuer> \p{{Han}}{{2,30}}? {alternation("offices.government", "offices.issuers")} )
    (?<! (?<! 知识产权 | 领导小组 | 联席会议 ) 办公室 )    # 某某局办公室: the body's department, not an issuer
    (?= \s* {YEAR} | 关于 | $ )""", regex.VERBOSE)
# A body that signs a document: a name ending like an office (…局, …办公室, …人民政府), with
# perhaps its other name in brackets (市场监督管理局（知识产权局）).
_SIGNER = lazy(lambda: rf"""
    \p{{Han}}{{2,40}}? {_signer_endings()} (?: \s* [(（] \p{{Han}}{{2,20}} [)）] )?""", regex.VERBOSE)
_SIGNERS_MAX = 80
_SOURCE_VALUE = lazy(lambda: rf"""
    ^ {alternation("furniture.issuer_labels")} \s* [:：] \s* (?P<v> \S.*? ) \s* (?: \| .* )? $""", regex.VERBOSE)
_CLAUSE_PUNCT = lazy(r"[,;:]")
BRACKETED_YEAR = lazy(rf"[（(]\s*{YEAR}\s*(?:[-—–─]\s*{YEAR})?\s*年?\s*[）)]")
# A heading about work already done: 2019年主要工作进展, 一年来的工作回顾, “十三五”时期主要成就.
_REVIEW = lazy(lambda: rf"""
    (?: {YEAR} \s* 年 度?
      | 过去一年 | 一年来 | 去年 | 上一年
      | “? 十 [一二三四五六七八九] 五 ”? (?: 时期 | 期间 )?
    ) [^。]{{0,14}}? (?: 主要 )? (?: 工作 )? {alternation("plans.reviews")}
  | ^ (?: 主要 )? 工作 (?: 进展 | 回顾 | 总结 )
  | ^ 主要成绩""", regex.VERBOSE)
_PLANNED = lazy(lambda: alternation("plans.planned"))


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

