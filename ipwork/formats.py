"""Output formats by name and by file extension.

``ipwork.cli`` reads these at start-up to declare its options, so this module imports nothing.
"""
from __future__ import annotations

FORMATS = ("json", "jsonl", "csv", "sqlite")
TEXT_FORMATS = ("json", "jsonl", "csv")  # those a stream can carry (standard output, one file per input)
# File extensions and the format each names; the first of a format is the one ipwork writes.
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
              ".db": "sqlite", ".sqlite": "sqlite", ".sqlite3": "sqlite"}


def format_of(path: str) -> str | None:
    """The output format a file name's extension asks for (``plan.csv`` -> csv), if any."""
    for extension, fmt in EXTENSIONS.items():
        if path.lower().endswith(extension):
            return fmt
    return None


def extension(fmt: str) -> str:
    """The extension a file of ``fmt`` is written with: jsonl -> ``.jsonl``."""
    return next(ext for ext, named in EXTENSIONS.items() if named == fmt)


def extensions(*fmts: str) -> tuple[str, ...]:
    """Every extension that names one of ``fmts``."""
    return tuple(ext for ext, named in EXTENSIONS.items() if named in fmts)
