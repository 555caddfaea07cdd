"""retrain_lab.lab: the drift statistics against SciPy and hand-computed values, the stream, the
four policies (label delay, covariate shift) and what the lab page shows."""

from __future__ import annotations

import math
import random
import re
from urllib.parse import unquote

import pytest
from scipy import stats

from retrain_lab import drift
from retrain_lab.lab import (
    PSI_EMPTY_BIN,
    Settings,
    input_drift,
    ks_distance,
    make_weeks,
    psi,
    run_lab,
)

# --- PSI -----------------------------------------------------------------------------------


def test_psi_by_hand_two_bins():
    # reference [1,2,3,4], 2 bins: cut at 3 -> shares (1/2, 1/2); actual [1,3,4,5] -> (1/4, 3/4)
    by_hand = (0.25 - 0.5) * math.log(0.25 / 0.5) + (0.75 - 0.5) * math.log(0.75 / 0.5)
    assert psi([1, 2, 3, 4], [1, 3, 4, 5], bins=2) == pytest.approx(by_hand, abs=1e-15)
    assert by_hand == pytest.approx(0.25 * math.log(3), abs=1e-15)


def test_psi_is_zero_for_the_same_sample_and_symmetric_kl_of_the_histograms():
    rng = random.Random(1)
    ref = [rng.gauss(0, 1) for _ in range(1000)]
    new = [rng.gauss(0.3, 1.2) for _ in range(700)]
    assert psi(ref, ref) == 0
    # the same bins by hand: deciles of the reference, a value on a cut point goes above it
    ordered = sorted(ref)
    cuts = sorted({ordered[k * 1000 // 10] for k in range(1, 10)})
    e = [0] * 10
    a = [0] * 10
    for v in ref:
        e[sum(v >= c for c in cuts)] += 1
    for v in new:
        a[sum(v >= c for c in cuts)] += 1
    e = [x / len(ref) for x in e]
    a = [x / len(new) for x in a]
    # PSI = KL(a || e) + KL(e || a), which SciPy computes as two relative entropies
    expected = stats.entropy(a, e) + stats.entropy(e, a)
    assert psi(ref, new) == pytest.approx(expected, rel=1e-12)
    assert psi(ref, new) > 0.1


def test_psi_empty_bin_uses_the_small_share():
    # every actual value lands in the top bin of four: three bins are empty
    value = psi([1, 2, 3, 4, 5, 6, 7, 8], [100, 100], bins=4)
    shares = [PSI_EMPTY_BIN, PSI_EMPTY_BIN, PSI_EMPTY_BIN, 1.0]
    by_hand = sum((a - 0.25) * math.log(a / 0.25) for a in shares)
    assert value == pytest.approx(by_hand, rel=1e-12)


def test_psi_does_not_grow_with_sample_size_like_a_test_would():
    rng = random.Random(3)
    small = psi([rng.gauss(0, 1) for _ in range(2000)], [rng.gauss(0.5, 1) for _ in range(2000)])
    large = psi([rng.gauss(0, 1) for _ in range(20000)], [rng.gauss(0.5, 1) for _ in range(20000)])
    assert small == pytest.approx(large, rel=0.15)


def test_psi_rejects_too_little_data():
    with pytest.raises(ValueError, match="two bins"):
        psi([1, 2, 3], [1], bins=1)
    with pytest.raises(ValueError, match="at least 10 reference values"):
        psi([1, 2, 3], [1])
    with pytest.raises(ValueError):
        psi(list(range(20)), [])


# --- KS distance ---------------------------------------------------------------------------


def test_ks_distance_by_hand():
    # F_a jumps by 1/4 at 1,2,3,4; F_b at 3,4,5,6: at x=2, F_a = 1/2, F_b = 0
    assert ks_distance([1, 2, 3, 4], [3, 4, 5, 6]) == 0.5
    assert ks_distance([1, 2], [3, 4]) == 1.0
    assert ks_distance([1, 2, 3], [3, 2, 1]) == 0.0


@pytest.mark.parametrize("seed", range(6))
def test_ks_distance_matches_scipy(seed):
    rng = random.Random(seed)
    a = [round(rng.gauss(0, 1), 1) for _ in range(rng.randint(5, 300))]  # ties on purpose
    b = [round(rng.gauss(0.2, 1.3), 1) for _ in range(rng.randint(5, 300))]
    assert ks_distance(a, b) == pytest.approx(stats.ks_2samp(a, b).statistic, abs=1e-12)


def test_ks_distance_needs_two_samples():
    with pytest.raises(ValueError):
        ks_distance([], [1])


# --- the stream ----------------------------------------------------------------------------


def test_without_shift_the_stream_is_drifts_stream():
    assert make_weeks(Settings(weeks=6, drift=9, seed=3)) == drift.make_stream(6, degrees_per_week=9, seed=3)


def test_covariate_shift_moves_inputs_not_the_rule():
    weeks = make_weeks(Settings(weeks=8, drift=0, shift=0.25, seed=2))
    means = [b.input_mean()[1] for b in weeks]
    assert abs(means[1]) < 0.15
    assert means[8] == pytest.approx(0.25 * 7, abs=0.15)
    assert {b.boundary_deg for b in weeks} == {0}
    assert input_drift(weeks[0], weeks[8]) > 1 > 0.1 > input_drift(weeks[0], weeks[1])


def test_pure_concept_drift_leaves_the_input_monitor_silent():
    lab = run_lab()
    assert max(lab.drift_scores) < 0.1  # PSI "no real change" while accuracy collapses
    never = lab.runs[0]
    assert never.accuracies[0] > 0.9 and never.accuracies[-1] < 0.35


def test_deterministic_for_a_seed_and_seed_dependent():
    assert run_lab(seed=11) == run_lab(seed=11)
    assert run_lab(seed=11).runs != run_lab(seed=12).runs


# --- the policies --------------------------------------------------------------------------


def test_default_lab_agrees_with_drift_simulate():
    lab = run_lab()
    stream = drift.make_stream(12, degrees_per_week=12, seed=7)
    runs = drift.simulate(stream, [drift.Never(), drift.Scheduled(4), drift.PerformanceTriggered(0.85)])
    for mine, theirs in zip(lab.runs, runs, strict=False):
        assert mine.weeks == theirs.weeks


def test_label_delay_retrains_on_older_labels_and_hurts():
    fresh, late = run_lab(), run_lab(label_delay=2)
    schedule = late.runs[1]
    # after week 4 the newest labels are week 2's: the model serving week 5 learned week 2
    assert schedule.weeks[4].model_trained_on == (2,)
    assert fresh.runs[1].weeks[4].model_trained_on == (4,)
    # no decision can be made before any labels have arrived
    assert not any(w.retrained_after for run in late.runs for w in run.weeks[:2])
    assert late.runs[2].mean_accuracy < fresh.runs[2].mean_accuracy


def test_performance_threshold_is_exact():
    lab = run_lab(threshold=0.85)
    performance = lab.runs[2]
    for week in performance.weeks[:-1]:
        assert week.retrained_after == (week.correct * 20 < 17 * week.n)


def test_covariate_shift_alone_makes_the_input_policy_pay_for_nothing():
    lab = run_lab(drift=0, shift=0.15)
    never, _, _, inputs = lab.runs
    assert inputs.retrains >= 2
    assert abs(inputs.mean_accuracy - never.mean_accuracy) < 0.01


def test_input_policy_fires_when_inputs_move_and_ks_works_too():
    psi_run = run_lab(shift=0.2).runs[3]
    ks_run = run_lab(shift=0.2, drift_statistic="ks", drift_threshold=0.15).runs[3]
    assert psi_run.retrains > 0 and ks_run.retrains > 0
    assert ks_run.policy == "Input drift (KS > 0.15)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weeks": 1}, "weeks must be between 2 and 104"),
        ({"weeks": 12.5}, "weeks must be a whole number"),
        ({"every": 0}, "every must be between 1 and 12"),
        ({"label_delay": 12}, "label_delay must be between 0 and 11"),
        ({"threshold": 1.5}, "threshold must be between 0.01 and 1"),
        ({"threshold": float("nan")}, "threshold must be a number"),
        ({"drift_statistic": "z"}, "drift_statistic must be one of psi, ks"),
        ({"cost_per_retrain": -1}, "cost_per_retrain must be between 0"),
        ({"seed": True}, "seed must be a whole number"),
    ],
)
def test_settings_refuse_what_the_lab_cannot_run(change, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Settings(**change)


# --- what the page shows -------------------------------------------------------------------


def test_rows_cost_is_retrains_times_cost_per_retrain():
    lab = run_lab(cost_per_retrain=1250)
    for run, row in zip(lab.runs, lab.rows(), strict=True):
        assert row["retrains"] == str(run.retrains)
        assert row["cost"] == f"{run.retrains * 1250:,}"
    assert run_lab(cost_per_retrain=2.5).rows()[2]["cost"] == "10"
    assert run_lab(cost_per_retrain=2.25).rows()[2]["cost"] == "9"
    assert run_lab(cost_per_retrain=0.3).rows()[1]["cost"] == "0.60"


def test_rows_worst_week_and_mean():
    lab = run_lab()
    never = lab.rows()[0]
    assert never == {"policy": "Never retrain", "mean": "0.63", "worst": "0.28 (week 12)",
                     "retrains": "0", "cost": "0"}  # fmt: skip
    table = lab.table().splitlines()
    assert table[0].split() == ["policy", "mean", "accuracy", "worst", "week", "retrains", "cost"]
    assert len(table) == 2 + len(lab.runs)


def test_alt_text_states_what_the_chart_shows():
    lab = run_lab()
    alt = lab.alt_text()
    assert alt.startswith("Line chart of accuracy per week, weeks 1 to 12, for 4 retraining policies.")
    for row in lab.rows():
        assert f"{row['policy']}: " in alt and f"lowest {row['worst']}" in alt
    assert "threshold 0.85" in alt


def test_for_browser_gives_both_themes_and_a_chart_that_fits():
    result = run_lab().for_browser(width=340)
    for theme in ("light", "dark"):
        assert result[theme].startswith("data:image/svg+xml;charset=utf-8,")
        svg = unquote(result[theme])
        assert 'width="340"' in svg and "<script" not in svg
        assert svg.count("<polyline") == 4
    assert result["alt"] == run_lab().alt_text()
    assert 'width="300"' in unquote(run_lab().for_browser(width=10)["light"])


# --- the page's form -----------------------------------------------------------------------


def test_the_lab_forms_defaults_are_the_settings_defaults():
    """docs/lab.md's inputs start at Settings()'s values, so the page's first run is the one the
    verified snippet snippets/lab/simulation.py prints, and every input names a setting."""
    from content import DOCS

    page = (DOCS / "lab.md").read_text()
    inputs = re.findall(r"<input\b[^>]*>", page)
    assert len(inputs) == 9
    defaults = Settings()
    for tag in inputs:
        name = re.search(r'name="([^"]+)"', tag)[1]
        value = float(re.search(r'value="([^"]+)"', tag)[1])
        low, high = (float(re.search(rf'{a}="([^"]+)"', tag)[1]) for a in ("min", "max"))
        assert value == getattr(defaults, name), name
        assert low <= value <= high, name
        assert re.search(rf'<label for="{re.search(r'id="([^"]+)"', tag)[1]}">[^<]+</label>', page), name
