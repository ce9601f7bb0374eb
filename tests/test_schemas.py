"""The model's text columns: the schema's check that each value is a ``str`` (or ``None`` where allowed)."""

import numpy as np
import pandas as pd
import pandera.pandas as pa
from hypothesis import given
from hypothesis import strategies as st

from mptf.indicators.schemas import SCHEMAS

_CELLS = st.one_of(st.text(max_size=3), st.none(), st.just(np.nan), st.integers(), st.floats(allow_nan=False))


def _outcome(column: pa.Column, cells: list) -> tuple[bool, set[int]]:
    """Whether ``cells`` pass ``column`` and the rows that fail it."""
    try:
        pa.DataFrameSchema({"c": column.set_name("c")}).validate(
            pd.DataFrame({"c": pd.Series(cells, dtype=object)}), lazy=True
        )
    except pa.errors.SchemaErrors as err:
        return False, set(err.failure_cases["index"].dropna().astype(int))
    return True, set()


@given(st.lists(_CELLS, max_size=12))
def test_the_text_check_judges_as_the_type_of_each_value(cells):
    """The one-pass check gives the verdict (and the failing rows) of checking each value's type."""
    for name, allowed in (("qualifier", (str, type(None))), ("file", (str,))):
        column = SCHEMAS["values"].columns[name]
        per_value = pa.Column(object, pa.Check(lambda s, allowed=allowed: s.map(type).isin(allowed)),
                              nullable=column.nullable)  # fmt: skip
        assert _outcome(column, cells) == _outcome(per_value, cells), (name, cells)


def test_text_with_a_number_fails_on_its_row():
    assert _outcome(SCHEMAS["values"].columns["note"], ["a", 3, "b"]) == (False, {1})
