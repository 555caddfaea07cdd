"""You're on call: the learner makes the retraining decisions, week by week, on the lab's world.

The world is :mod:`retrain_lab.lab`'s (the same stream, drift, covariate shift, label delay and
cost per retrain, drawn by :func:`retrain_lab.lab.draw_weeks` from a seed), in five scenarios
(:data:`SCENARIOS`), each chosen so that one lesson lands. A round serves weeks 1 to ``weeks``;
after each week but the last, the engineer on call sees only what a dashboard shows
(:meth:`Round.observe`):

* the accuracy of the weeks whose true labels have arrived (``label_delay`` weeks late), never
  that of the week just served nor of the week to come;
* the input-drift statistic (PSI, :func:`retrain_lab.lab.input_drift`) of each week's inputs
  against the data the model serving it was trained on;
* the retrains, alerts and cost so far,

and chooses one of :data:`CHOICES` for the next week:

* **keep** serving the current model;
* **retrain** on the newest labelled week (as the lab's policies do; with no labelled week yet
  there is nothing to train on and the model is kept, at no cost);
* **roll back** to the version that served before the last retrain (free: it is in the registry);
* **hold** the pipeline and alert the team upstream (``ALERT_COST``): nothing is retrained, and
  when an upstream feature is broken they fix it from the next week on. Otherwise it is a false
  alarm that only costs.

The score of a round is the customers served correctly (accuracy-weeks times the batch size)
minus the cost, computed beside the lab's four policies on the same world
(:func:`retrain_lab.lab.run_policies`) and beside the best plan in hindsight (:func:`best_plan`).
A round is a scenario, a seed and the letters of its decisions: :func:`replay` plays it again.

Example::

    >>> r = replay("steady", 7, "KKR")
    >>> r.observe()["week"]
    4
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from .chart import line_chart, svg_data_url
from .drift import Batch, CentroidModel, train
from .lab import Settings, draw_weeks, input_drift, run_policies

__all__ = [
    "ALERT_COST",
    "CHOICES",
    "SCENARIOS",
    "Round",
    "Scenario",
    "best_plan",
    "lesson",
    "play",
    "replay",
    "summary",
    "world",
]

#: The choices, by the letter a decision is written with (and the key that makes it on the page).
CHOICES = {"K": "keep", "R": "retrain", "B": "roll back", "H": "hold and alert"}
#: What an alert costs: an engineer's and the upstream team's time (half a retrain).
ALERT_COST = 50
#: The input the broken-feature scenario's pipeline delivers wrong (0 is the first input).
BROKEN_INPUT = 0


@dataclass(frozen=True)
class Scenario:
    """One on-call shift: a lab world, what the engineer is told, and what goes wrong."""

    key: str
    title: str
    #: what the engineer on call is told before week 1
    briefing: str
    drift: float = 0.0
    shift: float = 0.0
    label_delay: int = 1
    #: a sudden shift: the rule turns ``jump_degrees`` at once before week ``jump_week``
    jump_week: int | None = None
    jump_degrees: float = 0.0
    #: from week ``break_week`` on, upstream delivers input 1 as 0 for every customer
    break_week: int | None = None
    weeks: int = 12

    def settings(self, seed: int = 7) -> Settings:
        """The lab's settings of this world (its four policies keep the lab's defaults)."""
        return Settings(weeks=self.weeks, drift=self.drift, shift=self.shift,
                        label_delay=self.label_delay, seed=seed)  # fmt: skip


SCENARIOS = {
    s.key: s
    for s in (
        Scenario(
            "steady",
            "Steady concept drift",
            "The rule that labels customers turns a little every week. Labels arrive a week late.",
            drift=12,
        ),
        Scenario(
            "sudden",
            "A sudden shift",
            "A competitor launched this quarter. Things may change at once. Labels arrive a week late.",
            jump_week=6,
            jump_degrees=60,
        ),
        Scenario(
            "covariate",
            "New customers, same rule",
            "Marketing is bringing in a new kind of customer, more every week. Labels arrive a week late.",
            shift=0.15,
        ),
        Scenario(
            "late-labels",
            "Labels arrive late",
            "The rule drifts every week, and a customer's true label is known only four weeks later.",
            drift=12,
            label_delay=4,
        ),
        Scenario(
            "broken",
            "A broken upstream feature",
            "A quiet quarter, they said. The data comes from another team's pipeline. Labels arrive a week late.",
            break_week=6,
        ),
    )
}


def _scenario(scenario: str | Scenario) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}: one of {', '.join(SCENARIOS)}")
    return SCENARIOS[scenario]


def world(scenario: str | Scenario, seed: int = 7) -> list[Batch]:
    """The true weeks 0 to ``weeks`` of a scenario (what the customers are, before any pipeline)."""
    return list(_world(_scenario(scenario), seed))


@cache
def _world(s: Scenario, seed: int) -> tuple[Batch, ...]:
    """Drawn once per scenario and seed: every step of a round replays it (batches are frozen)."""
    settings = s.settings(seed)
    steps = [max(0, week - 1) for week in range(s.weeks + 1)]
    jump = [s.jump_degrees if s.jump_week is not None and week >= s.jump_week else 0.0
            for week in range(s.weeks + 1)]  # fmt: skip
    angles = [s.drift * step + j for step, j in zip(steps, jump, strict=True)]
    return tuple(draw_weeks(settings, angles, [s.shift * step for step in steps]))


# Every step of a round replays it, and the end replays several plans: what a week's batch looks
# broken, and the drift statistic of a batch against a reference, are kept per object (the objects
# themselves are kept beside, so their ids stay theirs).
_BROKEN: dict[int, tuple[Batch, Batch]] = {}
_DRIFT: dict[tuple[int, int, str], tuple[Batch, Batch, float]] = {}


def _broken(batch: Batch) -> Batch:
    """``batch`` as a broken pipeline delivers it: input 1 is 0 for every customer."""
    if id(batch) not in _BROKEN:
        points = tuple((0.0, p[1]) if BROKEN_INPUT == 0 else (p[0], 0.0) for p in batch.points)
        _BROKEN[id(batch)] = (batch, replace(batch, points=points))
    return _BROKEN[id(batch)][1]


def _drift(reference: Batch, batch: Batch, statistic: str) -> float:
    key = (id(reference), id(batch), statistic)
    if key not in _DRIFT:
        _DRIFT[key] = (reference, batch, input_drift(reference, batch, statistic))
    return _DRIFT[key][2]


def _delivered(s: Scenario, truth: Sequence[Batch], week: int, fixed_from: int | None) -> Batch:
    broken = s.break_week is not None and week >= s.break_week and (fixed_from is None or week < fixed_from)
    return _broken(truth[week]) if broken else truth[week]


@dataclass(frozen=True)
class _Version:
    model: CentroidModel
    data: Batch  # what it was trained on, as delivered: the drift monitor's reference


@dataclass(frozen=True)
class _Served:
    week: int
    correct: int
    n: int
    trained_on: int
    drift: float


class Round:
    """One round of a scenario from a seed. ``decide`` one letter of :data:`CHOICES` per week."""

    def __init__(self, scenario: str | Scenario, seed: int = 7, *, stream: Sequence[Batch] | None = None):
        self.scenario = _scenario(scenario)
        self.seed = seed
        self.settings = self.scenario.settings(seed)
        #: the true weeks (``stream`` replaces them, for experiments and tests)
        self.truth = list(stream) if stream is not None else world(self.scenario, seed)
        if len(self.truth) != self.scenario.weeks + 1:
            raise ValueError(f"the stream needs weeks 0 to {self.scenario.weeks}")
        self.fixed_from: int | None = None
        launch = self._delivered(0)
        self._versions = [_Version(train(launch), launch)]
        self._served: list[_Served] = []
        self.decisions = ""
        self.retrains = self.alerts = self.rollbacks = 0
        self.message = f"Week 1 is served by the launch model. {self.scenario.briefing}"
        self._serve()

    # --- the world as the pipeline delivers it

    def _delivered(self, week: int) -> Batch:
        return _delivered(self.scenario, self.truth, week, self.fixed_from)

    def _serve(self) -> None:
        week = len(self._served) + 1
        batch = self._delivered(week)
        version = self._versions[-1]
        drift = _drift(version.data, batch, self.settings.drift_statistic)
        self._served.append(_Served(week, version.model.correct(batch), len(batch), version.data.week, drift))

    # --- playing

    @property
    def week(self) -> int:
        """The week just served."""
        return len(self._served)

    @property
    def over(self) -> bool:
        return self.week >= self.scenario.weeks

    @property
    def newest_labelled(self) -> int:
        """The newest week whose labels have arrived (0 or less: none yet)."""
        return self.week - self.scenario.label_delay

    def decide(self, choice: str) -> str:
        """Make the decision for the next week (a letter of :data:`CHOICES`, or its name) and
        serve that week. Returns what happened, in words."""
        letter = _letter(choice)
        if self.over:
            raise ValueError("the round is over: no decision after the last week")
        week, labelled = self.week, self.newest_labelled
        if letter == "R":
            if labelled >= 1:
                data = self._delivered(labelled)
                self._versions.append(_Version(train(data), data))
                self.retrains += 1
                message = f"Retrained on week {labelled}: the new model serves week {week + 1}."
            else:
                message = "No week's labels have arrived yet: nothing to retrain on, so the model was kept."
        elif letter == "B":
            if len(self._versions) > 1:
                self._versions.pop()
                self.rollbacks += 1
                message = f"Rolled back to the model trained on week {self._versions[-1].data.week}."
            else:
                message = "There is no earlier version to roll back to: the model was kept."
        elif letter == "H":
            self.alerts += 1
            s = self.scenario
            if s.break_week is not None and week >= s.break_week and self.fixed_from is None:
                self.fixed_from = week + 1
                message = (f"Pipeline held, upstream alerted: input 1 was arriving as 0. "
                           f"They fixed it for week {week + 1}.")  # fmt: skip
            else:
                message = "Pipeline held, upstream alerted: they found nothing wrong (a false alarm)."
        else:
            message = "Kept serving."
        self.decisions += letter
        self._serve()
        self.message = message
        return message

    # --- what the engineer on call sees

    def observe(self) -> dict[str, object]:
        """The dashboard after the week just served: only what is known then (see the module)."""
        s = self.scenario
        rows = []
        for served in self._served:
            labelled = served.week <= self.newest_labelled
            rows.append({
                "week": served.week,
                "accuracy": f"{served.correct / served.n:.2f}" if labelled else None,
                "labels_in": None if labelled else served.week + s.label_delay,
                "drift": f"{served.drift:.2f}",
                "decision": self.decisions[served.week - 1] if served.week <= len(self.decisions) else None,
            })  # fmt: skip
        return {
            "scenario": s.key,
            "title": s.title,
            "seed": self.seed,
            "week": self.week,
            "weeks": s.weeks,
            "over": self.over,
            "label_delay": s.label_delay,
            "statistic": "PSI" if self.settings.drift_statistic == "psi" else "KS",
            "rows": rows,
            "serving": self._versions[-1].data.week,
            "retrains": self.retrains,
            "alerts": self.alerts,
            "cost": self.cost,
            "can_retrain": self.newest_labelled >= 1,
            "can_roll_back": len(self._versions) > 1,
            "decisions": self.decisions,
            "message": self.message,
        }

    # --- the score (after the round, or so far)

    @property
    def cost(self) -> int:
        return int(self.retrains * self.settings.cost_per_retrain + self.alerts * ALERT_COST)

    @property
    def accuracies(self) -> list[float]:
        return [w.correct / w.n for w in self._served]

    @property
    def served_correctly(self) -> int:
        """Customers served correctly: accuracy-weeks times the batch size."""
        return sum(w.correct for w in self._served)

    @property
    def score(self) -> int:
        return self.served_correctly - self.cost

    def comparison(self) -> list[dict[str, object]]:
        """The table at the end: this round, the lab's four policies and the best plan in
        hindsight, on the same world and seed, with every number as the page shows it."""
        if not self.over:
            raise ValueError("the round is not over yet")
        rows = [_row("You", self.accuracies, self.served_correctly, self.retrains, self.alerts, self.cost, mine=True)]
        for run in policies(self.scenario, self.seed).runs:
            cost = int(run.retrains * self.settings.cost_per_retrain)
            correct = sum(w.correct for w in run.weeks)
            rows.append(_row(run.policy, run.accuracies, correct, run.retrains, 0, cost))
        plan = best_plan(self.scenario, self.seed)
        rows.append(_row("Best in hindsight", plan.accuracies, plan.served_correctly, plan.retrains,
                         plan.alerts, plan.cost))  # fmt: skip
        return rows

    def chart(self, width: int = 640, theme: str = "auto") -> str:
        """Accuracy per week: this round and the four policies, the decisions marked on it."""
        runs = policies(self.scenario, self.seed).runs
        series = {"You": self.accuracies} | {run.policy: run.accuracies for run in runs}
        svg = line_chart(
            series,
            x_values=[w.week for w in self._served],
            title="Accuracy per week",
            x_label="week",
            y_label="accuracy",
            width=width,
            height=300 + 22 * 3,
            theme=theme,
        )
        return _mark_decisions(svg, self.decisions, theme)

    def alt_text(self) -> str:
        """The chart in words."""
        parts = [f"Line chart of your accuracy per week beside the four policies, weeks 1 to "
                 f"{self.scenario.weeks}, {self.scenario.title}."]  # fmt: skip
        for row in self.comparison()[:-1]:
            parts.append(f"{row['who']}: mean accuracy {row['mean']}, score {row['score']}.")
        parts.append("Your decisions: " + _plan_words(self.decisions) + ".")
        return " ".join(parts)

    def for_browser(self, width: int = 640) -> dict[str, object]:
        """What the page shows: the dashboard, and at the end the table, the chart and the lesson."""
        out = self.observe()
        if self.over:
            width = max(300, min(int(width), 960))
            out |= {
                "table": self.comparison(),
                "score": self.score,
                "alt": self.alt_text(),
                "light": svg_data_url(self.chart(width, "light")),
                "dark": svg_data_url(self.chart(width, "dark")),
                "lesson": lesson(self.scenario, self.seed),
            }
        return out


def _letter(choice: str) -> str:
    if isinstance(choice, str):
        for letter, name in CHOICES.items():
            if choice.strip().upper() == letter or choice.strip().lower() in (name, name.split()[0]):
                return letter
    raise ValueError(f"a decision is one of {', '.join(f'{k} ({v})' for k, v in CHOICES.items())}, got {choice!r}")


def _row(who: str, accuracies: Sequence[float], correct: int, retrains: int, alerts: int, cost: int,
         mine: bool = False) -> dict[str, object]:  # fmt: skip
    return {
        "who": who,
        "mean": f"{sum(accuracies) / len(accuracies):.2f}",
        "served": f"{correct:,}",
        "retrains": retrains,
        "alerts": alerts,
        "cost": f"{cost:,}",
        "score": f"{correct - cost:,}",
        "value": correct - cost,
        "you": mine,
    }


def _mark_decisions(svg: str, decisions: str, theme: str) -> str:
    """Write each decision's letter above the first series' point of the week it was made."""
    found = re.search(r'<polyline points="([^"]+)"', svg)
    if not found:
        return svg
    points = [tuple(float(v) for v in p.split(",")) for p in found.group(1).split()]
    ink = {"dark": "#DDDDDD", "light": "#333333"}.get(theme, "#6B6B6B")
    halo = {"dark": ' stroke="#1E2029"', "light": ' stroke="#FFFFFF"'}.get(theme, "")
    marks = []
    for (x, y), letter in zip(points, decisions, strict=False):
        if letter == "K":
            continue
        ty = y - 10 if y > 50 else y + 18
        marks.append(f'<text x="{x:.1f}" y="{ty:.1f}" fill="{ink}"{halo} stroke-width="3" paint-order="stroke" '
                     f'font-weight="bold" text-anchor="middle">{letter}</text>')  # fmt: skip
    return svg.replace("</svg>", "\n".join(marks) + "\n</svg>") if marks else svg


# --- the comparison ----------------------------------------------------------------------------


@cache
def policies(scenario: str | Scenario, seed: int = 7):
    """The lab's four policies on this scenario's world. They never alert, so a broken feature
    stays broken for them."""
    s = _scenario(scenario)
    truth = world(s, seed)
    delivered = [_delivered(s, truth, week, None) for week in range(len(truth))]
    return run_policies(delivered, s.settings(seed))


def play(scenario: str | Scenario, seed: int, decisions: str | Sequence[str]) -> Round:
    """A round with these decisions made, one per week from week 1 (fewer: the round goes on)."""
    r = Round(scenario, seed)
    for choice in decisions:
        r.decide(choice)
    return r


def replay(scenario: str | Scenario, seed: int = 7, decisions: str = "") -> Round:
    """The same as :func:`play`: a round is its scenario, seed and decisions."""
    return play(scenario, seed, decisions)


@cache
def best_plan(scenario: str | Scenario, seed: int = 7) -> Round:
    """The best round in hindsight, knowing every week in advance: the plan of keeps, retrains and
    holds with the highest score (a roll-back only undoes a retrain that hindsight never makes).
    Ties go to the plan that acts later and less. Found by dynamic programming over the model
    serving and the week a broken feature is fixed from."""
    s = _scenario(scenario)
    truth = world(s, seed)
    settings = s.settings(seed)
    last = s.weeks

    @cache
    def delivered(week: int, fixed_from: int | None) -> Batch:
        return _delivered(s, truth, week, fixed_from)

    @cache
    def model(week: int, fixed_from: int | None) -> CentroidModel:
        return train(delivered(week, fixed_from))

    @cache
    def correct(trained: tuple[int, int | None], week: int, fixed_from: int | None) -> int:
        return model(*trained).correct(delivered(week, fixed_from))

    @cache
    def best(week: int, trained: tuple[int, int | None], fixed_from: int | None) -> tuple[int, str]:
        """The best (score from week + 1 on, letters) after serving ``week`` with ``trained``."""
        if week == last:
            return 0, ""
        options = [("K", trained, fixed_from, 0)]
        labelled = week - s.label_delay
        if labelled >= 1:
            options.append(("R", (labelled, fixed_from), fixed_from, int(settings.cost_per_retrain)))
        if s.break_week is not None and week >= s.break_week and fixed_from is None:
            options.append(("H", trained, week + 1, ALERT_COST))
        results = []
        for letter, model_key, fixed, cost in options:
            gain = correct(model_key, week + 1, fixed) - cost
            rest, letters = best(week + 1, model_key, fixed)
            results.append((gain + rest, letter + letters))
        top = max(value for value, _ in results)
        return next(r for r in results if r[0] == top)  # the first: K before R before H

    launch = (0, None)
    _, letters = best(1, launch, None)
    return play(s, seed, letters)


def _weeks_words(weeks: Sequence[int]) -> str:
    if len(weeks) == 1:
        return f"week {weeks[0]}"
    return "weeks " + ", ".join(str(w) for w in weeks[:-1]) + f" and {weeks[-1]}"


def _plan_words(decisions: str) -> str:
    """``"KKRKH"`` as words: "retrain after week 3, hold and alert after week 5"."""
    acts = {}
    for week, letter in enumerate(decisions, start=1):
        if letter != "K":
            acts.setdefault(letter, []).append(week)
    if not acts:
        return "keep serving every week"
    return ", ".join(f"{CHOICES[letter]} after {_weeks_words(weeks)}" for letter, weeks in acts.items())


def lesson(scenario: str | Scenario, seed: int = 7) -> str:
    """One sentence on the best move in this scenario and why, with the numbers of real runs."""
    s = _scenario(scenario)
    plan = best_plan(s, seed)
    runs = policies(s, seed).runs
    cost = s.settings(seed).cost_per_retrain
    scores = {run.policy: sum(w.correct for w in run.weeks) - int(run.retrains * cost) for run in runs}
    top = max(scores, key=lambda name: scores[name])
    never, always = play(s, seed, "K" * (s.weeks - 1)), play(s, seed, "R" * (s.weeks - 1))
    best = f"The best plan in hindsight is to {_plan_words(plan.decisions)} (score {plan.score:,})"
    if s.key == "covariate":
        drift = runs[3]
        why = (f"only the inputs moved and the launch model still follows the rule, so the input-drift "
               f"policy's {drift.retrains} retrains (PSI up to {max(policies(s, seed).drift_scores):.2f}) "
               f"bought no accuracy: mean {drift.mean_accuracy:.2f} against {runs[0].mean_accuracy:.2f} "
               f"for never retraining")  # fmt: skip
    elif s.key == "broken":
        week = plan.decisions.index("H") + 1
        seen = plan._served[week - 1].drift
        before = plan._served[week - 2].drift
        why = (f"the PSI leapt from {before:.2f} to {seen:.2f} in one week, a jump no population "
               f"makes: the pipeline broke, and retraining every week learns the broken input "
               f"(score {always.score:,}) while holding gets it fixed and the launch model back")  # fmt: skip
    elif s.key == "sudden":
        why = (f"the rule jumped once, before week {s.jump_week}, so a retrain as soon as the "
               f"first labelled week after the jump shows the drop is worth far more than a "
               f"schedule: never retraining scores {never.score:,}, retraining every week "
               f"{always.score:,}")  # fmt: skip
    elif s.key == "late-labels":
        why = (f"with labels {s.label_delay} weeks late the dashboard shows a drop a month after it "
               f"happened and every retrain learns a rule {s.label_delay * s.drift:g} degrees out "
               f"of date, so retraining every week scores {always.score:,}, less than never "
               f"retraining ({never.score:,}), and the accuracy trigger's {runs[2].retrains} "
               f"retrains score {scores[runs[2].policy]:,}")  # fmt: skip
    else:
        gained = always.served_correctly - never.served_correctly
        why = (f"the rule turns {s.drift:g} degrees a week, so a model ages steadily and a retrain "
               f"every few weeks pays; retraining every week scores {always.score:,}: its "
               f"{always.retrains} retrains cost {always.cost:,} and serve {gained:,} more customers "
               f"correctly than never retraining ({never.score:,})")  # fmt: skip
    return f"{best}, against {scores[top]:,} for the best fixed policy ({top}): {why}."


def summary(seed: int = 7) -> str:
    """One line per scenario: its title, never / always / the best plan's scores, and the plan."""
    lines = []
    for s in SCENARIOS.values():
        never, always = play(s, seed, "K" * (s.weeks - 1)), play(s, seed, "R" * (s.weeks - 1))
        plan = best_plan(s, seed)
        lines.append(f"{s.title}: never {never.score:,}, always {always.score:,}, best {plan.score:,} "
                     f"({_plan_words(plan.decisions)})")  # fmt: skip
    return "\n".join(lines)
