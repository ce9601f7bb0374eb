"""Load one programme file written in YAML (see ``docs/format.md``) into rows, with a finding per problem."""

from __future__ import annotations

from pathlib import Path

from mptf.engine.findings import Findings, Loc
from mptf.engine.reading.fields import FieldReader
from mptf.engine.reading.rows import ProgrammeParser, Rows
from mptf.engine.reading.yamlio import YamlError, load_yaml
from mptf.indicators.formats import (
    BASELINE_KEYS,
    CLAIM_FIELDS,
    CLAIM_KEYS,
    CONTEXT_KEYS,
    INDICATOR_KEYS,
    LINK_KEYS,
    PROGRAMME_KEYS,
    RESULT_KEYS,
    TARGET_KEYS,
    VALUE_KEYS,
)
from mptf.indicators.limits import Limits, TooLarge

__all__ = ["PROGRAMME_KEYS", "RESULT_KEYS", "INDICATOR_KEYS", "VALUE_KEYS", "load_programme_yaml"]


def load_programme_yaml(path: Path, label: str, findings: Findings, limits: Limits | None = None) -> Rows:
    """Rows of one programme file; ``label`` is how the file is named in findings."""
    rows = Rows()
    loc = Loc(file=label)
    try:
        doc = load_yaml(path, limits)
    except TooLarge as err:
        findings.add("too-large", loc.at(line=err.line), **err.fields)
        return rows
    except YamlError as err:
        findings.add(
            "yaml-syntax",
            loc.at(line=err.line),
            error=err,
        )
        return rows
    except OSError as err:
        findings.add("unreadable-file", loc, what=f"cannot read the file: {err.strerror}", fix="check the path")
        return rows
    if not isinstance(doc, dict):
        findings.add(
            "wrong-structure",
            loc,
            what="the file does not hold a programme (a mapping with 'id', 'countries', ...)",
            fix="start the file with 'id: my-programme' (see docs/format.md)",
        )
        return rows
    _Programme(FieldReader(findings), rows, loc).load(doc)
    return rows


class _Programme:
    def __init__(self, reader: FieldReader, rows: Rows, loc: Loc) -> None:
        self.read = reader
        self.parse = ProgrammeParser(reader, rows)
        self.rows = rows
        self.loc = loc

    def _at(self, mapping: object, key: str | None = None, **more: object) -> Loc:
        line = getattr(mapping, "line", self.loc.line)
        if key is not None and hasattr(mapping, "line_of"):
            line = mapping.line_of(key)
        return self.loc.at(line=line, **more)

    def load(self, doc: dict) -> None:
        r = self.read
        r.check_keys(doc, PROGRAMME_KEYS, self._at(doc), "a programme")
        ident = r.ident(doc.get("id"), self._at(doc, "id"), "id", "programme")
        if ident is None:  # nothing in the file can be attached to a programme without an id
            r.required(None, self._at(doc), "id", "the programme")
            return
        self.loc = self.loc.at(programme=ident)
        source = r.text(doc.get("source"), self._at(doc, "source"), "source") or ""
        self.rows.programmes.append(
            {
                "programme": ident,
                "partners": tuple(r.str_list(doc.get("partners"), self._at(doc, "partners"), "partners")),
                "source": source,
                "quote": r.text(doc.get("quote"), self._at(doc, "quote"), "quote") or "",
                "file": self.loc.file,
                "sheet": "",
                "line": self._at(doc).line or 1,
            }
        )
        for fieldname in CLAIM_FIELDS:
            if fieldname in doc:
                self._claims(ident, fieldname, doc[fieldname], self._at(doc, fieldname, item=ident), source)
        self._links(ident, ident, "programme", doc, self._at(doc, item=ident))
        for item in self._items(doc, "context", self._at(doc, "context")):
            cloc = self._at(item, item=ident)
            r.check_keys(item, CONTEXT_KEYS, cloc, "a context statistic")
            self.parse.context(ident, item, cloc)
        for item in self._items(doc, "results", self._at(doc, "results")):
            self._result(ident, None, item)

    def _items(self, mapping: dict, key: str, loc: Loc) -> list:
        raw = mapping.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.read.findings.add(
                "wrong-type",
                loc.at(column=key),
                subject=repr(key),
                problem="should be a list",
                fix=f"write each entry of {key!r} on its own line starting with '- '",
            )
            return []
        good = []
        for entry in raw:
            if isinstance(entry, dict):
                good.append(entry)
            else:
                self.read.findings.add(
                    "wrong-type",
                    loc.at(column=key),
                    subject=f"an entry of {key!r}",
                    problem=f"is {entry!r}, not a mapping",
                    fix=f"each entry of {key!r} needs keys such as 'id' and 'value'",
                )
        return good

    def _claims(self, programme: str, fieldname: str, raw: object, loc: Loc, default_source: str) -> None:
        is_claim_list = isinstance(raw, list) and raw and all(isinstance(c, dict) for c in raw)
        if isinstance(raw, dict):
            raw, is_claim_list = [raw], True
        if not is_claim_list:
            self.parse.claim(programme, fieldname, raw, loc, source=default_source)
            return
        for claim in raw:
            cloc = self._at(claim, item=programme)
            self.read.check_keys(claim, CLAIM_KEYS, cloc, f"a {fieldname!r} claim")
            if "value" not in claim:
                self.read.required(None, cloc, "value", f"a {fieldname!r} claim")
                continue
            self.parse.claim(
                programme,
                fieldname,
                claim.get("value"),
                cloc,
                source=claim.get("source"),
                quote=claim.get("quote"),
                as_of=claim.get("as_of"),
                currency=claim.get("currency"),
            )

    def _links(self, programme: str, item: str, kind: str, mapping: dict, loc: Loc) -> None:
        for framework in ("gcm", "sdg"):
            raw = mapping.get(framework)
            if raw is None:
                continue
            entries = raw if isinstance(raw, list) else [raw]
            floc = self._at(mapping, framework, item=item)
            for entry in entries:
                if isinstance(entry, dict):
                    eloc = self._at(entry, item=item)
                    self.read.check_keys(entry, LINK_KEYS, eloc, f"a {framework} link")
                    ref = entry.get("objective" if framework == "gcm" else "target")
                    if ref is None:
                        self.read.required(
                            None, eloc, "objective" if framework == "gcm" else "target", f"a {framework} link"
                        )
                        continue
                    self.parse.link(
                        programme,
                        item,
                        kind,
                        framework,
                        ref,
                        eloc,
                        entry.get("title"),
                        entry.get("source"),
                        entry.get("quote"),
                        entry.get("share"),
                    )
                elif isinstance(entry, list):
                    self.read.findings.add(
                        "wrong-type",
                        floc,
                        subject=repr(framework),
                        problem="holds a nested list",
                        fix=f"write {framework}: [1, 2]",
                    )
                else:
                    self.parse.link(programme, item, kind, framework, entry, floc)

    def _result(self, programme: str, parent: str | None, raw: dict) -> None:
        r = self.read
        loc = self._at(raw)
        r.check_keys(raw, RESULT_KEYS, loc, "a result")
        ident = r.ident(raw.get("id"), loc, "id", "result")
        if ident is None:
            r.required(None, loc, "id", "a result")
        loc = loc.at(item=ident or "")
        level = r.text(raw.get("level"), self._at(raw, "level", item=ident or ""), "level")
        if level is None:
            r.required(None, loc, "level", f"result {ident!r}")
        title = r.text(raw.get("title"), loc, "title")
        if title is None:
            r.required(None, loc, "title", f"result {ident!r}")
        declared = r.text(raw.get("parent"), loc, "parent")
        self.rows.results.append(
            {
                # a top-level item may name its parent instead of being nested under it (the flat form)
                "result": ident,
                "programme": programme,
                "level": level.lower() if level else None,
                "parent": parent if parent is not None else declared,
                "declared_parent": declared,
                "title": title,
                "editorial": r.boolean(raw.get("editorial"), loc, "editorial", False),
                "source": r.text(raw.get("source"), loc, "source") or "",
                "quote": r.text(raw.get("quote"), loc, "quote") or "",
                "file": loc.file,
                "sheet": "",
                "line": loc.line,
            }
        )
        if ident is None:
            return
        self._links(programme, ident, "result", raw, loc)
        for indicator in self._items(raw, "indicators", loc):
            self._indicator(programme, ident, indicator)
        for child in self._items(raw, "results", loc):
            self._result(programme, ident, child)

    def _indicator(self, programme: str, result: str, raw: dict) -> None:
        r = self.read
        loc = self._at(raw)
        r.check_keys(raw, INDICATOR_KEYS, loc, "an indicator")
        ident = r.ident(raw.get("id"), loc, "id", "indicator")
        if ident is None:
            r.required(None, loc, "id", "an indicator")
            return
        loc = loc.at(item=ident)
        flat = dict(raw)
        baseline = raw.get("baseline")
        if isinstance(baseline, dict):
            r.check_keys(baseline, BASELINE_KEYS, self._at(baseline, item=ident), "a baseline")
            flat["baseline"], flat["baseline_date"] = baseline.get("value"), baseline.get("date")
        self.parse.indicator(programme, result, flat, loc)
        measure = self.parse.rows.indicators[-1]["measure"]
        self._links(programme, ident, "indicator", raw, loc)
        for target in self._items(raw, "targets", loc):
            tloc = self._at(target, item=ident)
            r.check_keys(target, TARGET_KEYS, tloc, "a target")
            self.parse.target(
                programme,
                ident,
                target.get("value"),
                target.get("date"),
                tloc,
                target.get("source"),
                target.get("quote"),
                measure,
                target.get("group"),
                target.get("share"),
            )
        for value in self._items(raw, "values", loc):
            vloc = self._at(value, item=ident)
            r.check_keys(value, VALUE_KEYS, vloc, "a reported value")
            self.parse.value(programme, ident, measure, value, vloc)
