"""SQL text for a rollup split over programmes (read by :mod:`mptf.engine.rollup.sqlengine`, which runs it).

A figure is an aggregate of counted contribution rows that may come from any programme. These are its parts
that add up over any split of the programmes into groups (each programme's rows all in one group): the rollup
in one pass reads them from its own rows; a distributed rollup (:mod:`mptf.engine.distributed`) makes them per
group of programmes and combines them, so both run the same SQL (:func:`figures_sql`: the figures from the
parts).
"""

from __future__ import annotations

from mptf.indicators.catalogue import COUNTED_CODES

__all__ = ["COUNTED", "FIGURE_INPUT", "figures_sql", "partial_sql", "winners_sql"]

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


#: The columns of a classified contribution that the figures read (:func:`figures_sql`).
FIGURE_INPUT = ("common", "programme", "measure", "across", "value", "numerator", "denominator", "text", "rule",
                 "counted_bound")  # fmt: skip


def figures_sql(keys: list[str], relation: str | None = "contrib") -> str:
    """SQL aggregating the counted rows of ``relation`` (the classified contributions) per (group, common
    indicator), measure by measure, through ``partial_sql``; with ``relation=None``, from the parts already
    made (tables ``per_programme``, ``pct_rows``, ``level_counts``, ``listed_texts``)."""
    g = ", ".join([*keys, "common"])
    on = " and ".join(f"p.{c} is not distinct from pct.{c}" for c in [*keys, "common"])
    parts = "" if relation is None else "".join(f"{n} as ({q}), " for n, q in partial_sql(keys, relation).items())
    sql = f"""
    with {parts}pct as (
        select {g}, median(value) as median, min(value) as min_value, max(value) as max_value
        from pct_rows group by {g}
    ),
    levels as (
        select {g}, string_agg(text || ': ' || n, ', ' order by text) as distribution
        from (select {g}, text, sum(n) as n from level_counts group by {g}, text)
        group by {g}
    ),
    listed as (
        select {g}, string_agg(distinct text, ' | ' order by text) as listed from listed_texts group by {g}
    ),
    f as (
        select {g}, any_value(measure) as measure, any_value(across) as across, sum(value) as value,
            sum(cents) as cents, sum(rows) as rows, sum(n_num) as n_num, sum(n_den) as n_den, sum(num) as num,
            sum(den) as den, count(*) filter (where yes) as yes, count(*) as programmes,
            string_agg(programme, ',' order by programme) as contributors,
            bool_or(b_approx) as b_approx, bool_or(b_lower) as b_lower, bool_or(b_strict_lower) as b_strict_lower,
            bool_or(b_upper) as b_upper, bool_or(b_strict_upper) as b_strict_upper
        from per_programme group by {g}
    )
    select {", ".join(f"p.{c}" for c in [*keys, "common"])}, p.measure,
        case p.measure
            when 'count' then case when p.across = 'once' then p.programmes else p.value end
            when 'currency' then p.cents / 100.0
            when 'percentage' then case when p.rows = p.n_num and p.rows = p.n_den and p.den > 0
                                        then 100.0 * p.num / p.den else pct.median end
            when 'yes-no' then p.yes
        end as value,
        case when p.measure in ('count', 'currency') and p.across <> 'once' then
            case when p.b_approx or (p.b_lower and p.b_upper) then '≈'
                 when p.b_strict_lower then '>'
                 when p.b_lower then '≥'
                 when p.b_strict_upper then '<'
                 when p.b_upper then '≤'
                 else '=' end
            when p.measure = 'percentage' and p.rows = p.n_num and p.rows = p.n_den then '='
            else null end as bound,
        case when p.measure = 'percentage' then (p.rows = p.n_num and p.rows = p.n_den) end as recomputed,
        pct.min_value, pct.max_value, p.programmes, p.contributors, p.rows, levels.distribution, listed.listed
    from f as p
    left join pct on {on}
    left join levels on {on.replace("pct.", "levels.")}
    left join listed on {on.replace("pct.", "listed.")}
    """
    return sql
