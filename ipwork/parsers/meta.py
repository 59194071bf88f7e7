"""Document metadata shared by the layouts: page furniture, title, issuer, year and region."""
from __future__ import annotations

from pathlib import Path

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.regions import region_of_title
from ipwork.normalize.text import strip_html

_FURNITURE = [
    ("navigation", regex.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|位置|首页|主页|网站首页)(?:[:：>\s]|$)|^\s*[>»›]|(?:\S+\s*[>»›]\s*){2,}")),
    ("source", regex.compile(r"^(?:信息来源|来源|稿源|发布机构|发布单位|发文机关|作者|编辑|责任编辑|发布时间|发布日期|成文日期|日期|时间|浏览次数|阅读次数|点击数|访问量)[:：]")),
    ("source", regex.compile(r"(?:阅读次数|浏览次数|点击次数|选择阅读字号|字号[:：]?\s*\[|【字体|【打印|【关闭|打印本页|关闭窗口)")),
    ("image", regex.compile(r"^\S+\.(?:jpe?g|png|gif|bmp|webp|tiff?)$", regex.I)),
    ("caption", regex.compile(r"^[▲△▼]|^图\s*\d*\s*[:：]")),
    ("notice", regex.compile(r"图片来源|如侵权|联系删除|版权所有|Copyright|ICP备|扫一扫|分享到|上一篇|下一篇|相关阅读|相关链接|返回顶部", regex.I)),
    ("cover", regex.compile(r"^(?:各|有关)\S{0,60}[:：]$|现将.{0,80}印发给你们|请结合.{0,30}(?:贯彻|认真)(?:执行|落实)|^附件\s*\d*\s*[:：]?")),
    ("signature", regex.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?$")),
    ("page", regex.compile(r"^[-—–]?\s*\d{1,4}\s*[-—–]?$|^第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$")),
]
_PLAN_WORDS = regex.compile(r"工作要点|工作重点|要点|推进计划|行动计划|实施计划|实施方案|工作计划|工作方案|规划|纲要|计划|方案|汇编|任务")
_NOTICE_TITLE = regex.compile(r"^(?P<issuer>.{0,40}?)关于印发[《<](?P<title>.+?)[》>]的通知$")
_ISSUER_PREFIX = regex.compile(
    r"^(?P<issuer>\p{Han}{2,30}?(?:知识产权局|知识产权办公室|知识产权战略实施工作领导小组办公室|人民政府办公厅|人民政府|办公厅|领导小组|领导小组办公室|委员会|管理局|局|厅|委))(?=\s*\d{4}|关于|$)")
_SOURCE_VALUE = regex.compile(r"^(?:信息来源|发布机构|发布单位|发文机关)[:：]\s*(?P<v>\S.*)$")
_PERIOD = regex.compile(r"(?P<a>(?:19|20)\d{2})\s*(?:年)?\s*[-—–~～至到]\s*(?P<b>(?:19|20)\d{2})")
_YEAR = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年")
_FILE_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def furniture_kind(text: str) -> str | None:
    """Which kind of page furniture a line is (navigation, source, image…), or None."""
    folded = fold(strip_html(text)).strip()
    for kind, pattern in _FURNITURE:
        if pattern.search(folded):
            return kind
    return None


def is_title_line(text: str) -> bool:
    """A short line naming a plan (工作要点, 行动计划…), or a whole line in 《…》."""
    folded = fold(text).strip()
    if not folded or len(folded) > 90 or folded.rstrip("。").count("。"):
        return False
    if folded.startswith("《") and folded.endswith("》"):
        return True
    return bool(_PLAN_WORDS.search(folded)) and not folded.endswith(("。", "；", "：", ":"))


def clean_title(text: str) -> tuple[str, str | None]:
    """``(title, issuer)`` from a title line: 《…》 taken off, 关于印发《X》的通知 read as X."""
    text = " ".join(strip_html(text).split())
    m = _NOTICE_TITLE.match(fold(text))
    if m:
        issuer = text[:m.end("issuer")].strip() or None
        return text[m.start("title"):m.end("title")], issuer
    if fold(text).startswith("《") and fold(text).endswith("》"):
        text = text[1:-1]
    return text, issuer_in_title(text)


def issuer_in_title(title: str) -> str | None:
    m = _ISSUER_PREFIX.match(fold(title))
    return title[:m.end("issuer")] if m else None


def issuer_from_source_line(text: str) -> str | None:
    m = _SOURCE_VALUE.match(fold(text).strip())
    return text.strip()[m.start("v"):].strip() if m else None


def year_and_period(*texts: str | None) -> tuple[int | None, str | None]:
    """The plan's year (a multi-year plan's first) and its period, from the first text naming one."""
    for text in texts:
        if not text:
            continue
        folded = fold(text)
        if m := _PERIOD.search(folded):
            return int(m.group("a")), f"{m.group('a')}-{m.group('b')}"
        if m := _YEAR.search(folded):
            return int(m.group("y")), None
    return None, None


def year_from_filename(name: str) -> int | None:
    m = _FILE_YEAR.search(Path(name).name)
    return int(m.group(1)) if m else None


def document_meta(title: str | None, issuer: str | None, name: str) -> dict:
    """Title-derived metadata, falling back to the file name for the year."""
    year, period = year_and_period(title)
    if year is None:
        year = year_from_filename(name)
    return {"title": title, "issuer": issuer, "year": year, "period": period,
            "region": region_of_title(title or "", issuer)}
