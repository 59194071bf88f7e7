"""The one-pass forms of scans that once went back to the start of a text for every match give
what the plain scans give.  Each plain scan is written out here as the reference, and both are
run on generated texts over the characters that matter to them."""
from __future__ import annotations

import bisect
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipwork import diff
from ipwork.normalize import chars
from ipwork.normalize.chars import fold
from ipwork.normalize.departments import _is_name, _NAME_SPLIT, _split_names, department_likeness
from ipwork.parsers import tags, tasktable, wrapped, years
from ipwork.readers import Line, SourceText
from ipwork.readers.source import join_pieces


def texts(*pieces: str, max_size: int = 40):
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# Task table: the next task number at a cell's boundary after a position.

def _find_by_scan(printed: tasktable._Printed, pos: int, value: int, loose: bool):
    found = printed.at.get(value, [])
    for i in range(bisect.bisect_left(found, (pos,)), len(found)):
        start, end, n = found[i]
        if loose or tasktable._at_boundary(printed.folded, start, pos):
            return (start, end, n)
    return None


@settings(max_examples=300, deadline=None)
@given(text=texts("1.", "2.", "3.", "附件", "按", "、", "。", " ", "\n", "甲", "年内完成"),
       asks=st.lists(st.tuples(st.integers(0, 80), st.integers(1, 3), st.booleans()), max_size=12))
def test_task_marks_found_once_are_those_a_scan_finds(text, asks):
    printed = tasktable._Printed(tasktable._TASK, text, "task")
    for pos, value, loose in sorted(asks):
        mark = printed.find(pos, value, loose)
        found = (mark.start, mark.end, mark.number) if mark else None
        assert found == _find_by_scan(printed, pos, value, loose)


def test_tasks_citing_annex_numbers_keep_their_numbering():
    tasks = "".join(f"{n}.推动第{n}项工作。按附件1、附件2要求开展。局内:协调司省份:各省必做年内完成 " for n in range(1, 6))
    src = SourceText.from_text("plan.txt", "2017年推进计划\n工作任务 任务目标 落实举措 执行部门(单位) 完成时间\n"
                                           "一、主体任务\n(一)完善制度。\n" + tasks)
    [plan] = tasktable.TaskTableLayout().parse(src)
    assert [(i.number, i.title) for i in plan.items] == [(str(n), f"推动第{n}项工作") for n in range(1, 6)]


# Plan metadata: years that are targets, reviews or inside a cited title are not the plan's.

def _stated_years_by_scan(text: str) -> list[int]:
    folded = fold(text)
    excluded = [m.span() for m in years._NOT_PLAN_YEAR.finditer(folded)]
    found = []
    for pattern in years._STATED_YEAR:
        for m in pattern.finditer(folded):
            pos = m.start("y")
            opened = folded.rfind("《", 0, pos)
            cited = opened >= 0 and folded.find("》", opened, pos) < 0
            if not any(a <= pos < b for a, b in excluded) and not cited:
                found.append(int(m.group("y")))
    return found


@settings(max_examples=300, deadline=None)
@given(text=texts("到", "明确", "2017", "2020", "年", "工作要点", "工作总结", "《", "》", "。", "，", "是"))
def test_stated_years_are_those_a_scan_finds(text):
    assert list(years.stated_years(text)) == _stated_years_by_scan(text)


# Readers: pieces of a wrapped text joined again.

@pytest.mark.parametrize("pieces, joined", [
    (["推进知识产权", "工作"], "推进知识产权工作"),
    (["the World Intellectual", "Property Organization"], "the World Intellectual Property Organization"),
    (["WIPO", "", "2017年"], "WIPO 2017年"),
    (["", "甲", ""], "甲"),
    (["PCT", "、马德里"], "PCT、马德里"),
    ([], ""),
])
def test_join_pieces(pieces, joined):
    assert join_pieces(pieces) == joined


@given(pieces=st.lists(st.text(alphabet="aZ1 甲、", max_size=4), max_size=12))
def test_join_pieces_joins_as_two_at_a_time(pieces):
    text = ""
    for piece in pieces:
        latin = text and piece and text[-1].isascii() and text[-1].isalpha() and piece[0].isascii() and piece[0].isalnum()
        text = f"{text} {piece}" if latin else text + piece
    assert join_pieces(pieces) == text


# Tags and departments.

def _labelled_tail_by_scan(text: str, folded: str):
    for m in tags._LABEL.finditer(folded):
        before = folded[:m.start()].rstrip()
        if before and before[-1] not in chars.SENTENCE_END:
            continue
        rest = text[m.start():]
        if "。" in fold(rest).rstrip("。") or not tags.split_departments(tags._label_form(rest)):
            continue
        return text[:m.start()].rstrip(), tags._label_form(rest).rstrip("。"), False
    return None


def _split_at_tags_by_scan(text: str) -> list[str]:
    folded = fold(text)
    if not tags._STRONG_ROLE.search(folded):
        return [text]
    pairs = tags._matched_pairs(folded)
    pieces, start = [], 0
    for m in tags._CLOSE_BEFORE_TEXT.finditer(folded):
        opening = pairs.get(m.start())
        if opening is None or opening < start:
            continue
        before = folded[start:opening].rstrip()
        if before and before[-1] in chars.SENTENCE_END and tags._STRONG_ROLE.search(folded[opening:m.start()]):
            pieces.append(text[start:m.end()].strip())
            start = m.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


TAG_TEXT = texts("推进工作", "。", "；", " ", "牵头单位：", "【责任单位】", "省知识产权局", "负责", "（", "）", "、", "甲")


@settings(max_examples=300, deadline=None)
@given(text=TAG_TEXT)
def test_labelled_tags_are_those_a_scan_finds(text):
    assert tags._labelled_tail(text, fold(text)) == _labelled_tail_by_scan(text, fold(text))


@settings(max_examples=300, deadline=None)
@given(text=TAG_TEXT)
def test_tagged_pieces_are_those_a_scan_finds(text):
    assert tags.split_at_tags(text) == _split_at_tags_by_scan(text)


def _split_names_by_scan(clause: str) -> list[tuple[str, str]]:
    names, pos, connector = [], 0, ""
    folded = fold(clause)
    for m in _NAME_SPLIT.finditer(folded):
        depth = folded.count("(", 0, m.start()) - folded.count(")", 0, m.start())
        if depth > 0 or (m.group(0) not in "、/" and not _is_name(clause[pos:m.start()].strip())):
            continue
        names.append((clause[pos:m.start()], connector))
        pos, connector = m.end(), m.group(0)
    names.append((clause[pos:], connector))
    return names


@settings(max_examples=300, deadline=None)
@given(clause=texts("省知识产权局", "、", "及", "会同", "等", "(", ")", "（", "）", "办公室", "甲"))
def test_department_names_are_those_a_scan_finds(clause):
    assert _split_names(clause) == _split_names_by_scan(clause)


# Wrapped compilation cells: the departments a long cell swallowed.

def _split_department_tail_by_scan(cell: list[Line]) -> list[list[Line]]:
    for i in range(1, len(cell)):
        if department_likeness(wrapped.cell_text(cell[i:])) == 1.0 and department_likeness(wrapped.cell_text(cell[:i])) < 0.3:
            return [cell[:i], cell[i:]]
    return [cell]


@settings(max_examples=200, deadline=None)
@given(fragments=st.lists(st.sampled_from(["完善知识产权保护体系建设工作机制" * 3, "省知识产权局、", "省工商局",
                                           "、省科技厅", "推进", "<p>", "&amp;", "。"]), min_size=1, max_size=30))
def test_departments_given_back_by_a_long_cell_are_those_a_scan_finds(fragments):
    cell = [Line(n, text) for n, text in enumerate(fragments, 1)]
    assert wrapped._split_department_tail(cell) == _split_department_tail_by_scan(cell)


# Diff: removed items after the pair that preceded them in the old plan.

@given(kept=st.lists(st.integers(0, 50), unique=True, max_size=15),
       gone=st.lists(st.integers(0, 50), unique=True, max_size=15))
def test_removed_items_are_placed_where_a_scan_places_them(kept, gone):
    gone = [seq for seq in gone if seq not in kept]
    pairs = [(SimpleNamespace(seq=seq), object(), 1.0) for seq in kept] + [(None, object(), None)]
    removed = [(SimpleNamespace(seq=seq), None, None) for seq in gone]
    placed = {p[0].seq: k for k, p in enumerate(pairs) if p[0]}
    after: dict[int, list] = {}
    for item in removed:
        earlier = [seq for seq in placed if seq < item[0].seq]
        after.setdefault(placed[max(earlier)] if earlier else -1, []).append(item)
    want = list(after.get(-1, []))
    for k, pair in enumerate(pairs):
        want += [pair] + after.get(k, [])
    assert diff._interleave(pairs, removed) == want


# The fold cache.

def test_folds_of_long_texts_are_kept_up_to_a_total_length_only():
    """Regression: every text folded was kept, a whole document or each growing prefix of one."""
    folds = chars._LongFolds(1000)
    texts = [f"推進第{n}項工作，" * 40 for n in range(10)]
    assert [folds.fold(t) for t in texts] == [t.translate(chars._fold_table()) for t in texts]
    assert folds.size <= 1000 and list(folds.kept) == texts[-len(folds.kept):]
    assert folds.fold(texts[-1]) == fold(texts[-1]) and list(folds.kept)[-1] == texts[-1]
    folds.fold("長" * 2000)
    assert "長" * 2000 not in folds.kept and folds.size <= 1000
