"""The renderers keep values as they are: a line number stays a whole number next to a missing one."""

import json

import pandas as pd

from mptf.reports.render import to_csv, to_json


def frame():
    return pd.DataFrame({"line": pd.array([2, None], dtype="Int64"), "codes": [("a", "b"), None]})


def test_csv_writes_line_numbers_as_integers_and_missing_as_empty():
    assert to_csv(frame()).splitlines() == ["line,codes", '2,"a, b"', ","]


def test_json_writes_line_numbers_as_integers_and_missing_as_null():
    assert json.loads(to_json(frame())) == [{"line": 2, "codes": ["a", "b"]}, {"line": None, "codes": None}]
