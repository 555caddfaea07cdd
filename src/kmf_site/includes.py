"""``--8<-- "page/name.py"`` lines (pymdownx.snippets): how the build and the verification read them.

Pages include every program from ``snippets/``. The build names runnable blocks after the file
they include (:func:`runnable_blocks`); the verification checks that every include resolves and
every snippet is included (:func:`includes`), and reads the prose right after a runnable block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["INCLUDE", "RunBlock", "included", "includes", "runnable_blocks"]

INCLUDE = re.compile(r'^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+"(?P<path>[^"\n]+)"[ \t]*$', re.MULTILINE)
RUN_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*python[ \t]*\{(?P<attrs>[^}\n]*\.run\b[^}\n]*)\}[ \t]*\n"
    r'(?P=indent)-{1,}8<-{1,}[ \t]+"(?P<path>[^"\n]+)"[ \t]*\n',
    re.MULTILINE,
)


def included(text: str) -> list[tuple[str, int]]:
    """Every ``(path, line)`` a Markdown text includes, in order (paths relative to snippets/)."""
    return [(m["path"], text.count("\n", 0, m.start()) + 1) for m in INCLUDE.finditer(text)]


def includes(docs: Path, snippets: Path) -> dict[Path, list[tuple[Path, int]]]:
    """Every include of the pages under ``docs``: ``{snippet file: [(page, line), ...]}``."""
    found: dict[Path, list[tuple[Path, int]]] = {}
    for page in sorted(Path(docs).rglob("*.md")):
        for path, line in included(page.read_text(encoding="utf-8")):
            found.setdefault(Path(snippets) / path, []).append((page, line))
    return found


@dataclass
class RunBlock:
    """A ```` ```python {.run} ```` fence whose first line includes a snippet."""

    indent: str
    fence: str
    attrs: str
    path: str
    start: int  # offset of the opening fence
    head_end: int  # offset after the include line
    end: int  # offset after the closing fence (or the end of the text)


def runnable_blocks(text: str) -> list[RunBlock]:
    """The runnable blocks of a Markdown text, in order."""
    blocks = []
    for match in RUN_FENCE.finditer(text):
        closing = re.compile(rf"^{re.escape(match['indent'])}{re.escape(match['fence'])}[ \t]*$", re.MULTILINE)
        close = closing.search(text, match.end())
        end = close.end() if close else len(text)
        blocks.append(
            RunBlock(match["indent"], match["fence"], match["attrs"], match["path"], match.start(), match.end(), end)
        )
    return blocks
