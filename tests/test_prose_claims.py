"""Numbers a page quotes from a run must be what the run prints.

The prose right after a runnable block often reads its output aloud ("slides from 0.94 to 0.28").
Every decimal number in that prose (up to the next heading or code block) has to appear in the
program's real output or in its source, so a changed seed cannot leave a stale sentence behind.
"""

from __future__ import annotations

import re

import pytest

from content import DOCS, SNIPPETS, rel, run_like_the_browser

pytestmark = pytest.mark.verify
RUN_BLOCK = re.compile(
    r'```python \{[^}\n]*\.(?:run|kmf-trace)\b[^}\n]*\}\n--8<-- "(?P<path>[^"]+)"\n```\n'
    r"(?P<prose>.*?)(?=\n```|\n#|\n///|\Z)",
    re.S,
)
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?!\w|\.\d)")


def claims():
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text()
        for match in RUN_BLOCK.finditer(text):
            line = text.count("\n", 0, match.start("prose")) + 1
            yield pytest.param(page, line, SNIPPETS / match["path"], match["prose"], id=f"{rel(page)}:{line}")


@pytest.mark.parametrize(("page", "line", "program", "prose"), list(claims()))
def test_numbers_in_prose_come_from_the_run(page, line, program, prose):
    _, output, _ = run_like_the_browser(program.read_text(), program.name)
    known = output + program.read_text()
    stale = [number for number in DECIMAL.findall(prose) if number not in known]
    assert not stale, f"{rel(page)}:{line}: {stale} not printed by {rel(program)}"
