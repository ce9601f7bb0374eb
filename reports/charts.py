"""Charts as inline SVG, drawn when the report is built (no script, no library, no network): horizontal bars,
stacked when a bar has parts. Every label is escaped; sizes are in SVG user units and scale to the page.

>>> svg = bar_chart([("Area 1", [3.0, 1.0]), ("Area 2", [2.0, 0.0])], ["funded", "pipeline"], "Budget")
>>> svg.startswith("<svg") and "Area 1" in svg and "<script" not in svg
True
"""

from __future__ import annotations

from html import escape

__all__ = ["PALETTE", "bar_chart", "short_number"]

#: Fill of each series, in order (colour-blind safe: blue, orange, grey).
PALETTE = ("#1f77b4", "#ff7f0e", "#9e9e9e")
_ROW, _LABEL, _WIDTH, _VALUE = 22, 210, 640, 90


def short_number(value: float) -> str:
    """A number for a bar's end: 1.2M, 35.4k, 940."""
    size = abs(value)
    if size >= 1e6:
        return f"{value / 1e6:.1f}M"
    if size >= 1e4:
        return f"{value / 1e3:.0f}k"
    if size >= 1e3:
        return f"{value / 1e3:.1f}k"
    return f"{value:,.0f}"


def _label(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def bar_chart(rows: list[tuple[str, list[float]]], series: list[str], title: str, prefix: str = "") -> str:
    """Horizontal bars, one per ``(label, [part, ...])`` row, the parts stacked in ``series`` order; a legend when
    there are several series; each bar ends with its total (``prefix`` before it, e.g. ``$``)."""
    top = 26 + (18 if len(series) > 1 else 0)
    height = top + _ROW * max(len(rows), 1) + 8
    total_width = _LABEL + _WIDTH + _VALUE
    biggest = max((sum(parts) for _, parts in rows), default=0) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart">',
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
    ]
    if len(series) > 1:
        x = _LABEL
        for i, name in enumerate(series):
            out.append(f'<rect x="{x}" y="26" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>')
            out.append(f'<text x="{x + 16}" y="36" class="chart-legend">{escape(name)}</text>')
            x += 24 + 8 * len(name)
    for r, (label, parts) in enumerate(rows):
        y = top + r * _ROW
        out.append(
            f'<text x="{_LABEL - 6}" y="{y + 15}" text-anchor="end" class="chart-label">'
            f"<title>{escape(label)}</title>{escape(_label(label))}</text>"
        )
        x = float(_LABEL)
        for i, part in enumerate(parts):
            width = _WIDTH * max(part, 0) / biggest
            if width > 0:
                out.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 6}" '
                    f'fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(series[i])}: {part:,.0f}</title></rect>'
                )
            x += width
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="chart-value">{prefix}{short_number(sum(parts))}</text>')
    out.append("</svg>")
    return "".join(out)
