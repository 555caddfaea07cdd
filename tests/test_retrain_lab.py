"""Behaviour of the retrain_lab helpers the concepts page and the later modes rely on."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from fractions import Fraction

import pytest

import retrain_lab
from retrain_lab import chart, cron, drift, registry, validation

# --------------------------------------------------------------------------------------------
# drift


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
    runs = drift.simulate(
        stream, [drift.Never(), drift.Scheduled(every=2), drift.PerformanceTriggered(0.85)]
    )
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
    assert lines[0].split() == ["week", "never", "every", "4", "wk"]
    row4 = next(line for line in lines if line.startswith("4 "))
    assert row4.rstrip().endswith("*")
    assert lines[-1].split() == ["retrains", "0", "2"]
    assert drift.format_table([]) == ""


def test_as_fraction_reads_floats_as_written():
    assert drift.as_fraction(0.1) == Fraction(1, 10)
    assert drift.as_fraction("0.02") == Fraction(1, 50)
    with pytest.raises(TypeError):
        drift.as_fraction(True)


# --------------------------------------------------------------------------------------------
# validation

SCHEMA = validation.Schema(
    [
        validation.Column("age", int, minimum=18, maximum=100),
        validation.Column("income", float, minimum=0, max_null_rate=0.05),
        validation.Column("plan", str),
    ]
)


def _good_rows(n: int = 40) -> list[dict]:
    return [
        {"age": 20 + (i * 7) % 50, "income": 30.0 + (i * 13) % 40, "plan": "basic"}
        for i in range(n)
    ]


def test_good_batch_passes():
    rows = _good_rows()
    ref = validation.reference_stats(rows, ["age", "income"])
    report = validation.validate(_good_rows(), SCHEMA, ref)
    assert report.ok
    assert report.reasons == []
    assert str(report) == "PASS: 40 rows, no problems"


def test_bad_batch_lists_every_reason():
    ref = validation.reference_stats(_good_rows(), ["age", "income"])
    rows = _good_rows()
    for row in rows:
        row["income"] = row["income"] + 40  # mean shift
        del row["plan"]  # missing column
    rows[3]["age"] = "forty"  # wrong type
    rows[5]["age"] = 140  # out of range
    for i in range(0, 40, 10):
        rows[i]["income"] = None  # 4 of 40 = 10% nulls > 5%
    rows[7]["promo"] = 1  # unexpected column
    report = validation.validate(rows, SCHEMA, ref)
    assert not report.ok
    kinds = [(p.column, p.kind) for p in report.problems]
    assert kinds == [
        ("plan", "missing column"),
        ("promo", "unexpected column"),
        ("age", "type"),
        ("age", "range"),
        ("income", "nulls"),
        ("income", "mean shift"),
    ]
    text = str(report)
    assert text.startswith("REJECT: 40 rows, 6 problem(s)")
    assert "first at row 3: 'forty'" in text
    assert "1 of 40 values outside [18, 100] (first at row 5: 140)" in text
    assert "4 of 40 values missing (10.0%, limit 5.0%)" in text


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


def test_mean_shift_z_test_uses_limit():
    ref = {"x": validation.Reference(mean=10.0, std=2.0, count=100)}
    schema = validation.Schema([validation.Column("x", float)])
    rows = [{"x": 10.5}] * 16  # z = 0.5 / (2 / 4) = 1.0
    assert validation.validate(rows, schema, ref, z_limit=3.0).ok
    assert not validation.validate(rows, schema, ref, z_limit=0.9).ok


def test_empty_batch_and_duplicate_schema():
    assert validation.validate([], SCHEMA).reasons == ["the batch has no rows"]
    with pytest.raises(ValueError):
        validation.Schema([validation.Column("a"), validation.Column("a")])


def test_extra_columns_can_be_allowed():
    rows = [dict(r, promo=1) for r in _good_rows()]
    assert not validation.validate(rows, SCHEMA).ok
    assert validation.validate(rows, SCHEMA, allow_extra_columns=True).ok


# --------------------------------------------------------------------------------------------
# registry


def test_versions_only_go_up_and_aliases_resolve():
    reg = registry.Registry()
    v1 = reg.register("churn", 870, 1000)
    v2 = reg.register("churn", 900, 1000)
    other = reg.register("fraud", 10, 20)
    assert (v1.version, v2.version, other.version) == (1, 2, 1)
    reg.set_alias("churn", "champion", 1)
    assert reg.resolve("models:/churn@champion") == v1
    assert reg.resolve("models:/churn/2") == v2
    assert reg.aliases("churn") == {"champion": 1}
    with pytest.raises(registry.RegistryError):
        reg.resolve("models:/churn@staging")
    with pytest.raises(registry.RegistryError):
        reg.set_alias("churn", "champion", 3)


def test_scores_must_be_integer_counts():
    reg = registry.Registry()
    with pytest.raises(TypeError):
        reg.register("m", 0.9, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        reg.register("m", 11, 10)


def test_promotion_needs_min_gain_on_same_holdout():
    reg = registry.Registry()
    reg.register("m", 910, 1000)
    assert reg.promote_if_better("m", 1).promoted  # first champion
    reg.register("m", 870, 1000)
    decision = reg.promote_if_better("m", 2)  # worse: 0.87 < 0.91
    assert not decision.promoted
    assert reg.alias("m", "champion").version == 1
    assert len(reg.versions("m")) == 2  # the challenger stays registered
    reg.register("m", 915, 1000)
    assert not reg.promote_if_better("m", 3, min_gain=0.01).promoted  # +0.5 pp < 1 pp
    assert reg.promote_if_better("m", 3).promoted  # min_gain 0: at least as good
    reg.register("m", 900, 1000, holdout="other")
    with pytest.raises(ValueError, match="different holdouts"):
        reg.promote_if_better("m", 4)


def test_gain_exactly_at_threshold_promotes_where_floats_would_not():
    assert not (0.94 - 0.93 >= 0.01)  # the float trap this registry avoids
    reg = registry.Registry()
    reg.register("m", 93, 100)
    reg.promote_if_better("m", 1)
    reg.register("m", 94, 100)
    decision = reg.promote_if_better("m", 2, min_gain=0.01)
    assert decision.promoted
    assert "gain +1.00 pp, need +1.00 pp" in decision.reason


def test_tie_is_kept_with_positive_min_gain():
    reg = registry.Registry()
    reg.register("m", 90, 100)
    reg.promote_if_better("m", 1)
    reg.register("m", 90, 100)
    assert reg.promote_if_better("m", 2).promoted
    reg.register("m", 90, 100)
    assert not reg.promote_if_better("m", 3, min_gain="0.001").promoted


def test_rollback_moves_alias_back_step_by_step():
    reg = registry.Registry()
    for correct in (80, 85, 90):
        v = reg.register("m", correct, 100)
        reg.promote_if_better("m", v.version)
    assert reg.alias("m", "champion").version == 3
    assert reg.rollback("m").version == 2
    assert reg.rollback("m").version == 1
    with pytest.raises(registry.RegistryError, match="no earlier version"):
        reg.rollback("m")
    assert [v.version for v in reg.versions("m")] == [1, 2, 3]  # nothing deleted
    assert reg.events[-1] == "rollback m@champion -> v1 (was v2)"


# --------------------------------------------------------------------------------------------
# cron


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("60 0 * * *", "minute"),
        ("0 24 * * *", "hour"),
        ("0 0 0 * *", "day-of-month"),
        ("0 0 32 * *", "day-of-month"),
        ("0 0 * 13 *", "month"),
        ("0 0 * 0 *", "month"),
        ("0 0 * * 8", "day-of-week"),
        ("*/0 * * * *", "minute"),
        ("5-2 * * * *", "minute"),
        ("x * * * *", "minute"),
        ("0 0 * foo *", "month"),
    ],
)
def test_cron_rejects_with_crons_words(line, field):
    with pytest.raises(cron.CronError) as info:
        cron.parse(line)
    assert str(info.value).startswith(f"bad {field}:")
    assert info.value.field == field


def test_cron_rejects_unknown_shortcut_and_too_few_fields():
    with pytest.raises(cron.CronError, match="bad time specifier"):
        cron.parse("@often")
    with pytest.raises(cron.CronError, match="expected five fields"):
        cron.parse("0 0 * *")


def test_cron_midnight_and_daily_are_the_same():
    a = cron.parse("0 0 * * * python retrain.py")
    b = cron.parse("@daily python retrain.py")
    assert a.command == b.command == "python retrain.py"
    assert (a.minutes, a.hours) == (b.minutes, b.hours) == (frozenset({0}), frozenset({0}))
    assert a.days == frozenset(range(1, 32))
    assert cron.describe(a) == cron.describe(b) == "at 00:00 every day"


def test_cron_field_syntax_expands():
    s = cron.parse("*/15 8-18/2 1,15 jan-mar mon-fri")
    assert s.minutes == {0, 15, 30, 45}
    assert s.hours == {8, 10, 12, 14, 16, 18}
    assert s.days == {1, 15}
    assert s.months == {1, 2, 3}
    assert s.weekdays == {1, 2, 3, 4, 5}
    assert cron.parse("0 0 * * 7").weekdays == {0}  # 7 is Sunday too


def test_cron_day_fields_or_rule():
    s = cron.parse("0 0 1 * mon")
    assert cron.matches(s, datetime(2026, 12, 1, 0, 0))  # the 1st, a Tuesday
    assert cron.matches(s, datetime(2026, 11, 30, 0, 0))  # a Monday
    assert not cron.matches(s, datetime(2026, 12, 2, 0, 0))
    only_dom = cron.parse("0 0 1 * *")
    assert not cron.matches(only_dom, datetime(2026, 11, 30, 0, 0))


def test_cron_next_runs_and_impossible_dates():
    runs = cron.next_runs("0 0 * * *", datetime(2026, 11, 27, 9, 30), count=2)
    assert runs == [datetime(2026, 11, 28), datetime(2026, 11, 29)]
    assert cron.next_runs("*/30 * * * *", datetime(2026, 1, 1, 0, 0), 2) == [
        datetime(2026, 1, 1, 0, 30),
        datetime(2026, 1, 1, 1, 0),
    ]
    assert cron.next_runs("0 0 30 2 *", datetime(2026, 1, 1)) == []
    assert cron.next_runs("@reboot", datetime(2026, 1, 1)) == []


def test_cron_explain_lists_each_field():
    text = cron.explain("0 0 * * * python retrain.py")
    lines = text.splitlines()
    assert lines[0] == "0 0 * * * python retrain.py"
    assert [line.split()[0] for line in lines[1:6]] == [
        "minute",
        "hour",
        "day-of-month",
        "month",
        "day-of-week",
    ]
    assert "(midnight)" in lines[2]
    assert lines[-1] == "  => at 00:00 every day"
    assert cron.describe("30 2 * * mon-fri") == "at 02:30 on Monday-Friday"
    assert cron.describe("*/15 * * * *") == "every 15 minutes"


# --------------------------------------------------------------------------------------------
# chart


def test_chart_is_valid_svg_and_escapes_text():
    svg = chart.line_chart(
        {"<script>alert(1)</script>": [0.9, 0.8], "a & b": [0.5, 0.6]},
        title='Accuracy "by" <week>',
        hline=0.85,
        hline_label="<b>",
    )
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "a &amp; b" in svg
    assert len(root.findall("{http://www.w3.org/2000/svg}polyline")) == 2
    assert 'fill="#fff' not in svg.lower() and '<rect width="100%"' not in svg


def test_chart_rejects_bad_input_and_is_deterministic():
    with pytest.raises(ValueError):
        chart.line_chart({})
    with pytest.raises(ValueError):
        chart.line_chart({"a": [1], "b": [1, 2]})
    with pytest.raises(ValueError):
        chart.line_chart({"a": [1]}, theme="neon")
    assert chart.line_chart({"a": [0.1, 0.2]}) == chart.line_chart({"a": [0.1, 0.2]})
    url = chart.svg_data_url(chart.line_chart({"a": [0.1, 0.2]}))
    assert url.startswith("data:image/svg+xml;charset=utf-8,%3Csvg")


def test_package_exports():
    assert retrain_lab.__version__
    for name in retrain_lab.__all__:
        assert hasattr(retrain_lab, name), name
