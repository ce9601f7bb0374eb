"""Options shared by every ``mptf`` command group (one definition, so all listings offer the same formats)."""

from __future__ import annotations

import click

from mptf.reports.render import FORMATS

__all__ = ["format_option", "path_argument", "portfolio_option"]

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output as a table for people, or JSON/CSV/Markdown for programs.",
)
path_argument = click.argument("path", required=False, type=click.Path(path_type=str))
portfolio_option = click.option(
    "--portfolio", "path", type=click.Path(path_type=str), help="Portfolio to read (default: embedded)."
)
