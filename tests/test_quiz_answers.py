"""Every quiz question whose answer is a program's output or error is keyed by a real run.

The keys are read from the Markdown pages by the quiz hook's own parser (docs/hooks/quiz.py), so
a wrong `- [x]` in docs fails here, in `make test`, and in the build (`pytest -m verify`).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "hooks"))
sys.path.insert(0, str(ROOT / "docs" / "assets"))
sys.path.insert(0, str(ROOT / "tests"))

import quiz  # noqa: E402

pytestmark = pytest.mark.verify

QUESTIONS = quiz.code_questions(ROOT / "docs")
IDS = [f"{q.path}:{q.line}:{q.qid}" for q in QUESTIONS]


def cpython(q: quiz.Question) -> dict:
    program = ROOT / "snippets" / q.verify
    return quiz.run_in_cpython([{"code": program.read_text(), "filename": program.name}], ROOT)[0]


def test_the_required_code_questions_are_verified():
    verified = {(Path(q.path).name, q.qid) for q in QUESTIONS}
    assert ("practice.md", "trace-get-new-data") in verified  # Practice Q3, the NameError case
    assert ("test.md", "trace-load-model") in verified  # Test Q6
    assert ("test.md", "registry-float") in verified  # Test Q9


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_keyed_option_is_what_cpython_does(q):
    result = cpython(q)
    real = quiz.outcome_of(result["output"], result["status"])
    keyed = [quiz.option_claim(o.text) for o in q.options if o.correct]
    others = [quiz.option_claim(o.text) for o in q.options if not o.correct]
    assert keyed == [real], (
        f"{q.path}:{q.line}: keyed {keyed}, but {q.verify} really gives {real!r}"
    )
    assert real not in others, f"{q.path}:{q.line}: a wrong option also states {real!r}"
    assert quiz.check_code_answers([q], [result]) == []


def test_practice_q3_is_the_name_error_on_line_6():
    (q,) = [q for q in QUESTIONS if q.qid == "trace-get-new-data"]
    result = cpython(q)
    assert result["status"] == 1 and result["stdout"] == ""  # "Retraining complete" never printed
    assert 'File "q3_get_new_data.py", line 6, in <module>' in result["stderr"]
    assert result["output"].splitlines()[-1] == "NameError: name 'get_new_data' is not defined"
    assert "load_model" not in result["output"]  # never reached: `def` does not run the body
    golden = ROOT / "snippets" / "practice" / "q3_get_new_data.output.txt"
    assert result["output"] == golden.read_text()


def test_the_float_results_the_registry_question_gives_are_true():
    """The Test page cannot run code, so the stem states the decisive float results (issue 8)."""
    (q,) = [q for q in QUESTIONS if q.qid == "registry-float"]
    facts = re.findall(r"`(\d\.\d+ - \d\.\d+)` (?:evaluates )?to `(\d\.\d+)`", q.body)
    assert len(facts) == 2, q.body
    for expression, value in facts:
        left, right = (float(x) for x in expression.split(" - "))
        assert repr(left - right) == value, expression
    program = (ROOT / "snippets" / q.verify).read_text()
    assert all(x in program for expr, _ in facts for x in expr.split(" - "))  # the numbers it uses


def test_keyed_options_are_what_pyodide_does():
    """The same check in the reader's runtime: Pyodide under Node (tests/pyodide_node.py)."""
    from pyodide_node import run_in_pyodide

    problems = quiz.verify_code_answers(ROOT / "docs", ROOT / "snippets", run_jobs=run_in_pyodide)
    assert problems == [], "\n".join(problems)


def test_verify_code_answers_is_green_in_cpython():
    assert quiz.verify_code_answers(ROOT / "docs", ROOT / "snippets") == []


def copy_site(tmp_path: Path) -> Path:
    """A throwaway copy of what the check reads: the pages, their snippets and the runner."""
    (tmp_path / "docs" / "assets").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "practice.md", tmp_path / "docs" / "practice.md")
    shutil.copy(ROOT / "docs" / "assets" / "kmf_runner.py", tmp_path / "docs" / "assets")
    shutil.copytree(ROOT / "snippets" / "practice", tmp_path / "snippets" / "practice")
    return tmp_path


def test_a_changed_program_no_longer_matches_its_key(tmp_path):
    site = copy_site(tmp_path)
    assert quiz.verify_code_answers(site / "docs", site / "snippets") == []
    program = site / "snippets" / "practice" / "q3_get_new_data.py"
    # Define get_new_data: the program now fails later, on load_model, and the key is wrong.
    program.write_text("def get_new_data():\n    return []\n\n" + program.read_text())
    problems = quiz.verify_code_answers(site / "docs", site / "snippets")
    assert len(problems) == 2, problems
    now_real, keyed = problems  # in option order: D, then E
    assert all(p.startswith("docs/practice.md:") for p in problems)
    assert "option E of question 3 is keyed correct" in keyed
    assert "NameError: name 'load_model' is not defined" in keyed
    assert "option D of question 3 is keyed wrong but is what running" in now_real


def test_a_wrong_key_in_the_page_fails(tmp_path):
    site = copy_site(tmp_path)
    page = site / "docs" / "practice.md"
    text = page.read_text()
    text = text.replace(
        "- [ ] It prints `Retraining complete`.", "- [x] It prints `Retraining complete`."
    )
    text = text.replace(
        "- [x] It stops with `NameError: name 'get_new_data'",
        "- [ ] It stops with `NameError: name 'get_new_data'",
    )
    page.write_text(text)
    problems = quiz.verify_code_answers(site / "docs", site / "snippets")
    assert any(
        "option B of question 3 is keyed correct but claims 'Retraining complete'" in p
        for p in problems
    )
    assert all(p.startswith("docs/practice.md:") for p in problems)


def test_the_build_hook_refuses_a_wrong_key(tmp_path, monkeypatch):
    """The hook itself checks keys in CPython while rendering (unless KMF_VERIFY=off)."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    site = copy_site(tmp_path)
    program = site / "snippets" / "practice" / "q3_get_new_data.py"
    program.write_text("print('Retraining complete')\n")
    page = site / "docs" / "practice.md"
    fake = SimpleNamespace(
        file=SimpleNamespace(src_uri="practice.md", abs_src_path=str(page)), meta={}
    )
    config = {"docs_dir": str(site / "docs"), "config_file_path": str(site / "mkdocs.yml")}
    monkeypatch.setenv("KMF_VERIFY", "all")
    with pytest.raises(
        PluginError, match=r"docs/practice\.md:\d+: option E of question 3 is keyed correct"
    ):
        quiz.on_page_markdown(page.read_text(), fake, config, None)
