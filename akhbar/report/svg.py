"""Hand-written inline SVG charts (crisp at any zoom, Arabic labels shaped by the browser).

Every chart is a self-contained ``<svg>`` string with a ``viewBox`` (it scales with the
page), an accessible ``<title>``, and a ``<title>`` tooltip on each bar. Labels whose
first strong character is right-to-left get ``direction="rtl"`` so that mixed text such
as ``الربع الأول من 2021`` keeps its order.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from html import escape

FONT = ("'Noto Naskh Arabic','Noto Sans Arabic','Segoe UI','DejaVu Sans',"
        "Tahoma,'Geeza Pro',Arial,sans-serif")
PALETTE = ("#2563a8", "#d9730d", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d", "#b7950b",
           "#17a2b8")


def is_rtl(text: str) -> bool:
    """True when the first strong directional character of ``text`` is right-to-left."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


def clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fmt(n: float) -> str:
    """1234567 -> '1,234,567'; 0.5 -> '0.5'."""
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.1f}"
    return f"{int(n):,}"


def text(x: float, y: float, s: str, *, align: str = "left", cls: str = "",
         size: float | None = None) -> str:
    """An SVG ``<text>`` placed by its left or right edge, right for RTL text too."""
    rtl = is_rtl(s)
    if align == "middle":
        anchor = "middle"
    elif align == "right":
        anchor = "start" if rtl else "end"
    else:
        anchor = "end" if rtl else "start"
    attrs = [f'x="{x:.1f}"', f'y="{y:.1f}"', f'text-anchor="{anchor}"']
    if rtl:
        attrs.append('direction="rtl"')
    if cls:
        attrs.append(f'class="{cls}"')
    if size:
        attrs.append(f'font-size="{size}"')
    return f"<text {' '.join(attrs)}>{escape(s)}</text>"


def _svg(width: float, height: float, title: str, body: list[str], cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" role="img" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
            f'height="{height:.0f}" font-family="{escape(FONT)}" font-size="13">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round axis ticks 0..>=top (steps of 1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1) if top >= 1 else step
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def hbar_chart(rows: Sequence[tuple[str, float, str]], *, title: str, color: str = PALETTE[0],
               width: int = 560, label_chars: int = 30, approx: Sequence[bool] = ()) -> str:
    """Horizontal bars: ``rows`` of (label, value, tooltip). Labels sit right-aligned
    left of the bars; values follow each bar (``≈`` when ``approx[i]``)."""
    if not rows:
        return '<p class="empty">No data.</p>'
    row_h, pad = 24, 6
    label_w = min(260, max(60, 7.5 * max(len(clip(r[0], label_chars)) for r in rows) + 12))
    value_w = 70
    bar_w = width - label_w - value_w
    height = pad * 2 + row_h * len(rows)
    top = max(r[1] for r in rows) or 1
    body = []
    for i, (label, value, tip) in enumerate(rows):
        y = pad + i * row_h
        w = max(1.5, bar_w * value / top) if value else 0
        mark = "≈" if i < len(approx) and approx[i] else ""
        body.append(
            f'<g class="bar-row"><title>{escape(tip)}</title>'
            + text(label_w - 8, y + row_h * 0.68, clip(label, label_chars), align="right",
                   cls="label")
            + f'<rect class="bar" x="{label_w:.1f}" y="{y + 4}" width="{w:.1f}" '
              f'height="{row_h - 8}" rx="2" fill="{color}"/>'
            + text(label_w + w + 6, y + row_h * 0.68, mark + fmt(value), cls="value")
            + "</g>")
    return _svg(width, height, title, body, "hbar")


def column_chart(points: Sequence[tuple[str, float]], *, title: str, color: str = PALETTE[0],
                 width: int = 960, height: int = 240, tooltip_unit: str = "") -> str:
    """Vertical columns over an ordered axis (days, months, years): ``points`` of
    (label, value). Axis labels are thinned to stay readable."""
    if not points:
        return '<p class="empty">No data.</p>'
    left, right, top_pad, bottom = 48, 12, 14, 44
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    ticks = nice_ticks(max(v for _, v in points))
    ymax = ticks[-1] or 1
    n = len(points)
    slot = plot_w / n
    gap = min(2.0, slot * 0.2) if slot > 3 else 0
    body = []
    for t in ticks:
        y = top_pad + plot_h * (1 - t / ymax)
        body.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" '
                    f'y2="{y:.1f}"/>')
        body.append(text(left - 6, y + 4, fmt(t), align="right", cls="tick"))
    for i, (label, value) in enumerate(points):
        h = plot_h * value / ymax
        x = left + i * slot
        body.append(f'<rect class="bar" x="{x + gap / 2:.2f}" y="{top_pad + plot_h - h:.2f}" '
                    f'width="{max(slot - gap, 0.8):.2f}" height="{h:.2f}" fill="{color}">'
                    f"<title>{escape(label)}: {fmt(value)}{escape(tooltip_unit)}</title></rect>")
    max_labels = max(2, int(plot_w // 78))
    every = max(1, math.ceil(n / max_labels))
    for i in range(0, n, every):
        x = left + (i + 0.5) * slot
        body.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" '
                    f'y1="{top_pad + plot_h}" y2="{top_pad + plot_h + 4}"/>')
        body.append(text(x, top_pad + plot_h + 18, points[i][0], align="middle", cls="tick"))
    body.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top_pad + plot_h}" '
                f'y2="{top_pad + plot_h}"/>')
    return _svg(width, height, title, body, "columns wide" if width >= 900 else "columns")


def share_bar(parts: Sequence[tuple[str, float]], *, title: str, width: int = 560,
              colors: Sequence[str] = PALETTE) -> str:
    """One stacked bar of shares with a legend below: ``parts`` of (label, value)."""
    parts = [(label, v) for label, v in parts if v > 0]
    if not parts:
        return '<p class="empty">No data.</p>'
    total = sum(v for _, v in parts)
    bar_h, legend_row = 22, 20
    per_row = max(1, width // 180)
    rows = math.ceil(len(parts) / per_row)
    height = bar_h + 10 + rows * legend_row + 4
    body, x = [], 0.0
    for i, (label, value) in enumerate(parts):
        w = width * value / total
        pct = 100 * value / total
        body.append(f'<rect class="seg" x="{x:.2f}" y="0" width="{w:.2f}" height="{bar_h}" '
                    f'fill="{colors[i % len(colors)]}"><title>{escape(label)}: {fmt(value)} '
                    f"({pct:.1f}%)</title></rect>")
        x += w
        lx = (i % per_row) * (width / per_row)
        ly = bar_h + 10 + (i // per_row) * legend_row
        body.append(f'<rect x="{lx:.1f}" y="{ly + 2}" width="11" height="11" rx="2" '
                    f'fill="{colors[i % len(colors)]}"/>')
        body.append(text(lx + 16, ly + 12, f"{label} {fmt(value)} ({pct:.0f}%)", cls="legend"))
    return _svg(width, height, title, body, "share")
