"""Output: every line goes to stdout and to bench-results/latest.txt as it is printed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO


class Report:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # Written line by line, so an aborted run still leaves what it measured.
        self._file: TextIO = path.open("w", encoding="utf-8")

    def line(self, text: str = "") -> None:
        print(text, flush=True)
        self._file.write(text + "\n")
        self._file.flush()

    def section(self, title: str) -> None:
        self.line()
        self.line(f"== {title} " + "=" * max(0, 74 - len(title)))

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Columns padded to their widest cell; the first column left-aligned, numbers right."""
        cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

        def render(row: list[str]) -> str:
            parts = [
                row[i].ljust(widths[i])
                if i == 0 or not _numeric(row[i])
                else row[i].rjust(widths[i])
                for i in range(len(row))
            ]
            return "  ".join(parts).rstrip()

        self.line(render(cells[0]))
        self.line("  ".join("-" * w for w in widths))
        for row in cells[1:]:
            self.line(render(row))

    def close(self) -> None:
        self._file.close()


def _numeric(text: str) -> bool:
    return text.replace(".", "", 1).replace("x", "", 1).replace(",", "").isdigit()
