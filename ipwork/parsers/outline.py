"""Outline documents: headings 一、/（一）/1./（1）/①/——— over paragraphs.

工作要点 as published on the web, action plans, news reports of priorities.  Heading levels
come from the order in which marker kinds first appear (一、 above （一） above 1. …), so a
document that starts at （一） or skips a level parses the same way.  Leaves are items: a
heading with no sub-headings (``1.推动…。围绕…``) or a paragraph under a heading that has no
text of its own (``一、深入实施知识产权战略`` then paragraphs); an item's title is its lead
sentence and a trailing ``（条法司、代理人协会）`` names its departments.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.departments import department_likeness
from ipwork.normalize.numerals import CHINESE_NUMERAL, numeral_value
from ipwork.normalize.text import sentence_end, strip_end, strip_html
from ipwork.parsers import meta
from ipwork.parsers.base import Layout, RawItem, RawPlan, RawSection
from ipwork.readers import SourceText

_CN = f"[{CHINESE_NUMERAL}]+"
MARKERS = (
    ("chapter", regex.compile(rf"^第\s*({_CN}|\d+)\s*(?:章|部分|篇)\s*")),
    ("cn", regex.compile(rf"^({_CN})\s*[、.]\s*")),
    ("pcn", regex.compile(rf"^\(\s*({_CN})\s*\)\s*[、.]?\s*")),
    ("ar", regex.compile(r"^(\d{1,3})\s*(?:、|\.(?!\d))\s*")),
    ("par", regex.compile(r"^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*")),
    ("circ", regex.compile(r"^([①-⑳])\s*")),
    ("bullet", regex.compile(r"^(?:[—－─━-]{2,}|[·•●■◆▪])\s*")),
)
_TERMINAL = "。！？；：:;!?…”’）)」』】》"
_DEPT_TAG = regex.compile(r"[（(](?P<tag>[^（）()]{2,120})[）)]\s*$")
_ROLE_IN_TAG = regex.compile(r"负责|牵头|配合|单位[:：]|部门[:：]")


def heading_marker(text: str) -> tuple[str, str | None, int] | None:
    """``(kind, number, end of marker)`` if the line opens with a heading marker."""
    folded = fold(text)
    for kind, pattern in MARKERS:
        m = pattern.match(folded)
        if m and m.end() < len(folded.rstrip()):
            return kind, (m.group(1) if m.groups() else None), m.end()
    return None


def split_heading(rest: str) -> tuple[str, str]:
    """A heading's own title and the text that follows it on the line."""
    end = sentence_end(rest)
    colon = fold(rest).find(":")
    if 0 < colon < min(end, 40) and end - colon > 2:
        end = colon + 1
    return strip_end(rest[:end].strip()), rest[end:].strip()


def department_tag(text: str) -> tuple[str, str | None]:
    """``(text without its trailing department tag, the tag)``."""
    folded = fold(text)
    m = _DEPT_TAG.search(folded)
    if not m:
        return text, None
    tag = text[m.start("tag"):m.end("tag")]
    before = folded[:m.start()].rstrip()
    if before and before[-1] not in "。；;！？!?" and not _ROLE_IN_TAG.search(m.group("tag")):
        return text, None
    if not (_ROLE_IN_TAG.search(m.group("tag")) or department_likeness(tag) >= 0.75):
        return text, None
    return text[:m.start()].rstrip(), tag


@dataclass
class _Node:
    kind: str
    number: str | None
    title: str
    body: str
    lines: list[int]
    children: list["_Node"] = field(default_factory=list)
    paragraphs: list[tuple[list[int], str]] = field(default_factory=list)

    def is_section(self) -> bool:
        return bool(self.children) or (bool(self.paragraphs) and not self.body)


def _ends_sentence(text: str) -> bool:
    return fold(text).rstrip()[-1:] in _TERMINAL


class _Builder:
    """Turns classified lines into a heading tree, paragraphs attached to the open heading."""

    def __init__(self) -> None:
        self.root = _Node("root", None, "", "", [])
        self.stack: list[_Node] = [self.root]
        self.kinds: list[str] = []
        self.last_para_open = False

    def heading(self, kind: str, number: str | None, rest: str, line: int) -> None:
        if kind in self.kinds:
            depth = self.kinds.index(kind)
            del self.kinds[depth + 1:]
        else:
            self.kinds.append(kind)
            depth = len(self.kinds) - 1
        del self.stack[depth + 1:]
        title, body = split_heading(rest)
        node = _Node(kind, number, title, body, [line])
        self.stack[-1].children.append(node)
        self.stack.append(node)
        self.last_para_open = bool(body) and not _ends_sentence(body)

    def paragraph(self, text: str, line: int, wrapped: bool) -> None:
        node = self.stack[-1]
        if wrapped and self.last_para_open:
            if node.paragraphs:
                lines, prev = node.paragraphs[-1]
                node.paragraphs[-1] = (lines + [line], prev + text)
            else:
                node.body += text
                node.lines.append(line)
        else:
            node.paragraphs.append(([line], text))
        self.last_para_open = not _ends_sentence(text)


class OutlineLayout(Layout):
    name = "outline"
    title = "Outline document (工作要点, 行动计划, news reports)"
    description = ("Headings 一、 （一） 1. （1） ① ——— over paragraphs; items are the leaves, "
                   "with trailing department tags such as （条法司、代理人协会）.")
    example = "ipwork parse samples/2013_cnipa_work_points.txt"

    def sniff(self, src: SourceText) -> float:
        kinds = [h[0] for line in src.nonblank()[:2000]
                 if "\t" not in line.text and (h := heading_marker(line.text.strip()))]
        if not kinds:
            return 0.0
        distinct = len(set(kinds) - {"bullet"})
        return min(0.75, 0.2 + 0.05 * len(kinds) + 0.1 * distinct)

    def parse(self, src: SourceText) -> list[RawPlan]:
        plan = RawPlan()
        lines = [(ln.no, strip_html(ln.text).strip()) for ln in src.lines]
        lines = [(no, t) for no, t in lines if t]
        title_at = self._title_index(lines)
        builder = _Builder()
        preamble_done = False
        prev_no = None
        for i, (no, text) in enumerate(lines):
            wrapped = prev_no is not None and no == prev_no + 1
            prev_no = no
            if self._is_meta(plan, i, title_at, no, text):
                continue
            marker = heading_marker(text)
            if marker:
                preamble_done = True
                kind, number, end = marker
                builder.heading(kind, number, text[end:].strip(), no)
            elif not preamble_done:
                plan.preamble.append((no, text))
            else:
                builder.paragraph(text, no, wrapped)
        self._finish(plan, builder.root, src.name)
        return [plan]

    @staticmethod
    def _title_index(lines: list[tuple[int, str]]) -> int | None:
        for i, (_, text) in enumerate(lines[:40]):
            if heading_marker(text):
                return None
            if not meta.furniture_kind(text) and meta.is_title_line(text):
                return i
        return None

    def _is_meta(self, plan: RawPlan, i: int, title_at: int | None, no: int, text: str) -> bool:
        if meta.furniture_kind(text):
            plan.meta_lines.add(no)
            plan.issuer = plan.issuer or meta.issuer_from_source_line(text)
            return True
        if title_at is not None and i == title_at:
            plan.title, issuer = meta.clean_title(text)
            plan.issuer = issuer or plan.issuer
            plan.meta_lines.add(no)
            return True
        if title_at is not None and i < title_at and len(text) <= 30 and "。" not in text:
            plan.meta_lines.add(no)  # site navigation above the title
            return True
        return False

    def _finish(self, plan: RawPlan, root: _Node, name: str) -> None:
        info = meta.document_meta(plan.title, plan.issuer, name)
        plan.year, plan.period, plan.region = info["year"], info["period"], info["region"]
        plan.issuer = plan.issuer or info["issuer"]
        self._check_numbering(plan, root)
        for child in root.children:
            self._walk(plan, child, [])
        for lines, text in root.paragraphs:
            plan.preamble.append((lines[0], text))
        if root.body:
            plan.preamble.append((root.lines[0] if root.lines else 1, root.body))

    def _walk(self, plan: RawPlan, node: _Node, path: list[str]) -> None:
        if not node.is_section():
            if self._is_empty_section(node, path):
                plan.warn(node.lines[0], "empty-heading", f"heading {node.title!r} has no items")
                plan.sections.append(RawSection(node.title, path + [node.title], node.number, None, node.lines[0]))
                return
            plan.items.append(self._leaf_item(node, path))
            return
        own = path + [node.title]
        intro = " ".join([node.body] + ([t for _, t in node.paragraphs] if node.children else [])).strip()
        plan.sections.append(RawSection(node.title, own, node.number, intro or None, node.lines[0]))
        plan.meta_lines.update(node.lines)
        if node.children:
            plan.meta_lines.update(no for lines, _ in node.paragraphs for no in lines)
            for child in node.children:
                self._walk(plan, child, own)
        else:
            for lines, text in node.paragraphs:
                plan.items.append(self._paragraph_item(text, lines, own))

    @staticmethod
    def _is_empty_section(node: _Node, path: list[str]) -> bool:
        return not node.body and not path and node.kind in ("cn", "chapter")

    @staticmethod
    def _leaf_item(node: _Node, path: list[str]) -> RawItem:
        body = " ".join([node.body] + [t for _, t in node.paragraphs]).strip()
        body, tag = department_tag(body)
        title = node.title
        if not body:
            title, tag2 = department_tag(title)
            tag = tag or tag2
        lines = node.lines + [no for ls, _ in node.paragraphs for no in ls]
        number = node.number if node.kind != "bullet" else None
        return RawItem(title=strip_end(title), path=path, lines=lines, text=body, number=number,
                       departments=[tag] if tag else [])

    @staticmethod
    def _paragraph_item(text: str, lines: list[int], path: list[str]) -> RawItem:
        text, tag = department_tag(text)
        end = sentence_end(text)
        return RawItem(title=strip_end(text[:end].strip()), path=path, lines=lines,
                       text=text[end:].strip(), departments=[tag] if tag else [])

    def _check_numbering(self, plan: RawPlan, node: _Node) -> None:
        expected: dict[str, int] = {}
        for child in node.children:
            value = numeral_value(child.number) if child.number else None
            if value is not None:
                want = expected.get(child.kind, value)
                if value != want:
                    what = "repeated" if value < want else "gap in"
                    plan.warn(child.lines[0], "numbering", f"{what} numbering: {child.number} where {want} was expected")
                expected[child.kind] = value + 1
            self._check_numbering(plan, child)
