from retrain_lab import PairedComparison, Registry

registry = Registry()
v1 = registry.register("churn", correct=930, n=1000, holdout="week 1")
print(registry.promote_if_better("churn", v1.version))
#> PROMOTE: v1 is the first champion

# Week 6's 1000 labelled rows: neither model trained on them. The
# challenger is one point better, but the two disagree on 50 rows.
week6 = PairedComparison(
    "week 6", both_right=910, champion_only=20, challenger_only=30, both_wrong=40
)
v2 = registry.register("churn", correct=940, n=1000, holdout="week 6")
print(registry.evaluate("churn", v2.version, min_gain=0.01, evidence=week6))
'''
KEEP: v2 vs v1 on week 6 (1000 rows)
  940 vs 930 correct: gain +1.00 pp (need +1.00 pp)
  McNemar p = 0.203 (need < 0.05)
'''
# The gain is exactly the minimum: counts compare exactly, floats do not.
print("0.94 - 0.93 >= 0.01 with floats:", 0.94 - 0.93 >= 0.01)
#> 0.94 - 0.93 >= 0.01 with floats: False

# Week 7: a challenger retrained on week 6, against the champion v1.
week7 = PairedComparison(
    "week 7", both_right=850, champion_only=12, challenger_only=61, both_wrong=77
)
v3 = registry.register("churn", correct=911, n=1000, holdout="week 7")
print(registry.evaluate("churn", v3.version, min_gain=0.01, evidence=week7))
'''
PASS: v3 vs v1 on week 7 (1000 rows)
  911 vs 862 correct: gain +4.90 pp (need +1.00 pp)
  McNemar p < 0.001 (need < 0.05)
'''

# Canary: v3 answers 5% of live requests; the alias still points at v1.
traffic = {"v1": 95, "v3": 5}
print("canary:", traffic)
#> canary: {'v1': 95, 'v3': 5}
canary_ok = True  # v3's live error rate stayed in line with v1's; try False
if not canary_ok:
    traffic = {"v1": 100, "v3": 0}  # a failed canary: nothing to roll back
else:
    registry.promote_if_better("churn", v3.version, min_gain=0.01, evidence=week7)
    traffic = {"v3": 100}
print("traffic:", traffic)
#> traffic: {'v3': 100}
print("serving:", registry.resolve("models:/churn@champion"))
#> serving: churn v3 (911/1000 = 0.911)

# Weeks later, monitoring shows v3 failing on live data: roll back.
print("rolled back to:", registry.rollback("churn"))
#> rolled back to: churn v1 (930/1000 = 0.930)
print("versions:", [v.version for v in registry.versions("churn")])
#> versions: [1, 2, 3]
print("aliases:", registry.aliases("churn"))
#> aliases: {'champion': 1}
