"""Where ``stats`` and ``diff`` take their records from: plans, parsed as they are read, or
ipwork's own outputs read back (JSON Lines, JSON, SQLite), from files or folders.

A record met twice (a folder holding both a plan and its output, or a batch's per-file
outputs and its combined file) is counted once: record ids are stable.
"""
from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from ipwork.errors import InputError, IpworkError
from ipwork.formats import extensions, format_of
from ipwork.pipeline import Options, parse_source
from ipwork.readers import READABLE_EXTENSIONS, read_bytes, read_path, unreadable
from ipwork.schema import Document, Record

# What a folder is searched for: the plans ``batch`` converts, and the ipwork outputs read back.
FOLDER_GLOBS = tuple(f"*{ext}" for ext in READABLE_EXTENSIONS + extensions("jsonl", "json", "sqlite"))


def expand(paths: Iterable[str]) -> list[str]:
    """Files as given; a folder becomes the plans and outputs under it, in a stable order."""
    from ipwork.batch import discover

    found: list[str] = []
    for path in paths:
        if path != "-" and os.path.isdir(path):
            inside = discover(Path(path), FOLDER_GLOBS)
            if not inside:
                raise InputError(f"no plans or ipwork outputs in this folder ({' '.join(FOLDER_GLOBS)})", file=path)
            found.extend(str(p) for p in inside)
        else:
            found.append(path)
    return found


def _json_lines(fp: IO[str], name: str) -> Iterator[Record]:
    for number, line in enumerate(fp, 1):
        if line.strip():
            yield _validated(lambda: Record.model_validate_json(line), name, number)


def _json_documents(fp: IO[str], name: str) -> Iterator[Record]:
    try:
        data = json.load(fp)
    except ValueError as e:
        raise InputError(f"not JSON: {e}", file=name) from None
    if not isinstance(data, list):
        raise InputError("not an ipwork JSON output (a list of documents)", file=name)
    for doc in data:
        yield from _validated(lambda: Document.model_validate(doc), name).records()


def _read_file(path: str, read: Callable[[IO[str], str], Iterator[Record]]) -> Iterator[Record]:
    try:
        fp = open(path, encoding="utf-8-sig")
    except OSError as e:
        raise unreadable(e, path) from None
    with fp:
        yield from read(fp, path)


def _standard_input(options: Options) -> Iterator[Record]:
    """Records piped in (``ipwork parse … -f jsonl | ipwork stats -``), or a plan."""
    if sys.stdin is None:
        raise InputError("standard input is closed", file="-")
    stream = sys.stdin.buffer
    if hasattr(stream, "peek"):  # a pipe or file: look at the first byte without taking it
        head = stream.peek(1)[:1]
    else:
        stream = io.BytesIO(stream.read())
        head = stream.getvalue()[:1]
    if head in (b"{", b"["):
        text = io.TextIOWrapper(stream, encoding="utf-8-sig")
        yield from (_json_lines if head == b"{" else _json_documents)(text, "-")
        return
    for doc in parse_source(read_bytes(stream.read(), "-", options.encoding), options):
        yield from doc.records()


def _validated(make: Callable, path: str, line: int | None = None):
    from pydantic import ValidationError

    try:
        return make()
    except (ValidationError, ValueError) as e:
        first = str(e).splitlines()[0] if isinstance(e, ValidationError) else str(e)
        raise InputError(f"not an ipwork record ({first})", file=path, line=line) from None


def _parsed(path: str, options: Options) -> Iterator[Record]:
    for doc in parse_source(read_path(path, options.encoding, options.jobs), options):
        yield from doc.records()


def records_of(path: str, options: Options = Options()) -> Iterator[Record]:
    """The records one input holds: an ipwork output read back, or a plan parsed."""
    if path == "-":
        return _standard_input(options)
    fmt = format_of(path)
    if fmt == "jsonl":
        return _read_file(path, _json_lines)
    if fmt == "json":
        return _read_file(path, _json_documents)
    if fmt == "sqlite":
        from ipwork.database import read_records

        return read_records(path)
    if fmt == "csv":
        raise InputError("CSV is for spreadsheets; give ipwork the .jsonl, .json or .db output, or the plan",
                         file=path)
    return _parsed(path, options)


class Inputs:
    """Records of many inputs, each once; a bad input is reported and the others still read."""

    def __init__(self, paths: Iterable[str], options: Options = Options(),
                 on_error: Callable[[IpworkError], None] | None = None):
        self.paths = expand(paths)
        self.options = options
        self.on_error = on_error
        self.errors: list[IpworkError] = []
        self.repeated = 0

    def __iter__(self) -> Iterator[Record]:
        seen: set[str] = set()
        for path in self.paths:
            try:
                for record in records_of(path, self.options):
                    if record.id in seen:
                        self.repeated += 1
                        continue
                    seen.add(record.id)
                    yield record
            except IpworkError as e:
                self.errors.append(e)
                if self.on_error:
                    self.on_error(e)

    @property
    def exit_code(self) -> int:
        return max((e.exit_code for e in self.errors), default=0)
