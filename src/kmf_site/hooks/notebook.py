"""MkDocs hook: the notebook page (docs/*.ipynb, rendered by mkdocs-jupyter).

- Adds a "Download notebook" link to the .ipynb beside the page (mkdocs-jupyter's
  ``include_source`` copies it there) and the bar where the front end puts "Run all".
- Uses Material's code highlighting: the code blocks get Material's ``highlight`` class (its
  contrast-checked token colours in light and dark), and the pygments stylesheet nbconvert inlines
  into the page is dropped. Heading permalinks get Material's ``headerlink`` class.
- Fails the build if the rendered notebook still holds a script or a stylesheet: nothing on the
  page may come from, or be written by, a third party (MathJax, require.js, widget managers).

The outputs' truth is not checked here but in tests/test_notebook.py (``pytest -m verify``, which
the kmf hook runs before every build).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

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


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    return render(html, page.file.src_uri)
