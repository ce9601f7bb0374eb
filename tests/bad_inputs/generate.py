"""The binary and large cases of the corpus, made at test time: ``make(name, folder)`` writes the case ``name``
(its path in ``cases.yaml``, such as ``workbook/zip-bomb.xlsx``) under ``folder`` and returns its path.

Small text cases are committed files beside this module; everything else (other encodings, workbooks, bombs,
special files) is made here from the valid programme ``portfolio/demo.yaml`` and never committed.
"""

from __future__ import annotations

import functools
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
DEMO = HERE / "portfolio" / "demo.yaml"
HEADER = ["programme", "indicator", "period_start", "period_end", "value", "note"]
GOOD_ROW = ["demo", "demo.o1.trained", "2023-01-01", "2023-12-31", "150", ""]
GOOD_CSV = (",".join(HEADER) + "\n" + ",".join(GOOD_ROW) + "\n").encode()
MAKERS: dict[str, Callable[[Path], None]] = {}

__all__ = ["DEMO", "GOOD_CSV", "make", "programme_workbook"]


def make(name: str, folder: Path) -> Path:
    """Write case ``name`` (a committed file is copied) under ``folder``; the path of the written case."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    committed = HERE / name
    if committed.is_file():
        path.write_bytes(committed.read_bytes())
    else:
        MAKERS[name](path)
    return path


def maker(*names: str):
    def register(fn):
        for name in names:
            MAKERS[name] = fn
        return fn

    return register


def edited(base: Callable[[Path], None], edit: Callable) -> Callable[[Path], None]:
    """A maker: ``base`` writes a valid file, then ``edit`` changes it (an openpyxl workbook, or bytes)."""

    def build(path: Path) -> None:
        base(path)
        if path.suffix in (".xlsx", ".xlsm"):
            book = openpyxl.load_workbook(path)
            edit(book)
            book.save(path)
        else:
            path.write_bytes(edit(path.read_bytes()))

    return build


def register(name: str, base: Callable[[Path], None], edit: Callable) -> None:
    MAKERS[name] = edited(base, edit)


# -- valid bases ---------------------------------------------------------------------------------------------
def programme_workbook(path: Path) -> None:
    """The demo programme as a programme workbook, as ``mptf`` writes it."""
    path.write_bytes(_programme_workbook_bytes())


@functools.cache
def _programme_workbook_bytes() -> bytes:
    import tempfile

    from mptf.engine.reading.load import load_portfolio
    from mptf.reports.workbook import write_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.xlsx"
        write_workbook(load_portfolio(DEMO), path)
        return path.read_bytes()


def report_workbook(path: Path, rows: list[list] | None = None) -> None:
    """A report workbook: one ``values`` sheet with the header and ``rows`` (default: one good row)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "values"
    ws.append(HEADER)
    for row in [GOOD_ROW] if rows is None else rows:
        ws.append(row)
    book.save(path)


def cell(book, sheet: str, column: str, row: int = 2):
    """The cell of ``column`` (a header name) in ``row`` of ``sheet``."""
    ws = book[sheet]
    names = [str(c.value).strip().lower() if c.value is not None else "" for c in ws[1]]
    return ws.cell(row=row, column=names.index(column) + 1)


def set_cell(sheet: str, column: str, value, row: int = 2):
    """Write ``value`` in a cell (text starting with ``=`` becomes a formula, as openpyxl writes it)."""

    def edit(book):
        cell(book, sheet, column, row).value = value

    return edit


def text_cell(sheet: str, column: str, text: str, row: int = 2):
    """Write ``text`` as a text cell even when it starts with ``=`` (openpyxl would make it a formula)."""

    def edit(book):
        target = cell(book, sheet, column, row)
        target.value = text
        target.data_type = "s"

    return edit


def zip_member(name: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    """An edit of one XML member of a workbook, as text."""

    def edit(path: Path) -> None:
        copy = path.with_name(path.name + ".orig")
        path.rename(copy)
        with zipfile.ZipFile(copy) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == name:
                    data = change(data.decode("utf-8")).encode("utf-8")
                dst.writestr(item.filename, data)
        copy.unlink()

    return edit


def then(base: Callable[[Path], None], *steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        base(path)
        for step in steps:
            step(path)

    return build


def store_result(sheet_xml: str, coordinate: str, result: str) -> Callable[[str], str]:
    """Give the formula in ``coordinate`` a stored result, as Excel does on save."""

    def change(xml: str) -> str:
        start = xml.index(f'<c r="{coordinate}"')
        end = xml.index("</c>", start)
        formula = xml[start:end]
        head = formula[: formula.index(">") + 1].replace(' t="str"', "").replace(' t="s"', "")
        body = formula[formula.index("<f>") : formula.index("</f>") + 4]
        kind = "" if result.replace(".", "").isdigit() else ' t="str"'
        head = head.replace(f'<c r="{coordinate}"', f'<c r="{coordinate}"{kind}', 1)
        return xml[:start] + head + body + f"<v>{result}</v>" + xml[end:]

    return change


def raw_number(coordinate: str, number: str) -> Callable[[str], str]:
    """Make ``coordinate`` a number cell holding ``number`` exactly as written (``9007199254740993``, ``NaN``)."""

    def change(xml: str) -> str:
        start = xml.index(f'<c r="{coordinate}"')
        end = xml.index("</c>", start) + 4
        return xml[:start] + f'<c r="{coordinate}"><v>{number}</v></c>' + xml[end:]

    return change


def inline_text(coordinate: str, text: str) -> Callable[[str], str]:
    """Make ``coordinate`` (on row 2) an inline text cell holding ``text`` as it is: openpyxl itself would cut a
    text longer than Excel's 32,767 characters."""

    def change(xml: str) -> str:
        new = f'<c r="{coordinate}" t="inlineStr"><is><t>{text}</t></is></c>'
        start = xml.find(f'<c r="{coordinate}"')
        if start >= 0:
            close = xml.find(">", start)
            end = close + 1 if xml[close - 1] == "/" else xml.index("</c>", start) + 4
            return xml[:start] + new + xml[end:]
        end = xml.index("</row>", xml.index('<row r="2"'))
        return xml[:end] + new + xml[end:]

    return change


def sheet_xml(book: Path, title: str) -> str:
    """The zip member of the sheet ``title``."""
    book = openpyxl.load_workbook(book, read_only=True)
    try:
        index = book.sheetnames.index(title)
    finally:
        book.close()
    return f"xl/worksheets/sheet{index + 1}.xml"


def in_sheet(title: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def step(path: Path) -> None:
        zip_member(sheet_xml(path, title), change)(path)

    return step


# -- other formats under a workbook's or a text file's name ------------------------------------------------
FOREIGN = {
    "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89",
    "csv": GOOD_CSV,
    "yaml": DEMO.read_bytes(),
    "empty": b"",
}


def foreign(kind: str) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        if kind == "zip":
            with zipfile.ZipFile(path, "w") as z:
                z.writestr("readme.txt", "a zip archive, not a workbook")
        elif kind == "xlsx":
            programme_workbook(path.with_suffix(".tmp.xlsx"))
            path.with_suffix(".tmp.xlsx").rename(path)
        else:
            path.write_bytes(FOREIGN[kind])

    return build


def truncated(base: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        base(path)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])

    return build


def corrupt_crc(base: Callable[[Path], None]) -> Callable[[Path], None]:
    """A workbook with one byte of a sheet's compressed data changed (its CRC no longer matches)."""

    def build(path: Path) -> None:
        base(path)
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("xl/worksheets/sheet1.xml")
        at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
        data[at] ^= 0xFF
        path.write_bytes(bytes(data))

    return build


# -- bombs and limits ----------------------------------------------------------------------------------------
def write_zip(path: Path, members: list[tuple[str, list[tuple[bytes, int]]]]) -> None:
    """A zip archive of ``members``, each given as parts ``(data, times)``: a part repeated many times is
    compressed once (after a full flush, its compressed form is the same every time), so that a bomb of a few
    GiB is written in a second or two."""
    central = []
    with open(path, "wb") as out:
        for name, parts in members:
            offset, packer = out.tell(), zlib.compressobj(9, zlib.DEFLATED, -15)
            packed, crc, size = [], 0, 0
            for data, times in parts:
                packed.append((packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH), times))
                for _ in range(times):
                    crc = zlib.crc32(data, crc)
                size += len(data) * times
            packed.append((packer.flush(), 1))
            csize, raw = sum(len(p) * t for p, t in packed), name.encode()
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, csize, size, len(raw), 0) + raw)
            for data, times in packed:
                for _ in range(times):
                    out.write(data)
            central.append(
                struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, csize, size, len(raw),
                            0, 0, 0, 0, 0, offset) + raw
            )  # fmt: skip
        directory_at, table = out.tell(), b"".join(central)
        out.write(table + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(table),
                                      directory_at, 0))  # fmt: skip


def bomb(member: Callable[[Path], str], split: bytes, filler: bytes, times: int) -> Callable[[Path], None]:
    """A bomb in the workbook's ``member``: ``filler`` repeated ``times`` times right after ``split``."""

    def step(path: Path) -> None:
        name = member(path)
        with zipfile.ZipFile(path) as z:
            members = [(item, [(z.read(item), 1)]) for item in z.namelist()]
        for i, (item, parts) in enumerate(members):
            if item == name:
                head, tail = parts[0][0].split(split, 1)
                members[i] = (item, [(head + split, 1), (filler, times), (tail, 1)])
        write_zip(path, members)

    return step


def first_sheet(path: Path) -> str:
    return sheet_xml(path, openpyxl.load_workbook(path, read_only=True).sheetnames[0])


# a zip bomb: 1.5 GiB of whitespace between two rows of the first sheet (it compresses a thousand to one)
ZIP_BOMB = bomb(first_sheet, b"</row>", b" " * (1 << 24), 96)
SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def strings_bomb(count: int) -> Callable[[Path], None]:
    """A shared-strings table of ``count`` strings of a few bytes (compressed to almost nothing): a reader that
    loads the table holds them all."""

    def step(path: Path) -> None:
        with zipfile.ZipFile(path) as z:
            members = [(item, [(z.read(item), 1)]) for item in z.namelist() if item != "xl/sharedStrings.xml"]
        links = {
            "xl/_rels/workbook.xml.rels": (b"</Relationships>", f'<Relationship Id="rIdSST" Type="{SST}" '
                                           'Target="sharedStrings.xml"/></Relationships>'),
            "[Content_Types].xml": (b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                    f'ContentType="{SST_TYPE}"/></Types>'),
        }  # fmt: skip
        members = [
            (item, [(parts[0][0].replace(links[item][0], links[item][1].encode()), 1)] if item in links else parts)
            for item, parts in members
        ]
        head = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
        head += f'uniqueCount="{count}">'
        block = b"<si><t>x</t></si>" * 100_000
        members.append(("xl/sharedStrings.xml", [(head.encode(), 1), (block, count // 100_000), (b"</sst>", 1)]))
        write_zip(path, members)

    return step


STRINGS_BOMB = strings_bomb(20_000_000)


def far_cell(coordinate: str) -> Callable[[str], str]:
    """One more cell, alone at ``coordinate`` (``A1048576``: the last row; ``XFD2``: the last column)."""
    row = int("".join(c for c in coordinate if c.isdigit()))

    def change(xml: str) -> str:
        at = xml.index("</sheetData>")
        extra = f'<c r="{coordinate}" t="inlineStr"><is><t>x</t></is></c>'
        if row == 2 and '<row r="2"' in xml:
            end = xml.index("</row>", xml.index('<row r="2"'))
            xml = xml[:end] + extra + xml[end:]
        else:
            xml = xml[:at] + f'<row r="{row}">{extra}</row>' + xml[at:]
        start = xml.find("<dimension ref=")
        if start >= 0:  # the sheet's declared extent reaches the new cell
            end = xml.index("/>", start)
            last = xml[start:end].split(":")[-1].strip('"')
            letters = "".join(c for c in coordinate if c.isalpha())
            wide = letters if row == 2 else "".join(c for c in last if c.isalpha())
            rows = max(row, int("".join(filter(str.isdigit, last))))
            xml = xml[:start] + f'<dimension ref="A1:{wide}{rows}"' + xml[end:]
        return xml

    return change


def doctype(entities: str, text: str) -> Callable[[str], str]:
    """A DOCTYPE with ``entities`` before the root element, and ``text`` (an entity reference) in a new cell."""

    def change(xml: str) -> str:
        root = xml.index("<worksheet")
        xml = xml[:root] + f"<!DOCTYPE worksheet [{entities}]>" + xml[root:]
        at = xml.index("</sheetData>")
        return xml[:at] + f'<row r="50"><c r="A50" t="inlineStr"><is><t>{text}</t></is></c></row>' + xml[at:]

    return change


XXE = ('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "&xxe;")
LAUGHS = (
    '<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1 or "") + ";") * 10}">' for i in range(1, 10)),
    "&lol9;",
)


def huge_text(size: int) -> str:
    return "A" * size


# -- YAML and CSV in other encodings, special files ----------------------------------------------------------
def encoded(source: bytes, encoding: str, bom: bytes = b"") -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(bom + source.decode("utf-8").encode(encoding))

    return build


def latin1(source: bytes) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(source.decode("utf-8").replace("Families", "Familles à São Tomé").encode("latin-1"))

    return build


def with_bytes(source: bytes, old: bytes, new: bytes) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        assert old in source
        path.write_bytes(source.replace(old, new, 1))

    return build


def directory(path: Path) -> None:
    path.mkdir()


def fifo(path: Path) -> None:
    os.mkfifo(path)


def symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


def unreadable(base: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        base(path)
        path.chmod(0)

    return build


def bytes_of(data: bytes) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(data)

    return build


def portfolio_dir(**files: bytes | Callable[[Path], None]) -> Callable[[Path], None]:
    """A portfolio directory holding ``files`` (name: content, or a maker; ``/`` in names is written ``__``)."""

    def build(path: Path) -> None:
        path.mkdir()
        for name, content in files.items():
            target = path / name.replace("__", "/")
            if callable(content):
                content(target)
            else:
                target.write_bytes(content)

    return build


def _makers() -> None:
    demo = DEMO.read_bytes()
    valid_csv = (HERE / "csv" / "valid.csv").read_bytes()
    deep = b"id: demo\ncountries: [TJK]\ntitle: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    laughs = b"".join(
        [b"id: demo\ncountries: [TJK]\nthematic_area: 2\n", b'a0: &a0 ["lol", "lol", "lol", "lol", "lol"]\n']
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n".encode() for i in range(1, 9)]
    )
    # YAML
    MAKERS.update(
        {
            "yaml/utf8-bom.yaml": bytes_of(b"\xef\xbb\xbf" + demo),
            "yaml/utf16-bom.yaml": encoded(demo, "utf-16"),
            "yaml/utf16-le-no-bom.yaml": encoded(demo, "utf-16-le"),
            "yaml/utf32.yaml": encoded(demo, "utf-32"),
            "yaml/latin1.yaml": latin1(demo),
            "yaml/nul-byte.yaml": with_bytes(demo, b"Families", b"Fam\x00ilies"),
            "yaml/nul-bytes-only.yaml": bytes_of(b"\x00" * 4096),
            "yaml/xlsx-as.yaml": foreign("xlsx"),
            "yaml/png-as.yaml": foreign("png"),
            "yaml/pdf-as.yaml": foreign("pdf"),
            "yaml/deep-nesting.yaml": bytes_of(deep),
            "yaml/alias-bomb-title.yaml": bytes_of(laughs + b"title: *a8\n"),
            "yaml/alias-bomb-partners.yaml": bytes_of(laughs + b"partners: *a8\n"),
            "yaml/alias-bomb-countries.yaml": bytes_of(
                laughs.replace(b"countries: [TJK]\n", b"") + b"countries: *a8\n"
            ),
            "yaml/fifo.yaml": fifo,
            "yaml/symlink-loop.yaml": symlink_loop,
            "yaml/directory.yaml": directory,
            "yaml/unreadable.yaml": unreadable(bytes_of(demo)),
            "yaml/no-such-file.yaml": lambda path: None,
        }
    )
    # CSV reports
    MAKERS.update(
        {
            "csv/utf8-bom.csv": bytes_of(b"\xef\xbb\xbf" + valid_csv),
            "csv/bom-only.csv": bytes_of(b"\xef\xbb\xbf"),
            "csv/bom-header-only.csv": bytes_of(b"\xef\xbb\xbf" + valid_csv.split(b"\n")[0] + b"\n"),
            "csv/utf16-bom.csv": encoded(valid_csv, "utf-16"),
            "csv/utf16-le-no-bom.csv": encoded(valid_csv, "utf-16-le"),
            "csv/latin1.csv": bytes_of(valid_csv.replace(b"150,\n", "150,São Tomé\n".encode("latin-1"))),
            "csv/nul-in-note.csv": bytes_of(valid_csv.replace(b"150,\n", b"150,a\x00b\n", 1)),
            "csv/nul-in-value.csv": bytes_of(valid_csv.replace(b"150,\n", b"1\x0050,\n", 1)),
            "csv/nul-bytes-only.csv": bytes_of(b"\x00" * 4096),
            "csv/xlsx-as.csv": foreign("xlsx"),
            "csv/png-as.csv": foreign("png"),
            "csv/directory.csv": directory,
            "csv/fifo.csv": fifo,
            "csv/unreadable.csv": unreadable(bytes_of(valid_csv)),
            "csv/no-such-file.csv": lambda path: None,
            "csv/huge-note.csv": bytes_of(GOOD_CSV.replace(b"150,\n", b"150," + huge_text(100_000).encode() + b"\n")),
            "csv/huge-value.csv": bytes_of(GOOD_CSV.replace(b",150,", b"," + b"1" * 100_000 + b",")),
            "csv/many-columns.csv": bytes_of(
                (
                    ",".join(HEADER + [f"d{i}" for i in range(20_000)]) + "\n" + ",".join(GOOD_ROW + [""] * 20_000)
                ).encode()
            ),
        }
    )
    # programme workbooks
    wb, rep = programme_workbook, report_workbook
    cases = {
        "valid": lambda book: None,
        "unknown-column": lambda book: book["results"].cell(1, book["results"].max_column + 1, "colour"),
        "budget-arabic-indic": set_cell("programme", "value", "١٠٠٠٠٠٠", row=_budget_row()),
        "budget-full-width": set_cell("programme", "value", "１００００００", row=_budget_row()),
        "budget-1e308": set_cell("programme", "value", 1e308, row=_budget_row()),
        "budget-10pow30": set_cell("programme", "value", "1" + "0" * 30, row=_budget_row()),
        "budget-inf-text": set_cell("programme", "value", "inf", row=_budget_row()),
        "budget-nan-text": set_cell("programme", "value", "NaN", row=_budget_row()),
        "budget-1e400-text": set_cell("programme", "value", "1e400", row=_budget_row()),
        "budget-formula-no-result": set_cell("programme", "value", "=1000*1000", row=_budget_row()),
        "title-dde-no-result": set_cell("results", "title", "=cmd|' /C calc'!A0"),
        "indicator-id-hyperlink-text": text_cell("indicators", "id", '=HYPERLINK("http://evil.example","click")'),
        "result-title-formula-text": text_cell("results", "title", "=1+1"),
        "gcm-24": set_cell("links", "ref", "24"),
        "country-xxx": set_cell("programme", "value", "XXX", row=_row_of("countries")),
        "start-dmy-text": set_cell("programme", "value", "31/12/2022", row=_row_of("start")),
        "start-ambiguous-text": set_cell("programme", "value", "03/04/2022", row=_row_of("start")),
        "value-arabic-indic": set_cell("values", "value", "١٠٠"),
        "value-1e308": set_cell("values", "value", 1e308),
        "duplicate-result-id": _duplicate_result,
        "cycle": _cycle,
        "merged-level": _merged("results", "level"),
        "merged-programme": _merged("indicators", "programme"),
        "hidden-sheet": _hide("results", "hidden"),
        "very-hidden-sheet": _hide("results", "veryHidden"),
        "hidden-rows-columns": _hide_rows,
        "missing-sheet": lambda book: book.remove(book["results"]),
        "missing-column": lambda book: book["results"].delete_cols(_column(book, "results", "level")),
        "duplicate-column": _duplicate_column,
        "only-blank-sheet": _blank_book,
    }
    for name, edit in cases.items():
        register(f"workbook/{name}.xlsx", wb, edit)
    MAKERS["workbook/valid-named.xlsm"] = wb
    MAKERS["workbook/budget-formula-with-result.xlsx"] = then(
        edited(wb, set_cell("programme", "value", "=1000*1000", row=_budget_row())),
        in_sheet("programme", store_result("", f"C{_budget_row()}", "1000000")),
    )
    MAKERS["workbook/title-hyperlink-with-result.xlsx"] = then(
        edited(wb, set_cell("results", "title", '=HYPERLINK("http://evil.example","Outcome")')),
        in_sheet("results", store_result("", f"{_letter('results', 'title')}2", "Outcome")),
    )
    MAKERS["workbook/value-9007199254740993.xlsx"] = then(
        wb, in_sheet("values", raw_number(f"{_letter('values', 'value')}2", "9007199254740993"))
    )
    MAKERS["workbook/budget-nan-number.xlsx"] = then(wb, in_sheet("programme", raw_number(f"C{_budget_row()}", "NaN")))
    for kind in ("xls", "pdf", "png", "zip", "csv", "yaml"):
        MAKERS[f"workbook/{kind}-as.xlsx"] = foreign(kind)
    MAKERS["workbook/empty.xlsx"] = foreign("empty")
    MAKERS["workbook/truncated.xlsx"] = truncated(wb)
    MAKERS["workbook/corrupt-crc.xlsx"] = corrupt_crc(wb)
    MAKERS["workbook/directory.xlsx"] = directory
    MAKERS["workbook/unreadable.xlsx"] = unreadable(wb)
    MAKERS["workbook/zip-bomb.xlsx"] = then(wb, ZIP_BOMB)
    MAKERS["workbook/shared-strings-bomb.xlsx"] = then(wb, STRINGS_BOMB)
    MAKERS["workbook/row-1048576.xlsx"] = then(wb, in_sheet("results", far_cell("A1048576")))
    MAKERS["workbook/column-16384.xlsx"] = then(wb, in_sheet("results", far_cell("XFD2")))
    MAKERS["workbook/xxe.xlsx"] = then(wb, in_sheet("results", doctype(*XXE)))
    MAKERS["workbook/billion-laughs.xlsx"] = then(wb, in_sheet("results", doctype(*LAUGHS)))
    MAKERS["workbook/huge-cell.xlsx"] = then(
        wb, in_sheet("results", inline_text(f"{_letter('results', 'title')}2", huge_text(100_000)))
    )
    # report workbooks
    report_cases = {
        "valid": lambda book: None,
        "value-formula-no-result": set_cell("values", "value", "=100+50"),
        "value-dde-no-result": set_cell("values", "value", "=cmd|' /C calc'!A0"),
        "note-dde-no-result": set_cell("values", "note", "=cmd|' /C calc'!A0"),
        "note-text-formula": text_cell("values", "note", "=1+1"),
        "note-text-hyperlink": text_cell("values", "note", '=HYPERLINK("http://evil.example","click")'),
        "note-text-dde": text_cell("values", "note", "=cmd|' /C calc'!A0"),
        "indicator-text-hyperlink": text_cell("values", "indicator", '=HYPERLINK("http://evil.example","x")'),
        "value-arabic-indic": set_cell("values", "value", "١٥٠"),
        "value-full-width": set_cell("values", "value", "１５０"),
        "value-1e308": set_cell("values", "value", 1e308),
        "value-10pow30-text": set_cell("values", "value", "1" + "0" * 30),
        "value-nan-text": set_cell("values", "value", "nan"),
        "value-inf-text": set_cell("values", "value", "inf"),
        "value-1e400-text": set_cell("values", "value", "1e400"),
        "value-ambiguous": set_cell("values", "value", "1.234"),
        "value-percent-format": _share(0.45, "0%"),
        "date-dmy-text": set_cell("values", "period_end", "31/12/2023"),
        "date-ambiguous-text": set_cell("values", "period_end", "03/04/2023"),
        "date-serial-unformatted": set_cell("values", "period_end", 45291),
        "date-real": _real_dates,
        "merged-indicator": _merged("values", "indicator", rows=3),
        "hidden-values-sheet": _hide("values", "hidden", extra=True),
        "hidden-row": _hide_rows,
        "other-sheets-no-values": _no_values_sheet,
        "header-only": lambda book: book["values"].delete_rows(2),
        "empty-sheet": lambda book: book["values"].delete_rows(1, 2),
    }
    for name, edit in report_cases.items():
        register(f"report/{name}.xlsx", rep, edit)
    MAKERS["report/value-formula-with-result.xlsx"] = then(
        edited(rep, set_cell("values", "value", "=100+50")), in_sheet("values", store_result("", "E2", "150"))
    )
    MAKERS["report/note-hyperlink-with-result.xlsx"] = then(
        edited(rep, set_cell("values", "note", '=HYPERLINK("http://evil.example","click")')),
        in_sheet("values", store_result("", "F2", "click")),
    )
    MAKERS["report/value-9007199254740993.xlsx"] = then(rep, in_sheet("values", raw_number("E2", "9007199254740993")))
    MAKERS["report/huge-cell.xlsx"] = then(rep, in_sheet("values", inline_text("F2", huge_text(100_000))))
    MAKERS["report/value-nan-number.xlsx"] = then(rep, in_sheet("values", raw_number("E2", "NaN")))
    for kind in ("xls", "pdf", "png", "zip", "csv"):
        MAKERS[f"report/{kind}-as.xlsx"] = foreign(kind)
    MAKERS["report/empty.xlsx"] = foreign("empty")
    MAKERS["report/truncated.xlsx"] = truncated(rep)
    MAKERS["report/directory.xlsx"] = directory
    MAKERS["report/unreadable.xlsx"] = unreadable(rep)
    MAKERS["report/zip-bomb.xlsx"] = then(rep, ZIP_BOMB)
    MAKERS["report/shared-strings-bomb.xlsx"] = then(rep, STRINGS_BOMB)
    MAKERS["report/row-1048576.xlsx"] = then(rep, in_sheet("values", far_cell("A1048576")))
    MAKERS["report/column-16384.xlsx"] = then(rep, in_sheet("values", far_cell("XFD2")))
    MAKERS["report/xxe.xlsx"] = then(rep, in_sheet("values", doctype(*XXE)))
    MAKERS["report/billion-laughs.xlsx"] = then(rep, in_sheet("values", doctype(*LAUGHS)))
    # portfolio directories
    broken = (HERE / "yaml" / "syntax-unclosed-bracket.yaml").read_bytes()
    MAKERS.update(
        {
            "dirs/empty": directory,
            "dirs/no-programme-files": portfolio_dir(**{"README.txt": b"notes", "data.json": b"{}", "p.yml.bak": demo}),
            "dirs/same-programme-twice": portfolio_dir(**{"a.yaml": demo, "b.yaml": demo}),
            "dirs/one-broken-file": portfolio_dir(**{"demo.yaml": demo, "broken.yaml": broken}),
            "dirs/lock-and-hidden-files": portfolio_dir(
                **{"demo.yaml": demo, "~$demo.xlsx": b"lock", ".hidden.yaml": b"{{{", ".~lock.demo.xlsx#": b"x"}
            ),
            "dirs/subdirectory-named-yaml": portfolio_dir(**{"demo.yaml": demo, "sub.yaml": directory}),
            "dirs/fifo-among-files": portfolio_dir(**{"demo.yaml": demo, "pipe.yaml": fifo}),
            "dirs/symlink-loop-among-files": portfolio_dir(**{"demo.yaml": demo, "loop.yaml": symlink_loop}),
            "dirs/yaml-and-workbook-same-programme": portfolio_dir(**{"demo.yaml": demo, "demo.xlsx": wb}),
            "dirs/broken-csv-beside": portfolio_dir(**{"demo.yaml": demo, "values.csv": b"a;b\n1;2\n"}),
        }
    )


_WB_ROWS: dict[str, int] = {}


def _row_of(field: str) -> int:
    """The row of ``field`` on the demo workbook's ``programme`` sheet."""
    if not _WB_ROWS:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "demo.xlsx"
            programme_workbook(path)
            ws = openpyxl.load_workbook(path)["programme"]
            names = [c.value for c in ws[1]]
            for row in range(2, ws.max_row + 1):
                _WB_ROWS.setdefault(str(ws.cell(row=row, column=names.index("field") + 1).value), row)
            for title in ("results", "values"):
                sheet = openpyxl.load_workbook(path)[title]
                for position, c in enumerate(sheet[1], start=1):
                    _WB_ROWS[f"{title}:{c.value}"] = position
    return _WB_ROWS[field]


def _budget_row() -> int:
    return _row_of("budget")


def _letter(sheet: str, column: str) -> str:
    from openpyxl.utils import get_column_letter

    _row_of("budget")
    return get_column_letter(_WB_ROWS[f"{sheet}:{column}"])


def _column(book, sheet: str, column: str) -> int:
    return cell(book, sheet, column).column


def _duplicate_result(book) -> None:
    ws = book["results"]
    ws.append([c.value for c in ws[2]])


def _cycle(book) -> None:
    ws = book["results"]
    ws.append([c.value for c in ws[2]])
    first, second = 2, ws.max_row
    cell(book, "results", "id", second).value = "demo.o2"
    cell(book, "results", "parent", first).value = "demo.o2"
    cell(book, "results", "parent", second).value = "demo.o1"


def _merged(sheet: str, column: str, rows: int = 2):
    def edit(book) -> None:
        ws = book[sheet]
        ws.append([c.value for c in ws[2]])
        if rows == 3:
            ws.append([c.value for c in ws[2]])
        target = cell(book, sheet, column)
        if sheet == "values":
            for row in range(3, ws.max_row + 1):
                ws.cell(row=row, column=3).value = f"{2020 + row}-01-01"
                ws.cell(row=row, column=4).value = f"{2020 + row}-12-31"
        if sheet == "results":
            cell(book, sheet, "id", ws.max_row).value = "demo.o2"
        if sheet == "indicators":
            cell(book, sheet, "id", ws.max_row).value = "demo.o1.trained-again"
        ws.merge_cells(start_row=2, end_row=ws.max_row, start_column=target.column, end_column=target.column)

    return edit


def _hide(sheet: str, state: str, extra: bool = False):
    def edit(book) -> None:
        if extra:
            book.create_sheet("cover")
        book[sheet].sheet_state = state
        visible = next(i for i, ws in enumerate(book.worksheets) if ws.sheet_state == "visible")
        book.active = visible

    return edit


def _hide_rows(book) -> None:
    for ws in book.worksheets:
        ws.row_dimensions[2].hidden = True
        ws.column_dimensions["B"].hidden = True


def _duplicate_column(book) -> None:
    ws = book["results"]
    level = _column(book, "results", "level")
    at = ws.max_column + 1
    for row in range(1, ws.max_row + 1):
        ws.cell(row=row, column=at).value = ws.cell(row=row, column=level).value


def _blank_book(book) -> None:
    for ws in list(book.worksheets)[1:]:
        book.remove(ws)
    first = book.worksheets[0]
    first.delete_rows(1, first.max_row)
    first.title = "Sheet1"


def _share(value: float, number_format: str):
    def edit(book) -> None:
        cell(book, "values", "indicator").value = "demo.o1.share"
        target = cell(book, "values", "value")
        target.value = value
        target.number_format = number_format

    return edit


def _real_dates(book) -> None:
    import datetime as dt

    cell(book, "values", "period_start").value = dt.date(2023, 1, 1)
    cell(book, "values", "period_end").value = dt.date(2023, 12, 31)


def _no_values_sheet(book) -> None:
    book["values"].title = "data"
    book.create_sheet("notes")


_makers()
