"""retrain_lab/validation.py: the data-validation gate lists every problem of a batch."""

from __future__ import annotations

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
