"""retrain_lab/drift.py: the drifting stream, the retraining policies and their results."""

from __future__ import annotations

from fractions import Fraction

import pytest

from retrain_lab import drift


@pytest.fixture(scope="module")
def stream() -> list[drift.Batch]:
    return drift.make_stream(weeks=12, seed=7)


def test_stream_is_deterministic_and_seed_dependent():
    a = drift.make_stream(weeks=3, batch_size=50, seed=1)
    b = drift.make_stream(weeks=3, batch_size=50, seed=1)
    c = drift.make_stream(weeks=3, batch_size=50, seed=2)
    assert a == b
    assert a != c


def test_stream_shape_and_boundary_angles(stream):
    assert [b.week for b in stream] == list(range(13))
    assert all(len(b) == 400 for b in stream)
    assert [b.boundary_deg for b in stream[:4]] == [0.0, 0.0, 12.0, 24.0]
    assert stream[-1].boundary_deg == pytest.approx(132.0)


def test_uneven_pace_needs_one_turn_per_week_change():
    s = drift.make_stream(weeks=3, batch_size=10, degrees_per_week=[5, 40])
    assert [b.boundary_deg for b in s] == [0.0, 0.0, 5.0, 45.0]
    with pytest.raises(ValueError, match="need 2 turns"):
        drift.make_stream(weeks=3, degrees_per_week=[5])


def test_inputs_do_not_drift_only_the_rule_does(stream):
    """Pure concept drift: input means stay near 0 every week while labels move."""
    for batch in stream:
        mx, my = batch.input_mean()
        assert abs(mx) < 0.15 and abs(my) < 0.15
    first, last = stream[1], stream[-1]
    share_pos_first = sum(first.labels) / len(first)
    share_pos_last = sum(last.labels) / len(last)
    assert 0.4 < share_pos_first < 0.6 and 0.4 < share_pos_last < 0.6


def test_static_model_decays_from_about_095_to_about_03(stream):
    run = drift.run_policy(stream, drift.Never())
    acc = run.accuracies
    assert len(acc) == 12
    assert acc[0] >= 0.9
    assert 0.2 <= acc[-1] <= 0.4
    assert run.retrains == 0
    assert all(w.model_trained_on == (0,) for w in run.weeks)


def test_policies_stay_near_085_to_09(stream):
    runs = drift.simulate(stream, [drift.Never(), drift.Scheduled(every=2), drift.PerformanceTriggered(0.85)])
    never, every2, triggered = runs
    assert 0.83 <= every2.mean_accuracy <= 0.9
    assert 0.83 <= triggered.mean_accuracy <= 0.9
    assert never.mean_accuracy < 0.7
    assert min(triggered.accuracies[4:]) > 0.75


def test_scheduled_retrains_on_the_calendar_but_not_after_the_last_week(stream):
    run = drift.run_policy(stream, drift.Scheduled(every=4))
    assert [w.week for w in run.weeks if w.retrained_after] == [4, 8]
    assert run.retrains == 2
    assert run.weeks[4].model_trained_on == (4,)  # week 5 is served by the week-4 model


def test_performance_trigger_fires_only_below_threshold(stream):
    run = drift.run_policy(stream, drift.PerformanceTriggered(0.85))
    threshold = Fraction(85, 100)
    for w in run.weeks[:-1]:
        assert w.retrained_after == (Fraction(w.correct, w.n) < threshold)
    assert run.retrains >= 3


def test_threshold_is_exact_at_the_boundary():
    policy = drift.PerformanceTriggered(0.85)
    assert policy.threshold == Fraction(17, 20)
    assert not policy.wants_retrain(1, 340, 400)  # exactly 0.85: not below
    assert policy.wants_retrain(1, 339, 400)
    policy = drift.PerformanceTriggered(0.7)
    assert not policy.wants_retrain(1, 7, 10)  # 7/10 == 0.7 exactly
    assert policy.wants_retrain(1, 69, 100)


def test_train_is_stateless_and_needs_both_classes(stream):
    model = drift.train(stream[0])
    assert model.trained_on == (0,)
    assert drift.train([stream[0], stream[1]]).trained_on == (0, 1)
    one_class = drift.Batch(0, ((1.0, 0.0), (2.0, 0.0)), (1, 1), 0.0)
    with pytest.raises(ValueError, match="no example of class 0"):
        drift.train(one_class)


def test_fresh_model_beats_the_same_model_on_old_data(stream):
    model = drift.train(stream[11])
    assert model.accuracy(stream[12]) > drift.train(stream[0]).accuracy(stream[12]) + 0.4


def test_window_age_experiment_shows_value_of_freshness(stream):
    result = drift.window_age_experiment(stream, [1, 2, 4, 8])
    assert [age for age, _ in result] == [1, 2, 4, 8]
    accs = [acc for _, acc in result]
    assert accs == sorted(accs, reverse=True)
    with pytest.raises(ValueError):
        drift.window_age_experiment(stream, [13])


def test_format_table_marks_retrains_and_counts(stream):
    runs = drift.simulate(stream, [drift.Never(), drift.Scheduled(4)])
    table = drift.format_table(runs)
    lines = table.splitlines()
    assert lines[0].split() == ["week", "never", "schedule", "4", "wk"]
    row4 = next(line for line in lines if line.startswith("4 "))
    assert row4.rstrip().endswith("*")
    assert lines[-1].split() == ["retrains", "0", "2"]
    assert drift.format_table([]) == ""


def test_as_fraction_reads_floats_as_written():
    assert drift.as_fraction(0.1) == Fraction(1, 10)
    assert drift.as_fraction("0.02") == Fraction(1, 50)
    with pytest.raises(TypeError):
        drift.as_fraction(True)


# Issue 8: the expert review's corrections

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
    _, schedule, trigger = drift.simulate(bursty, [drift.Never(), drift.Scheduled(3), drift.PerformanceTriggered(0.85)])
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
