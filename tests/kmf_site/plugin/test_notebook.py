"""The notebook page (src/kmf_site/plugin/notebook.py): download link, Material's classes,
no third-party script or stylesheet left in the rendered notebook."""

from __future__ import annotations

import json

import pytest
from mkdocs.exceptions import PluginError

from kmf_site.plugin import notebook as hook

RENDERED = (
    '<div class="jupyter-wrapper"><h1 id="t">Title<a class="anchor-link" href="#t">¶</a></h1>'
    '<div class="highlight-ipynb hl-python"><pre>x = 1</pre></div></div>'
    "<style>\n ['pre { line-height: 125%; }'] </style>"
)


def test_adds_the_download_link_after_the_title_and_uses_materials_classes():
    html = hook.render(RENDERED, "notebook.ipynb")
    assert "<style" not in html
    title_end = html.index("</h1>")
    link = html.index('<a class="md-button kmf-button" href="notebook.ipynb" download="notebook.ipynb"')
    assert title_end < link and ">Download notebook</a>" in html
    assert 'class="highlight highlight-ipynb hl-python"' in html
    assert 'class="headerlink"' in html and "anchor-link" not in html


def test_a_script_in_the_notebook_fails_the_build():
    with pytest.raises(PluginError, match=r"docs/notebook\.ipynb: the rendered notebook contains a <script>"):
        hook.render(RENDERED + '<script src="https://cdn.example/require.js"></script>', "notebook.ipynb")


def test_a_notebook_without_a_title_fails_the_build():
    with pytest.raises(PluginError, match="needs a '# Title' heading"):
        hook.render("<p>no title</p>", "notebook.ipynb")


def test_other_pages_are_left_alone():
    page = type("P", (), {"file": type("F", (), {"src_uri": "lab.md"})()})()
    assert hook.on_page_content("<style>x</style>", page) == "<style>x</style>"


def test_the_downloaded_copy_gets_one_install_cell_before_the_first_code_cell(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# Title"]},
            {"cell_type": "code", "id": "b", "metadata": {}, "outputs": [], "execution_count": None, "source": ["x"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "notebook.ipynb"
    path.write_text(json.dumps(notebook))
    url = "https://example.org/course/pyodide/retrain_lab-0.1.0-py3-none-any.whl"
    hook.add_install_cell(path, [url], ["retrain_lab"])
    hook.add_install_cell(path, [url], ["retrain_lab"])  # a rebuild replaces it, never adds a second
    cells = json.loads(path.read_text())["cells"]
    assert [cell["id"] for cell in cells] == ["a", hook.INSTALL_ID, "b"]
    assert "".join(cells[1]["source"]).endswith(f"%pip install --quiet {url}")
