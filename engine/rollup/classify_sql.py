"""SQL text classifying reported values for the rollup (run by :mod:`mptf.engine.rollup.sqlengine`).

:func:`classify_sql` gives every (reported value × group) row the rule that decides whether and how it counts;
the one-pass rollup, the distributed one and the audit run the same text.
"""

from __future__ import annotations

import pandas as pd

from mptf.engine.dates import reference_date
from mptf.engine.rollup.parts_sql import COUNTED as _COUNTED
from mptf.engine.rollup.parts_sql import winners_sql

__all__ = ["classify_sql", "partition"]


def partition(keys: list[str], *more: str) -> str:
    """Columns as a SQL list: ``keys`` then ``more``."""
    return ", ".join([*keys, *more])


#: What level 1 reads of an indicator's link (one row per indicator, whatever its keys).
_LINK_FIELDS = ("indicator", "iid", "pid", "common", "measure", "cumulative", "series", "resets", "uniq", "people",
                "across", "link_rule", "current_since")  # fmt: skip


def classify_sql(
    keys: list[str],
    country_override: bool,
    max_policy: bool = True,
    as_of: pd.Timestamp | None = None,
    winners: bool = False,
    final: str | None = None,
    spread_keys: bool = True,
) -> str:
    """SQL giving every (reported value × group) row the rule that decides whether and how it counts.

    ``v`` holds the reported values with a row id ``vid``; ``l`` one row per (indicator × group key combination)
    with the indicator's integer ids ``iid``/``pid``, common indicator, measure, flags and ``link_rule`` (an
    exclusion reason, or null when the link is sound). ``keys`` are the group columns (``k_area``, ``k_gcm``,
    ...); ``k_year`` and, with ``country_override``, a value's own ``country=`` group are worked out here.

    The rules, in order of precedence: a bad link or no figure; the same claim again (duplicate); conflicting
    claims (the lowest is kept as a lower bound); an earlier cumulative value; a programme-wide figure where the
    programme reports one for the country; a part of a reported total; a programme's other indicators where it
    reports a unique total; a smaller overlapping programme figure (policy ``max``). They are computed in three
    passes: flags that depend only on the rows (level 1), flags over the rows level 1 keeps (level 2), and the
    ``max`` policy over the rows counted so far (level 3, only when a common indicator uses it: each
    programme's total, then per group the largest and the first programme giving it, ``winners_sql``; from
    table ``w`` when ``winners``: programmes split over several passes). Level 2's group flags are worked out
    per indicator and then spread, so the one pass over the values spread over their keys joins only tables
    of a row per indicator, year and key or per group: it streams, where a spread table of every value would be
    held (at 10M values, some 15 GB spilled to disk). With the ``max`` policy, level 3 reads the spread rows
    twice (each programme's total, then the rows), and DuckDB holds them.
    How a series combines (``series``): a since-start cumulative value and a level count at their latest date
    (earlier ones are superseded); a level approximate (``≈``) when stale: its period ended before the reporting
    period current at the reference date ``as_of`` (``current_since``); a year-to-date value counts at
    the latest date of its year (the year starting on the first of its ``resets`` month) and the years add up;
    a per-period value counts for its period. No value for a period that ends after the reference date counts
    (``after-reference``): a past run gives the figures it gave then.
    Each counted row also gets ``counted_bound``: the bound it carries into its figure's sum (its own, made a
    lower bound by a conflict or by parts without a total, an upper bound by double counting within a
    programme); ``trace`` shows it and recomputes figures from it. ``final``: another closing select over
    the same steps. ``spread_keys=False`` keeps every key in level 1 (the plain formulation the spread one is
    tested against).
    """
    k = list(keys)
    # Level 1 and the parts and totals depend on a value and its indicator alone: a key its link alone decides
    # (area, GCM, SDG, agency, the link's country) splits their partitions no further, so they run once per value
    # (and year) and their rows are then spread over those keys. A value's own country (``country_override``)
    # keeps every key in level 1.
    spread = [] if country_override or not spread_keys else [c for c in k if c != "k_year"]
    k1 = [c for c in k if c not in spread]
    day = (pd.Timestamp(as_of) if as_of is not None else reference_date()).normalize()
    ref = f"timestamp '{day:%Y-%m-%d}'"
    plain = [f"l.{c}" for c in k1 if c != "k_year" and not (c == "k_country" and country_override)]
    if country_override:
        plain.append(
            "coalesce(nullif(regexp_extract(v.disaggregation, 'country=([A-Za-z]{3})', 1), ''), l.k_country) "
            "as k_country"
        )
        own = "regexp_extract(v.disaggregation, 'country=([A-Za-z]{3})', 1)"
        rest = "trim(regexp_replace(v.disaggregation, '(^|;)country=[^;]*', '', 'g'), ';')"
    else:
        own, rest = "''", "v.disaggregation"
    if "k_year" in keys:
        plain.append("coalesce(cast(year(v.period_end) as varchar), 'unknown') as k_year")
    select_keys = "".join(f", {c}" for c in plain)
    ind = partition(k1, "iid", "disaggregation")
    ind_y = partition(k1, "iid", "disaggregation", "span")
    ind_b = ", ".join(f"b.{c}" for c in [*k1, "iid", "disaggregation"])
    ind_using = ", ".join([*k1, "iid", "disaggregation"])
    ind_join_g = " and ".join(f"b.{c} = g.{c}" for c in [*k1, "iid", "disaggregation"])
    ind_join_t = " and ".join(f"b.{c} = t.{c}" for c in [*k1, "iid", "disaggregation", "span"])
    # the period parts and totals are compared in: one for a series read at its latest date, its year for a
    # year-to-date series, its own period for a per-period one
    per = (
        "case series when 'per-period' then cast(period_end as varchar) "
        "when 'year-to-date' then cast(span as varchar) end"
    )
    c_keys = partition(k1, "iid")
    c_join = " and ".join(f"l1x.{c} = c.{c}" for c in [*k1, "iid"])
    d_keys = partition(k, "pid", "common")
    by_indicator = f"(select distinct {partition(list(_LINK_FIELDS), *(c for c in k1 if c != 'k_year'))} from l) as l"
    # the keys a value's link alone decides, one row per (indicator × combination of them)
    spread_of = f"(select distinct {partition(['indicator'], *spread)} from l)" if spread else "(select null)"
    spread_join = "join spread s on s.indicator = {}.indicator" if spread else "cross join spread s"

    def spread_cols(alias: str) -> str:
        return "".join(f", {alias}.{c}" for c in spread)

    d_join = " and ".join(f"x.{c} is not distinct from d.{c}" for c in [*k, "pid", "common"])
    f_join = "".join(f" and l1c.{c} is not distinct from f.{c}" for c in k1)
    if country_override:
        own_cte = f"""own as (
        select {partition(k1, "iid")}, bool_or(own_country <> '') as country_reported from b group by all
    ),"""
        own_col = "o.country_reported"
        own_join = "join own o on " + " and ".join(f"b.{c} = o.{c}" for c in [*k1, "iid"])
    else:
        own_cte, own_col, own_join = "", "false", ""
    pt_join = " and ".join(f"l2x.{c} is not distinct from pt.{c}" for c in [*k, "common", "pid"])
    level3 = (
        f"""
    pt as (
        select {partition(k, "common", "pid")}, sum(case when counted then value end) as programme_total
        from l2x group by all
    ),
    l3 as (select l2x.*, pt.programme_total from l2x join pt on {pt_join}),
    {"" if winners else f" w as ({winners_sql(k, 'pt')}),"}
    l3x as (
        select l3.*, w.largest_total, w.first_with_total from l3
        left join w on {" and ".join(f"l3.{c} is not distinct from w.{c}" for c in [*k, "common"])}
    )"""
        if max_policy
        else """
    l3x as (select *, null as programme_total, null as largest_total, null as first_with_total from l2x)"""
    )
    return f"""
    with b as (
        select {"distinct" if country_override else ""} v.vid, v.programme, v.indicator, v.period_start,
               v.period_end, v.value, v.bound, v.text, v.disaggregation, v.numerator, v.denominator,
               l.iid, l.pid, l.common, l.measure, l.cumulative, l.series, l.resets, l.uniq, l.people, l.across,
               l.link_rule,
               case when l.series = 'year-to-date' and v.period_end is not null
                    then year(v.period_end - to_months(cast(l.resets as integer) - 1)) else 0 end as span,
               l.series <> 'per-period' as latest_only,
               coalesce(v.period_end > {ref}, false) as after_ref,
               l.series = 'level' and v.period_end < l.current_since as stale,
               v.excluded, v.conflict as claimed, {own} as own_country, {rest} as parts_key,
               l.link_rule is null and v.excluded = ''
               and not (l.measure in ('count', 'currency', 'percentage', 'yes-no') and v.value is null) as usable
               {select_keys}
        from v join {by_indicator} on v.indicator = l.indicator
    ),
    facts as (
        -- a fact is (group, indicator, disaggregation, period); hashing it finds, in one integer aggregate,
        -- the few facts that may have several claims; those are then grouped exactly (a hash never decides)
        select *, hash({ind}, period_start, period_end) as fact from b where usable
    ),
    several as (select fact from facts group by fact having count(*) > 1),
    candidates as (select * from facts semi join several using (fact)),
    a_groups as (
        select {ind}, coalesce(period_start, timestamp '1677-09-22') as ps,
               coalesce(period_end, timestamp '1677-09-22') as pe,
               count(*) as n_claims, bool_or(claimed) as conflict
        from candidates group by all
    ),
    a_ranked as (
        -- ranks only where one fact has several claims (rare): ties are duplicates, the lowest claim first;
        -- a value sits in several groups of the level-1 keys (its link's countries, by country): its rank is
        -- joined back per group
        select b.vid{"".join(f", b.{c}" for c in k1)}, row_number() over w as claim_rank,
               (lag(value) over w is not distinct from value and lag(bound) over w is not distinct from bound
                and lag(text) over w is not distinct from text and row_number() over w > 1) as duplicate
        from candidates b join a_groups g using ({ind_using})
        where g.n_claims > 1 and coalesce(b.period_start, timestamp '1677-09-22') = g.ps
              and coalesce(b.period_end, timestamp '1677-09-22') = g.pe
        window w as (partition by {ind_b}, b.period_start, b.period_end order by value nulls last, text, b.vid)
    ),
    latest as (
        select {ind_y},
               max(case when usable and not after_ref then coalesce(period_end, timestamp '1677-09-22') end)
                   as last_end
        from b group by all
    ),
    {own_cte}
    l1 as (
        select b.*, coalesce(r.claim_rank, 1) as claim_rank, coalesce(r.duplicate, false) as duplicate,
               coalesce(g.conflict, false) as conflict,
               coalesce(b.period_end, timestamp '1677-09-22') < t.last_end as earlier,
               {own_col} as country_reported
        from b
        left join a_groups g on {ind_join_g} and coalesce(b.period_start, timestamp '1677-09-22') = g.ps
             and coalesce(b.period_end, timestamp '1677-09-22') = g.pe
        join latest t on {ind_join_t}
        left join a_ranked r on r.vid = b.vid{"".join(f" and r.{c} is not distinct from b.{c}" for c in k1)}
        {own_join}
    ),
    l1x as (
        select *, usable and not duplicate and not (conflict and claim_rank > 1)
                  and not (latest_only and earlier) and not after_ref
                  and not (country_reported and own_country = '') as kept1
        from l1
    ),
    c_groups as (
        select {c_keys}, {per} as per,
               bool_or(kept1 and parts_key = '') as has_total,
               min(case when kept1 then regexp_replace(parts_key, '=[^;]*', '', 'g') end)
                   <> max(case when kept1 then regexp_replace(parts_key, '=[^;]*', '', 'g') end) as mixed_parts
        from l1x group by all
    ),
    spread as {spread_of},
    d_indicators as (
        select {partition(k1, "indicator", "iid", "pid", "common")}, bool_or(kept1 and uniq) as unique_total,
               bool_or(kept1) as any_kept
        from l1x group by all
    ),
    d_spread as (select d_indicators.*{spread_cols("s")} from d_indicators {spread_join.format("d_indicators")}),
    d_groups as (
        -- a programme's indicators of one common indicator in a group: grouped per indicator, then spread
        select {d_keys}, bool_or(unique_total) as any_unique,
               min(case when any_kept then iid end) <> max(case when any_kept then iid end) as several
        from d_spread group by all
    ),
    spread_flags as (
        -- per (indicator × level-1 keys): the keys its links spread its values over, with their groups' flags
        select {partition([f"x.{c}" for c in k1], "x.indicator")}{spread_cols("x")},
               d.any_unique, d.several
        from d_spread x join d_groups d on {d_join}
    ),
    l1c as (
        select l1x.*, c.has_total, c.mixed_parts from l1x
        join c_groups c on {c_join} and c.per is not distinct from (
            case l1x.series when 'per-period' then cast(l1x.period_end as varchar)
                 when 'year-to-date' then cast(l1x.span as varchar) end)
    ),
    l2 as (
        -- the values spread over their links' keys, streamed: the table it joins has a row per indicator and key
        select l1c.*{spread_cols("f")}, l1c.people and f.any_unique as has_unique,
               l1c.people and f.several as several_indicators
        from l1c join spread_flags f on l1c.indicator = f.indicator{f_join}
    ),
    l2x as (
        select *, kept1 and not (has_total and parts_key <> '') and not (has_unique and not uniq) as counted
        from l2
    ),{level3},
    ruled as (
    select vid, programme, indicator, period_start, period_end, value, bound, text, disaggregation, numerator,
        denominator, excluded, common, measure, cumulative, series, resets, uniq, people,
        across{"".join(f", {c}" for c in k)},
        usable and not duplicate and claim_rank = 1
            and (conflict or (claimed and latest_only and not earlier)) as lower_from_conflict,
        stale and counted as stale_level,
        case when counted and not has_total and parts_key <> ''
             then (case when mixed_parts then 'approx' else 'lower' end) end as part_bound,
        counted and several_indicators and not has_unique as upper_within_programme,
        case
            when excluded <> '' then 'invalid'
            when link_rule is not null then link_rule
            when not usable then 'no-figure'
            when duplicate then 'duplicate'
            when conflict and claim_rank > 1 then 'conflict'
            when after_ref then 'after-reference'
            when latest_only and earlier then case when claimed then 'conflict'
                                                   when series = 'level' then 'superseded-level'
                                                   when series = 'year-to-date' then 'superseded-year'
                                                   else 'superseded' end
            when country_reported and own_country = '' then 'country-figure'
            when has_total and parts_key <> '' then 'part-of-total'
            when has_unique and not uniq then 'unique-total'
            when across = 'max' and measure = 'count'
                 and (programme_total < largest_total or pid <> first_with_total) then 'overlapping-max'
            when measure = 'percentage' then 'counted-percentage'
            when measure = 'ordinal' then 'counted-level'
            when measure = 'qualitative' then 'listed'
            when measure = 'yes-no' then 'counted-yes-no'
            when across = 'once' then 'counted-once'
            when not has_total and parts_key <> '' then 'summed-part'
            when series = 'level' and stale then 'summed-stale-level'
            when series = 'level' then 'summed-level'
            when series = 'year-to-date' then 'summed-year'
            when cumulative then 'summed-latest'
            else 'summed-period'
        end as rule
    from l3x
    ),
    bounded as (
        -- the bound a counted row carries into its figure's sum: a conflict's lowest claim is a lower bound
        select *, case
                when stale_level then '≈'
                when lower_from_conflict and bound in ('=', '≥') then '≥'
                when lower_from_conflict and bound = '>' then '>'
                when lower_from_conflict then '≈'
                else bound end as conflict_bound
        from ruled
    )
    {final or _RULED_SELECT}
    """


_RULED_SELECT = f"""
    select * exclude (conflict_bound), case when {_COUNTED} then
            case
                -- parts of several dimensions, or a double-counting upper bound on a lower bound: approximate
                when part_bound = 'approx' or upper_within_programme and conflict_bound in ('>', '≥') then '≈'
                when upper_within_programme and conflict_bound in ('=', '≤') then '≤'
                when upper_within_programme and conflict_bound = '<' then '<'
                when part_bound = 'lower' and conflict_bound in ('=', '≥') then '≥'
                when part_bound = 'lower' and conflict_bound = '>' then '>'
                when part_bound = 'lower' then '≈'
                else conflict_bound end
        end as counted_bound
    from bounded"""
