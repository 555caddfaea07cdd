"""One reading of expected output: the browser's Expected panel (dom.js's splitExpected, run here
under Node) shows, for every snippet, exactly the output lines the build checks against the real
run (content.py's printed_lines, which the stdout check compares with what the program
prints), and its editor gets the program without them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kmf_site.proof.content import printed_lines, programs, rel
from kmf_site.proof.project import current

pytestmark = pytest.mark.verify
SCRIPT = Path(__file__).resolve().with_name("split_expected.mjs")


def split_in_the_browser(sources: list[str]) -> list[dict]:
    done = subprocess.run(
        ["node", str(SCRIPT)], input=json.dumps(sources), capture_output=True, text=True, check=True, cwd=current().root
    )
    return json.loads(done.stdout)


def disagreements(paths) -> list[str]:
    sources = [path.read_text() for path in paths]
    problems = []
    for path, code, shown in zip(paths, sources, split_in_the_browser(sources), strict=True):
        lines = printed_lines(code)
        expected = "\n".join(text for _, text in lines)
        if shown["expected"] != expected:
            problems.append(
                f"{rel(path)}:1: the Expected panel shows {shown['expected']!r}, the build checks {expected!r}"
            )
        numbers = {n for n, _ in lines}
        kept = [line for n, line in enumerate(code.split("\n"), 1) if n not in numbers and line.strip() not in {"'''"}]
        while kept and not kept[-1].strip():
            kept.pop()
        if shown["program"] != "\n".join(kept):
            problems.append(f"{rel(path)}:1: the editor gets another program than the one the build runs")
    return problems


def test_the_expected_panel_shows_what_the_build_checks():
    assert not (problems := disagreements(programs())), "\n".join(problems)
