"""You're on call (retrain_lab.oncall): oracles from the lab's own policies, replays, and what the
engineer on call may see."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

from retrain_lab import oncall
from retrain_lab.drift import Batch, make_stream
from retrain_lab.lab import run_lab, run_policies
from retrain_lab.oncall import SCENARIOS, Round, best_plan, play, replay, world

KEYS = list(SCENARIOS)


def never(key: str, seed: int = 7) -> Round:
    return play(key, seed, "K" * (SCENARIOS[key].weeks - 1))


def always(key: str, seed: int = 7) -> Round:
    return play(key, seed, "R" * (SCENARIOS[key].weeks - 1))


def lab_runs(key: str, seed: int, **changes):
    """The lab's four policies on the scenario's world, from the lab's own functions: run_lab for
    a world it draws itself, run_policies on the stream as a pipeline that was never fixed
    delivers it for the broken feature."""
    s = SCENARIOS[key]
    settings = replace(s.settings(seed), **changes)
    if s.jump_week is None and s.break_week is None:
        return run_lab(settings).runs
    stream = world(key, seed)
    if s.break_week is not None:
        stream = [b if b.week < s.break_week else replace(b, points=tuple((0.0, y) for _, y in b.points))
                  for b in stream]  # fmt: skip
    return run_policies(stream, settings).runs


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("seed", [7, 2026])
def test_never_and_always_retrain_get_the_scores_the_lab_s_policies_predict(key, seed):
    """The oracle: a learner who never retrains is the lab's "never" policy; one who always
    retrains is its schedule policy with every=1 (week after week, from the first labelled one)."""
    cost = SCENARIOS[key].settings(seed).cost_per_retrain
    pairs = ((never(key, seed), lab_runs(key, seed)[0]), (always(key, seed), lab_runs(key, seed, every=1)[1]))
    for learner, run in pairs:
        assert learner.accuracies == run.accuracies
        assert learner.retrains == run.retrains
        assert learner.score == sum(w.correct for w in run.weeks) - run.retrains * cost
        # and the table at the end says so, for the learner and for the lab's "never" row
        rows = learner.comparison()
        assert rows[0]["value"] == learner.score
        assert rows[1]["value"] == sum(w.correct for w in lab_runs(key, seed)[0].weeks)


def test_the_oracle_scores_are_the_ones_the_page_states():
    """The numbers of snippets/lab/oncall.py (the page's summary), from a run of the lab itself."""
    assert never("steady").score == sum(w.correct for w in run_lab(drift=12, label_delay=1).runs[0].weeks)
    assert always("steady").retrains == 10  # no labels before week 2 arrive: no retrain after week 1


def test_the_sudden_shift_is_drift_s_uneven_stream():
    """The sudden shift's world is retrain_lab.drift.make_stream with one turn of 60 degrees."""
    s = SCENARIOS["sudden"]
    turns = [s.jump_degrees if week == s.jump_week else 0.0 for week in range(2, s.weeks + 1)]
    expected = make_stream(s.weeks, degrees_per_week=turns, seed=11)
    got = world("sudden", 11)
    assert [b.boundary_deg for b in got] == [b.boundary_deg for b in expected]
    assert [b.labels for b in got] == [b.labels for b in expected]
    assert [b.points for b in got] == [b.points for b in expected]


@pytest.mark.parametrize("key", KEYS)
def test_a_round_replays_from_its_seed_and_decisions(key):
    rng = random.Random(key)
    decisions = "".join(rng.choice("KRBH") for _ in range(SCENARIOS[key].weeks - 1))
    first, second = replay(key, 123, decisions), replay(key, 123, decisions)
    assert first.for_browser(500) == second.for_browser(500)
    assert first.comparison() == second.comparison()
    other = replay(key, 124, decisions)
    assert other.accuracies != first.accuracies  # the seed is the world


def test_the_decisions_made_by_name_or_letter_are_the_same_round():
    by_name = play("steady", 7, ["keep", "retrain", "roll back", "hold"])
    assert by_name.for_browser() == replay("steady", 7, "KRBH").for_browser()


def scrambled(stream: list[Batch], after: int, seed: int) -> list[Batch]:
    """``stream`` with every label of the weeks after ``after`` redrawn at random."""
    rng = random.Random(seed)
    return [b if b.week <= after else replace(b, labels=tuple(rng.randint(0, 1) for _ in b.labels)) for b in stream]


@pytest.mark.parametrize("key", KEYS)
def test_the_engineer_never_sees_the_true_accuracy_of_a_week_whose_labels_have_not_arrived(key):
    """What observe() shows after week t is the same whatever the labels of the weeks after
    t - label_delay are (the week just served and the next one included), and it states an
    accuracy for exactly the weeks 1 to t - label_delay."""
    s = SCENARIOS[key]
    rng = random.Random(key)
    decisions = "".join(rng.choice("KRBH") for _ in range(s.weeks - 1))
    for t in range(1, s.weeks + 1):
        known = t - s.label_delay
        a, b = Round(key, 7), Round(key, 7, stream=scrambled(world(key, 7), known, t))
        for letter in decisions[: t - 1]:
            a.decide(letter)
            b.decide(letter)
        seen = a.observe()
        assert seen == b.observe()
        assert [row["week"] for row in seen["rows"] if row["accuracy"] is not None] == list(range(1, known + 1))
        assert a.accuracies != b.accuracies or known >= s.weeks  # the hidden weeks did differ


def test_a_broken_feature_is_fixed_by_an_alert_and_retraining_on_it_does_not_help():
    s = SCENARIOS["broken"]
    held = play("broken", 7, "K" * (s.break_week - 1) + "H" + "K" * (s.weeks - s.break_week - 1))
    assert held.fixed_from == s.break_week + 1
    rows = held.observe()["rows"]
    jump = float(rows[s.break_week - 1]["drift"])
    assert jump > 10 * max(float(r["drift"]) for r in rows if r["week"] != s.break_week)  # an implausible jump
    assert held.score > max(row["value"] for row in held.comparison()[1:5])  # beats every policy
    assert always("broken").score < never("broken").score  # retraining learns the broken input
    assert held.score == best_plan("broken", 7).score
    assert play("broken", 7, "H").fixed_from is None  # an alert before the break is a false alarm
    assert play("broken", 7, "H").cost == oncall.ALERT_COST


def test_in_the_covariate_scenario_every_retrain_is_pure_cost():
    assert best_plan("covariate", 7).decisions == "K" * 11
    rows = never("covariate").comparison()
    drift_policy = rows[4]
    assert drift_policy["retrains"] > 0 and drift_policy["mean"] == rows[0]["mean"]
    assert drift_policy["value"] < rows[0]["value"]


@pytest.mark.parametrize("key", KEYS)
def test_no_plan_beats_the_best_plan_in_hindsight(key):
    best = best_plan(key, 7)
    rng = random.Random(key)
    plans = ["".join(rng.choice("KKKRH") for _ in range(11)) for _ in range(40)]
    plans += ["K" * i + "R" + "K" * (10 - i) for i in range(11)] + ["K" * i + "H" + "K" * (10 - i) for i in range(11)]
    for plan in plans:
        assert play(key, 7, plan).score <= best.score, plan


def test_a_bad_decision_is_refused_with_a_clear_message():
    r = Round("steady")
    with pytest.raises(ValueError, match=r"a decision is one of K \(keep\), R \(retrain\)"):
        r.decide("X")
    assert r.week == 1  # nothing was lost
    assert "nothing to retrain on" in r.decide("R") and r.retrains == 0  # no labels yet after week 1
    assert "no earlier version" in r.decide("B")
    for _ in range(r.scenario.weeks - r.week):
        r.decide("K")
    with pytest.raises(ValueError, match="the round is over"):
        r.decide("K")
    with pytest.raises(ValueError, match="unknown scenario"):
        Round("nope")


def test_roll_back_serves_the_version_before_the_last_retrain():
    r = play("steady", 7, "KKR")
    assert r.observe()["serving"] == 2
    r.decide("B")
    assert r.observe()["serving"] == 0 and r.rollbacks == 1 and r.cost == 100


def test_the_end_shows_a_chart_with_the_decisions_marked_and_a_lesson():
    r = play("steady", 7, "KKRKKKRKKKK")
    out = r.for_browser(500)
    assert out["light"].startswith("data:image/svg+xml") and out["dark"] != out["light"]
    svg = r.chart(500, "light")
    assert svg.count(">R</text>") == 2 and svg.count("<polyline") == 5
    assert "retrain after weeks 3 and 7" in out["alt"]
    assert out["lesson"] == oncall.lesson("steady", 7)
    assert [row["who"] for row in out["table"]][0] == "You" and out["table"][0]["value"] == r.score


def test_the_page_offers_every_scenario_under_its_title():
    """docs/lab.md's scenario buttons (what oncall.js plays) are SCENARIOS, in order."""
    page = (Path(__file__).parents[2] / "docs" / "lab.md").read_text()
    buttons = re.findall(r'data-scenario="([^"]+)">([^<]+)</button>', page)
    assert buttons == [(key, s.title) for key, s in SCENARIOS.items()]


def test_what_the_page_says_of_the_choices_holds():
    """docs/lab.md: labels arrive "a week late, or later"; an alert costs "half the cost of a
    retrain"; a roll back is "for free"."""
    assert all(s.label_delay >= 1 for s in SCENARIOS.values())
    assert {s.settings().cost_per_retrain for s in SCENARIOS.values()} == {2 * oncall.ALERT_COST}
    r = play("steady", 7, "KKR")
    assert r.cost == 100
    r.decide("B")
    assert r.cost == 100 and r.rollbacks == 1
