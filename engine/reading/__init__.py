"""Reading: programme files (YAML, workbook, a directory of both) into a :class:`~mptf.engine.model.Portfolio`,
and results reports (CSV, workbook) into the long values table.

Readers read cells without judging them: a cell that cannot be read is a located finding, and whether a value
suits its indicator is the business of :mod:`mptf.engine.rules`. The file formats themselves (YAML keys, sheets,
columns) are declared once in :mod:`mptf.indicators.formats`.

- :mod:`~mptf.engine.reading.load`: a path (or the embedded portfolio) → portfolio and load findings.
- :mod:`~mptf.engine.reading.load_yaml`, :mod:`~mptf.engine.reading.load_excel`: one programme file each.
- :mod:`~mptf.engine.reading.load_values`, :mod:`~mptf.engine.reading.report`: the long values table, from a
  programme's ``values`` or a report.
- :mod:`~mptf.engine.reading.cells`, :mod:`~mptf.engine.reading.csv_cells`: the one Excel cell-to-text and the
  CSV cell reader, each keeping the sheet, row and column of every cell.
- :mod:`~mptf.engine.reading.rows`, :mod:`~mptf.engine.reading.fields`: parsing a programme's fields into rows.
"""
