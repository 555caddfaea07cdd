"""The plugin's page work and its ``mkdocs serve`` banner (see :mod:`kmf_site.plugin.plugin`).

- Names each ``python {.run}`` block after the snippet it includes (the file name tracebacks show).
- Warns once when ``site_url`` is no real address (Material's instant navigation stays off).
- Under ``mkdocs serve`` (verification ``changed``), a failed check or build error does not leave
  the browser waiting: every page shows it in a banner (``file:line`` and what kind of failure)
  until the next green build; the terminal shows it too.
"""

from __future__ import annotations

import html
import re
import sys
import traceback
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from kmf_site.includes import runnable_blocks


def title_runnable_blocks(markdown: str) -> str:
    """Give each runnable block ``title="<file name>"`` unless it has a title already."""
    out, cursor = [], 0
    for block in runnable_blocks(markdown):
        attrs = block.attrs
        if "title=" not in attrs:
            attrs = f'{attrs.rstrip()} title="{Path(block.path).name}"'
        out += [markdown[cursor : block.start], f"{block.indent}{block.fence}python {{{attrs}}}\n"]
        out.append(f'{block.indent}--8<-- "{block.path}"\n')
        cursor = block.head_end
    out.append(markdown[cursor:])
    return "".join(out)


ABBR = re.compile(r"<abbr(?=[\s>])(?![^>]*\bdata-preview\b)")


def tooltips_on_demand(page_html: str) -> str:
    """Mark every ``<abbr>`` so Material's bundle leaves its tooltip to ours (web/tooltips.js).

    With ``content.tooltips`` Material mounts its tooltip on every element of the content with a
    title when the page loads: several RxJS pipelines and listeners each. A page of the course
    wraps each use of a glossary term in an ``abbr`` (168 on concepts), and mounting those was about
    90 ms of a phone's main thread (Chromium at a 4x slowdown), in one long task. Material skips
    ``[data-preview]`` (its instant previews, which only links have); tooltips.js shows the same
    tooltip with one set of listeners for the whole page, when a reader points at a term.
    """
    return ABBR.sub("<abbr data-preview", page_html)


def warn_if_no_real_site_url(site_url: str | None) -> bool:
    """One warning, with the fix, when the build is for no real address (none, or a reserved
    ``.example`` host such as mkdocs.yml's placeholder): Material's instant navigation then stays
    off. Printed like MkDocs' warnings but not logged, so ``--strict`` does not abort the build
    (``mkdocs serve`` sets its own address first and never warns)."""
    host = urlsplit(site_url or "").hostname or ""
    if host and not host.endswith(".example"):
        return False
    sys.stderr.write(
        f"WARNING -  site_url is {site_url or 'not set'}, not the address this site will be served from: "
        "Material's instant navigation stays off there and every page change reloads Python. "
        "Build with that address, e.g. KMF_SITE_URL=https://USER.github.io/REPO/ make build "
        "(or set site_url in mkdocs.yml); the GitHub Pages workflow does this for you.\n"
    )
    return True


def banner(message: str) -> str:
    """The error banner a served page shows (the first line of the failure, then the rest)."""
    first, _, rest = message.strip().partition("\n")
    more = f'<pre style="white-space:pre-wrap;margin:.5em 0 0">{html.escape(rest[-3000:])}</pre>' if rest else ""
    return (
        '<div class="kmf-build-error" role="alert" style="background:#b00020;color:#fff;padding:1em;'
        'font:16px/1.4 system-ui,sans-serif;position:relative;z-index:10">'
        f"<strong>The build failed, this page may be stale.</strong> {html.escape(first)}{more}</div>"
    )


def with_banner(page_html: str, message: str) -> str:
    page_html = re.sub(r'<div class="kmf-build-error".*?</div>', "", page_html, count=1, flags=re.S)
    return re.sub(r"(<body[^>]*>)", lambda m: m[1] + banner(message), page_html, count=1)


def keep_serving(server, site_dir: str | Path):
    """A build error (a malformed quiz block, a broken include ...) otherwise leaves mkdocs serve
    "stuck": the browser waits and the error is only in the terminal. The failed build has already
    emptied the site: write back the last good pages, each with the error in its banner."""
    build, site = server.builder, Path(site_dir)
    good: dict[str, str] = {}

    def keep_the_pages():
        good.clear()
        good.update({p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")})

    def build_or_show_the_error():
        try:
            build()
        except Exception as error:  # noqa: BLE001 (whatever stopped the build, the reader sees it)
            message = str(error) if isinstance(error, PluginError) else traceback.format_exc()
            sys.stderr.write(f"ERROR    -  {message}\n")
            for name, text in good.items():
                page = site / name
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(with_banner(text, message), encoding="utf-8")
        else:
            keep_the_pages()

    keep_the_pages()  # the first build's
    server.builder = build_or_show_the_error
    return server
