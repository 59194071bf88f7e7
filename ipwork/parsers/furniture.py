"""Page furniture: the lines around a plan that are not the plan (navigation, source and date
lines, captions, cover-letter phrases, signatures, page numbers, document numbers), and the
entries of a table of contents."""
from __future__ import annotations

from functools import lru_cache

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import CHINESE_YEAR, PLAN_CHINESE_YEAR, PLAN_YEAR, YEAR, chinese_to_int
from ipwork.normalize.text import PAGE_NUMBER, strip_html
from ipwork.vocabulary import alternation, lazy

FURNITURE_MAX = 200  # furniture lines are short; longer lines are never matched against it
_X = regex.VERBOSE


def _navigation() -> str:
    return rf"""
        ^ {alternation("furniture.navigation")} (?: [:：>\s] | $ )
      | ^ \s* [>»›|] \s* $       # a separator alone
      | ^ \s* [>»›]
    """


# A breadcrumb (首页 > 新闻 > 正文): two separators, each after a name.  Only the first name's last
# character is matched, so that the search does not rescan the line from every character.
_BREADCRUMB = r"[^\s>»›] \s* (?: >>? | » | › ) \s* [^\s>»›]+ \s* (?: >>? | » | › )"


def _labels() -> str:
    """A line that opens with a label of the page's metadata (来源：, 发布时间：, 索 引 号：)."""
    spaced = alternation("furniture.spaced_labels", gaps=r"\s*")
    return rf"""
        ^ (?: {alternation("furniture.issuer_labels", "furniture.source_labels", "furniture.page_labels")}
            | {spaced} ) \s* [:：]"""


def _tools() -> str:
    return rf"""
        {alternation("furniture.tools")}
      | 字号 [:：]? \s* \[                   # 选择字号：[大 中 小]
      | 【 {alternation("furniture.bracketed_tools")}
      | 字体 [:：(（]
      | \[ \s* {alternation("furniture.bracketed_labels")} \s* [:：\]]"""


# A date and time line (2019-03-01 10:20:30 某某网).
_DATED = rf"""
    ^ \[? {YEAR} \s* [-/.年] \s* \d{{1,2}} \s* [-/.月] \s* \d{{1,2}} \s* 日? \]? \s+
    (?: \d{{1,2}} : \d{{2}} (?: : \d{{2}} )? )? \s* \S{{0,20}} $"""


def _notices() -> str:
    return rf"""
        {alternation("furniture.notices")}
      | ^ \(? 此件 (?: 主动 )? 公开 (?: 发布 )? \)? $
      | ^ 特此通知 [。.]? $
      | ^ 联系人 [:：]"""


def _cover() -> str:
    """The letter that issues a plan: its addressees (各…知识产权局：), 现将…印发, attachments."""
    addressees = alternation("offices.government", "offices.abbreviated", "offices.public", "offices.kinds")
    return rf"""
        ^ (?: 各 | 有关 ) \S{{0,80}} [:：] $
      | ^ [^。]{{0,30}} 各 [^。]{{2,120}} {addressees} [^。]{{0,30}} [:：] $
      | 现将 .{{0,120}} 印发
      | 现予印发
      | 请结合 .{{0,30}} (?: 贯彻 | 认真 ) (?: 执行 | 落实 )
      | 请认真 (?: 贯彻 | 组织 )? (?: 执行 | 落实 | 实施 )
      | ^ 附件 \s* \d* \s* [:：]?"""


_SIGNATURE = rf"""
    ^ {YEAR} \s* 年 \s* \d{{1,2}} \s* 月 \s* \d{{1,2}} \s* 日 $
  | ^ {CHINESE_YEAR} \s* 年 \s* [一二三四五六七八九十]{{1,2}} \s* 月 (?: \s* [一二三四五六七八九十]{{1,3}} \s* 日 )? $
  | ^ \(? (?: \S{{2,30}} ) 代章 \)? $"""
# A document number: 某知发〔2019〕12号.
_DOCNO = rf"^ \S{{1,12}} [〔\[(（] \s* {YEAR} \s* [〕\])）] \s* \d{{1,4}} \s* 号 $"

_FURNITURE = (
    ("navigation", lazy(_navigation, _X)),
    ("navigation", lazy(_BREADCRUMB, _X)),
    ("source", lazy(_labels, _X)),
    ("source", lazy(_tools, _X)),
    ("source", lazy(_DATED, _X)),
    ("image", lazy(lambda: rf"^ \S+ \. {alternation('furniture.images')} $", _X | regex.I)),
    ("caption", lazy(r"^ [▲△▼] | ^ 图 \s* \d* \s* [:：]", _X)),
    ("notice", lazy(_notices, _X | regex.I)),
    ("cover", lazy(_cover, _X)),
    ("signature", lazy(_SIGNATURE, _X)),
    ("page", PAGE_NUMBER),
    ("docno", lazy(_DOCNO, _X)),
)
# An entry of a table of contents: a name, leader dots (or a tab) and its page number.
CONTENTS_ENTRY = lazy(r"^(?P<name>.+?)\s*(?:[.．…·]{3,}|\t)\s*\d{1,4}\s*$")
_SIGNATURE_DATE = lazy(rf"^(?P<y>{PLAN_YEAR})\s*年\s*(?P<m>\d{{1,2}})\s*月(?:\s*\d{{1,2}}\s*日)?$")
_CN_SIGNATURE = lazy(rf"^(?P<y>{PLAN_CHINESE_YEAR})\s*年\s*(?P<m>[一二三四五六七八九十]{{1,2}})\s*月")


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


def signature_date(text: str) -> tuple[int, int] | None:
    """``(year, month)`` of a line that is a signature's date (``2019年12月20日``, ``二〇二二年三月``)."""
    folded = fold(text).strip()
    if m := _SIGNATURE_DATE.match(folded):
        return int(m.group("y")), int(m.group("m"))
    if m := _CN_SIGNATURE.match(folded):
        return chinese_to_int(m.group("y")), chinese_to_int(m.group("m"))
    return None
