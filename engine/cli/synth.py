"""``mptf synth``: write a synthetic portfolio with a report holding planted errors (tests and benchmarks)."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["synth_command"]


@click.command(name="synth")
@click.option("--programmes", "n_programmes", type=click.IntRange(min=1), default=50, show_default=True,
              help="Programmes in the portfolio (12 indicators each).")  # fmt: skip
@click.option("--values", "n_values", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Reported values in the report (rows).")  # fmt: skip
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed writes the same files.")
@click.option("--errors", "share", type=click.FloatRange(0, 0.5), default=0.001, show_default=True,
              help="Share of the rows made wrong (at least one of each kind of planted error).")  # fmt: skip
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write (created).")  # fmt: skip
def synth_command(n_programmes: int, n_values: int, seed: int, share: float, out: Path) -> None:
    """Write a synthetic portfolio: programme files, a report of VALUES values with planted errors, and the
    findings expected of `mptf validate` (expected_findings.csv).

    DIR/programmes holds the framework, DIR/report.csv (.parquet, .xlsx when small) the report, DIR/portfolio
    both (for rollup and trace), DIR/synth.json the reference date to run with (docs/benchmarks.md).

    Example: mptf synth --programmes 25 --values 100000 -o synth, then mptf validate synth/report.csv
    --portfolio synth/programmes --as-of DATE, DATE as synth.json's as_of
    """
    from mptf.engine.synth.values import PLANTS
    from mptf.engine.synth.write import synth

    info = synth(out, n_programmes, n_values, seed, share)
    planted = sum(info["planted"].values())
    missing = sorted({p.code for p in PLANTS} - set(info["planted"]))
    click.echo(
        f"{info['values']:,} values of {info['indicators']:,} indicators in {n_programmes:,} programmes, "
        f"{planted:,} planted errors of {len(info['planted'])} kinds: {out} (run with --as-of {info['as_of']})"
    )
    if missing and share > 0:
        click.echo(f"too few programmes or values to plant: {', '.join(missing)} (one error per indicator)", err=True)
