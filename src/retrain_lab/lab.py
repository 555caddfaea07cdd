"""The retraining lab: four policies side by side on one weekly stream.

The stream is the one of :mod:`retrain_lab.drift` (inputs from a 2-D normal distribution, a
labelling rule that turns ``drift`` degrees a week: concept drift), with two options that real
systems have:

* **covariate shift**: the inputs' mean moves ``shift`` standard deviations a week along the
  launch rule's boundary, so P(X) changes while the rule itself need not;
* **label delay**: the true labels of week ``t`` arrive ``label_delay`` weeks later, so every
  decision that needs labels (measuring accuracy, retraining) works with older data.

Four policies decide, after each week is served, whether to retrain before the next week:

* never retrain;
* on a schedule: every ``every`` weeks;
* on a performance drop: when accuracy on the newest labelled week is below ``threshold``;
* on input drift: when an input statistic (PSI by default, or the KS distance) between the data
  the serving model was trained on and this week's inputs is above ``drift_threshold``.
  Inputs need no labels, so this policy notices a shift at once, but it retrains on the newest
  *labelled* week like the others.

A retrain fits a new model on the newest labelled week alone (stateless training), which then
serves from the next week on. As in :func:`retrain_lab.drift.run_policy`, no retrain is counted
after the last week, and accuracies are integer counts compared exactly (``threshold=0.85``
means 17/20).

The input-drift statistics, with their formulas, are :func:`psi` and :func:`ks_distance`.

Example::

    >>> lab = run_lab(Settings(weeks=12, drift=12, seed=7))
    >>> print(lab.table())  # doctest: +SKIP
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, fields
from fractions import Fraction

from .chart import line_chart, svg_data_url
from .drift import Batch, PolicyRun, WeekResult, as_fraction, train
from .validation import PSI_EMPTY_BIN, ks_distance, psi

__all__ = [
    "PSI_EMPTY_BIN",
    "POLICIES",
    "LabResult",
    "Settings",
    "draw_weeks",
    "input_drift",
    "ks_distance",
    "make_weeks",
    "psi",
    "run_lab",
    "run_policies",
]

#: Share given to an empty bin so that PSI stays finite (a common convention).
#: The policies the lab compares, in the order of its table and chart.
POLICIES = ("never", "schedule", "performance", "input drift")
STATISTICS = ("psi", "ks")


# --- input-drift statistics -------------------------------------------------------------------


# psi and ks_distance are retrain_lab.validation's (one definition, formulas cited there).


def input_drift(reference: Batch, batch: Batch, statistic: str = "psi") -> float:
    """The largest drift statistic over the input features of ``batch`` against ``reference``.

    Monitoring tools usually watch each feature on its own and alert when any one moves;
    this takes the maximum over the two coordinates.
    """
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {', '.join(STATISTICS)}")
    measure = psi if statistic == "psi" else ks_distance
    return max(measure([p[k] for p in reference.points], [p[k] for p in batch.points]) for k in (0, 1))


# --- settings and stream ----------------------------------------------------------------------


def _whole(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")


def _number(name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value:g}")


@dataclass(frozen=True)
class Settings:
    """Everything a lab run depends on. The same settings always give the same result."""

    weeks: int = 12
    #: degrees the labelling rule turns each week (concept drift)
    drift: float = 12.0
    #: standard deviations the inputs' mean moves each week (covariate shift)
    shift: float = 0.0
    #: weeks until a week's true labels arrive
    label_delay: int = 0
    #: the scheduled policy retrains every this many weeks
    every: int = 4
    #: the performance policy retrains when accuracy is below this
    threshold: float = 0.85
    #: the input-drift policy retrains when the statistic is above this
    drift_threshold: float = 0.25
    drift_statistic: str = "psi"
    cost_per_retrain: float = 100.0
    seed: int = 7
    batch_size: int = 400
    noise: float = 0.05

    def __post_init__(self) -> None:
        _whole("weeks", self.weeks, 2, 104)
        _number("drift", self.drift, -90, 90)
        _number("shift", self.shift, -1, 1)
        _whole("label_delay", self.label_delay, 0, self.weeks - 1)
        _whole("every", self.every, 1, self.weeks)
        _number("threshold", self.threshold, 0.01, 1)
        _number("drift_threshold", self.drift_threshold, 0.001, 10)
        if self.drift_statistic not in STATISTICS:
            raise ValueError(f"drift_statistic must be one of {', '.join(STATISTICS)}")
        _number("cost_per_retrain", self.cost_per_retrain, 0, 1e9)
        _whole("seed", self.seed, 0, 2**32 - 1)
        _whole("batch_size", self.batch_size, 20, 5000)
        _number("noise", self.noise, 0, 0.49)

    def policy_names(self) -> tuple[str, ...]:
        """How the table and the chart name the four policies."""
        statistic = "PSI" if self.drift_statistic == "psi" else "KS"
        return (
            "Never retrain",
            f"Every {self.every} week{'s' if self.every != 1 else ''}",
            f"Accuracy < {self.threshold:g}",
            f"Input drift ({statistic} > {self.drift_threshold:g})",
        )


def make_weeks(settings: Settings) -> list[Batch]:
    """Weeks 0 (launch training data) to ``settings.weeks``, drawn from ``random.Random(seed)``.

    Week ``t`` >= 1 has its rule turned ``drift * (t - 1)`` degrees and its inputs moved
    ``shift * (t - 1)`` standard deviations along the launch boundary (the second coordinate).
    The draws are made in the order of :func:`retrain_lab.drift.make_stream`, so with
    ``shift=0`` the stream is exactly ``make_stream(weeks, degrees_per_week=drift, seed=seed)``.
    """
    steps = [max(0, week - 1) for week in range(settings.weeks + 1)]
    return draw_weeks(settings, [settings.drift * s for s in steps], [settings.shift * s for s in steps])


def draw_weeks(settings: Settings, angles: Sequence[float], offsets: Sequence[float]) -> list[Batch]:
    """The lab's stream with the rule's angle and the inputs' offset of each week given.

    ``angles[t]`` and ``offsets[t]`` are week ``t``'s (``weeks + 1`` of each, week 0 first);
    everything else (batch size, noise, the seed and the order of the draws) is
    :func:`make_weeks`'s, which is this function with a steady turn and shift.
    """
    if len(angles) != settings.weeks + 1 or len(offsets) != settings.weeks + 1:
        raise ValueError(f"need {settings.weeks + 1} angles and offsets (weeks 0 to {settings.weeks})")
    rng = random.Random(settings.seed)
    batches = []
    for week in range(settings.weeks + 1):
        angle, offset = angles[week], offsets[week]
        rad = math.radians(angle)
        cos, sin = math.cos(rad), math.sin(rad)
        points, labels = [], []
        for _ in range(settings.batch_size):
            point = (rng.gauss(0.0, 1.0), rng.gauss(0.0, 1.0) + offset)
            label = 1 if point[0] * cos + point[1] * sin > 0 else 0
            if rng.random() < settings.noise:
                label = 1 - label
            points.append(point)
            labels.append(label)
        batches.append(Batch(week, tuple(points), tuple(labels), angle))
    return batches


# --- the simulation ---------------------------------------------------------------------------


def _run(stream: Sequence[Batch], settings: Settings, policy: str, name: str) -> PolicyRun:
    model = train(stream[0])
    reference = stream[0]  # the inputs the serving model was trained on
    by_week = {batch.week: batch for batch in stream}
    threshold = as_fraction(settings.threshold)
    last = stream[-1].week
    results = []
    for batch in stream[1:]:
        correct = model.correct(batch)
        labelled = by_week.get(batch.week - settings.label_delay)
        retrain = False
        if batch.week != last and labelled is not None and labelled.week >= 1:
            if policy == "schedule":
                retrain = batch.week % settings.every == 0
            elif policy == "performance":
                seen = correct if labelled is batch else model.correct(labelled)
                retrain = Fraction(seen, len(labelled)) < threshold
            elif policy == "input drift":
                score = input_drift(reference, batch, settings.drift_statistic)
                retrain = score > settings.drift_threshold
        results.append(WeekResult(batch.week, correct, len(batch), model.trained_on, retrain))
        if retrain:
            model = train(labelled)
            reference = labelled
    return PolicyRun(name, tuple(results))


def run_lab(settings: Settings | None = None, **changes: object) -> LabResult:
    """Simulate every policy on the same stream. ``run_lab(weeks=20)`` changes one setting."""
    settings = settings or Settings()
    if changes:
        settings = Settings(**{**{f.name: getattr(settings, f.name) for f in fields(Settings)},
                               **changes})  # fmt: skip
    return run_policies(make_weeks(settings), settings)


def run_policies(stream: Sequence[Batch], settings: Settings) -> LabResult:
    """The four policies of ``settings`` on a stream of weeks 0.. given (for example one drawn by
    :func:`draw_weeks`, or one whose inputs a broken pipeline changed): :func:`run_lab`'s run."""
    names = settings.policy_names()
    runs = tuple(_run(stream, settings, policy, names[i]) for i, policy in enumerate(POLICIES))
    drift_scores = tuple(input_drift(stream[0], b, settings.drift_statistic) for b in stream[1:])
    return LabResult(settings, runs, drift_scores)


def _amount(value: float) -> str:
    """A cost as people write it: 1,200 or 7.50."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


@dataclass(frozen=True)
class LabResult:
    """The four policies' weeks, with the summary the lab's table and chart show."""

    settings: Settings
    runs: tuple[PolicyRun, ...]
    #: the input statistic of each served week against the launch data (what a monitor sees)
    drift_scores: tuple[float, ...]

    def rows(self) -> list[dict[str, str]]:
        """One row per policy: mean accuracy, worst week, retrains and cost, as shown."""
        out = []
        for run in self.runs:
            worst = min(run.weeks, key=lambda w: w.correct / w.n)
            cost = run.retrains * self.settings.cost_per_retrain
            out.append({
                "policy": run.policy,
                "mean": f"{run.mean_accuracy:.2f}",
                "worst": f"{worst.accuracy:.2f} (week {worst.week})",
                "retrains": str(run.retrains),
                "cost": _amount(cost),
            })  # fmt: skip
        return out

    def table(self) -> str:
        """The lab's table as text."""
        head = ("policy", "mean accuracy", "worst week", "retrains", "cost")
        keys = ("policy", "mean", "worst", "retrains", "cost")
        rows = [head] + [tuple(row[k] for k in keys) for row in self.rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        lines = []
        for r in rows:
            cells = [r[0].ljust(widths[0])] + [r[i].rjust(widths[i]) for i in range(1, len(r))]
            lines.append("  ".join(cells))
        lines.insert(1, "-" * len(lines[0]))
        return "\n".join(lines)

    def chart(self, width: int = 640, theme: str = "auto") -> str:
        """Accuracy per week per policy as SVG, with the accuracy threshold dashed."""
        s = self.settings
        return line_chart(
            {run.policy: run.accuracies for run in self.runs},
            x_values=[w.week for w in self.runs[0].weeks],
            title="Accuracy per week",
            x_label="week",
            y_label="accuracy",
            hline=s.threshold,
            hline_label=f"threshold {s.threshold:g}",
            width=width,
            height=300 + 22 * len(self.runs),
            theme=theme,
        )

    def alt_text(self) -> str:
        """What the chart shows, in words (the chart's text alternative)."""
        weeks = self.runs[0].weeks
        parts = [
            f"Line chart of accuracy per week, weeks {weeks[0].week} to {weeks[-1].week}, "
            f"for {len(self.runs)} retraining policies."
        ]
        for run, row in zip(self.runs, self.rows(), strict=True):
            first, end = run.weeks[0], run.weeks[-1]
            parts.append(
                f"{run.policy}: {first.accuracy:.2f} in week {first.week}, {end.accuracy:.2f} "
                f"in week {end.week}, lowest {row['worst']}, {row['retrains']} "
                f"retrain{'s' if run.retrains != 1 else ''}."
            )
        parts.append(f"A dashed line marks the accuracy threshold {self.settings.threshold:g}.")
        return " ".join(parts)

    def for_browser(self, width: int = 640) -> dict[str, object]:
        """What the lab page shows: table rows, the alt text and the chart for light and dark."""
        width = max(300, min(int(width), 960))
        return {
            "rows": self.rows(),
            "alt": self.alt_text(),
            "light": svg_data_url(self.chart(width, "light")),
            "dark": svg_data_url(self.chart(width, "dark")),
        }
