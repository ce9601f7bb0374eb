"""``mptf report``: the fund's results report as an Excel workbook, a one-file offline HTML page, Markdown or JSON
(library in :mod:`mptf.engine.rollup.fund_report`, renderers in :mod:`mptf.reports`)."""

from __future__ import annotations

from pathlib import Path

import click

from mptf.engine.cli.options import (
    as_of_option,
    common_option,
    limit_option,
    load,
    not_an_input,
    path_argument,
    period_option,
    usable,
)
from mptf.engine.cli.progress import progress

__all__ = ["REPORT_FORMATS", "report"]

REPORT_FORMATS = ("xlsx", "html", "md", "json")
_SUFFIXES = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".md": "md", ".json": "json"}


@click.command()
@path_argument
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), help="Default: from OUT's suffix, else md.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), help="The file to write.")
@click.option(
    "--timestamp",
    metavar="TEXT",
    help="A date (or date and time) to print as the report's date; without it the same input gives the same bytes.",
)
@period_option
@common_option
@as_of_option
@limit_option
def report(path: str | None, fmt: str | None, output: str | None, timestamp: str | None, common_path: str | None):
    """Write the fund's results report: Excel (xlsx), one offline HTML file (html), Markdown (md) or JSON.

    Excel and HTML need -o OUT; Markdown and JSON go to stdout without it. JSON follows docs/json-schema.json.

    Example: mptf report -o results-2025.xlsx --period 2025 --as-of 2026-01-31
    """
    from mptf.engine.rollup.fund_report import STEPS, fund_report

    fmt = fmt or (_SUFFIXES.get(Path(output).suffix.lower(), "md") if output else "md")
    if fmt in ("xlsx", "html") and not output:
        raise click.UsageError(f"--format {fmt} writes a file: give -o OUT")
    if output:
        not_an_input("--output", output, None, path)
    portfolio = usable(load(path))
    with progress("report", len(STEPS) + 1) as step:
        built = fund_report(portfolio, common_path, step)
        step("writing")
        text = _render(built, fmt, output, timestamp)
    if text is not None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}: {fmt} report of {len(built.programmes)} programmes (as of {built.reference_date})")


def _render(built, fmt: str, output: str | None, timestamp: str | None) -> str | None:
    """Write the report to ``output`` (atomically), or return its text when there is none."""
    from mptf.reports.cells import save_text

    if fmt == "xlsx":
        from mptf.reports.report_xlsx import write_report_xlsx

        return _written(lambda: write_report_xlsx(built, output, timestamp), output)
    if fmt == "html":
        from mptf.reports.report_html import report_html

        text = report_html(built, timestamp)
    elif fmt == "json":
        from mptf.reports.report_json import report_json

        text = report_json(built, timestamp)
    else:
        from mptf.reports.report_md import report_markdown

        text = report_markdown(built, timestamp)
    if output is None:
        return text
    return _written(lambda: save_text(text, output), output)


def _written(write, output: str) -> None:
    try:
        write()
    except OSError as err:
        raise click.UsageError(f"cannot write {output}: {err.strerror or err}") from None
    return None
