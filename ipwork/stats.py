"""``ipwork stats``: how many work items per region, year, agency, section, layout or deadline.

Records are counted as they stream past (counts, not records, are kept).  Each group gets
its items, their share of all items, how many agencies its items name and which most often.
Grouping by department counts an item once for each agency it names (so shares add up to
more than 1), by canonical name unless ``printed`` asks for the names as printed; items that
name no single agency (none, or only collective words) fall in the group ``null``.
"""
from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipwork.schema import Record

GROUPS = ("region", "year", "department", "section", "layout", "deadline")
TOP_AGENCIES = 5


def _values(record: Record, by: str, printed: bool) -> list:
    """The group(s) a record falls in for one ``--by`` field."""
    if by == "department":
        return record.agencies(printed) or [None]
    if by == "section":
        return [record.path[0] if record.path else None]
    if by == "deadline":
        return [record.deadline_date.isoformat() if record.deadline_date else None]
    return [getattr(record, by)]


@dataclass
class Group:
    items: int = 0
    agencies: Counter = field(default_factory=Counter)
    printed: Counter = field(default_factory=Counter)


class Tally:
    """Items per group of the ``by`` fields (several: every combination that occurs)."""

    def __init__(self, by: tuple[str, ...], printed: bool = False):
        unknown = [b for b in by if b not in GROUPS]
        if unknown or not by:
            raise ValueError(f"group by {', '.join(GROUPS)}, not {unknown or 'nothing'}")
        self.by, self.printed = tuple(dict.fromkeys(by)), printed
        self.groups: dict[tuple, Group] = defaultdict(Group)
        self.total = 0
        self.plans: set[str] = set()

    def add(self, record: Record) -> None:
        self.total += 1
        self.plans.add(record.doc_id)
        agencies = record.agencies(self.printed)
        for key in itertools.product(*(_values(record, b, self.printed) for b in self.by)):
            group = self.groups[key]
            group.items += 1
            group.agencies.update(agencies)
            if "department" in self.by and not self.printed:
                agency = key[self.by.index("department")]
                group.printed.update(r.name for r in record.department_roles if r.canonical == agency)

    def describe(self) -> str:
        """What was counted: ``1235 items in 35 plans, by region and year``."""
        plans = len(self.plans)
        return (f"{self.total} items in {plans} plan{'s' if plans != 1 else ''}, by {' and '.join(self.by)}"
                + (" (as printed)" if self.printed else ""))

    def add_all(self, records: Iterable[Record]) -> Tally:
        for record in records:
            self.add(record)
        return self

    def rows(self, sort: str = "items", top: int | None = None) -> list[dict]:
        """One dict a group: the ``by`` fields, items, share, agencies, top_agencies (and printed)."""
        def order(entry):
            key, group = entry
            named = tuple((value is None, value if value is not None else "") for value in key)
            return (-group.items, named) if sort == "items" else (named, -group.items)

        rows = []
        for key, group in sorted(self.groups.items(), key=order)[:top]:
            row = dict(zip(self.by, key))
            row.update(items=group.items, share=round(group.items / self.total, 4) if self.total else 0.0,
                       agencies=len(group.agencies),
                       top_agencies=[name for name, _ in group.agencies.most_common(TOP_AGENCIES)])
            if "department" in self.by and not self.printed:
                row["printed"] = [name for name, _ in group.printed.most_common()]
            rows.append(row)
        return rows


def columns(by: tuple[str, ...], printed: bool = False) -> list[str]:
    """The fields of a row, in order (the CSV header)."""
    extra = ["printed"] if "department" in by and not printed else []
    return [*dict.fromkeys(by), "items", "share", "agencies", "top_agencies", *extra]


def _shown(value, limit: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "、".join(value[:limit]) + ("…" if len(value) > limit else "")
    return str(value)


def table(tally: Tally, rows: list[dict]):
    """The rows as a rich table, for people."""
    from rich.table import Table
    from rich.text import Text

    title = tally.describe()
    caption = ("an item naming several agencies counts once for each; — : no single agency named"
               if "department" in tally.by else None)
    view = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    for name in tally.by:
        view.add_column(name)
    view.add_column("items", justify="right")
    view.add_column("share", justify="right")
    view.add_column("agencies", justify="right")
    view.add_column("most involved", overflow="fold")
    printed = "department" in tally.by and not tally.printed
    if printed:
        view.add_column("printed as", overflow="fold")
    for row in rows:
        cells = [_shown(row[b]) for b in tally.by]
        cells += [str(row["items"]), f"{row['share']:.1%}", str(row["agencies"]), _shown(row["top_agencies"])]
        if printed:
            cells.append(_shown(row["printed"], 4))
        view.add_row(*map(Text, cells))
    return view
