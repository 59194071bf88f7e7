"""Where output goes: ``-o FILE`` replaced whole or not at all, or a stream written as it comes.

A regular file is written under a temporary name beside it and renamed over it only when
the run produced something, so a failed or empty run never empties a file that was there.
A symlink is followed (its target is replaced, the link stays a link); a FIFO or a device
is written to directly, never replaced by a regular file.  Every failure to write is an
``OutputError`` naming the output as the user typed it.
"""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ipwork.errors import OutputError
from ipwork.formats import OUTPUT_FORMATS

STDOUT = "-"


def _describe(e: OSError) -> str:
    return f"cannot write: {e.strerror or os.strerror(e.errno or errno.EIO)}"


class Sink:
    """A text stream whose write errors are one-line ``OutputError``s naming ``name``.

    ``keep`` is set by the caller when the run produced something worth replacing the
    destination with; a sink that was never kept leaves an existing file as it was.
    """

    def __init__(self, stream: IO[str], name: str):
        self.stream, self.name, self.keep = stream, name, False

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(_describe(e), file=self.name) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(_describe(e), file=self.name) from None


def is_special(path: str | os.PathLike) -> bool:
    """A FIFO, character or block device: written to in place, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode)


@contextlib.contextmanager
def _guard(name: str) -> Iterator[None]:
    try:
        yield
    except OSError as e:
        raise OutputError(_describe(e), file=name) from None


def temporary_beside(path: str | os.PathLike, name: str, make_folders: bool) -> tuple[Path, int, str]:
    """``path``'s real target (through symlinks: the link stays a link) and a new temporary file beside it."""
    import tempfile

    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath stops at a loop; replacing it would destroy the link
        raise OutputError(f"cannot write: {os.strerror(errno.ELOOP)}", file=name)
    with _guard(name):
        if make_folders:
            target.parent.mkdir(parents=True, exist_ok=True)
        elif not target.parent.is_dir():
            linked = os.path.islink(path)
            folder = str(target.parent) if linked else os.path.dirname(name) or "."
            why = "is not a folder" if target.parent.exists() else "does not exist"
            via = f" ({name} links there)" if linked else ""
            raise OutputError(f"cannot write: the folder {folder} {why}{via}", file=name)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    return target, fd, tmp


@contextlib.contextmanager
def replace_file(path: str | os.PathLike, name: str | None = None, binary: bool = False,
                 make_folders: bool = False) -> Iterator[IO]:
    """A temporary file beside ``path``'s real target, renamed over it when the block succeeds.

    Any exception removes the temporary file and leaves the target untouched.  ``name`` is how
    errors name the output (default: ``path``); ``make_folders`` creates missing folders.
    """
    name = name or str(path)
    target, fd, tmp = temporary_beside(path, name, make_folders)
    text = {} if binary else {"encoding": "utf-8", "newline": ""}
    try:
        with os.fdopen(fd, "wb" if binary else "w", **text) as fp:
            with _guard(name):
                os.chmod(tmp, _mode_for(target))
            yield fp  # errors of the caller's own work pass through as they are
            with _guard(name):
                fp.flush()
                os.fsync(fp.fileno())
        with _guard(name):
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class _Abandon(Exception):
    """Raised inside ``replace_file`` to leave the destination as it was."""


def _mode_for(target: Path) -> int:
    """The existing file's permissions, or those a new file would get."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[Sink]:
    """The ``-o`` destination (standard output for None or ``-``) as a ``Sink``.

    A regular file is replaced only if the caller set ``sink.keep``; otherwise, and on any
    error, an existing file is left exactly as it was.
    """
    if path in (None, STDOUT):
        if sys.stdout is None:
            raise OutputError("standard output is closed", file="<stdout>")
        sink = Sink(sys.stdout, "<stdout>")
        yield sink
        sink.flush()
        return
    if is_special(path):
        with _guard(path), open(path, "w", encoding="utf-8", newline="") as stream:
            sink = Sink(stream, path)
            yield sink
            sink.flush()
        return
    with _kept_or_abandoned(path, binary=False) as sink:
        yield sink


@contextlib.contextmanager
def _kept_or_abandoned(path: str, binary: bool) -> Iterator[Sink]:
    """A ``Sink`` over a temporary file that replaces ``path`` only if the caller set ``keep``."""
    with contextlib.suppress(_Abandon), replace_file(path, path, binary=binary) as stream:
        sink = Sink(stream, path)
        yield sink
        if not sink.keep:
            raise _Abandon


@contextlib.contextmanager
def open_binary_output(path: str, what: str) -> Iterator[Sink]:
    """``-o FILE`` of a binary format (``what``: an Excel workbook) as a ``Sink`` whose ``stream``
    is the temporary file, seekable as zip archives need; replaced only if the caller set ``keep``.
    Standard output is refused before this is called; a pipe or a device is refused here."""
    if is_special(path):
        raise OutputError(f"cannot write {what} to a pipe or a device: give a file name", file=path)
    with _kept_or_abandoned(path, binary=True) as sink:
        yield sink


class DatabaseSink:
    """``-o FILE.db``: the database's ``path``, its ``name`` for errors, and ``keep`` to have the run's
    plans added to it; ``staged`` is set by the writer that stages them (``database.StagedPlans``)."""

    def __init__(self, path: str, name: str):
        self.path, self.name, self.keep, self.staged = path, name, False, None

    def flush(self) -> None:
        pass


@contextlib.contextmanager
def open_database(path: str) -> Iterator[DatabaseSink]:
    """``-o FILE.db`` as a ``DatabaseSink``: the run's plans are added (in one transaction) only if
    the caller set ``keep``; otherwise, and on any error, the database is left as it was."""
    sink = DatabaseSink(path, path)
    try:
        yield sink
        if sink.keep and sink.staged:
            sink.staged.commit()
    finally:
        if sink.staged:
            sink.staged.discard()


def open_destination(fmt: str, path: str | None) -> contextlib.AbstractContextManager:
    """Where output of the format ``fmt`` goes: a database the run's plans are added to
    (``open_database``), a binary file (``open_binary_output``) or a text stream (``open_output``);
    the destination changes only if the caller set ``keep``."""
    entry = OUTPUT_FORMATS[fmt]
    if entry.adds:
        return open_database(path)
    if entry.binary:
        return open_binary_output(path, entry.what)
    return open_output(path)
