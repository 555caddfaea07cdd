"""MkDocs hook: the notebook page (docs/*.ipynb, rendered by mkdocs-jupyter).

- Adds a "Download notebook" link to the .ipynb beside the page (mkdocs-jupyter's
  ``include_source`` copies it there) and the bar where the front end puts "Run all".
- Uses Material's code highlighting: the code blocks get Material's ``highlight`` class (its
  contrast-checked token colours in light and dark), and the pygments stylesheet nbconvert inlines
  into the page is dropped. Heading permalinks get Material's ``headerlink`` class.
- Fails the build if the rendered notebook still holds a script or a stylesheet: nothing on the
  page may come from, or be written by, a third party (MathJax, require.js, widget managers).
- Makes the downloaded copy run where it is downloaded: the ``.ipynb`` in ``site/`` gets a first
  code cell that installs ``retrain_lab`` from this site's own wheel (the one the browser's
  Python loads), by its absolute URL under ``site_url``. The page and ``docs/notebook.ipynb`` do
  not have that cell: the browser has ``retrain_lab`` already, and a clone installs the project.

The outputs' truth is not checked here but in tests/test_notebook.py (``pytest -m verify``, which
the kmf hook runs before every build).
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from mkdocs.exceptions import PluginError

STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S)
SCRIPT = re.compile(r"<script\b", re.I)
FIRST_H1_END = re.compile(r"</h1>", re.I)


def bar(ipynb_name: str) -> str:
    return (
        '<div class="kmf-nb-bar" role="group" aria-label="Notebook">'
        f'<a class="md-button kmf-button" href="{ipynb_name}" download="{ipynb_name}" '
        'type="application/x-ipynb+json">Download notebook</a>'
        "</div>"
    )


def render(html: str, src_uri: str) -> str:
    """The notebook page's content, ready for the site (see the module docstring)."""
    html = STYLE.sub("", html)
    if SCRIPT.search(html):
        raise PluginError(f"docs/{src_uri}: the rendered notebook contains a <script>: remove its widgets or JS")
    html = html.replace('class="highlight-ipynb ', 'class="highlight highlight-ipynb ')
    html = html.replace('class="anchor-link"', 'class="headerlink"')  # Material's heading permalinks
    name = PurePosixPath(src_uri).name
    html, found = FIRST_H1_END.subn(lambda m: m[0] + bar(name), html, count=1)
    if not found:
        raise PluginError(f"docs/{src_uri}: the notebook needs a '# Title' heading in its first cell")
    return html


INSTALL_ID = "install-retrain-lab"


def install_cell(wheel_url: str) -> dict:
    """The downloaded notebook's first code cell: install retrain_lab from the site's wheel."""
    source = [
        "# Run this cell first: it installs retrain_lab, the lesson's small\n",
        "# helper package, from the site this notebook comes from.\n",
        f"%pip install --quiet {wheel_url}",
    ]
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": INSTALL_ID,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def add_install_cell(ipynb: Path, wheel_url: str) -> None:
    """Put the install cell before the first code cell of ``ipynb`` (replacing an older one)."""
    notebook = json.loads(ipynb.read_text(encoding="utf-8"))
    cells = [cell for cell in notebook["cells"] if cell.get("id") != INSTALL_ID]
    first_code = next((i for i, cell in enumerate(cells) if cell["cell_type"] == "code"), len(cells))
    cells.insert(first_code, install_cell(wheel_url))
    notebook["cells"] = cells
    ipynb.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def on_post_build(config):
    """Runs after kmf.py's (hooks run in mkdocs.yml's order), which puts the wheel in site/pyodide/."""
    site = Path(config["site_dir"])
    notebooks = sorted(site.rglob("*.ipynb"))
    if not notebooks:
        return
    wheels = sorted((site / "pyodide").glob("retrain_lab-*.whl"))
    if len(wheels) != 1:
        raise PluginError(f"site/pyodide/ should hold one retrain_lab wheel for the notebook, found {len(wheels)}")
    base = config["site_url"] or ""
    if not base.endswith("/"):
        base += "/"
    for ipynb in notebooks:
        add_install_cell(ipynb, f"{base}pyodide/{wheels[0].name}")


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    return render(html, page.file.src_uri)
