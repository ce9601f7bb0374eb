"""The one module that runs SQL: DuckDB over the model's pandas DataFrames (read in place through Arrow).

Why DuckDB: the rollup must handle millions of reported values as one vectorised pass, and its rules
(latest value, duplicates, totals over parts, double counting) are window functions that SQL states plainly,
so an auditor can read the rule where it runs. pandas stays the model and the interface: frames go in,
frames come out. Nothing else in the package imports duckdb.
"""

from __future__ import annotations

import duckdb
import pandas as pd

__all__ = ["classify_contributions", "run", "sum_figures"]


def run(sql: str, **tables: pd.DataFrame) -> pd.DataFrame:
    """Run one query over the given frames (each registered under its keyword name)."""
    con = duckdb.connect()
    try:
        for name, frame in tables.items():
            con.register(name, frame)
        return con.execute(sql).df()
    finally:
        con.close()


def _partition(keys: list[str], *more: str) -> str:
    return ", ".join([*keys, *more])


def classify_contributions(
    values: pd.DataFrame, links: pd.DataFrame, keys: list[str], country_override: bool = False
) -> pd.DataFrame:
    """Give every (reported value × group) row the rule that decides whether and how it counts.

    ``values`` holds the reported values with a row id ``vid``; ``links`` one row per (indicator × group key
    combination) with the indicator's common indicator, measure, flags and ``link_rule`` (an exclusion reason,
    or null when the link is sound). ``keys`` are the group columns (``k_area``, ``k_gcm``, ...); ``k_year``
    and, with ``country_override``, a value's own ``country=`` group are worked out here. The steps run in
    order, each on the rows the
    previous steps kept: duplicates, conflicting claims, latest cumulative value, totals over parts, unique
    programme totals, overlap across programmes.
    """
    k = list(keys)
    plain = [f"l.{c}" for c in keys if c != "k_year" and not (c == "k_country" and country_override)]
    if country_override:
        plain.append(
            "coalesce(nullif(regexp_extract(v.disaggregation, 'country=([A-Za-z]{3})', 1), ''), "
            "l.k_country) as k_country"
        )
    if "k_year" in keys:
        plain.append("coalesce(cast(year(v.period_end) as varchar), 'unknown') as k_year")
    select_keys = ", ".join(plain)
    if country_override:  # a value's own country group: within it, the value is a total
        own = "regexp_extract(v.disaggregation, 'country=([A-Za-z]{3})', 1)"
        rest = "trim(regexp_replace(v.disaggregation, '(^|;)country=[^;]*', '', 'g'), ';')"
    else:
        own, rest = "''", "v.disaggregation"
    P = _partition(k, "programme", "indicator", "disaggregation")
    sql = f"""
    with b as (
        select distinct v.vid, v.programme, v.indicator, v.period_start, v.period_end, v.value, v.bound, v.text,
               v.disaggregation, v.numerator, v.denominator,
               l.common, l.measure, l.cumulative, l.uniq, l.people, l.across, l.link_rule,
               {own} as own_country, {rest} as parts_key
               {(", " + select_keys) if select_keys else ""}
        from v join l on v.indicator = l.indicator
    ),
    s0 as (
        select *, case
            when link_rule is not null then link_rule
            when measure in ('count', 'currency', 'percentage', 'yes-no') and value is null
                then 'excluded: no figure to add'
            end as rule
        from b
    ),
    s1 as (
        select * replace (case when rule is null and row_number() over (
                partition by rule is null, {P}, period_start, period_end, value, bound, text order by vid) > 1
            then 'excluded: the same claim again (duplicate)' else rule end as rule)
        from s0
    ),
    s2 as (
        select *,
            rule is null and (min(coalesce(cast(value as varchar), text)) over w
                              <> max(coalesce(cast(value as varchar), text)) over w
                              or min(bound) over w <> max(bound) over w) as conflict,
            row_number() over (w order by value nulls last, text, vid) as conflict_rank
        from s1
        window w as (partition by rule is null, {P}, period_start, period_end)
    ),
    s3 as (
        select * exclude (conflict, conflict_rank) replace (case
            when conflict and conflict_rank > 1
                then 'excluded: sources disagree; the lowest claim is kept as a lower bound'
            else rule end as rule),
            conflict and conflict_rank = 1 as lower_from_conflict
        from s2
    ),
    s4 as (
        select * replace (case
            when rule is null and cumulative and coalesce(period_end, date '0001-01-01')
                 < max(coalesce(period_end, date '0001-01-01')) over (partition by rule is null, {P})
                then 'excluded: superseded by a later cumulative value'
            else rule end as rule)
        from s3
    ),
    s4b as (
        select * replace (case
            when rule is null and own_country = '' and bool_or(own_country <> '') over (
                partition by rule is null, {_partition(k, "programme", "indicator")})
                then 'excluded: the programme reports a figure of this country'
            else rule end as rule)
        from s4
    ),
    s5 as (
        select *, bool_or(parts_key = '') over w as has_total,
               min(regexp_replace(parts_key, '=[^;]*', '', 'g')) over w
                   <> max(regexp_replace(parts_key, '=[^;]*', '', 'g')) over w as mixed_parts
        from s4b
        window w as (partition by rule is null, {_partition(k, "programme", "indicator")},
                     case when cumulative then null else period_end end)
    ),
    s6 as (
        select * exclude (has_total, mixed_parts) replace (case
            when rule is null and has_total and parts_key <> '' then 'excluded: part of a reported total'
            else rule end as rule),
            case when rule is null and not has_total and parts_key <> ''
                 then (case when mixed_parts then 'approx' else 'lower' end) end as part_bound
        from s5
    ),
    s7 as (
        select *, people and bool_or(uniq) over w as has_unique,
               people and min(indicator) over w <> max(indicator) over w as several_indicators
        from s6
        window w as (partition by rule is null, {_partition(k, "programme", "common")})
    ),
    s8 as (
        select * exclude (has_unique, several_indicators) replace (case
            when rule is null and has_unique and not uniq
                then 'excluded: the programme reports a unique total for this common indicator'
            else rule end as rule),
            rule is null and several_indicators and not has_unique as upper_within_programme
        from s7
    ),
    s9 as (
        select *, sum(case when rule is null then value end) over (
                partition by {_partition(k, "common", "programme")}) as programme_total
        from s8
    ),
    s10 as (
        select *, max(case when rule is null then programme_total end) over (
                partition by {_partition(k, "common")}) as largest_total,
               min(case when rule is null and programme_total is not null then programme end) over (
                partition by {_partition(k, "common")}, programme_total) as first_with_total
        from s9
    )
    select * exclude (programme_total, largest_total, first_with_total) replace (case
            when rule is null and across = 'max' and measure = 'count'
                 and (programme_total < largest_total or programme <> first_with_total)
                then 'excluded: overlapping figures; the largest programme figure is taken'
            when rule is not null then rule
            when measure = 'percentage' then 'counted: percentage (never summed)'
            when measure = 'ordinal' then 'counted: level in the distribution'
            when measure = 'qualitative' then 'listed'
            when measure = 'yes-no' then 'counted: yes/no of the programme'
            when across = 'once' then 'counted once for the programme'
            when part_bound is not null then 'summed: part of a group (no total reported)'
            when cumulative then 'summed: latest cumulative value'
            else 'summed: value of its period'
        end as rule)
    from s10
    """
    return run(sql, v=values, l=links)


def sum_figures(contrib: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Aggregate the counted contributions per (group, common indicator), measure by measure."""
    g = _partition(keys, "common")
    sql = f"""
    with c as (
        select *, case
                when lower_from_conflict and bound in ('=', '≥') then '≥'
                when lower_from_conflict and bound = '>' then '>'
                when lower_from_conflict then '≈'
                else bound end as b1
        from contrib where rule like 'summed%' or rule like 'counted%' or rule = 'listed'
    ),
    c2 as (
        select *, case
                when part_bound = 'approx' or upper_within_programme and b1 in ('>', '≥') then '≈'
                when upper_within_programme and b1 in ('=', '≤') then '≤'
                when upper_within_programme and b1 = '<' then '<'
                when part_bound = 'lower' and b1 in ('=', '≥') then '≥'
                when part_bound = 'lower' and b1 = '>' then '>'
                when part_bound = 'lower' then '≈'
                else b1 end as eff_bound
        from c
    ),
    levels as (
        select {g}, string_agg(text || ': ' || n, ', ' order by text) as distribution
        from (select {g}, text, count(*) as n from c2 where measure = 'ordinal' group by {g}, text)
        group by {g}
    )
    select {g}, any_value(c2.measure) as measure,
        case any_value(c2.measure)
            when 'count' then case when any_value(across) = 'once' then count(distinct programme)
                                   else sum(value) end
            when 'currency' then sum(cast(round(value * 100) as hugeint)) / 100.0
            when 'percentage' then case when count(*) = count(numerator) and count(*) = count(denominator)
                                             and sum(denominator) > 0
                                        then 100.0 * sum(numerator) / sum(denominator)
                                        else median(value) end
            when 'yes-no' then count(distinct case when value = 1 then programme end)
        end as value,
        case when any_value(c2.measure) in ('count', 'currency') and any_value(across) <> 'once' then
            case when bool_or(eff_bound = '≈')
                      or (bool_or(eff_bound in ('>', '≥')) and bool_or(eff_bound in ('<', '≤')))
                     then '≈'
                 when bool_or(eff_bound = '>') then '>'
                 when bool_or(eff_bound = '≥') then '≥'
                 when bool_or(eff_bound = '<') then '<'
                 when bool_or(eff_bound = '≤') then '≤'
                 else '=' end
            when any_value(c2.measure) = 'percentage' and count(*) = count(numerator) and count(*) = count(denominator)
                 then '='
            else null end as bound,
        case when any_value(c2.measure) = 'percentage'
             then (count(*) = count(numerator) and count(*) = count(denominator)) end as recomputed,
        min(value) filter (where c2.measure = 'percentage') as min_value,
        max(value) filter (where c2.measure = 'percentage') as max_value,
        count(distinct programme) as programmes,
        count(*) as rows,
        any_value(levels.distribution) as distribution,
        string_agg(distinct case when c2.measure = 'qualitative' then text end, ' | ') as listed
    from c2 left join levels using ({g})
    group by {g}
    """
    return run(sql, contrib=contrib)
