"""Small programme files for hand-worked tests: ``build(tmp_path, prog("a", [ind("a.i", values=[100])]))``."""

import yaml

from mptf.engine.load import load_portfolio

__all__ = ["build", "ind", "prog"]


def prog(pid, indicators, area=2, countries=("TJK",), gcm=None, budget=1_000_000, status="funded", **extra):
    doc = {
        "id": pid,
        "countries": list(countries),
        "status": status,
        "budget": budget,
        "results": [{"id": f"{pid}.r", "level": "outcome", "title": "Outcome", "indicators": indicators}],
    }
    if area is not None:
        doc["thematic_area"] = area
    if gcm:
        doc["gcm"] = gcm
    doc.update(extra)
    return doc


def ind(iid, common="people-reached", values=(), measure="count", unit="people", **extra):
    item = {
        "id": iid,
        "name": iid,
        "measure": measure,
        "values": [v if isinstance(v, dict) else {"value": v, "end": "2023-12-31"} for v in values],
    }
    if common:
        item["common"] = common
    if unit:
        item["unit"] = unit
    item.update(extra)
    return item


def build(tmp_path, *docs, common=None):
    for doc in docs:
        (tmp_path / f"{doc['id']}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    path = None
    if common:
        (tmp_path / "defs").mkdir(exist_ok=True)
        path = tmp_path / "defs" / "common.yaml"
        path.write_text(yaml.safe_dump(common), encoding="utf-8")
        path = str(path)
    return load_portfolio(tmp_path), path
