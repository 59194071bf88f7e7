"""What a researcher knows of the files of a batch: ``batch DIR --metadata FILE.csv``.

The file has a header naming the columns ``path``, ``region`` and ``year`` (in any order; other
columns are ignored): ``path`` is a file's path relative to DIR (``2019/杭州市/要点.txt``), an empty
``region`` or ``year`` cell says nothing.  Each value is the user's: it wins over what the plan
prints (``year_from``/``region_from`` = user), with a warning where strong printed evidence differs.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ipwork.errors import InputError

COLUMNS = ("path", "region", "year")
YEARS = range(1949, 2101)  # as --year takes them


@dataclass(frozen=True)
class FileMeta:
    year: int | None
    region: str | None
    line: int  # the row's line in the metadata file


def relative_key(path: str) -> str:
    """A path as rows and files are matched: forward slashes, no ``./``, no surrounding space."""
    return str(PurePosixPath(path.strip().replace("\\", "/")))


def read_metadata(path: str) -> dict[str, FileMeta]:
    """The rows of a metadata file by relative path; a bad file or row is an ``InputError``
    naming the file and line."""
    from ipwork.readers import unreadable

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise unreadable(e, path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text: save the metadata file as CSV UTF-8", file=path) from None
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(rows, [])]
    if "path" not in header or not {"region", "year"} & set(header):
        raise InputError("the header must name the columns path and region or year", file=path, line=1)
    at = {name: header.index(name) for name in COLUMNS if name in header}
    found: dict[str, FileMeta] = {}
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in at.items()}
        if not cells["path"]:
            raise InputError("a row without a path", file=path, line=line)
        key = relative_key(cells["path"])
        if key in found:
            raise InputError(f"{cells['path']!r} is listed twice (line {found[key].line} too)", file=path, line=line)
        found[key] = FileMeta(_year(cells.get("year", ""), path, line), cells.get("region") or None, line)
    return found


def _year(cell: str, path: str, line: int) -> int | None:
    if not cell:
        return None
    if not cell.isdigit() or int(cell) not in YEARS:
        raise InputError(f"year {cell!r} is not a year from {YEARS.start} to {YEARS.stop - 1}", file=path, line=line)
    return int(cell)
