from retrain_lab import PairedComparison, Registry

# Both versions are scored on the same 2000 newest labelled rows.
registry = Registry()
champion = registry.register("churn", correct=1780, n=2000, holdout="week 9")
print(registry.promote_if_better("churn", champion.version))
#> PROMOTE: v1 is the first champion

# 21 more rows right is not evidence by itself: look at the rows where
# the two models disagree. Change the counts and see which model serves.
week9 = PairedComparison(
    "week 9", both_right=1720, champion_only=60, challenger_only=81, both_wrong=139
)
challenger = registry.register("churn", correct=1801, n=2000, holdout="week 9")
print(registry.promote_if_better("churn", challenger.version, min_gain=0.01, evidence=week9))
'''
KEEP: v2 vs v1 on week 9 (2000 rows)
  1801 vs 1780 correct: gain +1.05 pp (need +1.00 pp)
  McNemar p = 0.092 (need < 0.05)
'''
print("serving:", registry.resolve("models:/churn@champion"))
#> serving: churn v1 (1780/2000 = 0.890)
