"""The output formats: one entry each, with its file extensions, its writer and what it can do.

``ipwork.cli`` reads these at start-up to declare its options, so this module imports nothing:
a writer is named as ``module:Class`` and imported only when something is written
(``ipwork.writer.make_writer``).
"""
from __future__ import annotations


class OutputFormat:
    """One output format.

    ``extensions``: the first is the one ipwork writes.  ``stream``: standard output, a pipe or
    one file per input can carry it.  ``binary``: its files are bytes, not UTF-8 text.
    ``adds``: written into a working copy of the file there (a database: documents already in
    it are replaced, others kept), not written anew.  ``columns``: one cell a field under a
    header, so nested values (a diff's records) are flattened.  ``combined``: ``batch
    --combined`` can write every file's records into it.  ``results``: ``stats`` and ``diff``
    can write their rows in it.  ``what`` names a file of the format in messages.
    """

    def __init__(self, name: str, extensions: tuple[str, ...], writer: str, what: str, *, stream: bool = True,
                 binary: bool = False, adds: bool = False, columns: bool = False, combined: bool = True,
                 results: bool = True):
        self.name, self.extensions, self.writer, self.what = name, extensions, writer, what
        self.stream, self.binary, self.adds, self.columns = stream, binary, adds, columns
        self.combined, self.results = combined, results


OUTPUT_FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("json", (".json",), "ipwork.writers:JsonWriter", "a JSON file", combined=False),
    OutputFormat("jsonl", (".jsonl", ".ndjson"), "ipwork.writers:JsonlWriter", "a JSON Lines file"),
    OutputFormat("csv", (".csv",), "ipwork.writers:CsvWriter", "a CSV file", columns=True),
    OutputFormat("sqlite", (".db", ".sqlite", ".sqlite3"), "ipwork.database:SqliteWriter", "a database file",
                 stream=False, binary=True, adds=True, results=False),
    OutputFormat("xlsx", (".xlsx",), "ipwork.workbook:WorkbookWriter", "an Excel workbook", stream=False,
                 binary=True, columns=True),
)}
FORMATS = tuple(OUTPUT_FORMATS)  # what ``parse`` writes
TEXT_FORMATS = tuple(f.name for f in OUTPUT_FORMATS.values() if f.stream)  # standard output, one file per input
COMBINED_FORMATS = tuple(f.name for f in OUTPUT_FORMATS.values() if f.combined)  # ``batch --combined``
ROW_FORMATS = tuple(f.name for f in OUTPUT_FORMATS.values() if f.results)  # ``stats`` and ``diff``


def format_of(path: str) -> str | None:
    """The output format a file name's extension asks for (``plan.csv`` -> csv), if any."""
    for fmt in OUTPUT_FORMATS.values():
        if path.lower().endswith(fmt.extensions):
            return fmt.name
    return None


def extension(fmt: str) -> str:
    """The extension a file of ``fmt`` is written with: jsonl -> ``.jsonl``."""
    return OUTPUT_FORMATS[fmt].extensions[0]


def extensions(*fmts: str) -> tuple[str, ...]:
    """Every extension that names one of ``fmts``, in the registry's order."""
    return tuple(ext for fmt in OUTPUT_FORMATS.values() if fmt.name in fmts for ext in fmt.extensions)
