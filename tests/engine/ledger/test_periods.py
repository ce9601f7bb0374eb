"""A version replaces, for its programme, exactly the periods it reports: hand-worked on small values tables."""

import pandas as pd

from mptf.engine.ledger.periods import NO_PERIOD, apply_version, layered, period_labels, periods_of, put
from mptf.engine.model import _frame

Y2023 = ("", "2023-12-31")
Y2024 = ("2024-01-01", "2024-12-31")
Y2025 = ("2025-01-01", "2025-12-31")


def rows(*items, version_id=None) -> pd.DataFrame:
    """items: (programme, indicator, (start, end), value)."""
    frame = _frame(
        "values",
        [
            {"programme": p, "indicator": i, "period_start": s or None, "period_end": e or None, "value": v}
            for p, i, (s, e), v in items
        ],
    )
    return frame if version_id is None else frame.assign(version_id=version_id)


def shown(values: pd.DataFrame) -> set:
    return set(zip(values["programme"], values["indicator"], period_labels(values), values["value"], strict=True))


def test_a_period_is_its_end_and_a_row_with_neither_end_nor_start_is_a_period_of_its_own():
    got = rows(("a", "a.i", Y2024, 1), ("a", "a.i", Y2023, 2), ("a", "a.i", ("", ""), 3), ("a", "a.i", Y2024, 4))
    assert list(period_labels(got)) == ["2024-12-31", "2023-12-31", NO_PERIOD, "2024-12-31"]
    assert periods_of(got) == [NO_PERIOD, "2023-12-31", "2024-12-31"]
    # a start given in one and not in the other: one period, the one ending that day
    assert periods_of(rows(("a", "a.i", ("2023-01-01", "2023-12-31"), 1), ("a", "a.i", Y2023, 1))) == ["2023-12-31"]
    assert periods_of(rows(("a", "a.i", ("2023-01-01", ""), 1))) == ["2023-01-01:"]


def test_the_worked_example_v1_2024_v2_2025_v3_corrects_2024():
    own = rows(("a", "a.i", Y2023, 100), ("b", "b.i", Y2023, 250))
    v1 = rows(("a", "a.i", Y2024, 40), ("a", "a.j", Y2024, 7), version_id=1)
    v2 = rows(("a", "a.i", Y2025, 60), version_id=2)
    v3 = rows(("a", "a.i", Y2024, 45), version_id=3)  # a.j 2024 left out: removed
    after_v1 = {("a", "a.i", "2023-12-31", 100), ("b", "b.i", "2023-12-31", 250)}
    after_v1 |= {("a", "a.i", "2024-12-31", 40), ("a", "a.j", "2024-12-31", 7)}
    after_v2 = after_v1 | {("a", "a.i", "2025-12-31", 60)}
    after_v3 = after_v2 - {("a", "a.i", "2024-12-31", 40), ("a", "a.j", "2024-12-31", 7)}
    after_v3 |= {("a", "a.i", "2024-12-31", 45)}
    step = own
    for version, expected in ((v1, after_v1), (v2, after_v2), (v3, after_v3)):
        step = apply_version(step, version.drop(columns="version_id"))
        assert shown(step) == expected
    values, standing = layered(own, pd.concat([v1, v2, v3], ignore_index=True))
    assert shown(values) == after_v3
    assert sorted(zip(standing["version_id"], standing["period"], strict=True)) == [
        (2, "2025-12-31"),
        (3, "2024-12-31"),
    ]
    # the order the rows come in does not matter: the newest version of each period stands
    assert shown(layered(own, pd.concat([v3, v1, v2], ignore_index=True))[0]) == after_v3


def test_a_version_of_one_programme_leaves_the_other_programmes_alone():
    own = rows(("a", "a.i", Y2024, 1), ("b", "b.i", Y2024, 2))
    got = apply_version(own, rows(("a", "a.i", Y2024, 9)))
    assert shown(got) == {("a", "a.i", "2024-12-31", 9), ("b", "b.i", "2024-12-31", 2)}
    assert got["period_start"].dtype == own["period_start"].dtype and got["value"].dtype == own["value"].dtype


def test_put_empties_a_period_the_rows_do_not_report():
    own = rows(("a", "a.i", Y2024, 1), ("a", "a.i", Y2025, 2), ("a", "a.i", Y2023, 3))
    got = put(own, "a", ["2024-12-31", "2025-12-31"], rows(("a", "a.i", Y2025, 5)))
    assert shown(got) == {("a", "a.i", "2023-12-31", 3), ("a", "a.i", "2025-12-31", 5)}
