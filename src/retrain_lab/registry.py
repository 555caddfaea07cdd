"""A tiny model registry with versions, aliases, gated promotion and rollback.

It mirrors the ideas of the MLflow Model Registry:

* registering a model under a name creates the next version (1, 2, 3, ...); versions only go up
  and are never reused or deleted;
* an alias such as ``champion`` is a movable pointer to one version, so serving code can load
  ``models:/churn@champion`` without knowing the number;
* :meth:`Registry.promote_if_better` moves the alias to a challenger only when it beats the
  champion by at least ``min_gain`` on the *same* holdout set (champion / challenger);
* :meth:`Registry.rollback` moves the alias back to the version it pointed at before.

Scores are stored as integer counts (``correct`` predictions out of ``n``) and compared exactly
with :class:`fractions.Fraction`, so a gain of exactly the threshold passes. With floats it
may not: ``0.94 - 0.93`` is 0.009999999999999898, so ``0.94 - 0.93 >= 0.01`` is False, while
``0.90 - 0.89`` is 0.010000000000000009.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .drift import as_fraction

__all__ = ["Decision", "ModelVersion", "Registry", "RegistryError"]


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
    """The outcome of a promotion attempt."""

    promoted: bool
    champion: ModelVersion
    challenger: ModelVersion
    reason: str

    def __str__(self) -> str:
        verdict = "PROMOTE" if self.promoted else "KEEP"
        return f"{verdict}: {self.reason}"


class Registry:
    """Versions, aliases and an event log for any number of model names."""

    def __init__(self) -> None:
        self._versions: dict[str, list[ModelVersion]] = {}
        self._aliases: dict[tuple[str, str], int] = {}
        self._history: dict[tuple[str, str], list[int]] = {}
        self.events: list[str] = []

    # --- versions -------------------------------------------------------------------------
    def register(
        self, name: str, correct: int, n: int, *, holdout: str = "holdout", note: str = ""
    ) -> ModelVersion:
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
    def promote_if_better(
        self,
        name: str,
        version: int,
        *,
        alias: str = "champion",
        min_gain: float | str | Fraction = 0,
    ) -> Decision:
        """Move ``alias`` to ``version`` only if it beats the current one by ``min_gain``.

        Both must be scored on the same holdout (same name and size). The gain is compared
        exactly: ``challenger - champion >= min_gain``. With ``min_gain=0`` a tie promotes
        ("at least as good"). With no champion yet, the challenger is promoted.
        """
        challenger = self.get(name, version)
        champion = self.alias(name, alias)
        gain_needed = as_fraction(min_gain)
        if champion is None:
            self.set_alias(name, alias, version)
            return Decision(True, challenger, challenger, f"v{version} is the first {alias}")
        if champion.version == version:
            return Decision(False, champion, challenger, f"v{version} is already {alias}")
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
            f"gain {_signed(gain)}, need {_signed(gain_needed)}"
        )
        if gain >= gain_needed:
            self.set_alias(name, alias, version)
            return Decision(True, champion, challenger, detail)
        self.events.append(f"kept {name}@{alias} at v{champion.version} ({detail})")
        return Decision(False, champion, challenger, detail)

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


def _signed(x: Fraction) -> str:
    """Format an exact rate difference as percentage points, e.g. ``+1.00 pp``."""
    return f"{float(x) * 100:+.2f} pp"
