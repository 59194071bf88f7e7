"""Errors a user sees as one line: what is wrong, with the file and line it concerns."""
from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class IpworkError(Exception):
    """Anything ipwork reports to the user instead of a traceback."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message, self.file, self.line = message, file, line

    def where(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}: "
        return f"{self.file}: " if self.file else ""

    def __str__(self) -> str:
        return self.where() + self.message


class InputError(IpworkError):
    """The input is not a work-plan document ipwork can read (binary, empty, undecodable)."""

    exit_code = EXIT_USAGE


class LayoutError(IpworkError):
    """No layout, or more than one, claims the document; or an unknown ``--layout``."""

    exit_code = EXIT_USAGE


class OutputError(IpworkError):
    """An output cannot be written (no such folder, permission, disk full)."""

    exit_code = EXIT_FAILED


class NotInstalled(IpworkError):
    """An optional part of ipwork is asked for without the library it needs (an extra)."""

    exit_code = EXIT_USAGE
