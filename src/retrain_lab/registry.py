"""A tiny model registry with versions, aliases, gated promotion and rollback.

It mirrors the ideas of the MLflow Model Registry:

* registering a model under a name creates the next version (1, 2, 3, ...); versions only go up
  and are never reused or deleted;
* an alias such as ``champion`` is a movable pointer to one version, so serving code can load
  ``models:/churn@champion`` without knowing the number;
* :meth:`Registry.evaluate` compares a challenger with the champion and moves nothing;
  :meth:`Registry.promote_if_better` moves the alias to the challenger only when it is
  *strictly* better, by at least ``min_gain``, on the *same* holdout set (champion /
  challenger): a tie keeps the champion. Given the ``evidence`` of a :class:`PairedComparison`
  (both models on the same, newest labelled rows), it also asks McNemar's test whether the gain
  is more than noise. In a real pipeline a canary (a small share of live traffic) comes between
  the two: evaluate, canary, and only then move the alias;
* :meth:`Registry.rollback` moves the alias back to the version it pointed at before: the
  rollback of a promoted version that then failed in monitoring. MLflow itself keeps every
  version and each alias's *current* target only, not where an alias pointed before; this
  registry keeps that history for you, which in MLflow you record yourself (a tag on the new
  version, or a second alias such as ``previous-champion``).

MLflow's older stages (Staging, Production) are deprecated since MLflow 2.9 in favour of aliases.
A ``models:/name@alias`` reference is resolved when a model is *loaded*: a server that loaded the
champion keeps serving that version until it reloads.

Why a paired test: an accuracy measured on ``n`` rows has a standard error of about
``sqrt(p (1 - p) / n)``, 0.8 points at ``p = 0.93, n = 1000``, so a one-point gain can be luck.
Both models predict the *same* rows, so only the rows where they disagree carry information:
:func:`mcnemar_p` tests whether the challenger's wins there outnumber its losses by more than
chance. And under drift the rows should be the newest labelled window that neither model trained
on: an old, fixed holdout comes from the world the champion learned and favours it.

Scores are stored as integer counts (``correct`` predictions out of ``n``) and compared exactly
with :class:`fractions.Fraction`, so a gain of exactly the threshold passes. With floats it
may not: ``0.94 - 0.93`` is 0.009999999999999898, so ``0.94 - 0.93 >= 0.01`` is False, while
``0.90 - 0.89`` is 0.010000000000000009.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .drift import as_fraction

__all__ = [
    "Decision",
    "ModelVersion",
    "PairedComparison",
    "Registry",
    "RegistryError",
    "compare",
    "mcnemar_p",
]


def mcnemar_p(challenger_only: int, champion_only: int) -> float:
    """Exact two-sided p-value of McNemar's test for two models scored on the same rows.

    ``challenger_only`` (b) counts rows only the challenger got right, ``champion_only`` (c)
    rows only the champion got right; rows both got right or both got wrong say nothing about
    which is better. If the models were equally good, each of the ``b + c`` disagreements would
    go either way with probability 1/2, so ``min(b, c)`` follows a binomial distribution::

        p = min(1, 2 * sum_{k=0}^{min(b, c)} C(b + c, k) / 2 ** (b + c))

    (McNemar 1947; the exact binomial form, e.g. Fagerland, Lydersen & Laake 2013, BMC Medical
    Research Methodology 13:91). No disagreement at all gives ``p = 1``.

    >>> mcnemar_p(9, 1)  # 2 * (1 + 10) / 1024
    0.021484375
    """
    for count in (challenger_only, champion_only):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError("McNemar's test needs two counts of rows, 0 or more")
    n = challenger_only + champion_only
    if n == 0:
        return 1.0
    k = min(challenger_only, champion_only)
    tail = Fraction(sum(math.comb(n, i) for i in range(k + 1)), 2**n)
    return float(min(Fraction(1), 2 * tail))


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


@dataclass(frozen=True)
class PairedComparison:
    """Champion and challenger scored on the same ``n`` labelled rows (McNemar's 2x2 table)."""

    window: str
    both_right: int
    champion_only: int
    challenger_only: int
    both_wrong: int

    def __post_init__(self) -> None:
        cells = (self.both_right, self.champion_only, self.challenger_only, self.both_wrong)
        if any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in cells):
            raise ValueError("the four cells must be counts of rows, 0 or more")
        if sum(cells) == 0:
            raise ValueError("a comparison needs at least one row")

    @property
    def n(self) -> int:
        return self.both_right + self.champion_only + self.challenger_only + self.both_wrong

    @property
    def champion_correct(self) -> int:
        return self.both_right + self.champion_only

    @property
    def challenger_correct(self) -> int:
        return self.both_right + self.challenger_only

    @property
    def gain(self) -> Fraction:
        """Challenger accuracy minus champion accuracy, exactly."""
        return Fraction(self.challenger_only - self.champion_only, self.n)

    @property
    def p_value(self) -> float:
        """McNemar's exact two-sided p-value (:func:`mcnemar_p`)."""
        return mcnemar_p(self.challenger_only, self.champion_only)

    def __str__(self) -> str:
        return (
            f"{self.window}, {self.n} rows: champion {self.champion_correct} correct, "
            f"challenger {self.challenger_correct}\n"
            f"  right only by the challenger: {self.challenger_only}, "
            f"only by the champion: {self.champion_only}\n"
            f"  McNemar {_p_text(self.p_value)}"
        )


def compare(
    labels: Sequence[int],
    champion_predictions: Sequence[int],
    challenger_predictions: Sequence[int],
    window: str = "holdout",
) -> PairedComparison:
    """Count, row by row, which of the two models is right: the table McNemar's test needs."""
    if not len(labels) == len(champion_predictions) == len(challenger_predictions):
        raise ValueError("labels and both models' predictions must have one entry per row")
    cells = [0, 0, 0, 0]  # both right, champion only, challenger only, both wrong
    for y, old, new in zip(labels, champion_predictions, challenger_predictions, strict=True):
        cells[{(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}[(old == y, new == y)]] += 1
    return PairedComparison(window, *cells)


class RegistryError(LookupError):
    """An unknown model, version or alias, or a rollback with nothing to roll back to."""


@dataclass(frozen=True)
class ModelVersion:
    """One registered version and its score on a named holdout set."""

    name: str
    version: int
    correct: int
    n: int
    holdout: str
    note: str = ""

    @property
    def score(self) -> Fraction:
        """Exact accuracy ``correct / n``."""
        return Fraction(self.correct, self.n)

    @property
    def accuracy(self) -> float:
        """Accuracy as a float, for display."""
        return self.correct / self.n

    def __str__(self) -> str:
        return f"{self.name} v{self.version} ({self.correct}/{self.n} = {self.accuracy:.3f})"


@dataclass(frozen=True)
class Decision:
    """The outcome of a comparison. ``promoted`` is True when the challenger won; ``moved``
    says whether the alias was moved (:meth:`Registry.promote_if_better`) or not yet
    (:meth:`Registry.evaluate`)."""

    promoted: bool
    champion: ModelVersion
    challenger: ModelVersion
    reason: str
    moved: bool = True

    def __str__(self) -> str:
        if not self.promoted:
            verdict = "KEEP"
        else:
            verdict = "PROMOTE" if self.moved else "PASS"
        return f"{verdict}: {self.reason}"


class Registry:
    """Versions, aliases and an event log for any number of model names."""

    def __init__(self) -> None:
        self._versions: dict[str, list[ModelVersion]] = {}
        self._aliases: dict[tuple[str, str], int] = {}
        self._history: dict[tuple[str, str], list[int]] = {}
        self.events: list[str] = []

    # --- versions -------------------------------------------------------------------------
    def register(self, name: str, correct: int, n: int, *, holdout: str = "holdout", note: str = "") -> ModelVersion:
        """Add the next version of ``name`` with its score ``correct`` out of ``n``."""
        if not name:
            raise ValueError("a model needs a name")
        if isinstance(correct, bool) or isinstance(n, bool):
            raise TypeError("correct and n must be integers")
        if not isinstance(correct, int) or not isinstance(n, int):
            raise TypeError("correct and n must be integers (counts, not rates)")
        if n <= 0 or not 0 <= correct <= n:
            raise ValueError("need 0 <= correct <= n and n > 0")
        versions = self._versions.setdefault(name, [])
        mv = ModelVersion(name, len(versions) + 1, correct, n, holdout, note)
        versions.append(mv)
        self.events.append(f"registered {mv}")
        return mv

    def versions(self, name: str) -> list[ModelVersion]:
        """All versions of ``name``, oldest first."""
        if name not in self._versions:
            raise RegistryError(f"no model named {name!r}")
        return list(self._versions[name])

    def get(self, name: str, version: int) -> ModelVersion:
        """Version ``version`` of ``name``."""
        versions = self.versions(name)
        if not 1 <= version <= len(versions):
            raise RegistryError(f"{name!r} has no version {version}")
        return versions[version - 1]

    # --- aliases --------------------------------------------------------------------------
    def set_alias(self, name: str, alias: str, version: int) -> ModelVersion:
        """Point ``alias`` at ``version`` (remembering where it pointed, for rollback)."""
        mv = self.get(name, version)
        key = (name, alias)
        old = self._aliases.get(key)
        if old == version:
            return mv
        if old is not None:
            self._history.setdefault(key, []).append(old)
        self._aliases[key] = version
        moved = f" (was v{old})" if old is not None else ""
        self.events.append(f"{name}@{alias} -> v{version}{moved}")
        return mv

    def alias(self, name: str, alias: str) -> ModelVersion | None:
        """The version ``alias`` points at, or None if the alias is not set."""
        version = self._aliases.get((name, alias))
        return None if version is None else self.get(name, version)

    def aliases(self, name: str) -> dict[str, int]:
        """Every alias of ``name`` and the version number it points at, sorted by alias."""
        return {a: v for (n, a), v in sorted(self._aliases.items()) if n == name}

    def resolve(self, uri: str) -> ModelVersion:
        """Resolve ``models:/<name>@<alias>`` or ``models:/<name>/<version>``."""
        if not uri.startswith("models:/"):
            raise RegistryError(f"not a models:/ URI: {uri!r}")
        rest = uri[len("models:/") :]
        if "@" in rest:
            name, alias = rest.split("@", 1)
            mv = self.alias(name, alias)
            if mv is None:
                raise RegistryError(f"{name!r} has no alias {alias!r}")
            return mv
        name, _, version = rest.rpartition("/")
        if not name or not version.isdigit():
            raise RegistryError(f"cannot read {uri!r}")
        return self.get(name, int(version))

    # --- promotion and rollback -----------------------------------------------------------
    def evaluate(
        self,
        name: str,
        version: int,
        *,
        alias: str = "champion",
        min_gain: float | str | Fraction = 0,
        evidence: PairedComparison | None = None,
        alpha: float | str | Fraction = "0.05",
    ) -> Decision:
        """Would ``version`` replace the version ``alias`` points at? Moves nothing.

        The challenger must be *strictly* better, and by at least ``min_gain``: a tie keeps the
        champion, whatever ``min_gain`` is. Without ``evidence`` both versions' registered
        scores must come from the same holdout (same name and size) and are compared exactly.

        With ``evidence`` (both models on the same, newest labelled rows) the registered scores
        are not used: the challenger must gain more than nothing and at least ``min_gain`` on
        those rows, *and* McNemar's test must find the gain unlikely to be chance
        (``p < alpha``). With no champion yet, the challenger wins.
        """
        challenger = self.get(name, version)
        champion = self.alias(name, alias)
        gain_needed = as_fraction(min_gain)
        if champion is None:
            return Decision(True, challenger, challenger, f"v{version} is the first {alias}", moved=False)
        if champion.version == version:
            return Decision(False, champion, challenger, f"v{version} is already {alias}", moved=False)
        if evidence is not None:
            return self._evaluate_on_evidence(champion, challenger, evidence, gain_needed, as_fraction(alpha))
        if challenger.holdout != champion.holdout or challenger.n != champion.n:
            raise ValueError(
                f"v{challenger.version} and v{champion.version} were scored on different "
                f"holdouts ({challenger.holdout}/{challenger.n} vs "
                f"{champion.holdout}/{champion.n}); scores are not comparable"
            )
        gain = challenger.score - champion.score
        detail = (
            f"v{challenger.version} {challenger.correct}/{challenger.n} vs "
            f"v{champion.version} {champion.correct}/{champion.n}: "
            f"gain {_signed(gain)}, need {_need(gain_needed)}"
        )
        return Decision(gain > 0 and gain >= gain_needed, champion, challenger, detail, moved=False)

    def promote_if_better(
        self,
        name: str,
        version: int,
        *,
        alias: str = "champion",
        min_gain: float | str | Fraction = 0,
        evidence: PairedComparison | None = None,
        alpha: float | str | Fraction = "0.05",
    ) -> Decision:
        """:meth:`evaluate`, then move ``alias`` to ``version`` if the challenger won.

        Strictly better by at least ``min_gain``: a tie keeps the champion. Call it once the
        challenger's canary went well; a failed canary never reaches this step.
        """
        decision = self.evaluate(name, version, alias=alias, min_gain=min_gain, evidence=evidence, alpha=alpha)
        if decision.promoted:
            self.set_alias(name, alias, version)
            return Decision(True, decision.champion, decision.challenger, decision.reason)
        if decision.champion.version != version:
            one_line = " ".join(decision.reason.split())
            self.events.append(f"kept {name}@{alias} at v{decision.champion.version} ({one_line})")
        return decision

    def _evaluate_on_evidence(
        self,
        champion: ModelVersion,
        challenger: ModelVersion,
        evidence: PairedComparison,
        gain_needed: Fraction,
        alpha: Fraction,
    ) -> Decision:
        if not 0 < alpha < 1:
            raise ValueError("alpha must be between 0 and 1")
        gain, p = evidence.gain, evidence.p_value
        detail = (
            f"v{challenger.version} vs v{champion.version} on {evidence.window} "
            f"({evidence.n} rows)\n"
            f"  {evidence.challenger_correct} vs {evidence.champion_correct} correct: "
            f"gain {_signed(gain)} (need {_need(gain_needed)})\n"
            f"  McNemar {_p_text(p)} (need < {float(alpha):g})"
        )
        won = gain > 0 and gain >= gain_needed and Fraction(p) < alpha
        return Decision(won, champion, challenger, detail, moved=False)

    def rollback(self, name: str, alias: str = "champion") -> ModelVersion:
        """Move ``alias`` back to the version it pointed at before its last move."""
        history = self._history.get((name, alias))
        if not history:
            raise RegistryError(f"{name}@{alias} has no earlier version to roll back to")
        previous = history.pop()
        current = self._aliases[(name, alias)]
        self._aliases[(name, alias)] = previous
        self.events.append(f"rollback {name}@{alias} -> v{previous} (was v{current})")
        return self.get(name, previous)


def _need(gain_needed: Fraction) -> str:
    """The gain a challenger needs: more than nothing, and at least ``gain_needed``."""
    return f"> {_signed(Fraction(0))}" if gain_needed <= 0 else _signed(gain_needed)


def _signed(x: Fraction) -> str:
    """Format an exact rate difference as percentage points, e.g. ``+1.00 pp``."""
    return f"{float(x) * 100:+.2f} pp"
