"""Drive headless LibreOffice through UNO on filled templates and print what it did, as JSON.

Run by the system's Python (``python3-uno``), not the test environment's: ``python3 libreoffice_sort.py SPEC``,
SPEC a JSON file ``{"filled": path, "locked": path, "saved": path, "profile": dir, "names": {id: name}}``.
In ``filled`` (a template whose ``note`` cells hold their row's keys, ``indicator|dimensions...``) the table is
sorted by ``value``, descending, as a user sorts a selection with its header; then filtered on ``sex`` = female,
and a row inserted; the sorted book is saved to ``saved``. In ``locked`` (the same with one locked cell in the
table) the same sort is tried: LibreOffice, like Excel, refuses a sort over a locked cell of a protected sheet.
"""

import json
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.sheet import TableFilterField
from com.sun.star.sheet.FilterOperator import EQUAL
from com.sun.star.table import TableSortField


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def table(sheet):
    """The header and every non-empty row below it, as texts."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    header = []
    while sheet.getCellByPosition(len(header), 0).String:
        header.append(sheet.getCellByPosition(len(header), 0).String)
    rows = []
    for r in range(1, cursor.RangeAddress.EndRow + 1):
        cells = [sheet.getCellByPosition(c, r).String for c in range(len(header))]
        if any(cells):
            rows.append(dict(zip(header, cells, strict=True)))
    return header, rows


def notes(sheet):
    out = {}
    for i in range(sheet.Annotations.Count):
        a = sheet.Annotations.getByIndex(i)
        out[(a.Position.Row, a.Position.Column)] = a.String
    return out


def sort_by_value(sheet, header, n):
    selection = sheet.getCellRangeByPosition(0, 0, len(header) - 1, n)
    field = TableSortField()
    field.Field, field.IsAscending = header.index("value"), False
    descriptor = selection.createSortDescriptor()
    for p in descriptor:
        if p.Name == "SortFields":
            p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        elif p.Name == "ContainsHeader":
            p.Value = True
    selection.sort(descriptor)


def check(desktop, spec):
    out = {}

    def load(path):
        url = uno.systemPathToFileUrl(path)
        return desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))

    doc = load(spec["filled"])
    sheet = doc.Sheets.getByName("values")
    out["protected"] = bool(sheet.isProtected())
    out["reference_protected"] = bool(doc.Sheets.getByName("reference").isProtected())
    header, before = table(sheet)
    indicator = header.index("indicator")
    dims = header[header.index("period_end") + 1 : header.index("value")]
    sort_by_value(sheet, header, len(before))
    header, after = table(sheet)
    out["rows"] = len(after)
    out["values_after"] = [float(r["value"]) for r in after]
    out["moved"] = sum(1 for a, b in zip(before, after, strict=True) if a != b)
    out["same_rows"] = sorted(map(sorted, map(dict.items, before))) == sorted(map(sorted, map(dict.items, after)))
    out["rows_whole"] = all(r["note"] == "|".join([r["indicator"], *(r[d] for d in dims)]) for r in after)
    placed = notes(sheet)
    out["notes_with_their_row"] = sum(
        1
        for i, r in enumerate(after, start=1)
        if placed.get((i, indicator), "").startswith(spec["names"][r["indicator"]])
    )
    selection = sheet.getCellRangeByPosition(0, 0, len(header) - 1, len(after))
    descriptor = selection.createFilterDescriptor(True)
    female = TableFilterField()
    female.Field, female.Operator, female.IsNumeric, female.StringValue = header.index("sex"), EQUAL, False, "female"
    descriptor.FilterFields, descriptor.ContainsHeader = (female,), True
    selection.filter(descriptor)
    visible = [i for i in range(1, len(after) + 1) if sheet.Rows.getByIndex(i).IsVisible]
    out["filtered_visible"] = visible
    out["female_rows"] = [i for i, r in enumerate(after, start=1) if r["sex"] == "female"]
    selection.filter(selection.createFilterDescriptor(True))
    sheet.Rows.insertByIndex(3, 1)
    out["inserted_row_open"] = not sheet.getCellByPosition(0, 3).CellProtection.IsLocked
    out["rows_after_insert"] = len(table(sheet)[1])
    try:
        sheet.Rows.removeByIndex(3, 1)
        out["row_deleted"] = True
    except Exception:
        out["row_deleted"] = False
        sheet.unprotect("")
        sheet.Rows.removeByIndex(3, 1)
        sheet.protect("")
    doc.storeToURL(uno.systemPathToFileUrl(spec["saved"]), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)

    doc = load(spec["locked"])
    sheet = doc.Sheets.getByName("values")
    header, before = table(sheet)
    sort_by_value(sheet, header, len(before))
    out["locked_sort_changed"] = table(sheet)[1] != before
    doc.close(True)
    return out


def main():
    spec = json.loads(open(sys.argv[1], encoding="utf-8").read())
    pipe = f"mptf{time.time_ns()}"
    office = subprocess.Popen(
        [
            spec.get("soffice", "soffice"),
            f"-env:UserInstallation={uno.systemPathToFileUrl(spec['profile'])}",
            "--headless",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        print(json.dumps(check(desktop, spec)))
    finally:
        office.terminate()
        office.wait(60)


if __name__ == "__main__":
    main()
