"""Figures with qualifiers, exact money and strict dates; the vectorised parser agrees with the scalar one."""

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mptf.indicators.quantity import (
    FigureError,
    Quantity,
    parse_date,
    parse_money,
    parse_quantities,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "value", "bound"),
    [
        ("over 200,000", "200000", ">"),
        ("Over 200,000", "200000", ">"),
        ("at least 10", "10", "≥"),
        ("approximately 5", "5", "≈"),
        ("approx. 2000", "2000", "≈"),
        ("almost 300", "300", "≈"),
        ("up to 40", "40", "≤"),
        ("less than 3", "3", "<"),
        ("500+", "500", "≥"),
        ("1,234", "1234", "="),
        (" 12 ", "12", "="),
        ("1.500.000", "1500000", "="),
        ("1,234.5", "1234.5", "="),
        ("12 000", "12000", "="),
        ("99.6%", "99.6", "="),
    ],
)
def test_qualifiers_are_kept(text, value, bound):
    q = parse_quantity(text)
    assert (q.value, q.bound) == (Decimal(value), bound)


def test_a_qualified_figure_is_never_a_plain_number():
    assert parse_quantity("over 200,000") != parse_quantity("200,000")
    assert str(parse_quantity("over 200,000")) == "> 200,000"
    assert str(parse_quantity("at least 10")) == "≥ 10"


@pytest.mark.parametrize("text", ["1.234", "N/A", "1,5", "approx", "", "—", "12 34 5", "1,23,4"])
def test_unreadable_figures_raise_with_a_hint(text):
    with pytest.raises(FigureError) as err:
        parse_quantity(text)
    assert err.value.hint


def test_money_is_exact_to_the_cent():
    assert parse_money("USD 2,200,000.50").cents == 220000050
    assert parse_money("1.500.000").cents == 150000000
    assert parse_money(0.1).cents + parse_money(0.2).cents == parse_money("0.3").cents
    total = sum(parse_money("0.10").cents for _ in range(10))
    assert total == 100
    with pytest.raises(FigureError):
        parse_money("12.345")  # fractions of a cent (and ambiguous)
    with pytest.raises(FigureError):
        parse_money("over 5")


def test_dates_are_iso_and_real():
    assert parse_date("2023-09-30").isoformat() == "2023-09-30"
    with pytest.raises(FigureError, match="not a real date"):
        parse_date("2021-02-31")
    with pytest.raises(FigureError, match="YYYY-MM-DD") as err:
        parse_date("31/02/2021")
    assert "day/month" in err.value.hint


figures = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=10**6).map(str),
    st.tuples(
        st.sampled_from(["over ", "at least ", "almost ", "up to ", ""]), st.integers(min_value=0, max_value=10**7)
    ).map(lambda t: f"{t[0]}{t[1]:,}"),
    st.decimals(min_value=0, max_value=100, places=1).map(lambda d: f"{d}%"),
    st.sampled_from(["1.234", "N/A", "x", "1,5", "12.5", "0.45"]),
)


@given(st.lists(figures, min_size=1, max_size=30))
def test_vectorised_parser_agrees_with_scalar_parser(texts):
    frame = parse_quantities(pd.Series(texts))
    for i, text in enumerate(texts):
        try:
            q: Quantity = parse_quantity(text)
        except FigureError:
            assert pd.notna(frame.loc[i, "error"])
            continue
        assert pd.isna(frame.loc[i, "error"])
        assert float(frame.loc[i, "value"]) == float(q.value)
        assert frame.loc[i, "bound"] == q.bound
        assert bool(frame.loc[i, "percent"]) == q.percent
