"""`mkdocs build` proves the pages: it passes on the real tree and fails, naming file and line,
when an expected output is broken (shown on a temporary copy of the project). Every other kind
of failure (a notebook's stored output, a step's message, a quiz key...) is proven to name its
file and line in tests/test_failures_name_file_and_line.py, through the same verification."""

from __future__ import annotations

from pathlib import Path

import pytest

from project_copy import copy_project, mkdocs_build

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def test_verified_strict_build_passes(site_build):
    """The run's one build (tests/conftest.py), made as `make build` makes it: verified and strict."""
    assert "Verifying every snippet in CPython and Pyodide" in site_build.log, site_build.log[-3000:]
    site = site_build.site
    for needed in [
        "pyodide/pyodide.mjs",
        "pyodide/pyodide.asm.wasm",
        "pyodide/python_stdlib.zip",
        "pyodide/pyodide-lock.json",
        "pyodide/pyodide.asm.wasm.gz",  # what the worker fetches, and the snapshot it boots from
        "pyodide/kmf-snapshot.json",
        "assets/kmf/main.js",
        "assets/kmf/worker.js",
        "assets/kmf_runner.py",
    ]:
        assert (site / needed).is_file(), needed
    assert '"retrain-lab"' in (site / "pyodide" / "pyodide-lock.json").read_text()
    assert list((site / "pyodide").glob("retrain_lab-*.whl"))


def test_a_broken_expected_output_fails_the_build_with_file_and_line(project_copy, tmp_path):
    snippet = project_copy / "snippets" / "index" / "model_info.py"
    lines = snippet.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("#>"))
    lines[number] = "#> {'version': 3, 'accuracy': 0.85}\n"
    snippet.write_text("".join(lines))
    done = mkdocs_build(project_copy, tmp_path / "site")
    report = done.stdout + done.stderr
    assert done.returncode != 0, report[-3000:]
    assert f"Verification failed at snippets/index/model_info.py:{number + 1}" in report, report[-3000:]
