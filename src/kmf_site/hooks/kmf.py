"""MkDocs hook: the site's runtime and its proof (glue for kmf_site.includes, .verification, .runtime).

- Names each ``python {.run}`` block after the snippet it includes (the file name tracebacks show).
- Before building, runs the content checks (:func:`kmf_site.verification.verify`, ``pytest -m
  verify``); a mismatch fails the build, naming file:line. ``KMF_VERIFY`` chooses when.
- After building, puts the browser runtime into ``site/`` (:func:`kmf_site.runtime.install`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from kmf_site import runtime, verification
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
    return title_runnable_blocks(markdown)


def on_pre_build(config):
    try:
        verification.verify(_root(config))
    except verification.VerificationFailed as failure:
        raise PluginError(str(failure)) from None


def on_post_build(config):
    try:
        runtime.install(_root(config), Path(config["site_dir"]))
    except runtime.RuntimeMissing as missing:
        raise PluginError(str(missing)) from None
