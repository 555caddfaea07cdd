"""A data-validation gate: check a batch before it is allowed to train a model.

It follows the checks that TFX's ExampleValidator and Great Expectations make, in miniature:

* schema: required columns present, no unexpected columns, each value of the right type and in
  its allowed range;
* completeness: the share of missing values (``None`` or an absent key) per column;
* distribution: a mean-shift z-test of each numeric column against reference statistics
  computed from the training data.

:func:`validate` runs *every* check and lists every problem it finds, so one run of the gate
tells you everything that is wrong with a batch, not just the first thing.

Rates are compared exactly with :class:`fractions.Fraction` on integer counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .drift import as_fraction

__all__ = [
    "Column",
    "Problem",
    "Reference",
    "Schema",
    "ValidationReport",
    "reference_stats",
    "validate",
]

Row = Mapping[str, object]

_TYPE_NAMES = {int: "int", float: "float", str: "str", bool: "bool"}


@dataclass(frozen=True)
class Column:
    """What one column must look like.

    ``kind`` is ``int``, ``float`` (which also accepts ints) , ``str`` or ``bool``.
    ``minimum``/``maximum`` bound numeric values (inclusive). ``max_null_rate`` is the largest
    allowed share of missing values, e.g. ``0.01`` for 1 %.
    """

    name: str
    kind: type = float
    minimum: float | None = None
    maximum: float | None = None
    required: bool = True
    max_null_rate: float | str | Fraction = 0

    def accepts_type(self, value: object) -> bool:
        """True if ``value`` has this column's type (bool is never a number here)."""
        if self.kind is bool:
            return isinstance(value, bool)
        if isinstance(value, bool):
            return False
        if self.kind is float:
            return isinstance(value, (int, float)) and math.isfinite(value)
        return isinstance(value, self.kind)


@dataclass(frozen=True)
class Schema:
    """An ordered set of :class:`Column` rules."""

    columns: tuple[Column, ...]

    def __init__(self, columns: Iterable[Column]) -> None:
        object.__setattr__(self, "columns", tuple(columns))
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError("column names in a schema must be unique")

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class Reference:
    """Reference statistics of one numeric column (from the training data)."""

    mean: float
    std: float
    count: int


@dataclass(frozen=True)
class Problem:
    """One reason to reject a batch. ``kind`` is one of
    ``"empty"``, ``"missing column"``, ``"unexpected column"``, ``"type"``, ``"range"``,
    ``"nulls"``, ``"mean shift"``."""

    column: str
    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ValidationReport:
    """The gate's verdict: ``ok`` is True only when ``problems`` is empty."""

    rows: int
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def reasons(self) -> list[str]:
        """Every problem as one sentence, in the order the checks ran."""
        return [p.message for p in self.problems]

    def __str__(self) -> str:
        if self.ok:
            return f"PASS: {self.rows} rows, no problems"
        lines = [f"REJECT: {self.rows} rows, {len(self.problems)} problem(s)"]
        lines += [f"  - {p.message}" for p in self.problems]
        return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def _pct(rate: Fraction) -> str:
    return f"{float(rate) * 100:.1f}%"


def reference_stats(rows: Sequence[Row], columns: Iterable[str]) -> dict[str, Reference]:
    """Mean, sample standard deviation and count of each named numeric column in ``rows``.

    Missing and non-numeric values are skipped. A column needs at least two values.
    """
    out: dict[str, Reference] = {}
    for name in columns:
        values = [
            float(v)
            for row in rows
            if isinstance(v := row.get(name), (int, float)) and not isinstance(v, bool)
        ]
        if len(values) < 2:
            raise ValueError(f"column {name!r} needs at least two numeric values")
        mean = math.fsum(values) / len(values)
        var = math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)
        out[name] = Reference(mean, math.sqrt(var), len(values))
    return out


def validate(
    rows: Sequence[Row],
    schema: Schema,
    reference: Mapping[str, Reference] | None = None,
    *,
    z_limit: float = 3.0,
    allow_extra_columns: bool = False,
) -> ValidationReport:
    """Check ``rows`` (a list of dicts) against ``schema`` and, if given, ``reference`` stats.

    Runs every check and returns a :class:`ValidationReport` listing every problem found:

    1. missing required columns, then unexpected columns (unless ``allow_extra_columns``);
    2. per column, in schema order: wrong types, values out of range, too many nulls;
    3. per column with reference statistics: a mean shift with ``|z| > z_limit``, where
       ``z = (batch mean - reference mean) / (reference std / sqrt(n))``.

    A value with the wrong type is counted once, under "type", and skipped by the later checks.
    """
    n = len(rows)
    problems: list[Problem] = []
    if n == 0:
        return ValidationReport(0, (Problem("*", "empty", "the batch has no rows"),))

    seen: set[str] = set()
    for row in rows:
        seen.update(row)
    for col in schema.columns:
        if col.required and col.name not in seen:
            problems.append(
                Problem(col.name, "missing column", f"missing required column {col.name!r}")
            )
    if not allow_extra_columns:
        known = set(schema.names)
        for name in sorted(seen - known):
            problems.append(
                Problem(name, "unexpected column", f"unexpected column {name!r} (not in schema)")
            )

    for col in schema.columns:
        if col.name not in seen:
            continue
        nulls = 0
        bad_type: list[tuple[int, object]] = []
        out_of_range: list[tuple[int, object]] = []
        good: list[float] = []
        for i, row in enumerate(rows):
            value = row.get(col.name)
            if value is None:
                nulls += 1
                continue
            if not col.accepts_type(value):
                bad_type.append((i, value))
                continue
            if col.kind in (int, float):
                number = float(value)  # type: ignore[arg-type]
                low_ok = col.minimum is None or number >= col.minimum
                high_ok = col.maximum is None or number <= col.maximum
                if not (low_ok and high_ok):
                    out_of_range.append((i, value))
                good.append(number)
        if bad_type:
            i, value = bad_type[0]
            problems.append(
                Problem(
                    col.name,
                    "type",
                    f"column {col.name!r}: {len(bad_type)} of {n} values are not "
                    f"{_TYPE_NAMES.get(col.kind, col.kind.__name__)} "
                    f"(first at row {i}: {_fmt(value)})",
                )
            )
        if out_of_range:
            i, value = out_of_range[0]
            low = "-inf" if col.minimum is None else _fmt(col.minimum)
            high = "inf" if col.maximum is None else _fmt(col.maximum)
            problems.append(
                Problem(
                    col.name,
                    "range",
                    f"column {col.name!r}: {len(out_of_range)} of {n} values outside "
                    f"[{low}, {high}] (first at row {i}: {_fmt(value)})",
                )
            )
        limit = as_fraction(col.max_null_rate)
        rate = Fraction(nulls, n)
        if rate > limit:
            problems.append(
                Problem(
                    col.name,
                    "nulls",
                    f"column {col.name!r}: {nulls} of {n} values missing ({_pct(rate)}, "
                    f"limit {_pct(limit)})",
                )
            )
        ref = (reference or {}).get(col.name)
        if ref is not None and good:
            mean = math.fsum(good) / len(good)
            if ref.std == 0:
                z = 0.0 if mean == ref.mean else math.inf
            else:
                z = (mean - ref.mean) / (ref.std / math.sqrt(len(good)))
            if abs(z) > z_limit:
                problems.append(
                    Problem(
                        col.name,
                        "mean shift",
                        f"column {col.name!r}: mean {mean:.4g} vs reference {ref.mean:.4g} "
                        f"(z = {z:.1f}, limit {z_limit:g})",
                    )
                )
    return ValidationReport(n, tuple(problems))
