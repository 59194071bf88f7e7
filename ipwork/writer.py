"""What every output format's writer does, and the writer for a format by its name.

The formats and the class that writes each are listed in ``ipwork.formats``; a writer's module
is imported only when that format is written.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from ipwork.formats import OUTPUT_FORMATS

if TYPE_CHECKING:
    from ipwork.schema import Document, Notice, Record


class Writer:
    """Receives documents one at a time, so output streams as documents finish.

    ``out`` is where ``ipwork.output`` opened the destination: a text ``Sink``, a ``Sink`` over a
    binary file, or a database's ``DatabaseSink``, as the format's entry says.  ``bom`` starts
    a text file with a UTF-8 byte-order mark, for Excel (a format without one ignores it).
    """

    def __init__(self, out: IO, bom: bool = False):
        self.out = out
        self.bom = bom
        self.items = 0
        self.notices: list[str] = []  # what the user should know about the output (on stderr)

    def begin(self) -> None:
        pass

    def write(self, doc: Document) -> None:
        raise NotImplementedError

    def write_records(self, records: Iterable[Record]) -> None:
        """Records of several files at once (``batch --combined``), for the formats that can."""
        raise NotImplementedError

    def write_warnings(self, file: str, warnings: Iterable[Notice]) -> None:
        """The warnings about one input, for the formats that list them apart (a workbook's sheet);
        JSON keeps them in its documents, and the others have no place for them."""

    def write_rows(self, rows: Iterable[dict], columns: list[str], name: str = "rows") -> int:
        """The whole output of a result: its rows; ``columns`` are the fields a format of columns
        writes, in order; ``name`` says what they are (stats, diff).  Returns the number of rows."""
        raise NotImplementedError

    def end(self) -> None:
        pass


def make_writer(fmt: str, out: IO, bom: bool = False) -> Writer:
    """The writer of the format named ``fmt``, writing to ``out``."""
    module, _, name = OUTPUT_FORMATS[fmt].writer.partition(":")
    return getattr(importlib.import_module(module), name)(out, bom)
