from retrain_lab import Registry

registry = Registry()
# Every version is scored on the same 1000 labelled rows.
HOLDOUT = "holdout-2026-11"

v1 = registry.register("churn", correct=930, n=1000, holdout=HOLDOUT)
print(registry.promote_if_better("churn", v1.version))
#> PROMOTE: v1 is the first champion

# A retrained challenger that is worse: registered, but not serving.
v2 = registry.register("churn", correct=912, n=1000, holdout=HOLDOUT)
print(registry.promote_if_better("churn", v2.version, min_gain=0.01))
#> KEEP: v2 912/1000 vs v1 930/1000: gain -1.80 pp, need +1.00 pp

# Exactly one point better. Counts compare exactly; floats say no:
print("0.94 - 0.93 >= 0.01 with floats:", 0.94 - 0.93 >= 0.01)
#> 0.94 - 0.93 >= 0.01 with floats: False
v3 = registry.register("churn", correct=940, n=1000, holdout=HOLDOUT)
print(registry.promote_if_better("churn", v3.version, min_gain=0.01))
#> PROMOTE: v3 940/1000 vs v1 930/1000: gain +1.00 pp, need +1.00 pp
print("serving:", registry.resolve("models:/churn@champion"))
#> serving: churn v3 (940/1000 = 0.940)

# The canary of v3 misbehaves in production: move the alias back.
print("rolled back to:", registry.rollback("churn"))
#> rolled back to: churn v1 (930/1000 = 0.930)
print("versions:", [v.version for v in registry.versions("churn")])
#> versions: [1, 2, 3]
print("aliases:", registry.aliases("churn"))
#> aliases: {'champion': 1}
