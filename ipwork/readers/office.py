"""Documents that need an office suite: legacy Word (.doc, WPS .wps), RTF and OpenDocument
text are converted to .docx by LibreOffice (``soffice --headless --convert-to docx``) and read
as Word documents; Excel workbooks (.xlsx) are read with openpyxl, one line per row."""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ipwork.errors import InputError
from ipwork.readers.source import Line, join_pieces

CONVERT_SECONDS = 300
INSTALL_HINT = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"


def convert_to_docx(data: bytes, name: str, what: str, suffix: str) -> bytes:
    """The .docx LibreOffice makes of ``data``; a one-line error when it is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(f"{what}: reading it needs LibreOffice: {INSTALL_HINT}, or save it as .docx", file=name)
    with tempfile.TemporaryDirectory(prefix="ipwork-") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        # A profile of its own, so that a LibreOffice the user has open does not take the job.
        command = [soffice, "--headless", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
                   "--convert-to", "docx", "--outdir", tmp, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            raise InputError(f"{what}: LibreOffice did not convert it within {CONVERT_SECONDS} s", file=name) from None
        converted = Path(tmp) / "input.docx"
        if done.returncode or not converted.exists():
            why = (done.stderr or done.stdout).strip().splitlines()
            raise InputError(f"{what}: LibreOffice could not convert it" + (f" ({why[-1]})" if why else ""),
                             file=name)
        return converted.read_bytes()


def zip_kind(data: bytes) -> str:
    """``docx``, ``xlsx``, ``odt`` or ``zip``: what a zip container holds."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and b"opendocument.text" in data[:200]:
        return "odt"
    return "zip"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return join_pieces(piece.strip() for piece in str(value).replace("\r", "").split("\n")).replace("\t", " ")


def xlsx_to_lines(data: bytes, name: str) -> list[Line]:
    """Every sheet's rows in order, cells separated by tabs, empty cells at the end dropped (a
    title row is then its text alone); a cell merged over several rows is empty below its first."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for damaged files
        raise InputError(f"cannot read Excel workbook: {type(e).__name__}: {e}".splitlines()[0], file=name) from None
    lines: list[Line] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells = [_cell(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            lines.append(Line(len(lines) + 1, "\t".join(cells)))
    workbook.close()
    if not any(line.text.strip() for line in lines):
        raise InputError("Excel workbook has no text", file=name)
    return lines
