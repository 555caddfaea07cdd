"""The plugin's notebook page (docs/*.ipynb, rendered by mkdocs-jupyter).

- Adds a "Download notebook" link to the .ipynb beside the page (mkdocs-jupyter's
  ``include_source`` copies it there) and the bar where the front end puts "Run all".
- Uses Material's code highlighting: the code blocks get Material's ``highlight`` class (its
  contrast-checked token colours in light and dark), and the pygments stylesheet nbconvert inlines
  into the page is dropped. Heading permalinks get Material's ``headerlink`` class.
- Fails the build if the rendered notebook still holds a script or a stylesheet: nothing on the
  page may come from, or be written by, a third party (MathJax, require.js, widget managers).
- Makes the downloaded copy run where it is downloaded: the ``.ipynb`` in ``site/`` gets a first
  code cell that installs the course's learner packages (the plugin's ``packages``) from this
  site's own wheels (the ones the browser's Python loads), by their absolute URL under
  ``site_url``. The page and ``docs/*.ipynb`` do not have that cell: the browser has the packages
  already, and a clone installs the project.

The outputs' truth is not checked here but in tests/test_notebook.py (``pytest -m verify``, which
the plugin runs before every build).
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


INSTALL_ID = "install-retrain-lab"  # the cell's id (kept: a notebook written before keeps one cell)


def install_cell(wheel_urls: list[str], names: list[str]) -> dict:
    """The downloaded notebook's first code cell: install the course's packages from the site's wheels."""
    which = ", ".join(names)
    source = [
        f"# Run this cell first: it installs {which}, the lesson's own\n",
        "# helper code, from the site this notebook comes from.\n",
        f"%pip install --quiet {' '.join(wheel_urls)}",
    ]
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": INSTALL_ID,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def add_install_cell(ipynb: Path, wheel_urls: list[str], names: list[str]) -> None:
    """Put the install cell before the first code cell of ``ipynb`` (replacing an older one)."""
    notebook = json.loads(ipynb.read_text(encoding="utf-8"))
    cells = [cell for cell in notebook["cells"] if cell.get("id") != INSTALL_ID]
    first_code = next((i for i, cell in enumerate(cells) if cell["cell_type"] == "code"), len(cells))
    cells.insert(first_code, install_cell(wheel_urls, names))
    notebook["cells"] = cells
    ipynb.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def add_install_cells(site_dir: Path, site_url: str | None, wheels: list[str], names: list[str]) -> None:
    """Every notebook in ``site_dir`` gets the cell installing ``wheels`` (file names in
    ``site/pyodide/``, where the runtime put them); nothing when the course ships no package."""
    notebooks = sorted(Path(site_dir).rglob("*.ipynb"))
    if not notebooks or not wheels:
        return
    for wheel in wheels:
        if not (Path(site_dir) / "pyodide" / wheel).is_file():
            raise PluginError(f"site/pyodide/{wheel} is missing: the notebook's install cell would fail")
    base = site_url or ""
    if not base.endswith("/"):
        base += "/"
    for ipynb in notebooks:
        add_install_cell(ipynb, [f"{base}pyodide/{wheel}" for wheel in wheels], names)


def on_page_content(html, page):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    return render(html, page.file.src_uri)
