"""retrain_lab/registry.py: versions, aliases, gated promotion and rollback."""

from __future__ import annotations

import math
from fractions import Fraction

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
    assert reg.promote_if_better("m", 3).promoted  # min_gain 0: any real gain
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


def test_a_tie_keeps_the_champion_whatever_the_min_gain():
    reg = registry.Registry()
    reg.register("m", 90, 100)
    reg.promote_if_better("m", 1)
    reg.register("m", 90, 100)
    for min_gain in (0, "-0.05", "0.001"):
        decision = reg.promote_if_better("m", 2, min_gain=min_gain)
        assert not decision.promoted and str(decision).startswith("KEEP")
    assert "need > +0.00 pp" in str(reg.promote_if_better("m", 2))
    assert reg.alias("m", "champion").version == 1
    reg.register("m", 91, 100)
    assert reg.promote_if_better("m", 3).promoted  # one more right: strictly better
    tie = registry.PairedComparison("w", 80, 10, 10, 0)
    reg.register("m", 91, 100)
    assert not reg.promote_if_better("m", 4, evidence=tie, alpha="0.99").promoted


def test_evaluate_moves_nothing_so_a_canary_can_come_first():
    reg = registry.Registry()
    reg.register("m", 90, 100)
    assert str(reg.evaluate("m", 1)) == "PASS: v1 is the first champion"
    assert reg.alias("m", "champion") is None  # evaluating never moves the alias
    reg.promote_if_better("m", 1)
    reg.register("m", 95, 100)
    events = list(reg.events)
    decision = reg.evaluate("m", 2)
    assert decision.promoted and not decision.moved
    assert str(decision) == "PASS: v2 95/100 vs v1 90/100: gain +5.00 pp, need > +0.00 pp"
    assert reg.alias("m", "champion").version == 1 and reg.events == events
    # The canary failed: its traffic goes to 0, the alias never moved, nothing to roll back.
    with pytest.raises(registry.RegistryError, match="no earlier version"):
        reg.rollback("m")
    promoted = reg.promote_if_better("m", 2)
    assert promoted.moved and str(promoted).startswith("PROMOTE")


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


# Issue 8: the expert review's corrections

# ------------------------------------------------------------------------ McNemar, by hand


@pytest.mark.parametrize(
    ("challenger_only", "champion_only", "p"),
    [
        (9, 1, 2 * (1 + 10) / 2**10),  # n = 10, k = 1: 2 * (C(10,0) + C(10,1)) / 1024
        (10, 0, 2 / 2**10),  # every disagreement won by the challenger
        (3, 0, 2 / 8),
        (2, 1, 1.0),  # 2 * (1 + 3) / 8 = 1, capped at 1
        (5, 5, 1.0),
        (0, 0, 1.0),  # no disagreement, no evidence
        (30, 20, 2 * sum(math.comb(50, k) for k in range(21)) / 2**50),
    ],
)
def test_mcnemar_exact_p_by_hand(challenger_only, champion_only, p):
    assert registry.mcnemar_p(challenger_only, champion_only) == pytest.approx(p, rel=1e-12)


def test_mcnemar_is_symmetric_and_needs_counts():
    assert registry.mcnemar_p(61, 12) == registry.mcnemar_p(12, 61) < 0.001
    for bad in ((-1, 2), (1.5, 2), (True, 2)):
        with pytest.raises(ValueError):
            registry.mcnemar_p(*bad)


def test_the_same_one_point_gain_can_be_noise_or_not():
    """The concepts page's example: 920 -> 930 of 1000 right, with few or many disagreements."""
    few = registry.PairedComparison("holdout", 920, 0, 10, 70)
    many = registry.PairedComparison("holdout", 900, 20, 30, 50)
    assert few.gain == many.gain == Fraction(1, 100)
    assert few.p_value < 0.01 < 0.2 < many.p_value


# ------------------------------------------------------------------------ paired comparison


def test_compare_counts_each_row_once():
    labels = [1, 0, 1, 1, 0, 0]
    champion = [1, 0, 0, 0, 1, 0]  # right on rows 0, 1, 5
    challenger = [1, 1, 1, 0, 0, 0]  # right on rows 0, 2, 4, 5
    table = registry.compare(labels, champion, challenger, window="week 6")
    assert (table.both_right, table.champion_only, table.challenger_only, table.both_wrong) == (2, 1, 2, 1)
    assert (table.n, table.champion_correct, table.challenger_correct) == (6, 3, 4)
    assert table.gain == Fraction(1, 6)
    assert table.p_value == 1.0
    assert str(table).splitlines() == [
        "week 6, 6 rows: champion 3 correct, challenger 4",
        "  right only by the challenger: 2, only by the champion: 1",
        "  McNemar p = 1.000",
    ]
    with pytest.raises(ValueError, match="one entry per row"):
        registry.compare([1], [1, 0], [1])


def test_paired_comparison_needs_counts():
    with pytest.raises(ValueError):
        registry.PairedComparison("w", 1, -1, 0, 0)
    with pytest.raises(ValueError):
        registry.PairedComparison("w", 0, 0, 0, 0)


# ------------------------------------------------------------------- promotion on evidence


def champion_registry() -> registry.Registry:
    reg = registry.Registry()
    reg.register("churn", 930, 1000, holdout="week 1")
    reg.promote_if_better("churn", 1)
    return reg


def test_a_significant_gain_on_the_newest_window_promotes():
    reg = champion_registry()
    reg.register("churn", 911, 1000, holdout="week 7")  # its own score is below v1's old one
    evidence = registry.PairedComparison("week 7", 850, 12, 61, 77)
    decision = reg.promote_if_better("churn", 2, min_gain="0.01", evidence=evidence)
    assert decision.promoted  # the evidence decides, not the stale week-1 score
    assert reg.alias("churn", "champion").version == 2
    assert decision.reason.splitlines() == [
        "v2 vs v1 on week 7 (1000 rows)",
        "  911 vs 862 correct: gain +4.90 pp (need +1.00 pp)",
        "  McNemar p < 0.001 (need < 0.05)",
    ]


def test_a_gain_that_could_be_noise_keeps_the_champion():
    reg = champion_registry()
    reg.register("churn", 940, 1000, holdout="week 6")
    evidence = registry.PairedComparison("week 6", 910, 20, 30, 40)
    decision = reg.promote_if_better("churn", 2, min_gain=0.01, evidence=evidence)
    assert not decision.promoted  # the gain meets the minimum exactly, the test does not
    assert "gain +1.00 pp (need +1.00 pp)" in decision.reason
    assert "McNemar p = 0.203 (need < 0.05)" in decision.reason
    assert reg.alias("churn", "champion").version == 1
    assert "\n" not in reg.events[-1] and reg.events[-1].startswith("kept churn@champion at v1")


def test_a_significantly_worse_challenger_or_a_too_small_gain_is_kept_out():
    reg = champion_registry()
    reg.register("churn", 880, 1000)
    worse = registry.PairedComparison("week 6", 850, 80, 30, 40)  # significant, the wrong way
    assert worse.p_value < 0.05 and not reg.promote_if_better("churn", 2, evidence=worse).promoted
    small = registry.PairedComparison("week 6", 900, 0, 9, 91)  # p = 2/512, gain 0.9 pp
    assert small.p_value < 0.05
    assert not reg.promote_if_better("churn", 2, min_gain=0.01, evidence=small).promoted
    assert reg.promote_if_better("churn", 2, evidence=small).promoted  # min_gain 0


def test_alpha_is_checked_and_exact():
    reg = champion_registry()
    reg.register("churn", 900, 1000)
    evidence = registry.PairedComparison("w", 900, 0, 5, 95)  # p = 2/32 = 0.0625
    assert not reg.promote_if_better("churn", 2, evidence=evidence).promoted
    assert reg.promote_if_better("churn", 2, evidence=evidence, alpha="0.0625001").promoted
    with pytest.raises(ValueError, match="alpha"):
        reg.promote_if_better("churn", 1, evidence=evidence, alpha=0)  # v1 is no longer champion


def test_without_evidence_the_old_rule_still_needs_the_same_holdout():
    reg = champion_registry()
    reg.register("churn", 940, 1000, holdout="week 6")
    with pytest.raises(ValueError, match="different holdouts"):
        reg.promote_if_better("churn", 2)
