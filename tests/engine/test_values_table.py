"""The long table of reported values (CSV): figures with their qualifiers, disaggregation keys, located findings."""

import math

import pandas as pd
import pytest

from mptf.engine.findings import Findings
from mptf.engine.reading.load import load_portfolio
from mptf.engine.reading.load_values import load_values_csv
from mptf.engine.reading.rows import disaggregation_key
from mptf.indicators.schemas import SCHEMAS

TABLE = """\
programme,indicator,period_start,period_end,value,sex,age,note,source,quote
demo,demo.reached,,2023-09-30,"over 200,000",,,,leaflet.txt,"over 200,000 people reached"
demo,demo.trained,2023-01-01,2023-09-30,approx. 2000,female,adult,women farmers,,
demo,demo.share,,2023-09-30,45%,,,,,
demo,demo.trained,,2023-09-30,"1,234",,child,,,
demo,demo.trained,,31/02/2021,500,male,,,,
demo,demo.trained,,2023-09-30,1.234,,,,,
demo,demo.policy,,2023-09-30,draft law before parliament,,,"a note
over two lines",,
demo,demo.trained,,2023-12-31,1,5,female,youth,,,
"""
# line 10 has one cell too many ("1,5" unquoted is two cells): see test_ragged_line_is_unreadable


def load(write, text, name="values.csv"):
    findings = Findings()
    rows = load_values_csv(write(text, name), name, findings)
    tables = rows.values  # the values table is read whole, as one table (none when unreadable)
    return (tables[0] if tables else pd.DataFrame()), findings.frame()


def where(finding):
    return int(finding["line"]), finding["column"], finding["item"]


def test_values_bounds_groups_and_findings(write):
    text = TABLE.replace(
        "demo,demo.trained,,2023-12-31,1,5,female,youth,,,\n", 'demo,demo.trained,,2023-12-31,"1,5",female,youth,,,\n'
    )
    values, findings = load(write, text)
    assert list(values.columns) == list(SCHEMAS["values"].columns)
    assert values["line"].tolist() == [2, 3, 4, 5, 6, 7, 8, 10]  # the note of line 8 spans two lines
    assert values["indicator"].tolist()[:3] == ["demo.reached", "demo.trained", "demo.share"]
    got = values[["value", "bound", "qualifier", "percent", "text"]].astype(object)
    got = got.where(values[["value", "bound", "qualifier", "percent", "text"]].notna(), None).values.tolist()
    assert got == [
        [200000.0, ">", "over", False, "over 200,000"],
        [2000.0, "≈", "approx.", False, "approx. 2000"],
        [45.0, "=", None, True, "45%"],
        [1234.0, "=", None, False, "1,234"],
        [500.0, "=", None, False, "500"],
        [None, None, None, False, "1.234"],  # ambiguous: no guess (the verdict gives it its finding)
        [None, None, None, False, "draft law before parliament"],  # narrative: kept as text, no finding
        [None, None, None, False, "1,5"],  # ambiguous decimal comma: no guess either
    ]
    assert values["disaggregation"].tolist() == [
        "",
        "age=adult;sex=female",
        "",
        "age=child",
        "sex=male",
        "",
        "",
        "age=youth;sex=female",
    ]
    assert pd.isna(values.loc[0, "period_start"]) and values.loc[1, "period_start"] == pd.Timestamp(2023, 1, 1)
    assert pd.isna(values.loc[4, "period_end"]) and values.loc[0, "period_end"] == pd.Timestamp(2023, 9, 30)
    assert values.loc[0, ["source", "quote"]].tolist() == ["leaflet.txt", "over 200,000 people reached"]
    assert values.loc[6, "note"] == "a note\nover two lines"
    assert set(values["file"]) == {"values.csv"} and set(values["sheet"]) == {""}

    # the reader judges the cells it reads (a date); a value is judged by the verdict, as a report's is
    assert findings["code"].tolist() == ["bad-date"]
    assert [where(f) for _, f in findings.iterrows()] == [(6, "period_end", "demo.trained")]
    assert set(findings["severity"]) == {"error"} and set(findings["programme"]) == {"demo"}
    assert "'31/02/2021' is not a date" in findings.loc[0, "message"]


def test_disaggregation_key_matches_the_yaml_one(write):
    text = "programme,indicator,period_end,value,sex,age_group,age,disability\np,i,2023-09-30,1,female,15-24,youth,\n"
    values, _ = load(write, text)
    assert (
        values.loc[0, "disaggregation"]
        == disaggregation_key({"sex": "female", "age_group": "15-24", "age": "youth", "disability": ""})
        == ("age=youth;age_group=15-24;sex=female")
    )


def test_missing_required_column(write):
    values, findings = load(write, "programme,indicator,period_end,amount\np,i,2023-09-30,5\n")
    assert values.empty
    assert findings[["severity", "code", "line", "column"]].values.tolist() == [["fatal", "missing-column", 1, "value"]]


def test_empty_required_cells_are_findings_and_rows_without_value_are_dropped(write):
    values, findings = load(write, "programme,indicator,period_end,value\np,i,,5\np,i,2023-09-30,\n")
    assert values["line"].tolist() == [2] and pd.isna(values.loc[0, "period_end"])
    assert findings[["code", "line", "column"]].values.tolist() == [
        ["missing-field", 2, "period_end"],
        ["missing-field", 3, "value"],
    ]


def test_ragged_line_is_unreadable(write):
    _, findings = load(write, TABLE)
    assert findings[["severity", "code", "line"]].values.tolist() == [["fatal", "unreadable-file", 10]]


@pytest.mark.parametrize("content, message", [(b"", "empty"), (b"programme,value\n\xff\xfe,1\n", "UTF-8")])
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "v.csv"
    path.write_bytes(content)
    findings = Findings()
    assert load_values_csv(path, "v.csv", findings).values == []
    assert findings.frame()["code"].tolist() == ["unreadable-file"] and message in findings.frame().loc[0, "message"]


def test_a_values_table_joins_the_programmes_it_reports_on(tmp_path, minimal):
    (tmp_path / "demo.yaml").write_text(minimal)
    (tmp_path / "values.csv").write_text(
        "programme,indicator,period_end,value,sex\ndemo,demo.o1.trained,2024-03-31,over 150,female\n"
    )
    p = load_portfolio(tmp_path)
    assert p.load_findings.empty
    row = p.values[p.values["file"].str.endswith("values.csv")].iloc[0]
    assert (row["value"], row["bound"], row["disaggregation"], row["period_end"]) == (
        150.0,
        ">",
        "sex=female",
        pd.Timestamp("2024-03-31"),
    )
    assert not math.isnan(p.values["value"].sum())
