"""A data-validation gate: check a batch before it is allowed to train a model.

It follows the checks that TFX's ExampleValidator and Great Expectations make, in miniature, and
Google's split between the kinds of finding (*MLOps: continuous delivery and automation pipelines
in machine learning*, "data validation"):

* **blocking** (schema skew and broken data): required columns present, no unexpected columns,
  each value of the right type and in its allowed range, and the share of missing values
  (``None`` or an absent key) per column within its limit. Any of these stops the pipeline so a
  person can look;
* **hold for review** (an implausible shift): a column whose values no longer overlap the
  training values, whose KS distance is near 1 (:data:`KS_IMPLAUSIBLE`), or whose typical size
  jumped by a factor of :data:`SCALE_JUMP` or more (euros turned into cents). Sudden, extreme
  drift like this is usually a pipeline bug (a unit change, a broken join), not a change in the
  world: the run holds, does not train, and a person looks;
* **advisory** (value skew): how far each numeric column's distribution moved from the training
  data, as an *effect size*: the population stability index (:func:`psi`, on the reference's
  deciles) and the Kolmogorov-Smirnov distance (:func:`ks_distance`). A plausible shift never
  blocks: it is a reason to retrain on the new data and to tell a person.

PSI has a noise floor that grows as the batch shrinks (about ``(bins - 1) (1/n + 1/m)`` for two
identical distributions of ``n`` and ``m`` rows; Yurdakul 2018): with identical data, about 43 %
of 100-row batches reach 0.1 and about 29 % of 50-row batches reach 0.25 against a 2,000-row
reference. So a batch smaller than :data:`PSI_MIN_ROWS` is judged against a null drawn from the
reference itself (:func:`psi_noise`): a shift counts only when its PSI exceeds what same-sized
samples of the training data reach 99 times in 100.

Why an effect size and not a significance test: a test of the mean rejects *any* shift once both
samples are large, because its standard error shrinks with their sizes. :func:`mean_shift_z`
(a two-sample, Welch z) is kept to show that.

:func:`validate` runs *every* check and lists every finding, so one run of the gate tells you
everything that is wrong with a batch, not just the first thing.

Rates are compared exactly with :class:`fractions.Fraction` on integer counts.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .drift import as_fraction

__all__ = [
    "KS_IMPLAUSIBLE",
    "PSI_MAJOR",
    "PSI_MIN_ROWS",
    "PSI_MODERATE",
    "SCALE_JUMP",
    "Column",
    "Problem",
    "Reference",
    "Schema",
    "Shift",
    "ValidationReport",
    "ks_distance",
    "mean_shift_z",
    "psi",
    "implausible_reasons",
    "psi_noise",
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
#: Below this many values in a batch, PSI's own noise reaches the rule-of-thumb levels (with
#: identical data and a 2,000-row reference, PSI >= 0.1 in about 1 % of 250-row batches and
#: 0.1 % of 300-row ones: tests/retrain_lab/test_validation.py measures it), so a smaller batch is
#: judged against :func:`psi_noise`, a null drawn from the reference.
PSI_MIN_ROWS = 300
#: A KS distance at or above this is implausible for a real change in a week: hold for review.
KS_IMPLAUSIBLE = 0.95
#: A column whose median grew or shrank by this factor or more jumped scale (euros to cents is
#: x100): hold for review.
SCALE_JUMP = 10

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
    """How far one numeric column moved from the training data.

    ``noise`` is the PSI that samples of the batch's size drawn from the training data reach
    only once in 100 (:func:`psi_noise`), set for batches smaller than :data:`PSI_MIN_ROWS`;
    a shift must exceed it to count. ``implausible`` lists why the shift looks like a pipeline
    bug rather than a change in the world (empty for a plausible shift).
    """

    column: str
    psi: float
    ks: float
    noise: float | None = None
    implausible: tuple[str, ...] = ()

    @property
    def level(self) -> str:
        """``"implausible"``, ``"major"``, ``"moderate"`` or ``"none"``.

        PSI levels follow the rule of thumb, raised to :attr:`noise` when it is set."""
        if self.implausible:
            return "implausible"
        floor = self.noise or 0.0
        if self.psi >= PSI_MAJOR and self.psi > floor:
            return "major"
        if self.psi >= PSI_MODERATE and self.psi > floor:
            return "moderate"
        return "none"

    @property
    def action(self) -> str:
        """What the pipeline does about it. Only an implausible shift holds the run."""
        return {
            "implausible": "hold: do not train, alert a person (likely a pipeline bug)",
            "major": "retrain on the new data, alert a person",
            "moderate": "keep watching",
            "none": "nothing",
        }[self.level]

    def __str__(self) -> str:
        text = f"column {self.column!r}: PSI {self.psi:.2f}, KS {self.ks:.2f}"
        if self.noise is not None:
            text += f" (noise floor {self.noise:.2f} at this batch size)"
        if self.implausible:
            text += f" ({'; '.join(self.implausible)})"
        return f"{text}: {self.level} shift -> {self.action}"


@dataclass(frozen=True)
class ValidationReport:
    """The gate's verdict.

    :attr:`decision` is ``"stop"`` when there is a blocking problem, ``"hold"`` when a column
    shifted implausibly (a person must look before anything trains on it), else ``"train"``.
    ``ok`` is True only for ``"train"``: the batch may be used for training. ``shifts`` lists
    every column whose distribution moved at least moderately; ``retrain_advised`` is True when a
    plausible shift is major.
    """

    rows: int
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    shifts: tuple[Shift, ...] = field(default_factory=tuple)

    @property
    def held(self) -> tuple[Shift, ...]:
        """The implausible shifts: each holds the run for a person."""
        return tuple(s for s in self.shifts if s.level == "implausible")

    @property
    def decision(self) -> str:
        if self.problems:
            return "stop"
        if self.held:
            return "hold"
        return "train"

    @property
    def ok(self) -> bool:
        return self.decision == "train"

    @property
    def retrain_advised(self) -> bool:
        return self.ok and any(s.level == "major" for s in self.shifts)

    @property
    def reasons(self) -> list[str]:
        """Every blocking problem as one sentence, in the order the checks ran."""
        return [p.message for p in self.problems]

    def __str__(self) -> str:
        if self.ok and not self.shifts:
            return f"PASS: {self.rows} rows, no problems"
        if self.decision == "stop":
            lines = [f"STOP: {self.rows} rows, {len(self.problems)} blocking problem(s); do not train, alert a person"]
            lines += [f"  - {p.message}" for p in self.problems]
        elif self.decision == "hold":
            names = ", ".join(repr(s.column) for s in self.held)
            lines = [
                f"HOLD: {self.rows} rows, implausible shift in {names}; do not train, alert a person",
                "  (sudden extreme drift is usually a pipeline bug: a unit change, a broken join)",
            ]
        else:
            lines = [f"PASS: {self.rows} rows, no blocking problems"]
        if self.shifts:
            lines.append("drift:")
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

    With the default ``bins=10`` these are the reference's deciles: each bin holds a tenth of
    the training values (not equal-width ranges). An empty bin counts as a share of
    ``PSI_EMPTY_BIN`` so the sum stays finite. PSI is 0 for identical histograms and never
    negative. A real shift does not make it grow with the batch size (unlike a significance
    test), but its noise does grow as the samples shrink: two samples of one distribution give
    a PSI of about ``(bins - 1) (1/n + 1/m)`` on average (Yurdakul, *Statistical properties of
    the population stability index*, 2018), so small batches need :func:`psi_noise`. The 0.1 /
    0.25 levels are Siddiqi's rule of thumb (:data:`PSI_MAJOR`).

    >>> round(psi([1, 2, 3, 4], [1, 3, 4, 5], bins=2), 6)  # 0.25 * ln(3)
    0.274653
    """
    if bins < 2:
        raise ValueError("psi needs at least two bins")
    ref = sorted(expected)
    if len(ref) < bins or not actual:
        raise ValueError(f"psi needs at least {bins} reference values and one value to compare")
    cuts, e_counts = _deciles(ref, bins)
    return _psi_counts(cuts, e_counts, len(ref), actual)


def _deciles(ref: Sequence[float], bins: int) -> tuple[list[float], list[int]]:
    """The cut points of ``bins`` quantile bins of the sorted ``ref``, and its count per bin."""
    cuts = sorted({ref[k * len(ref) // bins] for k in range(1, bins)})
    counts = [0] * (len(cuts) + 1)
    for value in ref:
        counts[bisect_right(cuts, value)] += 1
    return cuts, counts


def _psi_counts(cuts: list[float], e_counts: list[int], m: int, actual: Sequence[float]) -> float:
    a_counts = [0] * (len(cuts) + 1)
    for value in actual:
        a_counts[bisect_right(cuts, value)] += 1
    total = 0.0
    for e_count, a_count in zip(e_counts, a_counts, strict=True):
        e = e_count / m or PSI_EMPTY_BIN
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


def psi_noise(expected: Sequence[float], n: int, *, bins: int = 10, draws: int = 200, seed: int = 0) -> float:
    """PSI's noise floor for a batch of ``n`` values: the 99th percentile of the PSI of ``draws``
    samples of ``n`` values drawn (with replacement) from ``expected`` itself.

    Those samples come from the training distribution, so any PSI they reach is noise; a batch
    whose PSI stays below this value has not shown a shift, whatever the rule of thumb says.
    Deterministic for a given ``seed``.
    """
    import random

    if n < 1 or draws < 1:
        raise ValueError("psi_noise needs n >= 1 and draws >= 1")
    ref = sorted(expected)
    if len(ref) < bins:
        raise ValueError(f"psi_noise needs at least {bins} reference values")
    cuts, e_counts = _deciles(ref, bins)
    rng = random.Random(seed)
    values = sorted(_psi_counts(cuts, e_counts, len(ref), rng.choices(ref, k=n)) for _ in range(draws))
    return values[min(draws - 1, math.ceil(0.99 * draws) - 1)]


def implausible_reasons(expected: Sequence[float], actual: Sequence[float], ks: float) -> tuple[str, ...]:
    """Why a shift from ``expected`` to ``actual`` looks like a broken pipeline, not a changed
    world: no overlap at all, a KS distance of :data:`KS_IMPLAUSIBLE` or more, or a median that
    grew or shrank by a factor of :data:`SCALE_JUMP` or more. Empty when none applies."""
    reasons: list[str] = []
    lo, hi = min(expected), max(expected)
    if min(actual) > hi or max(actual) < lo:
        reasons.append("no overlap with the training values")
    elif ks >= KS_IMPLAUSIBLE:
        reasons.append(f"KS {ks:.2f} >= {KS_IMPLAUSIBLE}")
    ref_mid, new_mid = statistics.median(expected), statistics.median(actual)
    if ref_mid and new_mid and (ref_mid > 0) == (new_mid > 0):
        ratio = new_mid / ref_mid
        if ratio >= SCALE_JUMP:
            reasons.append(f"median {ratio:.0f}x the training median")
        elif ratio <= 1 / SCALE_JUMP:
            reasons.append(f"median 1/{1 / ratio:.0f} of the training median")
    return tuple(reasons)


def mean_shift_z(reference: Reference, values: Sequence[float]) -> float:
    """A two-sample (Welch) z statistic for the difference of two means:

        z = (mean - reference mean) / sqrt(reference std**2 / reference count + std**2 / n)

    Both means are estimates: the reference's mean has its own standard error, which dominates
    when the reference is the smaller sample. Shown for contrast only: with both samples large,
    the same small shift gives a large ``|z|``, so "``|z| > 3``" flags trivial shifts. Use
    :func:`psi` / :func:`ks_distance` to decide how *much* a distribution moved.
    """
    if len(values) < 2:
        raise ValueError("mean_shift_z needs at least two values")
    n = len(values)
    mean = math.fsum(values) / n
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    se = math.sqrt(reference.std**2 / reference.count + var / n)
    if se == 0:
        return 0.0 if mean == reference.mean else math.copysign(math.inf, mean - reference.mean)
    return (mean - reference.mean) / se


def validate(
    rows: Sequence[Row],
    schema: Schema,
    reference: Mapping[str, Reference] | None = None,
    *,
    allow_extra_columns: bool = False,
    bins: int = 10,
    min_rows: int = PSI_MIN_ROWS,
) -> ValidationReport:
    """Check ``rows`` (a list of dicts) against ``schema`` and, if given, ``reference`` stats.

    Runs every check and returns a :class:`ValidationReport`:

    1. blocking: missing required columns, then unexpected columns (unless
       ``allow_extra_columns``); per column, in schema order: wrong types, values out of range,
       too many nulls;
    2. per column with reference values, PSI (``bins`` quantile bins) and the KS distance of
       the batch's valid values against the training values. With fewer than ``min_rows``
       values, PSI must also exceed :func:`psi_noise` for that size. A column is listed when
       its shift is at least moderate or implausible (:func:`implausible_reasons`); an
       implausible shift holds the run (``decision == "hold"``), a plausible one never blocks.

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
            ks = ks_distance(ref.values, good)
            noise = psi_noise(ref.values, len(good), bins=bins) if len(good) < min_rows else None
            shift = Shift(col.name, psi(ref.values, good, bins), ks, noise, implausible_reasons(ref.values, good, ks))
            if shift.level != "none":
                shifts.append(shift)
    return ValidationReport(n, tuple(problems), tuple(shifts))
