"""SQL text for a rollup split over programmes (read by :mod:`mptf.engine.rollup.sqlengine`, which runs it).

A figure is an aggregate of counted contribution rows that may come from any programme. These are its parts
that add up over any split of the programmes into groups (each programme's rows all in one group): the rollup
in one pass reads them from its own rows; a distributed rollup (:mod:`mptf.engine.distributed`) makes them per
group of programmes and combines them, so both run the same SQL.
"""

from __future__ import annotations

from mptf.indicators.catalogue import COUNTED_CODES

__all__ = ["COUNTED", "partial_sql", "winners_sql"]

#: The rows that enter a figure (every other row is excluded, with the code of its rule).
COUNTED = "(rule in ({}))".format(", ".join(f"'{code}'" for code in sorted(COUNTED_CODES)))


def winners_sql(keys: list[str], relation: str) -> str:
    """Per (group, common indicator): the largest programme total of ``relation`` (``pid``,
    ``programme_total``) and the first programme (lowest ``pid``) giving it, the one a ``max`` policy counts."""
    g = ", ".join([*keys, "common"])
    return f"""
        select {g}, max(programme_total) as largest_total,
               min(pid) filter (where programme_total = top) as first_with_total
        from (select {g}, pid, programme_total, max(programme_total) over (partition by {g}) as top
              from {relation} where programme_total is not null)
        group by all"""


def partial_sql(keys: list[str], relation: str = "contrib") -> dict[str, str]:
    """SQL reducing the counted rows of ``relation`` (classified contributions) to what a figure needs, in
    parts that add up over any split of the programmes: one row per programme (sums, counts, bounds), the
    counted percentages (a median needs them all), the count of each ordinal level, the distinct texts."""
    g = ", ".join([*keys, "common"])
    c2 = f"(select *, counted_bound as eff_bound from {relation} where {COUNTED}) as c2"
    return {
        "per_programme": f"""
        select {g}, programme, any_value(measure) as measure, any_value(across) as across,
            sum(value) as value, sum(cast(round(value * 100) as hugeint)) as cents, count(*) as rows,
            count(numerator) as n_num, count(denominator) as n_den, sum(numerator) as num,
            sum(denominator) as den, bool_or(value = 1) as yes,
            bool_or(eff_bound = '≈') as b_approx, bool_or(eff_bound in ('>', '≥')) as b_lower,
            bool_or(eff_bound = '>') as b_strict_lower, bool_or(eff_bound in ('<', '≤')) as b_upper,
            bool_or(eff_bound = '<') as b_strict_upper
        from {c2} group by {g}, programme""",
        "pct_rows": f"select {g}, value from {c2} where measure = 'percentage'",
        "level_counts": f"select {g}, text, count(*) as n from {c2} where measure = 'ordinal' group by {g}, text",
        "listed_texts": f"select distinct {g}, text from {c2} where measure = 'qualitative'",
    }
