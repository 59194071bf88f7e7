"""The one text model every parser reads: numbered lines, with their PDF page where known."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    no: int
    text: str
    page: int | None = None


@dataclass
class SourceText:
    """A document as text: ``lines[i].no`` is the line a record's ``source.line`` cites."""

    name: str
    lines: list[Line]
    encoding: str = "utf-8"
    kind: str = "text"
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, name: str, text: str, **kw) -> "SourceText":
        return cls(name, [Line(i, t) for i, t in enumerate(split_lines(text), 1)], **kw)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def nonblank(self) -> list[Line]:
        return [line for line in self.lines if line.text.strip()]

    def page_of(self, no: int) -> int | None:
        for line in self.lines:
            if line.no == no:
                return line.page
        return None


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: CRLF, CR and form feeds all end a line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return text.split("\n")
