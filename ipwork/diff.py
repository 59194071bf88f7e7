"""``ipwork diff``: what changed between two versions of plans, item by item.

Plans are paired first (by region; several plans of one region by title; one plan on each
side is paired whatever its region), then the items of each pair are aligned by the
similarity of their titles and texts, so that renumbering, moved items and a new year's
rewording do not hide what continues.  Each item is ``unchanged``, ``changed`` (with the
fields that differ and a character diff of its texts), ``added`` or ``removed``.
"""
from __future__ import annotations

import bisect
import difflib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import regex

from ipwork.normalize.chars import fold
from ipwork.normalize.numerals import CHINESE_YEAR, YEAR
from ipwork.schema import Record

# Below this similarity two items are different tasks, not one task reworded.
MIN_SIMILARITY = 0.5
# Fields compared; departments by agency (canonical names: a change of printing or of a collective
# word such as 各有关部门 is no change of agency).
COMPARED = ("path", "title", "text", "deliverable", "departments", "deadline", "obligations")
_NOT_TEXT = regex.compile(r"[\s\p{P}\p{S}]+")
_YEARS = regex.compile(f"{YEAR}|{CHINESE_YEAR}")


@dataclass
class Plan:
    """The records of one plan, in order."""

    records: list[Record]

    @property
    def region(self) -> str | None:
        return self.records[0].region

    @property
    def title(self) -> str:
        first = self.records[0]
        return first.doc_title or first.collection or first.source.file

    def label(self) -> str:
        first = self.records[0]
        return " ".join(str(p) for p in (first.region, first.year) if p) or first.source.file


@dataclass
class Change:
    change: str  # "unchanged", "changed", "added" or "removed"
    old: Record | None
    new: Record | None
    fields: list[str] = field(default_factory=list)
    similarity: float | None = None
    diff: dict[str, str] = field(default_factory=dict)

    @property
    def region(self) -> str | None:
        return (self.new or self.old).region

    def as_dict(self) -> dict:
        return {"change": self.change, "region": self.region, "fields": self.fields,
                "similarity": self.similarity, "old": self.old.model_dump(mode="json") if self.old else None,
                "new": self.new.model_dump(mode="json") if self.new else None, "diff": self.diff}


@dataclass
class PlanDiff:
    old: Plan | None
    new: Plan | None
    changes: list[Change]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("unchanged", "changed", "added", "removed"), 0)
        for c in self.changes:
            counts[c.change] += 1
        return counts

    def label(self) -> str:
        old, new = (p.label() if p else "—" for p in (self.old, self.new))
        if not (self.old and self.new):  # a plan with no partner: say which file it is in
            lone = self.old or self.new
            return f"{old} → {new} ({lone.records[0].source.file})"
        return old if old == new else f"{old} → {new}"


def plans_of(records: Iterable[Record]) -> list[Plan]:
    """Records grouped into their plans (a plan's records come together in every input)."""
    return [Plan(list(group)) for _, group in itertools.groupby(records, key=lambda r: r.doc_id)]


# Similarity


def _letters(text: str) -> str:
    return _NOT_TEXT.sub("", fold(text or ""))


def _bigrams(text: str) -> frozenset[str]:
    letters = _letters(text)
    return frozenset(letters[i:i + 2] for i in range(len(letters) - 1)) or frozenset([letters])


def _dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


@dataclass(frozen=True)
class _Shape:
    """What an item is compared by: its title and its whole wording, as character pairs."""

    title: frozenset
    body: frozenset
    position: float

    @classmethod
    def of(cls, record: Record, index: int, count: int) -> _Shape:
        body = " ".join(filter(None, (record.title, record.text, record.deliverable)))
        return cls(_bigrams(record.title), _bigrams(body), index / max(1, count - 1))


def similarity(a: _Shape, b: _Shape) -> float:
    """Half the title, half the whole wording: an item keeping its title is the same task
    with new specifics (compilations share their 工作内容 titles across years and regions)."""
    return 0.5 * _dice(a.title, b.title) + 0.5 * _dice(a.body, b.body)


def align(old: list[Record], new: list[Record]) -> list[tuple[Record | None, Record | None, float | None]]:
    """Pairs (old, new, similarity): the most similar first, each item in at most one pair,
    ties to the pair whose places in their plans are nearer; unpaired items alone."""
    old_shapes = [_Shape.of(r, i, len(old)) for i, r in enumerate(old)]
    new_shapes = [_Shape.of(r, i, len(new)) for i, r in enumerate(new)]
    candidates = []
    for i, a in enumerate(old_shapes):
        for j, b in enumerate(new_shapes):
            score = similarity(a, b)
            if score >= MIN_SIMILARITY:
                candidates.append((-score, abs(a.position - b.position), i, j))
    candidates.sort()
    by_new: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for negative, _, i, j in candidates:
        if i not in taken and j not in by_new:
            by_new[j] = (i, round(-negative, 3))
            taken.add(i)
    pairs = [(old[by_new[j][0]], r, by_new[j][1]) if j in by_new else (None, r, None) for j, r in enumerate(new)]
    removed = [(r, None, None) for i, r in enumerate(old) if i not in taken]
    return _interleave(pairs, removed)


def _interleave(pairs: list, removed: list) -> list:
    """Removed items placed after the pair that preceded them in the old plan."""
    after: dict[int, list] = {}
    placed = {p[0].seq: k for k, p in enumerate(pairs) if p[0]}
    seqs = sorted(placed)
    for item in removed:
        earlier = bisect.bisect_left(seqs, item[0].seq)  # how many placed seqs come before it
        after.setdefault(placed[seqs[earlier - 1]] if earlier else -1, []).append(item)
    out = list(after.get(-1, []))
    for k, pair in enumerate(pairs):
        out.append(pair)
        out.extend(after.get(k, []))
    return out


# Comparison


def _value(record: Record, name: str):
    return record.agencies() if name == "departments" else getattr(record, name)


def _pieces(old: str, new: str) -> list[tuple[str, str]]:
    """(old, new) pieces, equal ones as (text, text); a one-character equal piece between two
    changes joins them, so that 年内 -> 上半年 reads as one replacement, not three edits."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces = [(old[a1:a2], new[b1:b2]) for _, a1, a2, b1, b2 in matcher.get_opcodes()]
    merged: list[tuple[str, str]] = []
    for k, (a, b) in enumerate(pieces):
        between_changes = a == b and len(a) == 1 and 0 < k < len(pieces) - 1
        if merged and (merged[-1][0] != merged[-1][1] or between_changes) and (a != b or between_changes):
            merged[-1] = (merged[-1][0] + a, merged[-1][1] + b)
        else:
            merged.append((a, b))
    return merged


def inline_diff(old: str, new: str) -> str:
    """``old`` into ``new`` character by character: ``[-removed-]{+added+}``, the rest as it is."""
    out = []
    for a, b in _pieces(old, new):
        if a == b:
            out.append(a)
            continue
        if a:
            out.append(f"[-{a}-]")
        if b:
            out.append(f"{{+{b}+}}")
    return "".join(out)


def compare(old: Record | None, new: Record | None, score: float | None) -> Change:
    if old is None:
        return Change("added", None, new)
    if new is None:
        return Change("removed", old, None)
    fields = [f for f in COMPARED if _value(old, f) != _value(new, f)]
    diffs = {f: _field_diff(_value(old, f), _value(new, f)) for f in fields}
    return Change("changed" if fields else "unchanged", old, new, fields, score, diffs)


def _field_diff(old, new) -> str:
    """A changed field as ``[-removed-]{+added+}``: character by character for texts, member by
    member for lists (departments, path, obligations)."""
    if isinstance(old, list) or isinstance(new, list):
        old, new = old or [], new or []
        members = [f"[-{x}-]" for x in old if x not in new] + [f"{{+{x}+}}" for x in new if x not in old]
        # The same members in another order: the whole list before and after.
        return " ".join(members) or f"[-{' / '.join(old)}-] {{+{' / '.join(new)}+}}"
    return inline_diff(old or "", new or "")


# Plans


_CONTENT_SAMPLE = 4000  # characters of a plan's item titles its likeness is judged on


def _likeness(a: Plan, b: Plan) -> float:
    """How alike two plans of one region are: by their titles without years, or by what their
    items say (two years' plans keep most of their tasks; a news page shares few)."""
    titles = _dice(_bigrams(_YEARS.sub("", a.title)), _bigrams(_YEARS.sub("", b.title)))
    content = _dice(*(_bigrams("".join(r.title for r in p.records)[:_CONTENT_SAMPLE]) for p in (a, b)))
    return max(titles, content)


def pair_plans(old: list[Plan], new: list[Plan]) -> list[tuple[Plan | None, Plan | None]]:
    """Old and new plans paired by region and, within a region, the most alike first (so the
    order of files in a folder does not decide); a plan left without a partner stands alone."""
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])]
    scored = sorted(((_likeness(o, n), i, j) for i, o in enumerate(old) for j, n in enumerate(new)
                     if o.region == n.region), reverse=True)
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in scored:
        if j not in partner and i not in taken:
            partner[j] = i
            taken.add(i)
    pairs: list[tuple[Plan | None, Plan | None]] = [(old[partner[j]] if j in partner else None, plan)
                                                    for j, plan in enumerate(new)]
    pairs.extend((p, None) for i, p in enumerate(old) if i not in taken)
    return pairs


def diff_plans(old: Plan | None, new: Plan | None) -> PlanDiff:
    aligned = align(old.records if old else [], new.records if new else [])
    return PlanDiff(old, new, [compare(a, b, s) for a, b, s in aligned])


def diff(old: Iterable[Record], new: Iterable[Record]) -> Iterator[PlanDiff]:
    """Every plan pair of two sets of records, with its item changes."""
    for a, b in pair_plans(plans_of(old), plans_of(new)):
        yield diff_plans(a, b)


# Output

CSV_COLUMNS = ["change", "region", "old_year", "new_year", "old_id", "new_id", "old_seq", "new_seq",
               "old_title", "new_title", "fields", "similarity", "title_diff", "text_diff"]


def csv_row(change: Change) -> dict:
    old, new = change.old, change.new
    return {"change": change.change, "region": change.region, "old_year": old and old.year,
            "new_year": new and new.year, "old_id": old and old.id, "new_id": new and new.id,
            "old_seq": old and old.seq, "new_seq": new and new.seq, "old_title": old and old.title,
            "new_title": new and new.title, "fields": change.fields, "similarity": change.similarity,
            "title_diff": change.diff.get("title"), "text_diff": change.diff.get("text")}


_MARKS = regex.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", regex.S)


def _styled(marked: str):
    """An ``inline_diff`` for a terminal: removed text struck through in red, added in green."""
    from rich.text import Text

    text, pos = Text(), 0
    for m in _MARKS.finditer(marked):
        text.append(marked[pos:m.start()])
        if m.group(1) is not None:
            text.append(m.group(1), style="red strike")
        else:
            text.append(m.group(2), style="green")
        pos = m.end()
    text.append(marked[pos:])
    return text


def _item(record: Record | None) -> str:
    return f"{record.seq}. {record.title}" if record else ""


def summary(result: PlanDiff) -> str:
    counts = result.counts()
    return f"{result.label()}: " + ", ".join(f"{n} {name}" for name, n in counts.items())


def table(result: PlanDiff, changes: list[Change], styled: bool = True):
    """One plan pair's changes as a rich table, for people; ``styled``: text diffs in colour
    (for a terminal), else with their ``[-…-]{+…+}`` marks."""
    from rich.table import Table
    from rich.text import Text

    colours = {"added": "green", "removed": "red", "changed": "yellow", "unchanged": "dim"}
    view = Table(title=summary(result), title_justify="left", expand=True)
    view.add_column("change")
    for name, ratio in (("old", 1), ("new", 1), ("what changed", 2)):
        view.add_column(name, overflow="fold", ratio=ratio)
    for c in changes:
        lines = [f"{f}: {d}" for f, d in c.diff.items()]
        others = [f for f in c.fields if f not in c.diff]
        if others:
            lines.append(", ".join(others))
        detail = "\n".join(lines)
        view.add_row(Text(c.change, style=colours[c.change]), Text(_item(c.old)), Text(_item(c.new)),
                     _styled(detail) if styled else Text(detail))
    return view
