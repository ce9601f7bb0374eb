"""Periods beyond the reference date: not ended yet (period-not-ended), or so far ahead that the year is a typo
(period-far-ahead); one of the two, never both. A period after the programme's end is period-outside-programme."""

import pandas as pd

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rules.validate import validate

PROGRAMME = """\
id: p
countries: [TJK]
thematic_area: 2
status: funded
start: 2023-01-01
end: 2025-12-31
results:
  - id: p.o1
    level: outcome
    title: An outcome
    indicators:
      - {id: p.events, name: Events held, measure: count, unit: events, cumulative: false}
"""


def _codes(tmp_path, rows: str, as_of: str) -> list[tuple[str, int]]:
    (tmp_path / "p.yaml").write_text(PROGRAMME, encoding="utf-8")
    report = tmp_path / "r.csv"
    report.write_text("indicator,period_start,period_end,value\n" + rows, encoding="utf-8")
    found = validate(report, tmp_path / "p.yaml", as_of=pd.Timestamp(as_of).date()).findings
    return sorted((f.code, int(f.line)) for f in found.itertuples() if f.code.startswith("period"))


def test_a_period_far_ahead_is_named_once_and_one_not_ended_once(tmp_path):
    rows = (
        "p.events,2025-01-01,2025-12-31,5\n"  # ends 2025-12-31: after 2025-06-30, within a year
        "p.events,2024-01-01,2024-12-31,4\n"  # ended
        "p.events,2026-01-01,2026-06-30,3\n"  # 2026-06-30: 365 days after, not far; after the programme's end
        "p.events,2026-07-01,2026-07-31,2\n"  # 2026-07-31: 396 days after 2025-06-30: far ahead
    )
    assert _codes(tmp_path, rows, "2025-06-30") == [
        ("period-far-ahead", 5),
        ("period-not-ended", 2),
        ("period-not-ended", 4),
        ("period-outside-programme", 4),
        ("period-outside-programme", 5),
    ]


def test_far_ahead_says_how_far(tmp_path):
    (tmp_path / "p.yaml").write_text(PROGRAMME, encoding="utf-8")
    report = tmp_path / "r.csv"
    report.write_text("indicator,period_start,period_end,value\np.events,2025-01-01,2052-12-31,5\n", encoding="utf-8")
    found = validate(report, tmp_path / "p.yaml", as_of=pd.Timestamp("2025-06-30").date()).findings
    far = found[found["code"] == "period-far-ahead"].iloc[0]
    assert far["severity"] == "warning" and far["column"] == "period_end"
    assert "ends 28 years after the reference date 2025-06-30" in far["message"]


def test_the_embedded_portfolio_has_no_period_ahead_of_its_last_leaflet():
    found = validate(None, None, as_of=pd.Timestamp("2024-01-31").date()).findings
    assert not found["code"].isin(["period-far-ahead", "period-not-ended"]).any()
    assert len(load_portfolio().values) > 0
