"""Small programme files for hand-worked tests: ``build(tmp_path, prog("a", [ind("a.i", values=[100])]))``."""

import re
import shutil
import zipfile

import yaml

from mptf.engine.reading.load import load_portfolio

__all__ = ["build", "ind", "prog", "store_result"]


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


def store_result(path, cell: str, result: str) -> None:
    """Store ``result`` as the formula's computed value in ``cell`` of the first sheet, as Excel does on save
    (openpyxl writes formulas with no result)."""
    copy = path.with_suffix(".tmp")
    shutil.copy(path, copy)
    with zipfile.ZipFile(copy) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode("utf-8")
                xml, n = re.subn(
                    rf'<c r="{cell}"([^>]*)><f>([^<]*)</f><v\s*/>|<c r="{cell}"([^>]*)><f>([^<]*)</f><v></v>',
                    lambda m: f'<c r="{cell}"{m[1] or m[3] or ""}><f>{m[2] or m[4]}</f><v>{result}</v>',
                    xml,
                )
                assert n == 1, xml
                data = xml.encode("utf-8")
            dst.writestr(item, data)
    copy.unlink()
