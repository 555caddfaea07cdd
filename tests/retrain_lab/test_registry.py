"""retrain_lab/registry.py: versions, aliases, gated promotion and rollback."""

from __future__ import annotations

import pytest

from retrain_lab import registry


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
