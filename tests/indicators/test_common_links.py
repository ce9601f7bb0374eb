"""The review of every embedded link to a common indicator (docs/common-links.md) is held to the portfolio: every
link is in the table as it is in the programme files, with the indicator's quote and a verdict."""

import re
from pathlib import Path

from mptf.engine.reading.load import load_portfolio
from mptf.engine.rollup.core import rollup
from mptf.indicators.common import common_indicators

TABLE = Path(__file__).resolve().parents[2] / "docs" / "common-links.md"
ROW = re.compile(r"^\| `([^`]+)` \| (?:`([^`]+)`|—) \| (.*) \| (kept|changed|unlinked)(.*) \|$")


def _rows() -> dict[str, tuple[str, str, str, str]]:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            m = ROW.match(line)
            assert m, line
            indicator, common, quote, verdict, why = m.groups()
            assert indicator not in rows, indicator
            rows[indicator] = (common or "", quote.replace("\\|", "|"), verdict, why)
    return rows


def test_every_link_is_reviewed_as_it_stands():
    p = load_portfolio()
    rows = _rows()
    indicators = p.indicators.set_index("indicator")
    linked = {i for i, c in indicators["common"].items() if isinstance(c, str) and c}
    assert linked <= set(rows), sorted(linked - set(rows))
    known = set(common_indicators().index)
    for indicator, (common, quote, verdict, why) in rows.items():
        assert indicator in indicators.index, indicator
        assert (indicators.at[indicator, "common"] or "") == common, indicator
        assert quote == (indicators.at[indicator, "quote"] or ""), indicator
        if verdict == "unlinked":
            assert not common and why.startswith(" (was "), indicator
        else:
            assert common in known, indicator
        if verdict == "changed":
            assert why.startswith(" (was "), indicator


def test_a_satisfaction_rate_is_not_rolled_up_as_a_survivor_support_rate():
    figures = rollup(load_portfolio(), ["thematic-area"]).figures
    survivors = figures[figures["common"] == "survivor-support-rate"]
    assert "chl-mex-local-integration" not in ",".join(survivors["contributors"].fillna(""))
    satisfied = figures[figures["common"] == "satisfaction-rate"]
    assert satisfied["contributors"].tolist() == ["chl-mex-local-integration"] and satisfied["value"].tolist() == [94]
    assert "satisfied" in common_indicators().loc["satisfaction-rate", "name"]
    assert "survivors" in common_indicators().loc["survivor-support-rate", "name"]
