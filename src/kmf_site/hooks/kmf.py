"""MkDocs hook: the site's runtime and its proof (glue for kmf_site.includes, .verification, .runtime).

- Gives the hub's cards their totals (``data-kmf-total``: :func:`kmf_site.counts.with_hub_totals`).
- Names each ``python {.run}`` block after the snippet it includes (the file name tracebacks show).
- Before building, runs the content checks (:func:`kmf_site.verification.verify`, ``pytest -m
  verify``); a mismatch fails the build, naming file:line. ``KMF_VERIFY`` chooses when.
- After building, puts the browser runtime into ``site/`` (:func:`kmf_site.runtime.install`), with
  the memory snapshot Python boots from.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from kmf_site import counts, runtime, verification
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


def _root(config) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "index.md":  # the hub: each card's total is its page's count
        markdown = counts.with_hub_totals(markdown, Path(config["docs_dir"]))
    return title_runnable_blocks(markdown)


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


def on_config(config):
    warn_if_no_real_site_url(config.site_url)


def on_pre_build(config):
    try:
        verification.verify(_root(config))
    except verification.VerificationFailed as failure:
        raise PluginError(str(failure)) from None


def on_post_build(config):
    try:
        runtime.install(_root(config), Path(config["site_dir"]))
    except (runtime.RuntimeMissing, runtime.SnapshotFailed) as failure:
        raise PluginError(str(failure)) from None
