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
