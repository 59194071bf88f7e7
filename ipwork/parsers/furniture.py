"""Page furniture: the lines around a plan that are not the plan (navigation, source and date
lines, captions, cover-letter phrases, signatures, page numbers, document numbers), and the
entries of a table of contents."""
from __future__ import annotations

from functools import lru_cache

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import CHINESE_YEAR, PLAN_CHINESE_YEAR, PLAN_YEAR, YEAR, chinese_to_int
from ipwork.normalize.text import PAGE_NUMBER, strip_html

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
_SIGNATURE_DATE = regex.compile(rf"^(?P<y>{PLAN_YEAR})\s*年\s*(?P<m>\d{{1,2}})\s*月(?:\s*\d{{1,2}}\s*日)?$")
_CN_SIGNATURE = regex.compile(rf"^(?P<y>{PLAN_CHINESE_YEAR})\s*年\s*(?P<m>[一二三四五六七八九十]{{1,2}})\s*月")


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
