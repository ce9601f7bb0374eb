"""``mptf export-iati`` and ``mptf import-iati``: a portfolio's results as IATI 2.03 activities, and back.

Every other command also reads an IATI activities file (``.xml``) wherever it takes a portfolio path.
"""

from __future__ import annotations

import datetime as dt
import sys

import click

from mptf.engine.cli.options import as_of_option, dated, given_as_of, load, not_an_input, usable
from mptf.engine.cli.options import format_option as _format
from mptf.engine.cli.options import limit_option as _limit
from mptf.engine.cli.options import path_argument as _path

__all__ = ["export_iati", "import_iati"]


def _echo(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


@click.command("export-iati")
@_path
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str), help="The .xml to write."
)
@click.option(
    "--reporting-org",
    default="XM-DAC-41114",
    show_default=True,
    help="IATI organisation identifier of the reporting organisation (default: UNDP, home of the MPTF Office "
    "that administers the fund).",
)
@click.option("--reporting-org-type", default="40", show_default=True, help="Its IATI OrganisationType code.")
@as_of_option
@_format
@_limit
def export_iati(path: str | None, output: str, reporting_org: str, reporting_org_type: str, fmt: str) -> None:
    """Write each programme as an IATI 2.03 activity with its results, indicators, baselines, targets and actuals.

    The file is checked before it is written: it must validate against the IATI 2.03 activity schema and pass
    the results rules of the IATI ruleset (8.6.1 to 8.11.1); if not, nothing is written and the findings are
    listed (exit 1). What IATI cannot say travels in the mptf extension namespace (docs/iati.md).

    Example: mptf export-iati -o activities.xml
    """
    from lxml import etree

    from mptf.engine.findings import exit_code
    from mptf.engine.reading.iati_xml import safe_parser
    from mptf.engine.rules.iati import export_findings
    from mptf.reports.cells import write_atomically
    from mptf.reports.findings import render_findings
    from mptf.reports.iati import iati_activities

    not_an_input("--output", output, None, path)
    portfolio = usable(load(path))
    day = given_as_of()
    generated = dt.datetime.combine(day, dt.time(), dt.UTC) if day else dt.datetime.now(dt.UTC).replace(microsecond=0)
    data = iati_activities(portfolio, reporting_org, reporting_org_type, generated)
    tree = etree.fromstring(data, safe_parser()).getroottree()
    findings = export_findings(tree, output).frame()
    if exit_code(findings):
        _echo(render_findings(findings, fmt, f"{output} not written: the file would not conform to IATI 2.03"))
        sys.exit(exit_code(findings))
    write_atomically(output, lambda fh: fh.write(data))
    counts = {name: len(tree.xpath(f"//{name}")) for name in ("iati-activity", "result", "indicator", "period")}
    click.echo(
        f"wrote {output}: {counts['iati-activity']} activities, {counts['result']} results, "
        f"{counts['indicator']} indicators, {counts['period']} periods (IATI 2.03: the activity schema and the "
        "results rules pass)",
        err=True,
    )


@click.command("import-iati")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=str), help="Write a programme workbook (.xlsx)."
)
@as_of_option
@_format
@click.option("--verbose", "-v", is_flag=True, help="List info findings in the table too (JSON/CSV always do).")
@_limit
def import_iati(files: tuple[str, ...], output: str | None, fmt: str, verbose: bool) -> None:
    """Read IATI activities files (.xml) into the model: what was read, and every finding made reading them.

    Each activity is a programme, with its results, indicators, baselines, targets and actuals; every finding
    names the file and the XML line. With -o, the programmes are written as a programme workbook, which every
    command reads (check, validate, rollup, progress, trace take the .xml files themselves too).

    Example: mptf import-iati activities.xml -o programmes.xlsx
    """
    import pandas as pd

    from mptf.engine.findings import exit_code
    from mptf.engine.model import Portfolio
    from mptf.reports.findings import render_findings

    if output:
        for file in files:
            not_an_input("--output", output, file, None)
    loaded = [dated(load(file)) for file in files]
    tables = {
        name: pd.concat([getattr(p, name) for p in loaded], ignore_index=True)
        for name in ("programmes", "claims", "results", "indicators", "targets", "links", "values", "context")
    }
    findings = pd.concat([p.load_findings for p in loaded if p.load_findings is not None], ignore_index=True)
    portfolio = Portfolio(**tables, load_findings=findings)
    what = (
        f"read {len(files)} file{'s' if len(files) != 1 else ''}: {len(portfolio.programmes)} programmes, "
        f"{len(portfolio.results)} results, {len(portfolio.indicators)} indicators, {len(portfolio.targets)} "
        f"targets, {len(portfolio.values)} values"
    )
    _echo(render_findings(findings, fmt, what, verbose))
    code = exit_code(findings)
    if output and code < 2:
        from mptf.reports.workbook import write_workbook

        write_workbook(portfolio, output)
        click.echo(f"wrote {output}", err=True)
    sys.exit(code)
