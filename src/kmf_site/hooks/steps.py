"""MkDocs hook for the guided steps (/see-it-in-action/).

The steps are plain Markdown (md_in_html): each ``<div class="kmf-step" data-step="N">`` holds an
instruction, a ``python {.kmf-step-start}`` fence with the starting code, a
``<details class="kmf-hints">`` list and a ``<details class="kmf-solution">`` with the reference
solution included from ``snippets/steps/``. That markup is the whole page without JavaScript;
``src/kmf_site/web/steps.js`` enhances it. This hook only guards the contract the script relies on, so
a broken edit fails the build (strict) with the page and step named instead of a dead widget.
The checks themselves live in pytest (tests/test_steps.py).
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

STEP = re.compile(r'<div class="kmf-step" data-step="(\d+)">')
PARTS = {
    "starting code": 'class="language-python kmf-step-start highlight"',
    "hints": '<details class="kmf-hints">',
    "solution": '<details class="kmf-solution">',
}


def on_page_content(html, page, config, files):
    if 'class="kmf-steps"' not in html:
        return html
    found = [(m.group(1), m.start()) for m in STEP.finditer(html)]
    if not found:
        raise PluginError(f"{page.file.src_path}: a kmf-steps block without any kmf-step")
    for index, (number, start) in enumerate(found):
        if number != str(index + 1):
            raise PluginError(f"{page.file.src_path}: step {index + 1} is numbered {number}")
        end = found[index + 1][1] if index + 1 < len(found) else len(html)
        chunk = html[start:end]
        for part, marker in PARTS.items():
            if marker not in chunk:
                raise PluginError(f"{page.file.src_path}: step {number} has no {part}")
        hints = chunk.split(PARTS["hints"], 1)[1].split("</details>", 1)[0]
        if "<li>" not in hints:
            raise PluginError(f"{page.file.src_path}: step {number}'s hints are not a list")
    return html
