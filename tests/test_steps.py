"""The guided steps on /see-it-in-action/: every reference solution passes its check and every
known-mistake program gets exactly its message, in CPython and in Pyodide (under Node).

Programs: snippets/steps/step1.py .. step4.py (reference solutions, shown on the page) and
snippets/steps/mistakes.toml (one table per known mistake, named by its mistake id). The exact
messages are recorded in snippets/steps/checks.golden.json; to regenerate after changing a
message: KMF_UPDATE_STEPS=1 uv run pytest tests/test_steps.py, then review the diff.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tomllib
from pathlib import Path

import pytest

from kmf_site import runner as kmf_runner
from retrain_lab import steps

pytestmark = pytest.mark.verify  # the docs build runs these (src/kmf_site/hooks/kmf.py)

ROOT = Path(__file__).resolve().parents[1]
STEPS_DIR = ROOT / "snippets" / "steps"
GOLDEN = STEPS_DIR / "checks.golden.json"
PAGE = ROOT / "docs" / "see-it-in-action.md"
UPDATE = os.environ.get("KMF_UPDATE_STEPS") == "1"


def programs() -> dict[str, dict]:
    """name -> {"step", "code", "expect"} where expect is a mistake id, or None for a pass."""
    found = {}
    for n in range(1, steps.STEPS + 1):
        found[f"step{n}"] = {
            "step": n,
            "code": (STEPS_DIR / f"step{n}.py").read_text(),
            "expect": None,
        }
    table = tomllib.loads((STEPS_DIR / "mistakes.toml").read_text())
    for step_key, mistakes in table.items():
        n = int(step_key.removeprefix("step"))
        for key, entry in mistakes.items():
            found[f"{step_key}.{key}"] = {
                "step": n,
                "code": entry["code"],
                "expect": key.split()[0],
            }
    return found


PROGRAMS = programs()


def after_source(step: int, code: str) -> str:
    """The trusted check the page runs after the learner's program (same shape as steps.js)."""
    return f"from retrain_lab.steps import check\nresult = check({step}, ns, stdout, error, {json.dumps(code)})\n"


def run_cpython(step: int, code: str) -> dict:
    namespace: dict = {}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        error = kmf_runner.execute(code, f"step{step}.py", namespace)
    return steps.check(step, namespace, out.getvalue(), error, code)


def golden() -> dict:
    return json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}


def transcript(result: dict) -> dict:
    return {
        "passed": result["passed"],
        "mistake": result.get("mistake"),
        "message": result["message"],
    }


@pytest.fixture(scope="module")
def cpython_results() -> dict[str, dict]:
    results = {name: run_cpython(p["step"], p["code"]) for name, p in PROGRAMS.items()}
    if UPDATE:
        GOLDEN.write_text(
            json.dumps({k: transcript(v) for k, v in results.items()}, indent=2, ensure_ascii=False) + "\n"
        )
    return results


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_check_in_cpython(name, cpython_results):
    expect = PROGRAMS[name]["expect"]
    result = cpython_results[name]
    assert set(result) == {"passed", "message", "mistake", "explanation"}
    assert json.loads(json.dumps(result)) == result, "results must be JSON-able"
    if expect is None:
        assert result["passed"], result["message"]
        assert result["mistake"] is None
    else:
        assert not result["passed"]
        assert result["mistake"] == expect, result["message"]
    assert golden().get(name) == transcript(result), (
        "message differs from snippets/steps/checks.golden.json "
        "(KMF_UPDATE_STEPS=1 uv run pytest tests/test_steps.py to regenerate)"
    )


@pytest.fixture(scope="module")
def pyodide_results() -> dict[str, dict]:
    from pyodide_node import run_in_pyodide

    names = list(PROGRAMS)
    jobs = [
        {
            "code": PROGRAMS[n]["code"],
            "filename": f"step{PROGRAMS[n]['step']}.py",
            "after": after_source(PROGRAMS[n]["step"], PROGRAMS[n]["code"]),
        }
        for n in names
    ]
    return dict(zip(names, run_in_pyodide(jobs), strict=True))


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_check_in_pyodide(name, pyodide_results, cpython_results):
    got = pyodide_results[name]["result"]
    assert got is not None, pyodide_results[name]["stderr"]
    assert transcript(got) == transcript(cpython_results[name])
    assert transcript(got) == golden().get(name)


def test_every_known_mistake_has_a_program():
    tested = {p["expect"] for p in PROGRAMS.values()}
    assert set(steps.MISTAKES) - tested == set()
    # at least three targeted (not general) mistakes per step
    for n in range(1, steps.STEPS + 1):
        targeted = {p["expect"] for p in PROGRAMS.values() if p["step"] == n and p["expect"] not in (None, "general")}
        assert len(targeted) >= 3, n


def test_golden_has_no_stale_entries():
    assert set(golden()) == set(PROGRAMS)


def test_messages_are_plain_text():
    for entry in golden().values():
        assert "<" not in entry["message"] or "object>" in entry["message"]
        assert "\n" not in entry["message"]


def test_page_uses_every_reference_solution():
    page = PAGE.read_text()
    included = set(re.findall(r'--8<--\s+"(steps/[^"]+)"', page))
    for n in range(1, steps.STEPS + 1):
        assert f"steps/step{n}.py" in included
    assert "steps/start.py" in included


def test_check_rejects_unknown_step():
    with pytest.raises(ValueError):
        steps.check(5, {}, "", None, "")


def test_check_survives_strange_values():
    class Weird:
        def __eq__(self, other):
            raise RuntimeError("no")

        __hash__ = object.__hash__

        def __repr__(self):
            raise RuntimeError("no repr")

    for value in (Weird(), {"version": Weird(), "accuracy": 0.75}, {Weird(): 1}):
        result = steps.check(1, {"model_info": value}, "", None, "")
        assert not result["passed"]
        assert isinstance(result["message"], str) and result["message"]
    result = steps.check(4, {}, None, RuntimeError(Weird()), None)
    assert not result["passed"]
