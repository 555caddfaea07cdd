"""A Python-Markdown extension: a line break inside a paragraph becomes a space before the
``abbr`` extension runs.

HTML reads a soft line break as a space, so the page looks the same; but ``abbr`` matches a term's
exact text, and a term wrapped across two source lines ("concept" at the end of one, "drift" at the
start of the next) would otherwise lose its glossary tooltip. Code (``pre``, ``code``) and atomic
text are left alone. Listed in mkdocs.yml's ``markdown_extensions`` as ``kmf_site.softbreaks``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

__all__ = ["SoftBreaks", "makeExtension"]

BREAK = re.compile(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)")
KEEP = {"pre", "code", "script", "style", "textarea"}


def _joined(text: str | None) -> str | None:
    if not text or isinstance(text, AtomicString) or "\n" not in text:
        return text
    return BREAK.sub(" ", text)


class _JoinLines(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, el: etree.Element) -> None:
        if el.tag in KEEP:
            return
        el.text = _joined(el.text)
        for child in el:
            self._walk(child)
            child.tail = _joined(child.tail)


class SoftBreaks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # after inline (20) and attr_list (8), before abbr (7)
        md.treeprocessors.register(_JoinLines(md), "kmf_softbreaks", 7.5)


def makeExtension(**kwargs) -> SoftBreaks:  # noqa: N802 (Python-Markdown's entry point)
    return SoftBreaks(**kwargs)
