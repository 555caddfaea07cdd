"""Render a small line chart as an SVG string, with no dependencies.

The result is a complete ``<svg>`` document, meant to be shown as an ``<img>`` (for example a
``data:image/svg+xml`` URL), never inserted as HTML. Every piece of text is XML-escaped, so a
series called ``<script>`` is drawn as those characters and cannot run.

The background is transparent. ``theme="auto"`` draws ink in mid-tones that read on light and
dark pages and switches to lighter ink when the viewer prefers a dark colour scheme;
``"light"`` and ``"dark"`` fix the ink for a known page colour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

__all__ = ["PALETTE", "line_chart", "svg_data_url"]

#: Colour-blind-safe line colours (Okabe-Ito), mid-tones that show on white and near-black.
PALETTE = ("#E69F00", "#3B8FD9", "#009E73", "#CC79A7", "#D55E00", "#8C8C8C")
_DASHES = ("", "6 4", "2 3", "8 3 2 3", "1 4", "10 4")
_MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")
_INK = {
    "auto": ("#6B6B6B", "#9A9A9A"),
    "light": ("#333333", "#BBBBBB"),
    "dark": ("#DDDDDD", "#555555"),
}
#: The page colour behind a fixed theme (Material's default and slate backgrounds): labels drawn
#: over lines get a halo of it, so they stay legible where they cross a line.
_HALO = {"light": "#FFFFFF", "dark": "#1E2029"}


def _num(x: float) -> str:
    """Short, platform-independent coordinate text."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return (f'<rect x="{_num(x - 3)}" y="{_num(y - 3)}" width="6" height="6" '
                f'fill="{colour}"/>')  # fmt: skip
    if kind == "diamond":
        pts = " ".join(f"{_num(a)},{_num(b)}" for a, b in ((x, y - 4), (x + 4, y), (x, y + 4), (x - 4, y)))
        return f'<polygon points="{pts}" fill="{colour}"/>'
    if kind == "triangle":
        pts = f"{_num(x)},{_num(y - 4)} {_num(x + 4)},{_num(y + 3)} {_num(x - 4)},{_num(y + 3)}"
        return f'<polygon points="{pts}" fill="{colour}"/>'
    return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.2" fill="{colour}"/>'


def _scaled(shape: str, x: float, y: float, size: float) -> str:
    """``shape`` (one marker) drawn ``size`` times as large around (x, y)."""
    if size == 1.0:
        return shape
    return f'<g transform="translate({_num(x)} {_num(y)}) scale({size}) translate({_num(-x)} {_num(-y)})">{shape}</g>'


def line_chart(
    series: Mapping[str, Sequence[float]],
    *,
    x_values: Sequence[float] | None = None,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    y_range: tuple[float, float] = (0.0, 1.0),
    y_ticks: Sequence[float] | None = None,
    hline: float | None = None,
    hline_label: str = "",
    width: int = 640,
    height: int = 320,
    theme: str = "auto",
    legend_columns: int | None = None,
) -> str:
    """Draw one line per entry of ``series`` (name -> y values) and return SVG text.

    ``x_values`` defaults to 1, 2, 3, ...; all series must have the same length.
    ``hline`` draws a dashed horizontal reference line (a threshold) labelled ``hline_label``.
    The chart has ``role="img"`` and a ``<title>``/``<desc>`` naming every series, so a screen
    reader gets a text alternative. The legend has ``legend_columns`` columns (at most 3, and as
    many as the longest name leaves room for when not given), so a narrow chart stays legible.
    """
    if theme not in _INK:
        raise ValueError(f"theme must be one of {sorted(_INK)}")
    if not series:
        raise ValueError("need at least one series")
    lengths = {len(v) for v in series.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError("every series needs the same, non-zero number of points")
    count = lengths.pop()
    xs = list(x_values) if x_values is not None else list(range(1, count + 1))
    if len(xs) != count:
        raise ValueError("x_values must have one value per point")
    y_lo, y_hi = y_range
    if not y_hi > y_lo:
        raise ValueError("y_range must be (low, high) with high > low")
    if y_ticks is None:
        y_ticks = [y_lo + (y_hi - y_lo) * i / 5 for i in range(6)]

    names = list(series)
    # A series equal to an earlier one would hide it: the earlier is drawn wide underneath, the
    # later narrow on top with hollow markers, so both colours show, and the legend says so.
    same_as = {}
    for i, name in enumerate(names):
        for earlier in names[:i]:
            if earlier not in same_as and list(series[earlier]) == list(series[name]):
                same_as[name] = earlier
                break
    covered = set(same_as.values())
    labels = {name: f"{name} (same as {same_as[name]})" if name in same_as else name for name in names}
    ink, grid = _INK[theme]
    left, right, top = 56, 16, 34 if title else 14
    if legend_columns is None:
        longest = max(len(labels[name]) for name in names)
        legend_columns = max(1, min(3, int((width - left - right) // (longest * 7 + 44))))
    if legend_columns < 1:
        raise ValueError("legend_columns must be at least 1")
    # A legend entry too long for its column puts "(same as ...)" on a second line.
    room = int(((width - left - right) / legend_columns - 34) // 7)
    lines = {
        name: [name, f"(same as {same_as[name]})"] if name in same_as and len(labels[name]) > room else [labels[name]]
        for name in names
    }
    rows = [names[i : i + legend_columns] for i in range(0, len(names), legend_columns)]
    row_h = [22 + 14 * (max(len(lines[name]) for name in row) - 1) for row in rows]
    legend_h = sum(row_h)
    bottom = 44 + legend_h
    plot_w, plot_h = width - left - right, height - top - bottom
    if plot_w < 40 or plot_h < 40:
        raise ValueError("the chart is too small for its legend")
    x_lo, x_hi = min(xs), max(xs)
    x_span = (x_hi - x_lo) or 1

    def px(x: float) -> float:
        return left + (x - x_lo) / x_span * plot_w

    def py(y: float) -> float:
        y = min(max(y, y_lo), y_hi)
        return top + (y_hi - y) / (y_hi - y_lo) * plot_h

    desc = "; ".join(f"{name}: " + ", ".join(f"{v:.2f}" for v in series[name]) for name in names)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="system-ui, sans-serif" '
        f'font-size="12">',
        f"<title>{escape(title or 'Line chart')}</title>",
        f"<desc>{escape(desc)}</desc>",
    ]
    if theme == "auto":
        out.append(
            "<style>@media (prefers-color-scheme: dark){.ink{fill:#CFCFCF}"
            ".axis{stroke:#CFCFCF}.grid{stroke:#4A4A4A}}</style>"
        )
    if title:
        out.append(
            f'<text class="ink" x="{left}" y="20" fill="{ink}" font-size="14" font-weight="bold">{escape(title)}</text>'
        )
    for t in y_ticks:
        y = py(t)
        out.append(
            f'<line class="grid" x1="{left}" y1="{_num(y)}" x2="{left + plot_w}" '
            f'y2="{_num(y)}" stroke="{grid}" stroke-width="1"/>'
        )
        out.append(
            f'<text class="ink" x="{left - 6}" y="{_num(y + 4)}" fill="{ink}" '
            f'text-anchor="end">{escape(f"{t:g}")}</text>'
        )
    step = max(1, round(len(xs) / 12))
    for x in xs[::step]:
        out.append(
            f'<text class="ink" x="{_num(px(x))}" y="{top + plot_h + 16}" fill="{ink}" '
            f'text-anchor="middle">{escape(f"{x:g}")}</text>'
        )
    out.append(
        f'<path class="axis" d="M{left} {top} V{top + plot_h} H{left + plot_w}" '
        f'fill="none" stroke="{ink}" stroke-width="1.2"/>'
    )
    if x_label:
        out.append(
            f'<text class="ink" x="{_num(left + plot_w / 2)}" y="{top + plot_h + 34}" '
            f'fill="{ink}" text-anchor="middle">{escape(x_label)}</text>'
        )
    if y_label:
        cy = _num(top + plot_h / 2)
        out.append(
            f'<text class="ink" x="14" y="{cy}" fill="{ink}" text-anchor="middle" '
            f'transform="rotate(-90 14 {cy})">{escape(y_label)}</text>'
        )
    if hline is not None:
        y = _num(py(hline))
        out.append(
            f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="#D55E00" '
            f'stroke-width="1.2" stroke-dasharray="3 3"/>'
        )
        if hline_label:
            halo = _HALO.get(theme)
            halo_attr = f' stroke="{halo}" stroke-width="3" paint-order="stroke"' if halo else ""
            out.append(
                f'<text x="{left + 6}" y="{_num(py(hline) + 14)}" fill="#D55E00"{halo_attr}>'
                f"{escape(hline_label)}</text>"
            )
    for i, name in enumerate(names):
        colour, dash = PALETTE[i % len(PALETTE)], _DASHES[i % len(_DASHES)]
        points = list(zip(xs, series[name], strict=True))
        pts = " ".join(f"{_num(px(x))},{_num(py(y))}" for x, y in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        stroke = "6" if name in covered else "2.2"
        out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{stroke}"{dash_attr}/>')
        marker = _MARKERS[i % len(_MARKERS)]
        if name in same_as:  # hollow and small, inside the marker it covers
            halo = _HALO.get(theme, "none")
            out.extend(
                f'<circle cx="{_num(px(x))}" cy="{_num(py(y))}" r="2" fill="{halo}" '
                f'stroke="{colour}" stroke-width="1.6"/>'
                for x, y in points
            )
        else:
            size = 1.6 if name in covered else 1.0
            out.extend(_scaled(_marker(marker, px(x), py(y), colour), px(x), py(y), size) for x, y in points)
    legend_top = top + plot_h + 44
    col_w = plot_w / legend_columns
    for i, name in enumerate(names):
        colour, dash = PALETTE[i % len(PALETTE)], _DASHES[i % len(_DASHES)]
        lx = left + (i % legend_columns) * col_w
        ly = legend_top + sum(row_h[: i // legend_columns])
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        stroke = "6" if name in covered else "2.2"
        out.append(
            f'<line x1="{_num(lx)}" y1="{_num(ly)}" x2="{_num(lx + 28)}" y2="{_num(ly)}" '
            f'stroke="{colour}" stroke-width="{stroke}"{dash_attr}/>'
        )
        if name in same_as:  # as drawn on the chart: hollow
            halo = _HALO.get(theme, "none")
            out.append(
                f'<circle cx="{_num(lx + 14)}" cy="{_num(ly)}" r="2" fill="{halo}" '
                f'stroke="{colour}" stroke-width="1.6"/>'
            )
        else:
            size = 1.6 if name in covered else 1.0
            out.append(_scaled(_marker(_MARKERS[i % len(_MARKERS)], lx + 14, ly, colour), lx + 14, ly, size))
        spans = "".join(
            f'<tspan x="{_num(lx + 34)}" dy="{0 if n == 0 else 14}">{escape(line)}</tspan>'
            for n, line in enumerate(lines[name])
        )
        out.append(f'<text class="ink" x="{_num(lx + 34)}" y="{_num(ly + 4)}" fill="{ink}">{spans}</text>')
    out.append("</svg>")
    return "\n".join(out)


def svg_data_url(svg: str) -> str:
    """A ``data:image/svg+xml`` URL for ``svg``, safe to put in an ``<img src>``."""
    from urllib.parse import quote

    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe="")
