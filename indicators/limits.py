"""How much input the engine reads before it refuses it: the limits of ``docs/limits.md``.

Every limit has a name, a default far above any real report or programme file, and can be raised (or lowered)
for one run with ``--limit NAME=VALUE``. Input beyond a limit is the fatal finding ``too-large``, found before
the expensive reading starts (file sizes, a workbook's zip directory) or as soon as the reading passes it
(rows, columns, cell length, YAML nodes), so that a hostile or broken file costs seconds, not gigabytes.

>>> Limits().with_values(["rows=10"]).rows
10
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

__all__ = ["DEFAULTS", "LIMITS", "Limits", "TooLarge"]

#: name: (default, unit, what it bounds). The defaults: a 10-million-row CSV report is about 700 MB; a
#: programme file is rarely above 100 KB (4 MB of YAML is some 40,000 indicators, and minutes of checking);
#: Excel itself stops at 1,048,576 rows, 16,384 columns and 32,767 characters in a cell.
LIMITS: dict[str, tuple[int, str, str]] = {
    "file-mb": (2048, "MB", "the size of any one input file (CSV, workbook) on disk"),
    "unzipped-mb": (1024, "MB", "a workbook's total size once unzipped (its zip directory, read first)"),
    "zip-ratio": (200, "×", "how much one part of a workbook above 10 MB may expand when unzipped"),
    "rows": (20_000_000, "rows", "the rows of a CSV file or of a sheet"),
    "columns": (1000, "columns", "the columns of a CSV file or of a sheet that hold values"),
    "cell-chars": (32_767, "characters", "one cell or one YAML text (Excel's own limit)"),
    "yaml-mb": (4, "MB", "the size of one YAML programme file"),
    "yaml-nodes": (250_000, "nodes", "the values of one YAML file, aliases expanded"),
}
DEFAULTS: dict[str, int] = {name: default for name, (default, _, _) in LIMITS.items()}


@dataclass(frozen=True)
class Limits:
    """The limits of one run (defaults: :data:`LIMITS`); ``with_values(["rows=10"])`` changes some."""

    file_mb: int = DEFAULTS["file-mb"]
    unzipped_mb: int = DEFAULTS["unzipped-mb"]
    zip_ratio: int = DEFAULTS["zip-ratio"]
    rows: int = DEFAULTS["rows"]
    columns: int = DEFAULTS["columns"]
    cell_chars: int = DEFAULTS["cell-chars"]
    yaml_mb: int = DEFAULTS["yaml-mb"]
    yaml_nodes: int = DEFAULTS["yaml-nodes"]

    def with_values(self, settings: list[str] | tuple[str, ...]) -> Limits:
        """These limits with ``NAME=VALUE`` settings applied; ValueError names a bad one."""
        changes: dict[str, int] = {}
        for setting in settings:
            name, _, value = setting.partition("=")
            name = name.strip().lower().replace("_", "-")
            if name not in LIMITS:
                raise ValueError(f"no limit {name!r}; the limits are {', '.join(LIMITS)}")
            try:
                number = int(value.strip().replace("_", "").replace(",", ""))
            except ValueError:
                raise ValueError(f"{setting!r}: the value of a limit is a whole number, e.g. {name}=100") from None
            if number < 1:
                raise ValueError(f"{setting!r}: a limit is at least 1")
            changes[name.replace("-", "_")] = number
        return replace(self, **changes)

    def bytes(self, name: str) -> int:
        """A limit in MB as bytes."""
        return getattr(self, name.replace("-", "_")) * 1024 * 1024

    def check_size(self, size: int, name: str, what: str = "the file") -> None:
        """Raise :class:`TooLarge` when ``size`` bytes is beyond the limit ``name`` (in MB)."""
        if size > self.bytes(name):
            raise TooLarge(what, f"is {size / 1024 / 1024:,.1f} MB", name, getattr(self, name.replace("-", "_")))

    def names(self) -> list[str]:
        return [f.name.replace("_", "-") for f in fields(self)]


class TooLarge(Exception):
    """Input beyond a limit: the fields of the ``too-large`` finding and the line where it was seen."""

    def __init__(self, what: str, size: str, name: str, limit: int, line: int | None = None, sheet: str = "") -> None:
        super().__init__(f"{what} {size}, more than the limit {name}={limit}")
        self.line = line
        self.sheet = sheet
        self.fields = {"what": what, "size": size, "limit": f"{limit:,} {LIMITS[name][1]}", "name": name}
