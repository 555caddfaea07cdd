"""kmf_site/proof/check_exercises.py on this site's exercises: what the guided steps and the Debug
it tasks must keep (the checks themselves are shown failing in
tests/test_failures_name_file_and_line.py)."""

from __future__ import annotations

import contextlib
import io

import pytest

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from kmf_site import runner
from kmf_site.proof.check_exercises import CASES, CHAIN, EXERCISES, SNIPPETS, sequences

pytestmark = pytest.mark.content


def test_the_guided_steps_follow_each_other_and_their_chain_is_checked():
    """Each step of see-it-in-action starts from the one before it, and every step whose solution
    the next one extends carries its accepted programs into it."""
    steps = [e for e in EXERCISES if e.path == "docs/see-it-in-action.md"]
    assert [(a.id, b.id) for a, b in sequences()] == [(a.id, b.id) for a, b in zip(steps, steps[1:], strict=False)]
    assert {following.id for _, following, _ in CHAIN} >= {"step-2", "step-3", "step-4"}


def test_the_guided_steps_keep_their_known_mistakes():
    """The four steps had 54 known mistakes, each with its own message, when they moved into the
    exercise engine (checked against the old checks.golden.json): none may get lost."""
    steps = [e for e in EXERCISES if e.path == "docs/see-it-in-action.md"][:4]
    assert [e.id for e in steps] == ["step-1", "step-2", "step-3", "step-4"]
    mistakes = [case for case in CASES if case.exercise in steps and case.expected is not None]
    assert len(mistakes) >= 54
    for exercise in steps:  # at least three different targeted messages per step
        messages = {
            c.expected[0] for c in mistakes if c.exercise is exercise and not c.expected[0].startswith("Not yet.")
        }
        assert len(messages) >= 3, exercise.id


def test_the_uncertainty_bug_2_quotes_is_computed_from_its_scores():
    """'about 0.9 to 1.05 points': one standard error, sqrt(p(1-p)/n), of each version's accuracy
    in the fixed program's registry (912/1000 and 874/1000), in percentage points."""
    (promotion,) = [e for e in EXERCISES if e.id == "promotion"]
    ns: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        assert runner.execute((SNIPPETS / promotion.solution).read_text(), promotion.file, ns) is None
    errors = sorted(100 * (v.correct / v.n * (1 - v.correct / v.n) / v.n) ** 0.5 for v in (ns["v1"], ns["v2"]))
    assert f"about {errors[0]:.1f} to {errors[1]:.2f} points" in " ".join(promotion.why.split())
