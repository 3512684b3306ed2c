"""One exception family for everything collabgraph reports to a user.

Every error a user can cause (bad input, an unknown name, an unwritable folder) is a
:class:`CollabGraphError`; the CLI turns it into a one-line message and exit code 1, never a
traceback.  :class:`InputError` carries where the problem is (file and line or record), what was
expected and a hint on what to do.

Examples
--------
>>> err = InputError("papers.txt", 12, "a date line", hint="add one", found="Hello")
>>> str(err)
"papers.txt:12: expected a date line, found 'Hello'. Hint: add one"
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

__all__ = [
    "CollabGraphError",
    "InputError",
    "LookupFailure",
    "OutputError",
    "Problem",
]


class CollabGraphError(Exception):
    """Base of every error collabgraph raises on purpose (exit code 1 in the CLI)."""

    exit_code = 1


def _clip(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InputError(CollabGraphError):
    """Input that cannot be read as expected.

    Parameters
    ----------
    path : file name (or ``"<input>"`` for in-memory text).
    line : 1-based line number, or record index for record-based formats; ``None`` if unknown.
    expected : what the reader expected to find there.
    hint : what the user can do about it.
    found : the offending text, shown clipped.
    unit : ``"line"`` or ``"record"``: how to read ``line``.
    """

    def __init__(
        self,
        path: str | PathLike[str],
        line: int | None,
        expected: str,
        *,
        hint: str = "",
        found: str | None = None,
        unit: str = "line",
    ) -> None:
        self.path = str(path)
        self.line = line
        self.expected = expected
        self.hint = hint
        self.found = found
        self.unit = unit
        super().__init__(self.message)

    @property
    def location(self) -> str:
        if self.line is None:
            return self.path
        if self.unit == "line":
            return f"{self.path}:{self.line}"
        return f"{self.path}: {self.unit} {self.line}"

    @property
    def message(self) -> str:
        msg = f"{self.location}: expected {self.expected}"
        if self.found is not None:
            msg += f", found {_clip(self.found)!r}"
        if self.hint:
            msg += f". Hint: {self.hint}"
        return msg

    def __reduce__(self):  # keeps the error picklable (hypothesis, multiprocessing)
        return (
            _rebuild_input_error,
            (self.path, self.line, self.expected, self.hint, self.found, self.unit),
        )


def _rebuild_input_error(path, line, expected, hint, found, unit):  # pragma: no cover - pickling
    return InputError(path, line, expected, hint=hint, found=found, unit=unit)


class LookupFailure(CollabGraphError):
    """A name or id the user asked for is not in the data (carries close suggestions)."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        self.suggestions = tuple(suggestions)
        if suggestions:
            message += ". Did you mean: " + ", ".join(repr(s) for s in suggestions) + "?"
        super().__init__(message)


class OutputError(CollabGraphError):
    """An output file or folder could not be written."""


@dataclass(frozen=True)
class Problem:
    """A non-fatal problem found while reading (lenient mode): where, and what was skipped."""

    error: InputError
    skipped: str = "entry"

    def __str__(self) -> str:
        return f"{self.error.message} (skipped this {self.skipped})"
