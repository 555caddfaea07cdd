"""A small, deterministic concept-drift simulation.

Every week a batch of customers arrives. Each customer is a point ``(x, y)`` drawn from the same
standard normal distribution every week, so the *inputs never change*. The label is 1 when the
point lies on one side of a line through the origin, and that line turns a few degrees each week:
the rule from input to label moves. That is pure concept drift (P(Y|X) changes, P(X) does not).

A model is a nearest-centroid classifier: it remembers the average point of each class in its
training batch and predicts the class whose average is closer. It is trained in one pass, which
keeps the simulation fast in the browser.

Three kinds of retraining policy decide, after the labels of a week arrive, whether to retrain on
that week's batch before the next week is served:

* :class:`Never` keeps the launch model forever;
* :class:`Scheduled` retrains every ``every`` weeks (a cron job);
* :class:`PerformanceTriggered` retrains when the week's accuracy falls below a threshold.

Accuracies are kept as integer counts (``correct`` out of ``n``); thresholds are compared exactly
with :class:`fractions.Fraction`, so ``0.85`` means 17/20 and never 0.8499999.

Example::

    >>> stream = make_stream(weeks=12, seed=7)
    >>> runs = simulate(stream, [Never(), Scheduled(every=4), PerformanceTriggered(0.85)])
    >>> print(format_table(runs))  # doctest: +SKIP
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "Batch",
    "CentroidModel",
    "Never",
    "PerformanceTriggered",
    "Policy",
    "PolicyRun",
    "Scheduled",
    "WeekResult",
    "as_fraction",
    "format_table",
    "make_batch",
    "make_stream",
    "run_policy",
    "simulate",
    "train",
    "window_age_experiment",
]

Point = tuple[float, float]


def as_fraction(value: float | str | Fraction) -> Fraction:
    """Return ``value`` as an exact fraction, reading a float the way it is written.

    ``as_fraction(0.85)`` is ``Fraction(17, 20)``, not the binary float's 0.84999999999999997779...

    >>> as_fraction(0.85)
    Fraction(17, 20)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"expected a number, got {value!r}")
    return Fraction(str(value))


@dataclass(frozen=True)
class Batch:
    """One week of labelled data.

    ``week`` 0 is the data collected before launch, used to train the first model.
    ``boundary_deg`` is the angle of the true labelling rule that week (0 = launch rule).
    """

    week: int
    points: tuple[Point, ...]
    labels: tuple[int, ...]
    boundary_deg: float

    def __len__(self) -> int:
        return len(self.points)

    def input_mean(self) -> Point:
        """Mean of the inputs: what an input-drift monitor watches."""
        n = len(self.points)
        return (
            sum(p[0] for p in self.points) / n,
            sum(p[1] for p in self.points) / n,
        )


def _true_label(point: Point, angle_deg: float) -> int:
    """1 if ``point`` is on the positive side of the rule's line at ``angle_deg``."""
    rad = math.radians(angle_deg)
    return 1 if point[0] * math.cos(rad) + point[1] * math.sin(rad) > 0 else 0


def make_batch(week: int, boundary_deg: float, size: int, noise: float, rng: random.Random) -> Batch:
    """Draw one batch: inputs from N(0, 1) in both coordinates, labels from the rule.

    A fraction ``noise`` of labels is flipped at random (real labels are never perfect), which
    caps the best possible accuracy near ``1 - noise``.
    """
    if size < 1:
        raise ValueError("a batch needs at least one point")
    if not 0 <= noise < 0.5:
        raise ValueError("noise must be in [0, 0.5)")
    points: list[Point] = []
    labels: list[int] = []
    for _ in range(size):
        point = (rng.gauss(0.0, 1.0), rng.gauss(0.0, 1.0))
        label = _true_label(point, boundary_deg)
        if rng.random() < noise:
            label = 1 - label
        points.append(point)
        labels.append(label)
    return Batch(week, tuple(points), tuple(labels), boundary_deg)


def make_stream(
    weeks: int = 12,
    *,
    batch_size: int = 400,
    degrees_per_week: float | Sequence[float] = 12.0,
    noise: float = 0.05,
    seed: int = 7,
) -> list[Batch]:
    """Return ``weeks + 1`` batches: week 0 (launch training data), then weeks 1..``weeks``.

    The labelling rule is the launch rule in weeks 0 and 1, then turns ``degrees_per_week``
    before each later week. Pass a sequence of ``weeks - 1`` numbers for an uneven pace.
    The same ``seed`` always gives the same stream.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    if isinstance(degrees_per_week, (int, float)):
        turns = [float(degrees_per_week)] * (weeks - 1)
    else:
        turns = [float(t) for t in degrees_per_week]
        if len(turns) != weeks - 1:
            raise ValueError(f"need {weeks - 1} turns for {weeks} weeks, got {len(turns)}")
    rng = random.Random(seed)
    angles = [0.0, 0.0]
    for turn in turns:
        angles.append(angles[-1] + turn)
    return [make_batch(week, angles[week], batch_size, noise, rng) for week in range(weeks + 1)]


@dataclass(frozen=True)
class CentroidModel:
    """Nearest-centroid classifier: predict the class whose training mean is closer."""

    centroid0: Point
    centroid1: Point
    trained_on: tuple[int, ...]

    def predict(self, point: Point) -> int:
        """Return 0 or 1 for one input point."""
        d0 = (point[0] - self.centroid0[0]) ** 2 + (point[1] - self.centroid0[1]) ** 2
        d1 = (point[0] - self.centroid1[0]) ** 2 + (point[1] - self.centroid1[1]) ** 2
        return 1 if d1 < d0 else 0

    def correct(self, batch: Batch) -> int:
        """Number of points in ``batch`` this model labels correctly."""
        return sum(self.predict(p) == y for p, y in zip(batch.points, batch.labels, strict=True))

    def accuracy(self, batch: Batch) -> float:
        """Share of ``batch`` labelled correctly (for display; compare counts, not this)."""
        return self.correct(batch) / len(batch)


def train(batches: Batch | Iterable[Batch]) -> CentroidModel:
    """Fit a :class:`CentroidModel` from scratch on one batch or several (stateless training)."""
    if isinstance(batches, Batch):
        batches = [batches]
    sums = {0: [0.0, 0.0, 0], 1: [0.0, 0.0, 0]}
    weeks: list[int] = []
    for batch in batches:
        weeks.append(batch.week)
        for (x, y), label in zip(batch.points, batch.labels, strict=True):
            s = sums[label]
            s[0] += x
            s[1] += y
            s[2] += 1
    if not weeks:
        raise ValueError("train() needs at least one batch")
    for label, (_, _, count) in sums.items():
        if count == 0:
            raise ValueError(f"the training data has no example of class {label}")
    c0 = (sums[0][0] / sums[0][2], sums[0][1] / sums[0][2])
    c1 = (sums[1][0] / sums[1][2], sums[1][1] / sums[1][2])
    return CentroidModel(c0, c1, tuple(weeks))


class Policy:
    """Base class: decide after each week whether to retrain before the next one."""

    name = "policy"

    def wants_retrain(self, week: int, correct: int, n: int) -> bool:
        """Return True to retrain on this week's batch before the next week is served."""
        raise NotImplementedError


class Never(Policy):
    """Keep the launch model forever."""

    name = "never"

    def wants_retrain(self, week: int, correct: int, n: int) -> bool:
        return False


class Scheduled(Policy):
    """Retrain after every ``every``-th week, whatever the accuracy (a time-based trigger)."""

    def __init__(self, every: int = 4) -> None:
        if every < 1:
            raise ValueError("every must be at least 1 week")
        self.every = every
        self.name = f"schedule {every} wk"

    def wants_retrain(self, week: int, correct: int, n: int) -> bool:
        return week % self.every == 0


class PerformanceTriggered(Policy):
    """Retrain when the week's accuracy is strictly below ``threshold`` (compared exactly)."""

    def __init__(self, threshold: float | str | Fraction = 0.85) -> None:
        self.threshold = as_fraction(threshold)
        if not 0 < self.threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        self.name = f"trigger < {float(self.threshold):.2f}"

    def wants_retrain(self, week: int, correct: int, n: int) -> bool:
        return Fraction(correct, n) < self.threshold


@dataclass(frozen=True)
class WeekResult:
    """How the serving model did in one week, and whether the policy retrained afterwards."""

    week: int
    correct: int
    n: int
    model_trained_on: tuple[int, ...]
    retrained_after: bool

    @property
    def accuracy(self) -> float:
        return self.correct / self.n


@dataclass(frozen=True)
class PolicyRun:
    """All weeks of one policy."""

    policy: str
    weeks: tuple[WeekResult, ...]

    @property
    def accuracies(self) -> list[float]:
        return [w.accuracy for w in self.weeks]

    @property
    def retrains(self) -> int:
        """How many times the policy retrained (the cost side)."""
        return sum(w.retrained_after for w in self.weeks)

    @property
    def mean_accuracy(self) -> float:
        return sum(w.correct for w in self.weeks) / sum(w.n for w in self.weeks)


def run_policy(stream: Sequence[Batch], policy: Policy, *, label_delay: int = 0) -> PolicyRun:
    """Serve weeks 1.. of ``stream`` with a model first trained on week 0, retraining per policy.

    ``label_delay`` is how many weeks the true labels lag behind the predictions. After week ``t``
    is served, the labels of week ``t - label_delay`` are the newest ones known (none while that
    is week 0 or earlier). The policy sees the serving model's accuracy on that newest labelled
    week; if it asks to retrain, a new model is trained on that week alone and serves from week
    ``t + 1``. With ``label_delay=0`` (the default) labels arrive right after each week.
    No retrain is counted after the last week.
    """
    if len(stream) < 2:
        raise ValueError("the stream needs week 0 for training and at least one served week")
    if isinstance(label_delay, bool) or not isinstance(label_delay, int) or label_delay < 0:
        raise ValueError("label_delay must be a whole number of weeks, 0 or more")
    model = train(stream[0])
    results: list[WeekResult] = []
    by_week = {batch.week: batch for batch in stream}
    last = stream[-1].week
    for batch in stream[1:]:
        correct = model.correct(batch)
        labelled = by_week.get(batch.week - label_delay)
        retrain = False
        if batch.week != last and labelled is not None and labelled.week >= 1:
            seen = correct if labelled is batch else model.correct(labelled)
            retrain = policy.wants_retrain(batch.week, seen, len(labelled))
        results.append(WeekResult(batch.week, correct, len(batch), model.trained_on, retrain))
        if retrain:
            model = train(labelled)
    return PolicyRun(policy.name, tuple(results))


def simulate(stream: Sequence[Batch], policies: Iterable[Policy], *, label_delay: int = 0) -> list[PolicyRun]:
    """Run every policy on the same stream, with the same label delay, in the order given."""
    return [run_policy(stream, p, label_delay=label_delay) for p in policies]


def format_table(runs: Sequence[PolicyRun]) -> str:
    """A plain-text table: one row per week, one accuracy column per policy.

    A ``*`` after an accuracy means the policy retrained after that week.
    """
    if not runs:
        return ""
    width = max(10, *(len(r.policy) for r in runs))
    header = f"{'week':<8}" + "".join(f"  {r.policy:>{width}}" for r in runs)
    lines = [header, "-" * len(header)]
    for i, week in enumerate(runs[0].weeks):
        cells = []
        for run in runs:
            w = run.weeks[i]
            mark = "*" if w.retrained_after else " "
            cells.append(f"  {w.accuracy:>{width - 1}.2f}{mark}")
        lines.append(f"{week.week:<8}" + "".join(cells))
    lines.append("-" * len(header))
    lines.append(f"{'mean':<8}" + "".join(f"  {r.mean_accuracy:>{width - 1}.2f} " for r in runs))
    lines.append(f"{'retrains':<8}" + "".join(f"  {r.retrains:>{width - 1}} " for r in runs))
    return "\n".join(line.rstrip() for line in lines)


def window_age_experiment(stream: Sequence[Batch], ages: Iterable[int]) -> list[tuple[int, float]]:
    """Train one model per age on the week that is ``age`` weeks older than the newest one,
    and test every model on the newest week: the gap shows what freshness is worth.

    Returns ``(age, accuracy on the newest week)`` pairs in the order of ``ages``.
    """
    newest = stream[-1]
    out: list[tuple[int, float]] = []
    for age in ages:
        if not 1 <= age < len(stream):
            raise ValueError(f"age {age} is outside 1..{len(stream) - 1}")
        model = train(stream[-1 - age])
        out.append((age, model.accuracy(newest)))
    return out
