"""This repository as the proof sees it: its pages and snippets, and the proof's helpers
(kmf_site.proof.content) bound to it, for the tests that read the real content."""

from __future__ import annotations

from pathlib import Path

from kmf_site.proof import project
from kmf_site.proof.content import (  # noqa: F401 (re-exported for the tests)
    TRACE_AFTER,
    golden,
    golden_trace,
    printed_lines,
    programs,
    rel,
    run_like_the_browser,
    trace_like_the_browser,
    traced_programs,
    tracer_program,
)

ROOT = Path(__file__).resolve().parents[1]
project.use(ROOT)
DOCS, SNIPPETS = project.current().docs, project.current().snippets
