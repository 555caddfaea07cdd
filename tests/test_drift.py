"""retrain_lab.drift: the label delay, equal retrain budgets, and steady versus bursty drift."""

from __future__ import annotations

import pytest

from retrain_lab import drift

BURSTY = [30 if week in (2, 6, 10) else 0 for week in range(2, 13)]  # as snippets/concepts/drift_bursty.py


class Recorder(drift.Policy):
    """Retrains whenever asked about an even week; remembers what it was shown."""

    name = "recorder"

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, int]] = []

    def wants_retrain(self, week: int, correct: int, n: int) -> bool:
        self.calls.append((week, correct, n))
        return week % 2 == 0


@pytest.fixture(scope="module")
def steady() -> list[drift.Batch]:
    return drift.make_stream(weeks=12, degrees_per_week=8, seed=7)


@pytest.fixture(scope="module")
def bursty() -> list[drift.Batch]:
    return drift.make_stream(weeks=12, degrees_per_week=BURSTY, seed=7)


def test_zero_label_delay_is_the_default(steady):
    policies = [drift.Never(), drift.Scheduled(3), drift.PerformanceTriggered(0.85)]
    assert drift.simulate(steady, policies) == drift.simulate(steady, policies, label_delay=0)


def test_with_a_label_delay_the_policy_sees_and_learns_from_older_weeks(steady):
    policy = Recorder()
    run = drift.run_policy(steady, policy, label_delay=2)
    # After week t the newest labels are week t - 2: no decision before week 3, none after week 12.
    assert [week for week, _, _ in policy.calls] == list(range(3, 12))
    launch_model = drift.train(steady[0])
    week, correct, n = policy.calls[0]
    assert (correct, n) == (launch_model.correct(steady[1]), 400)  # the serving model on week 1
    # Asked after week 4 (an even week), it retrains on week 2's labels: week 5 is served by that model.
    assert run.weeks[3].retrained_after and run.weeks[4].model_trained_on == (2,)
    assert run.weeks[-1].retrained_after is False


def test_label_delay_must_be_a_whole_number_of_weeks(steady):
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="label_delay"):
            drift.run_policy(steady, drift.Never(), label_delay=bad)


def test_a_delay_longer_than_the_stream_never_retrains(steady):
    run = drift.run_policy(steady, drift.Scheduled(1), label_delay=12)
    assert run.retrains == 0


def test_steady_drift_equal_budgets_end_level(steady):
    never, schedule, trigger = drift.simulate(
        steady, [drift.Never(), drift.Scheduled(3), drift.PerformanceTriggered(0.85)]
    )
    assert schedule.retrains == trigger.retrains == 3
    assert abs(schedule.mean_accuracy - trigger.mean_accuracy) < 0.02
    assert steady[12].boundary_deg == 88
    # After 88 degrees the launch rule is right about half the time: a coin toss, not inverted.
    assert 0.4 <= never.accuracies[-1] <= 0.6
    assert never.accuracies[0] >= 0.9


def test_bursty_drift_the_trigger_wins_with_the_same_budget(bursty):
    _, schedule, trigger = drift.simulate(
        bursty, [drift.Never(), drift.Scheduled(3), drift.PerformanceTriggered(0.85)]
    )
    assert schedule.retrains == trigger.retrains == 3
    assert [w.week for w in trigger.weeks if w.retrained_after] == [2, 6, 10]  # right after each jump
    assert [w.week for w in schedule.weeks if w.retrained_after] == [3, 6, 9]
    assert trigger.mean_accuracy > schedule.mean_accuracy + 0.02
    assert max(schedule.accuracies[9:]) < 0.85 < min(trigger.accuracies[10:])


def test_a_label_delay_costs_the_trigger_its_lead(bursty):
    policies = [drift.PerformanceTriggered(0.85)]
    (fresh,) = drift.simulate(bursty, policies, label_delay=0)
    (late,) = drift.simulate(bursty, policies, label_delay=2)
    assert late.mean_accuracy < fresh.mean_accuracy - 0.03
