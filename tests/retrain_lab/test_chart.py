"""retrain_lab/chart.py: a small, safe SVG line chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from retrain_lab import chart


def test_chart_is_valid_svg_and_escapes_text():
    svg = chart.line_chart(
        {"<script>alert(1)</script>": [0.9, 0.8], "a & b": [0.5, 0.6]},
        title='Accuracy "by" <week>',
        hline=0.85,
        hline_label="<b>",
    )
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "a &amp; b" in svg
    assert len(root.findall("{http://www.w3.org/2000/svg}polyline")) == 2
    assert 'fill="#fff' not in svg.lower() and '<rect width="100%"' not in svg


def test_chart_rejects_bad_input_and_is_deterministic():
    with pytest.raises(ValueError):
        chart.line_chart({})
    with pytest.raises(ValueError):
        chart.line_chart({"a": [1], "b": [1, 2]})
    with pytest.raises(ValueError):
        chart.line_chart({"a": [1]}, theme="neon")
    assert chart.line_chart({"a": [0.1, 0.2]}) == chart.line_chart({"a": [0.1, 0.2]})
    url = chart.svg_data_url(chart.line_chart({"a": [0.1, 0.2]}))
    assert url.startswith("data:image/svg+xml;charset=utf-8,%3Csvg")


def test_chart_draws_the_points_where_the_geometry_puts_them():
    """An expectation worked out by hand, not by the chart's own code: 640 x 320 with no title
    leaves a plot from x 56 to 624 (margins 56 and 16) and from y 14 to 254 (top 14; bottom 44 plus
    one legend row of 22); y runs from 1.0 at the top to 0.0 at the bottom. So week 1 at 0.1 is
    (56, 14 + 0.9 * 240) = (56, 230), week 2 at 0.2 is (624, 14 + 0.8 * 240) = (624, 206); a
    threshold at 0.5 is the line y = 134."""
    svg = chart.line_chart({"a": [0.1, 0.2]}, hline=0.5)
    root = ET.fromstring(svg)
    (line,) = root.findall("{http://www.w3.org/2000/svg}polyline")
    assert line.get("points") == "56,230 624,206"
    assert line.get("stroke") == "#E69F00"  # the palette's first colour
    assert any(
        e.get("y1") == e.get("y2") == "134" and e.get("x1") == "56" and e.get("x2") == "624" for e in root.iter()
    ), svg
    assert root.find("{http://www.w3.org/2000/svg}desc").text == "a: 0.10, 0.20"


def test_a_series_equal_to_an_earlier_one_is_drawn_so_both_show_and_is_named():
    svg = chart.line_chart({"A": [0.9, 0.5, 0.2], "B": [0.9, 0.6, 0.7], "C": [0.9, 0.5, 0.2]}, theme="light")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    widths = {line.get("stroke"): line.get("stroke-width") for line in root.iter(f"{ns}polyline")}
    assert widths == {chart.PALETTE[0]: "6", chart.PALETTE[1]: "2.2", chart.PALETTE[2]: "2.2"}  # A wide under C
    legend = [" ".join(text.itertext()) for text in root.iter(f"{ns}text")]
    assert "C (same as A)" in legend and "A" in legend and "B" in legend
    narrow = ET.fromstring(chart.line_chart({"A long policy name": [1, 2], "Another long name": [1, 2]}, width=300))
    wrapped = [list(text.itertext()) for text in narrow.iter(f"{ns}text") if len(list(text.itertext())) == 2]
    assert wrapped == [["Another long name", "(same as A long policy name)"]]
