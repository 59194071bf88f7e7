"""What a layout parser is: metadata as class attributes, ``sniff`` and ``parse``.

A parser knows one family of layouts and nothing of output: it returns ``RawPlan``s whose
fields are the text as printed plus the source lines they came from; ``ipwork.pipeline``
cleans, splits and validates them into records.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ipwork.readers import SourceText

if TYPE_CHECKING:
    from ipwork.schema import WarningCode


@dataclass
class RawItem:
    title: str
    path: list[str]
    lines: list[int]
    text: str = ""
    number: str | None = None
    deliverable: str | None = None
    departments: list[str] = field(default_factory=list)
    deadline: str | None = None
    obligations: list[str] = field(default_factory=list)
    filled_down: list[str] = field(default_factory=list)
    joined_across_pages: bool = False
    other: dict[str, str] = field(default_factory=dict)  # table cells under headers no field stands for
    offset: int | None = None  # where the item starts within its first line, when it starts mid-line
    offset_end: int | None = None  # where it ends within its last line


@dataclass
class RawSection:
    title: str
    path: list[str]
    number: str | None = None
    intro: str | None = None
    line: int | None = None


@dataclass
class RawPlan:
    """One plan as a parser found it; ``meta_lines`` are the lines that are not items."""

    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    year: int | None = None
    period: str | None = None
    collection: str | None = None
    items: list[RawItem] = field(default_factory=list)
    sections: list[RawSection] = field(default_factory=list)
    preamble: list[tuple[int, str]] = field(default_factory=list)
    meta_lines: set[int] = field(default_factory=set)
    warnings: list[tuple[int | None, str, str]] = field(default_factory=list)
    # Clues to the plan's year and region (``evidence.Clue``s), settled by the pipeline.
    year_clues: list = field(default_factory=list)
    region_clues: list = field(default_factory=list)
    region_context: list[str] = field(default_factory=list)  # codes of the places the clues name
    first_line: int = 1
    last_line: int = 10**9

    def warn(self, line: int | None, code: WarningCode, message: str) -> None:
        self.warnings.append((line, code, message))

    def adopt(self, meta) -> None:
        """What the plan's metadata (``evidence.PlanMeta``) says: its title and issuer where it
        found them, and its clues to the year and region."""
        self.title = meta.title or self.title
        self.issuer = meta.issuer or self.issuer
        self.year_clues.extend(meta.years)
        self.region_clues.extend(meta.regions)
        self.region_context.extend(meta.context)


class Layout:
    """Base of every layout parser; subclasses set the class attributes and two methods."""

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    example: ClassVar[str] = ""

    def sniff(self, src: SourceText) -> float:
        """How sure (0..1) this is the layout of ``src``; must never raise."""
        raise NotImplementedError

    def parse(self, src: SourceText) -> Iterable[RawPlan]:
        """The plans ``src`` holds, in order (a generator may yield them as it goes)."""
        raise NotImplementedError
