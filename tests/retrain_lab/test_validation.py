"""retrain_lab/validation.py: the data-validation gate lists every problem of a batch."""

from __future__ import annotations

import math
import random

import pytest

from retrain_lab import validation

SCHEMA = validation.Schema(
    [
        validation.Column("age", int, minimum=18, maximum=100),
        validation.Column("income", float, minimum=0, max_null_rate=0.05),
        validation.Column("plan", str),
    ]
)


def _good_rows(n: int = 40) -> list[dict]:
    return [{"age": 20 + (i * 7) % 50, "income": 30.0 + (i * 13) % 40, "plan": "basic"} for i in range(n)]


def test_good_batch_passes():
    rows = _good_rows()
    ref = validation.reference_stats(rows, ["age", "income"])
    report = validation.validate(_good_rows(), SCHEMA, ref)
    assert report.ok
    assert report.reasons == []
    assert str(report) == "PASS: 40 rows, no problems"


def test_null_rate_at_the_limit_passes_and_one_more_fails():
    schema = validation.Schema([validation.Column("x", float, max_null_rate=0.05)])
    rows = [{"x": 1.0}] * 19 + [{"x": None}]  # 1/20 = 5% exactly
    assert validation.validate(rows, schema).ok
    rows = [{"x": 1.0}] * 18 + [{"x": None}] * 2
    report = validation.validate(rows, schema)
    assert [p.kind for p in report.problems] == ["nulls"]


def test_bool_is_not_a_number_and_nan_is_not_a_float():
    schema = validation.Schema([validation.Column("x", float)])
    report = validation.validate([{"x": True}, {"x": float("nan")}, {"x": 2}], schema)
    assert [p.kind for p in report.problems] == ["type"]
    assert "2 of 3 values are not float" in report.reasons[0]


def test_empty_batch_and_duplicate_schema():
    assert validation.validate([], SCHEMA).reasons == ["the batch has no rows"]
    with pytest.raises(ValueError):
        validation.Schema([validation.Column("a"), validation.Column("a")])


def test_extra_columns_can_be_allowed():
    rows = [dict(r, promo=1) for r in _good_rows()]
    assert not validation.validate(rows, SCHEMA).ok
    assert validation.validate(rows, SCHEMA, allow_extra_columns=True).ok


# Issue 8: the expert review's corrections

SCHEMA = validation.Schema(
    [
        validation.Column("age", int, minimum=18, maximum=100),
        validation.Column("income", float, minimum=0, max_null_rate=0.05),
        validation.Column("plan", str),
    ]
)


def rows(n: int = 40, shift: float = 0.0) -> list[dict]:
    return [{"age": 20 + (i * 7) % 50, "income": 30.0 + (i * 13) % 40 + shift, "plan": "basic"} for i in range(n)]


# ----------------------------------------------------------------------------- PSI, by hand


def test_psi_two_bins_by_hand():
    # Cut at the reference's median (3): shares 1/2, 1/2 against 1/4, 3/4.
    # (1/4 - 1/2) ln(1/2) + (3/4 - 1/2) ln(3/2) = 1/4 (ln 2 + ln 3/2) = ln(3) / 4
    assert validation.psi([1, 2, 3, 4], [1, 3, 4, 5], bins=2) == pytest.approx(math.log(3) / 4, abs=1e-12)


def test_psi_four_bins_by_hand():
    # Cuts 3, 5, 7: the reference has 1/4 in each bin; the batch 4/8, 1/8, 1/8, 2/8.
    # 1/4 ln 2 + (-1/8) ln(1/2) + (-1/8) ln(1/2) + 0 = ln(2) / 2
    value = validation.psi(range(1, 9), [1, 1, 1, 1, 3, 5, 7, 7], bins=4)
    assert value == pytest.approx(math.log(2) / 2, abs=1e-12)


def test_psi_empty_bin_counts_as_a_tiny_share():
    eps = validation.PSI_EMPTY_BIN
    expected = (1 - 0.5) * math.log(1 / 0.5) + (eps - 0.5) * math.log(eps / 0.5)
    assert validation.psi([1, 2, 3, 4], [1, 2], bins=2) == pytest.approx(expected, abs=1e-12)


def test_psi_is_zero_for_the_same_histogram_and_never_negative():
    ref = [float(i) for i in range(100)]
    assert validation.psi(ref, ref) == 0
    rng = random.Random(3)
    for _ in range(20):
        batch = [rng.gauss(50, 30) for _ in range(200)]
        assert validation.psi(ref, batch) >= 0


def test_psi_needs_enough_reference_values():
    with pytest.raises(ValueError):
        validation.psi([1, 2, 3], [1], bins=10)
    with pytest.raises(ValueError):
        validation.psi([1, 2, 3, 4], [], bins=2)
    with pytest.raises(ValueError):
        validation.psi([1, 2, 3, 4], [1], bins=1)


# ----------------------------------------------------------------------------- KS, by hand


def test_ks_distance_by_hand():
    assert validation.ks_distance([1, 2, 3, 4], [3, 4, 5, 6]) == 0.5  # F at 2: 1/2 vs 0
    assert validation.ks_distance([1, 2, 3], [1, 2, 3]) == 0
    assert validation.ks_distance([1, 2], [5, 6]) == 1
    assert validation.ks_distance([1, 1, 2], [1, 2, 2]) == pytest.approx(1 / 3)  # F at 1: 2/3 vs 1/3


def test_ks_distance_matches_its_definition():
    """Against a brute-force evaluation of max |F_a(x) - F_b(x)| at every sample point."""
    rng = random.Random(11)
    for _ in range(30):
        a = [round(rng.gauss(0, 1), 1) for _ in range(rng.randint(1, 40))]
        b = [round(rng.gauss(0.3, 1.2), 1) for _ in range(rng.randint(1, 40))]

        def cdf(sample, x):
            return sum(v <= x for v in sample) / len(sample)

        brute = max(abs(cdf(a, x) - cdf(b, x)) for x in a + b)
        assert validation.ks_distance(a, b) == pytest.approx(brute, abs=1e-12)
        assert validation.ks_distance(a, b) == pytest.approx(validation.ks_distance(b, a))


# ------------------------------------------------------- effect size versus significance test


def test_effect_sizes_do_not_grow_with_the_samples_but_welch_z_does():
    def grid(n, shift=0.0):  # n evenly spread values on 0..1, moved by ``shift``
        return [{"x": (i + 0.5) / n + shift} for i in range(n)]

    # The same small shift (0.01 on a 0..1 uniform grid), with both samples 100x larger.
    z = {}
    for n in (1_000, 100_000):
        reference = validation.reference_stats(grid(n), ["x"])["x"]
        batch = [r["x"] for r in grid(n, 0.01)]
        z[n] = validation.mean_shift_z(reference, batch)
        assert validation.psi(reference.values, batch) < validation.PSI_MODERATE
        assert validation.ks_distance(reference.values, batch) == pytest.approx(0.01, abs=0.002)
    assert z[100_000] / z[1_000] == pytest.approx(10, rel=0.01)  # sqrt(100x the rows)
    assert abs(z[100_000]) > 3 > abs(z[1_000])  # "significant" only because the samples are big


def test_mean_shift_z_is_two_sample_welch():
    # 0.5 / sqrt(2**2 / 100 + s**2 / 16), s**2 the batch's sample variance (64/15)
    ref = validation.Reference(mean=10.0, std=2.0, count=100)
    batch = [10.5 + d for d in (-2, 2) * 8]
    expected = 0.5 / math.sqrt(4 / 100 + (64 / 15) / 16)
    assert validation.mean_shift_z(ref, batch) == pytest.approx(expected)
    # The reference's own noise counts: a small reference cannot make a small shift "huge".
    one_sample = 0.5 / (2 / math.sqrt(len(batch)))
    assert validation.mean_shift_z(ref, batch) < one_sample
    flat = validation.Reference(mean=1.0, std=0.0, count=3)
    assert validation.mean_shift_z(flat, [1.0, 1.0]) == 0
    assert validation.mean_shift_z(flat, [0.0, 0.0]) == -math.inf
    with pytest.raises(ValueError):
        validation.mean_shift_z(ref, [1.0])


def test_welch_z_of_the_review_case():
    """The expert review's case: 2,000 reference rows, 50,000 rows 0.3 higher (sd 10)."""
    rng = random.Random(42)
    training = [{"x": rng.gauss(50, 10)} for _ in range(2000)]
    reference = validation.reference_stats(training, ["x"])["x"]
    batch = [rng.gauss(reference.mean + 0.3, 10) for _ in range(50_000)]
    z = validation.mean_shift_z(reference, batch)
    one_sample = (sum(batch) / len(batch) - reference.mean) / (reference.std / math.sqrt(len(batch)))
    assert abs(z) < 4 < abs(one_sample)  # the old formula's z was about five times too big


# -------------------------------------------------------------------------- PSI's noise floor


def _false_alarm_rate(n, level, trials=400, seed=1):
    rng = random.Random(seed)
    ref = [rng.gauss(50, 10) for _ in range(2000)]
    return sum(validation.psi(ref, [rng.gauss(50, 10) for _ in range(n)]) >= level for _ in range(trials)) / trials


def test_psi_of_identical_data_is_noisy_in_small_batches():
    # Same distribution, 2,000-row reference: small batches cross the rule-of-thumb levels often.
    assert 0.35 < _false_alarm_rate(100, validation.PSI_MODERATE) < 0.55
    assert 0.2 < _false_alarm_rate(50, validation.PSI_MAJOR) < 0.4
    # From PSI_MIN_ROWS rows on, identical data reach 0.1 about once in a thousand batches.
    assert _false_alarm_rate(validation.PSI_MIN_ROWS, validation.PSI_MODERATE) < 0.01


def test_small_batches_are_judged_against_a_null_from_the_reference():
    rng = random.Random(7)
    training = [{"x": rng.gauss(50, 10)} for _ in range(2000)]
    reference = validation.reference_stats(training, ["x"])
    schema = validation.Schema([validation.Column("x", float)])
    floor = validation.psi_noise(reference["x"].values, 60)
    assert floor > validation.PSI_MODERATE  # at 60 rows noise alone passes the rule of thumb
    assert floor == validation.psi_noise(reference["x"].values, 60)  # deterministic
    noisy = 0
    for _ in range(50):
        same = [{"x": rng.gauss(50, 10)} for _ in range(60)]
        report = validation.validate(same, schema, reference)
        noisy += bool(report.shifts)
        assert report.ok
    assert noisy <= 3  # without the null, about 80% of these would report a shift
    moved = [{"x": rng.gauss(65, 10)} for _ in range(60)]
    report = validation.validate(moved, schema, reference)
    assert [s.level for s in report.shifts] == ["major"] and report.ok
    assert "noise floor" in str(report)
    big = [{"x": rng.gauss(50, 10)} for _ in range(validation.PSI_MIN_ROWS)]
    assert validation.validate(big, schema, reference).shifts == ()


# ------------------------------------------------------------------------------ the gate


def test_reference_keeps_the_sorted_training_values():
    ref = validation.reference_stats([{"x": 3}, {"x": 1}, {"x": None}, {"x": 2}], ["x"])["x"]
    assert ref.values == (1.0, 2.0, 3.0) and ref.count == 3 and ref.mean == 2


def test_shift_levels_follow_the_rule_of_thumb():
    def level(value):
        return validation.Shift("x", value, 0.0).level

    assert [level(v) for v in (0.0999, 0.1, 0.2499, 0.25, 3.0)] == [
        "none", "moderate", "moderate", "major", "major",
    ]  # fmt: skip
    assert "retrain" in validation.Shift("x", 0.3, 0.2).action
    assert "stop" not in str(validation.Shift("x", 9.9, 0.9))
    assert validation.Shift("x", 0.3, 0.2, noise=0.35).level == "none"  # within the noise
    assert validation.Shift("x", 0.3, 0.2, implausible=("why",)).level == "implausible"


def _spend_rows(n, rng, mean=50.0, factor=1):
    return [{"age": 30, "income": round(rng.gauss(mean, 10.0), 2) * factor, "plan": "basic"} for _ in range(n)]


def test_a_plausible_shift_never_blocks():
    rng = random.Random(3)
    reference = validation.reference_stats(_spend_rows(2000, rng), ["income"])
    report = validation.validate(_spend_rows(500, rng, mean=58.0), SCHEMA, reference)
    assert report.ok and report.decision == "train" and report.problems == ()
    assert report.retrain_advised
    assert [(s.column, s.level) for s in report.shifts] == [("income", "major")]
    assert str(report).startswith("PASS: 500 rows, no blocking problems\ndrift:")


@pytest.mark.parametrize(
    ("batch", "why"),
    [
        (lambda rng: _spend_rows(500, rng, factor=100), "x the training median"),  # euros -> cents
        (lambda rng: _spend_rows(500, rng, mean=500.0), "no overlap with the training values"),
        (lambda rng: _spend_rows(500, rng, mean=95.0), "KS 0.9"),  # overlaps a little, KS near 1
        (lambda rng: [dict(r, income=r["income"] / 100) for r in _spend_rows(500, rng)], "median 1/"),
    ],
)
def test_an_implausible_shift_holds_for_a_person(batch, why):
    rng = random.Random(5)
    reference = validation.reference_stats(_spend_rows(2000, rng), ["income"])
    report = validation.validate(batch(rng), SCHEMA, reference)
    assert report.problems == () and report.decision == "hold"
    assert not report.ok and not report.retrain_advised
    assert [s.level for s in report.held] == ["implausible"]
    assert why in str(report)
    assert str(report).startswith("HOLD: 500 rows, implausible shift in 'income'; do not train, alert a person")
    assert "retrain" not in str(report)


def test_implausible_reasons_leave_real_shifts_alone():
    rng = random.Random(9)
    ref = [rng.gauss(50, 10) for _ in range(2000)]
    for mean in (50, 58, 70):  # up to two standard deviations: a change, not a bug
        batch = [rng.gauss(mean, 10) for _ in range(500)]
        assert validation.implausible_reasons(ref, batch, validation.ks_distance(ref, batch)) == ()


def test_bad_batch_lists_every_blocking_reason_and_still_reports_the_shift():
    ref = validation.reference_stats(rows(), ["age", "income"])
    batch = rows(shift=40)
    for row in batch:
        del row["plan"]  # missing column
    batch[3]["age"] = "forty"  # wrong type
    batch[5]["age"] = 140  # out of range
    for i in range(0, 40, 10):
        batch[i]["income"] = None  # 4 of 40 = 10% nulls > 5%
    batch[7]["promo"] = 1  # unexpected column
    report = validation.validate(batch, SCHEMA, ref)
    assert not report.ok
    assert [(p.column, p.kind) for p in report.problems] == [
        ("plan", "missing column"),
        ("promo", "unexpected column"),
        ("age", "type"),
        ("age", "range"),
        ("income", "nulls"),
    ]
    assert [s.column for s in report.shifts] == ["income"]  # advisory, listed apart
    text = str(report)
    assert text.startswith("STOP: 40 rows, 5 blocking problem(s); do not train, alert a person")
    assert "first at row 3: 'forty'" in text
    assert "1 of 40 values outside [18, 100] (first at row 5: 140)" in text
    assert "4 of 40 values missing (10.0%, limit 5.0%)" in text


def test_no_reference_no_shift_check_and_a_clean_batch_passes():
    report = validation.validate(rows(), SCHEMA)
    assert report.ok and report.shifts == () and not report.retrain_advised
    assert str(report) == "PASS: 40 rows, no problems"
    reference = validation.reference_stats(rows(), ["age", "income"])
    assert validation.validate(rows(), SCHEMA, reference).shifts == ()


def test_wrong_typed_values_are_left_out_of_the_shift():
    reference = validation.reference_stats(rows(), ["age", "income"])
    batch = rows()
    batch[0]["income"] = "a lot"
    report = validation.validate(batch, SCHEMA, reference)
    assert [p.kind for p in report.problems] == ["type"]
    assert report.shifts == ()
