from retrain_lab import Registry

# Every version is scored on the same 2000 labelled rows. Change the
# counts or the minimum gain and see which model serves.
registry = Registry()
HOLDOUT = "holdout-2026-11"

champion = registry.register("churn", correct=1780, n=2000, holdout=HOLDOUT)
print(registry.promote_if_better("churn", champion.version))
#> PROMOTE: v1 is the first champion

challenger = registry.register("churn", correct=1801, n=2000, holdout=HOLDOUT)
print(registry.promote_if_better("churn", challenger.version, min_gain=0.01))
#> PROMOTE: v2 1801/2000 vs v1 1780/2000: gain +1.05 pp, need +1.00 pp
print("serving:", registry.resolve("models:/churn@champion"))
#> serving: churn v2 (1801/2000 = 0.900)
