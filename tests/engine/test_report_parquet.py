"""A report may be a Parquet file: read by pyarrow, every cell as text, findings located by row number and column
name; typed columns (dates, numbers, nulls) read as their text; an unreadable file is a located finding."""

import datetime as dt
import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from mptf.engine.cli.main import main
from mptf.engine.reading.report import read_report

PROGRAMME = "tjk-families-left-behind"
INDICATOR = "tjk-flb.social-workers-trained"  # a count of people
ROWS = [  # (period_end, value, sex)
    ("2023-12-31", "80", ""),
    ("2023-12-31", "-4", "female"),  # negative-count
    ("2024-02-30", "10", ""),  # bad-date
    ("2024-12-31", "12.5", ""),  # non-integer-count
]


def findings(path) -> pd.DataFrame:
    result = CliRunner().invoke(main, ["validate", str(path), "--as-of", "2025-06-30", "--format", "csv"])
    assert result.exit_code in (0, 1), result.output
    return pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)


def located(frame: pd.DataFrame) -> set:
    return set(zip(frame["code"], frame["line"].astype(int), frame["column"], strict=True))


def test_a_parquet_report_has_the_csv_findings_with_row_numbers(tmp_path):
    table = pd.DataFrame(
        {
            "programme": PROGRAMME,
            "indicator": INDICATOR,
            "period_end": [r[0] for r in ROWS],
            "value": [r[1] for r in ROWS],
            "sex": [r[2] for r in ROWS],
        }
    )
    csv_path, parquet_path = tmp_path / "r.csv", tmp_path / "r.parquet"
    csv_path.write_text(
        "programme,indicator,period_end,value,sex\n"
        + "".join(f"{PROGRAMME},{INDICATOR},{e},{v},{s}\n" for e, v, s in ROWS),
        encoding="utf-8",
    )
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), parquet_path)
    from_csv, from_parquet = findings(csv_path), findings(parquet_path)
    codes = {"negative-count", "bad-date", "non-integer-count"}
    assert codes <= set(from_csv["code"])
    # the same findings; a CSV line is the Parquet row number + 1 (the header is line 1)
    shifted = {(code, line - 1, column) for code, line, column in located(from_csv)}
    assert located(from_parquet) == shifted
    assert ("negative-count", 2, "value") in located(from_parquet)
    assert ("bad-date", 3, "period_end") in located(from_parquet)
    assert set(from_parquet["file"]) == {str(parquet_path)}


def test_typed_columns_are_read_as_their_text(tmp_path):
    path = tmp_path / "typed.parquet"
    table = pa.table(
        {
            "programme": pa.array([PROGRAMME, PROGRAMME, PROGRAMME]),
            "indicator": pa.array([INDICATOR] * 3).dictionary_encode(),
            "period_start": pa.array([dt.date(2023, 1, 1), None, dt.date(2024, 1, 1)]),
            "period_end": pa.array([dt.datetime(2023, 12, 31), dt.datetime(2024, 6, 30), dt.datetime(2024, 12, 31)]),
            "value": pa.array([80.0, 95.0, 120.0]),
            "sex": pa.array([None, None, None], pa.string()),
        }
    )
    pq.write_table(table, path)
    report = read_report(path)
    assert report.usable and report.findings.frame().empty
    values = report.values
    assert values["value"].tolist() == [80.0, 95.0, 120.0]
    assert values["text"].astype(str).tolist() == ["80", "95", "120"]
    assert values["period_end"].tolist() == [pd.Timestamp(d) for d in ("2023-12-31", "2024-06-30", "2024-12-31")]
    assert values["period_start"].isna().tolist() == [False, True, False]
    assert values["line"].tolist() == [1, 2, 3]


def test_a_file_that_is_not_parquet_exits_2_with_a_located_message(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"programme,indicator\nnot parquet at all\n")
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "csv"])
    assert result.exit_code == 2, result.output
    assert "unreadable-file" in result.output and "Parquet" in result.output
    assert "Traceback" not in result.output


def test_a_missing_column_in_parquet_is_the_csv_finding(tmp_path):
    path = tmp_path / "short.parquet"
    pq.write_table(pa.table({"programme": [PROGRAMME], "indicator": [INDICATOR], "value": ["1"]}), path)
    result = CliRunner().invoke(main, ["validate", str(path), "--format", "csv"])
    assert result.exit_code == 2, result.output
    assert "missing-column" in result.output and "period_end" in result.output


def test_a_portfolio_directory_reads_values_from_parquet(tmp_path):
    from mptf.engine.reading.load import load_portfolio
    from mptf.frameworks._data import portfolio_path

    folder = tmp_path / "p"
    folder.mkdir()
    (folder / f"{PROGRAMME}.yaml").write_bytes((portfolio_path() / f"{PROGRAMME}.yaml").read_bytes())
    pq.write_table(
        pa.table({"programme": [PROGRAMME], "indicator": [INDICATOR], "period_end": ["2025-03-31"], "value": ["999"]}),
        folder / "values.parquet",
    )
    portfolio = load_portfolio(folder)
    mine = portfolio.values[portfolio.values["file"].astype(str).str.endswith("values.parquet")]
    assert mine["value"].tolist() == [999.0] and mine["line"].tolist() == [1]
