"""Problems found in a user's file, each pointing at the row a person sees in Excel or an editor.

``Problem.row`` is 1-based and counts the header as row 1 (for CSV: the text-editor line where the
record starts; for XLSX: the spreadsheet row number). ``row`` 0 means "the file as a whole".
"""

from __future__ import annotations

from dataclasses import dataclass

from geodata.errors import UserFacingError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file: where (file, row, column) and what (message)."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        """``FILE:ROW: column: message`` (the format of ``cam-atlas validate``)."""
        column = f"{self.column}: " if self.column else ""
        return f"{self.file}:{self.row}: {column}{self.message}"


class FileProblems(UserFacingError):
    """Raised when a file cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        lines = [str(p) for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"... and {len(self.problems) - 20} more problems")
        super().__init__("\n".join(lines))


class UnreadableFileError(UserFacingError):
    """The file cannot be opened or decoded at all (missing, binary, old .xls, corrupt zip)."""
