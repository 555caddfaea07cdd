"""``/// name | title`` ... ``///`` blocks in Markdown pages: finding them, their settings, their sections.

The quiz (``/// quiz``) and the exercises (``/// exercise``) are written as such blocks. This
module only knows the shape they share: an opening line with a title, ``key: value`` settings
right below it, then Markdown (fenced code is never mistaken for block syntax), ``### Name``
sections, and a closing ``///``. Errors are :class:`BlockError`, whose text is ``path:line: message``
with the line counted in the Markdown file (front matter included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Block", "BlockError", "Fences", "find_blocks", "line_offset", "page_key", "sections", "settings", "text_of"]

CLOSE_RE = re.compile(r"^///\s*$")
SETTING_RE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
SECTION_RE = re.compile(r"^###\s+(?P<name>.+?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")


class BlockError(ValueError):
    """A malformed block; ``str(error)`` is ``"path:line: message"``."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


class Fences:
    """Tracks whether a line is inside a fenced code block."""

    def __init__(self):
        self.fence = ""

    def inside(self, line: str) -> bool:
        """Feed one line; return True if it belongs to a fence (opening and closing included)."""
        match = FENCE_RE.match(line)
        if self.fence:
            if match and match["fence"][0] == self.fence[0] and len(match["fence"]) >= len(self.fence):
                if not line.strip()[len(match["fence"]) :].strip():
                    self.fence = ""
            return True
        if match:
            self.fence = match["fence"]
            return True
        return False


@dataclass
class Block:
    """One ``/// name`` block: ``lines[start]`` opens it, ``lines[end]`` is its closing ``///``."""

    name: str
    path: str
    offset: int  # lines before the text handed to the parser (front matter MkDocs removed)
    lines: list[str]
    start: int
    end: int
    title: str
    number: int = 0  # 1-based, among the blocks of the same name in the file
    extra: dict = field(default_factory=dict)

    @property
    def line(self) -> int:
        """The opening line's number in the Markdown file."""
        return self.start + 1 + self.offset

    def error(self, index: int, message: str) -> BlockError:
        """An error at ``lines[index]``."""
        return BlockError(self.path, index + 1 + self.offset, message)


def find_blocks(text: str, name: str, path: str = "<string>", offset: int = 0) -> list[Block]:
    """Every ``/// name`` block of ``text`` outside fenced code, in order.

    Raises :class:`BlockError` for a block that is never closed.
    """
    opening = re.compile(rf"^///\s*{re.escape(name)}\b\s*(?:\|\s*(?P<title>.*?))?\s*$")
    lines = text.splitlines()
    blocks: list[Block] = []
    fences = Fences()
    i = 0
    while i < len(lines):
        if fences.inside(lines[i]) or not (match := opening.match(lines[i])):
            i += 1
            continue
        inner = Fences()
        j = i + 1
        while j < len(lines) and (inner.inside(lines[j]) or not CLOSE_RE.match(lines[j])):
            j += 1
        if j >= len(lines):
            raise BlockError(path, i + 1 + offset, f"{name} block is not closed: add a line `///` after it")
        blocks.append(Block(name, path, offset, lines, i, j, (match["title"] or "").strip(), len(blocks) + 1))
        i = j + 1
    return blocks


def settings(
    block: Block, known: tuple[str, ...], hint: str = "leave a blank line before the text"
) -> tuple[dict[str, tuple[str, int]], int]:
    """Read the ``key: value`` lines right below the opening line.

    Returns ``({key: (value, index of its line)}, index of the first line after them)``.
    """
    found: dict[str, tuple[str, int]] = {}
    i = block.start + 1
    while i < block.end and block.lines[i].strip() and (match := SETTING_RE.match(block.lines[i])):
        key = match["key"].lower()
        if key not in known:
            raise block.error(
                i,
                f"unknown {block.name} setting {key!r} (known: {', '.join(known)}); leave a blank line before the text",
            )
        if key in found:
            raise block.error(i, f"{block.name} setting {key!r} given twice")
        found[key] = (match["value"], i)
        i += 1
    return found, i


def text_of(lines: list[str]) -> str:
    """Lines joined, without blank lines at either end."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def sections(block: Block, start: int, known: dict[str, str]) -> tuple[list[str], dict[str, tuple[str, int]]]:
    """Split ``lines[start:end]`` into the text before the first ``### Name`` and the sections.

    ``known`` maps a lowercase section name to how it is spelled in messages. Returns
    ``(lines before the first section, {name: (text, index of its heading)})``.
    """
    head: list[str] = []
    found: dict[str, tuple[list[str], int]] = {}
    current = None
    fences = Fences()
    for i in range(start, block.end):
        line = block.lines[i]
        if not fences.inside(line) and (match := SECTION_RE.match(line)):
            name = match["name"].strip().lower().rstrip(":")
            if name not in known:
                raise block.error(
                    i, f"unknown {block.name} section {match['name']!r} (known: {', '.join(known.values())})"
                )
            if name in found:
                raise block.error(i, f"{block.name} section {known[name]!r} given twice")
            current = name
            found[name] = ([], i)
            continue
        (found[current][0] if current else head).append(line)
    return head, {name: (text_of(body), index) for name, (body, index) in found.items()}


def line_offset(source_path: str | Path | None, markdown: str) -> int:
    """Lines MkDocs removed (front matter) before handing ``markdown`` to hooks."""
    try:
        source = Path(source_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError):
        return 0
    body = markdown.rstrip("\n")
    pos = source.find(body) if body else -1
    return source[:pos].count("\n") if pos > 0 else 0


def page_key(src_uri: str) -> str:
    """A page's key in ids and saved progress: ``see-it-in-action.md`` -> ``see-it-in-action``."""
    return re.sub(r"[^a-z0-9]+", "-", src_uri.removesuffix(".md").lower()).strip("-") or "index"
