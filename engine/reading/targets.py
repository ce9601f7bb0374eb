"""Targets and the helpers the programme parser shares: a target for the whole indicator or for one group of
its disaggregation, as a count, a share of the total, or (ordinal) a level of the scale."""

from __future__ import annotations

import re

from mptf.engine.findings import Loc
from mptf.indicators.quantity import Quantity, format_number

__all__ = ["TargetParser", "disaggregation_key"]


def _where(loc: Loc) -> dict:
    return {"file": loc.file, "sheet": loc.sheet, "line": loc.line}


class TargetParser:
    """The target half of :class:`~mptf.engine.reading.rows.ProgrammeParser` (``self.read``, ``self.rows``)."""

    def target(
        self,
        programme: str,
        indicator: str,
        raw_value: object,
        raw_date: object,
        loc: Loc,
        source: object = None,
        quote: object = None,
        measure: str | None = None,
        group: object = None,
        share: object = None,
    ) -> None:
        """One target: a figure (or, on an ordinal indicator, a level of its scale), for the whole indicator or
        for one ``group`` of its disaggregation (``{sex: female}`` or ``sex=female``), as a count (``value``) or
        as a ``share`` of the indicator's total (``at least 40%``)."""
        r = self.read
        key = self._group(group, loc)
        if key is None:
            return
        if share is not None and str(getattr(share, "text", share)).strip():
            if raw_value is not None and str(getattr(raw_value, "text", raw_value)).strip():
                r.findings.add(
                    "wrong-type",
                    loc.at(column="share"),
                    subject="a target",
                    problem="gives both a value and a share",
                    fix="give the group's count as value, or its share of the total as share, not both",
                )
                return
            q = r.quantity(share, loc, "share")
            if q is None:
                return
            if not key or not q.percent or not 0 < q.value <= 100:
                r.findings.add(
                    "wrong-type",
                    loc.at(column="share"),
                    subject=f"share {share!r}",
                    problem="is not a share of the total between 0% and 100%"
                    if key
                    else "needs a group: a share of the total is a target for one group",
                    fix="write the group and its share of the total, e.g. group: {sex: female}, share: at least 40%",
                )
                return
            self._target_row(programme, indicator, _quantity_columns(q, share), raw_date, loc, source, quote)
            self.rows.targets[-1] |= {"group": key, "share": True}
            return
        if measure == "ordinal":  # a level of the scale, kept as written; the verdict places it on the scale
            level = r.text(raw_value, loc, "value")
            if level is None:
                r.required(raw_value, loc, "value", "a target")
                return
            columns = {"value": None, "bound": "=", "qualifier": None, "percent": False, "text": level}
        else:
            q = r.quantity(raw_value, loc, "value")
            if q is None:
                r.required(raw_value, loc, "value", "a target")
                return
            columns = _quantity_columns(q, raw_value)
        self._target_row(programme, indicator, columns, raw_date, loc, source, quote)
        self.rows.targets[-1]["group"] = key

    def _target_row(self, programme, indicator, columns, raw_date, loc, source, quote) -> None:
        self.rows.targets.append(
            {
                "programme": programme,
                "indicator": indicator,
                **columns,
                "group": "",
                "share": False,
                "date": self.read.date(raw_date, loc, "date"),
                "source": self.read.text(source, loc, "source") or "",
                "quote": self.read.text(quote, loc, "quote") or "",
                **_where(loc),
            }
        )

    def _group(self, raw: object, loc: Loc) -> str | None:
        """A target's group: a mapping (``{sex: female}``) or its text (``sex=female; age=youth``); ``""`` for
        the whole indicator, ``None`` (and a finding) when it cannot be read."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return ""
        if isinstance(raw, dict):
            return disaggregation_key(raw)
        text = str(getattr(raw, "text", raw)).strip()
        pairs = [p.strip() for p in re.split(r"[;,]", text) if p.strip()]
        if pairs and all(re.fullmatch(r"[^=\s]+\s*=\s*\S.*", p) for p in pairs):
            return disaggregation_key(dict(tuple(x.strip() for x in p.split("=", 1)) for p in pairs))
        self.read.findings.add(
            "wrong-type",
            loc.at(column="group"),
            subject=f"group {text!r}",
            problem="is not a group of the disaggregation",
            fix="write the group as dimension=value, e.g. sex=female (several: sex=female; age=youth)",
        )
        return None


def disaggregation_key(dims: dict) -> str:
    """Canonical text of a group: ``{"sex": "female", "age": "adult"}`` → ``"age=adult;sex=female"``."""
    parts = [
        f"{str(k).strip()}={str(getattr(v, 'text', v)).strip()}"
        for k, v in dims.items()
        if v is not None and str(v).strip()
    ]
    return ";".join(sorted(parts))


def _quantity_columns(q: Quantity, raw: object) -> dict:
    return {
        "value": float(q.value),
        "bound": q.bound,
        "qualifier": q.qualifier,
        "percent": q.percent,
        "text": str(getattr(raw, "text", raw)).strip()
        if not isinstance(raw, (int, float)) or isinstance(raw, bool)
        else format_number(q.value),
    }
