"""A data-validation gate: check a batch before it is allowed to train a model.

It follows the checks that TFX's ExampleValidator and Great Expectations make, in miniature, and
Google's split between the two kinds of finding (*MLOps: continuous delivery and automation
pipelines in machine learning*, "data validation"):

* **blocking** (schema skew and broken data): required columns present, no unexpected columns,
  each value of the right type and in its allowed range, and the share of missing values
  (``None`` or an absent key) per column within its limit. Any of these stops the pipeline so a
  person can look;
* **advisory** (value skew): how far each numeric column's distribution moved from the training
  data, as an *effect size*: the population stability index (:func:`psi`) and the
  Kolmogorov-Smirnov distance (:func:`ks_distance`). A shift never blocks: a moved
  distribution is a reason to retrain on the new data and to tell a person, not to throw it away.

Why an effect size and not a significance test: a z-test of the mean rejects *any* shift once the
batch is large, because its standard error shrinks with ``sqrt(n)``. :func:`mean_shift_z` is kept
to show that; PSI and the KS distance do not grow with the batch size.

:func:`validate` runs *every* check and lists every finding, so one run of the gate tells you
everything that is wrong with a batch, not just the first thing.

Rates are compared exactly with :class:`fractions.Fraction` on integer counts.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .drift import as_fraction

__all__ = [
    "PSI_MAJOR",
    "PSI_MODERATE",
    "Column",
    "Problem",
    "Reference",
    "Schema",
    "Shift",
    "ValidationReport",
    "ks_distance",
    "mean_shift_z",
    "psi",
    "reference_stats",
    "validate",
]

#: Rule-of-thumb PSI levels from credit scoring (Siddiqi, *Credit Risk Scorecards*, 2006):
#: below 0.1 no real change, 0.1 to 0.25 a moderate shift worth watching, 0.25 or more a major
#: shift. They are conventions, not laws: tune them on your own data.
PSI_MODERATE = 0.1
PSI_MAJOR = 0.25
#: Share given to an empty bin, so that PSI stays finite (a common convention).
PSI_EMPTY_BIN = 0.0001

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
    """Reference statistics of one numeric column (from the training data).

    ``values`` holds the training values, sorted; PSI and the KS distance compare against them.
    """

    mean: float
    std: float
    count: int
    values: tuple[float, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One reason to stop the pipeline. ``kind`` is one of
    ``"empty"``, ``"missing column"``, ``"unexpected column"``, ``"type"``, ``"range"``,
    ``"nulls"``."""

    column: str
    kind: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Shift:
    """How far one numeric column moved from the training data (advisory, never blocking)."""

    column: str
    psi: float
    ks: float

    @property
    def level(self) -> str:
        """``"none"``, ``"moderate"`` or ``"major"``, by the PSI rule of thumb."""
        if self.psi >= PSI_MAJOR:
            return "major"
        if self.psi >= PSI_MODERATE:
            return "moderate"
        return "none"

    @property
    def action(self) -> str:
        """What the pipeline does about it: never "stop"."""
        return {
            "major": "retrain on the new data, alert a person",
            "moderate": "keep watching",
            "none": "nothing",
        }[self.level]

    def __str__(self) -> str:
        return f"column {self.column!r}: PSI {self.psi:.2f}, KS {self.ks:.2f}: {self.level} shift -> {self.action}"


@dataclass(frozen=True)
class ValidationReport:
    """The gate's verdict.

    ``ok`` is True when there is no blocking problem: the batch may be used for training.
    ``shifts`` lists every column whose distribution moved at least moderately; they never make
    ``ok`` False. ``retrain_advised`` is True when a shift is major.
    """

    rows: int
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    shifts: tuple[Shift, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def retrain_advised(self) -> bool:
        return any(s.level == "major" for s in self.shifts)

    @property
    def reasons(self) -> list[str]:
        """Every blocking problem as one sentence, in the order the checks ran."""
        return [p.message for p in self.problems]

    def __str__(self) -> str:
        if self.ok and not self.shifts:
            return f"PASS: {self.rows} rows, no problems"
        if self.ok:
            lines = [f"PASS: {self.rows} rows, no blocking problems"]
        else:
            lines = [f"STOP: {self.rows} rows, {len(self.problems)} blocking problem(s); do not train, alert a person"]
            lines += [f"  - {p.message}" for p in self.problems]
        if self.shifts:
            lines.append("drift (advisory, never blocks):")
            lines += [f"  - {s}" for s in self.shifts]
        return "\n".join(lines)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def _pct(rate: Fraction) -> str:
    return f"{float(rate) * 100:.1f}%"


def _numbers(rows: Sequence[Row], name: str) -> list[float]:
    return [
        float(v)
        for row in rows
        if isinstance(v := row.get(name), (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    ]


def reference_stats(rows: Sequence[Row], columns: Iterable[str]) -> dict[str, Reference]:
    """Mean, sample standard deviation, count and sorted values of each numeric column.

    Missing and non-numeric values are skipped. A column needs at least two values.
    """
    out: dict[str, Reference] = {}
    for name in columns:
        values = _numbers(rows, name)
        if len(values) < 2:
            raise ValueError(f"column {name!r} needs at least two numeric values")
        mean = math.fsum(values) / len(values)
        var = math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)
        out[name] = Reference(mean, math.sqrt(var), len(values), tuple(sorted(values)))
    return out


def psi(expected: Sequence[float], actual: Sequence[float], bins: int = 10) -> float:
    """Population stability index of ``actual`` against ``expected`` (the reference sample).

    The bins are the ``bins`` quantile ranges of ``expected``: the cut points are the sorted
    reference values at positions ``k * n // bins`` for ``k = 1 .. bins - 1`` (repeated cut
    points are merged), and a value equal to a cut point goes to the bin above it. With ``e_i``
    and ``a_i`` the shares of each sample in bin ``i``::

        PSI = sum_i (a_i - e_i) * ln(a_i / e_i)

    An empty bin counts as a share of ``PSI_EMPTY_BIN`` so the sum stays finite. PSI is 0 for
    identical histograms, never negative, and does not grow with the sample size (unlike a
    significance test). Reference: Yurdakul, *Statistical properties of population stability
    index* (2018); the 0.1 / 0.25 levels are Siddiqi's rule of thumb (:data:`PSI_MAJOR`).

    >>> round(psi([1, 2, 3, 4], [1, 3, 4, 5], bins=2), 6)  # 0.25 * ln(3)
    0.274653
    """
    if bins < 2:
        raise ValueError("psi needs at least two bins")
    ref = sorted(expected)
    if len(ref) < bins or not actual:
        raise ValueError(f"psi needs at least {bins} reference values and one value to compare")
    cuts = sorted({ref[k * len(ref) // bins] for k in range(1, bins)})
    e_counts = [0] * (len(cuts) + 1)
    a_counts = [0] * (len(cuts) + 1)
    for value in ref:
        e_counts[bisect_right(cuts, value)] += 1
    for value in actual:
        a_counts[bisect_right(cuts, value)] += 1
    total = 0.0
    for e_count, a_count in zip(e_counts, a_counts, strict=True):
        e = e_count / len(ref) or PSI_EMPTY_BIN
        a = a_count / len(actual) or PSI_EMPTY_BIN
        total += (a - e) * math.log(a / e)
    return total


def ks_distance(expected: Sequence[float], actual: Sequence[float]) -> float:
    """The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two samples'
    empirical cumulative distribution functions,

        D = max over x of | F_expected(x) - F_actual(x) |,

    where ``F(x)`` is the share of the sample that is ``<= x``. ``D`` is 0 for identical samples
    and 1 for samples that do not overlap; like PSI, it does not grow with the sample size (the
    KS *test* turns it into a p-value that does). Same statistic as ``scipy.stats.ks_2samp``.

    >>> ks_distance([1, 2, 3, 4], [3, 4, 5, 6])
    0.5
    """
    a, b = sorted(expected), sorted(actual)
    if not a or not b:
        raise ValueError("ks_distance needs two non-empty samples")
    gap = 0.0
    for x in sorted(set(a) | set(b)):
        fa = bisect_right(a, x) / len(a)
        fb = bisect_right(b, x) / len(b)
        gap = max(gap, abs(fa - fb))
    return gap


def mean_shift_z(reference: Reference, values: Sequence[float]) -> float:
    """The z statistic of a mean-shift test: ``(mean - reference mean) / (reference std / sqrt(n))``.

    Shown for contrast only: the same small shift gives a larger ``|z|`` the larger the batch,
    so "``|z| > 3``" flags trivial shifts in big batches. Use :func:`psi` / :func:`ks_distance`
    to decide how *much* a distribution moved.
    """
    if not values:
        raise ValueError("mean_shift_z needs at least one value")
    mean = math.fsum(values) / len(values)
    if reference.std == 0:
        return 0.0 if mean == reference.mean else math.copysign(math.inf, mean - reference.mean)
    return (mean - reference.mean) / (reference.std / math.sqrt(len(values)))


def validate(
    rows: Sequence[Row],
    schema: Schema,
    reference: Mapping[str, Reference] | None = None,
    *,
    allow_extra_columns: bool = False,
    bins: int = 10,
) -> ValidationReport:
    """Check ``rows`` (a list of dicts) against ``schema`` and, if given, ``reference`` stats.

    Runs every check and returns a :class:`ValidationReport`:

    1. blocking: missing required columns, then unexpected columns (unless
       ``allow_extra_columns``); per column, in schema order: wrong types, values out of range,
       too many nulls;
    2. advisory: per column with reference values, PSI (``bins`` quantile bins) and the KS
       distance of the batch's valid values against the training values. A column is listed
       when its PSI reaches :data:`PSI_MODERATE`; a shift never blocks.

    A value with the wrong type is counted once, under "type", and skipped by the later checks.
    """
    n = len(rows)
    problems: list[Problem] = []
    shifts: list[Shift] = []
    if n == 0:
        return ValidationReport(0, (Problem("*", "empty", "the batch has no rows"),))

    seen: set[str] = set()
    for row in rows:
        seen.update(row)
    for col in schema.columns:
        if col.required and col.name not in seen:
            problems.append(Problem(col.name, "missing column", f"missing required column {col.name!r}"))
    if not allow_extra_columns:
        known = set(schema.names)
        for name in sorted(seen - known):
            problems.append(Problem(name, "unexpected column", f"unexpected column {name!r} (not in schema)"))

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
                    f"column {col.name!r}: {nulls} of {n} values missing ({_pct(rate)}, limit {_pct(limit)})",
                )
            )
        ref = (reference or {}).get(col.name)
        if ref is not None and ref.values and good:
            shift = Shift(col.name, psi(ref.values, good, bins), ks_distance(ref.values, good))
            if shift.level != "none":
                shifts.append(shift)
    return ValidationReport(n, tuple(problems), tuple(shifts))
