from retrain_lab import Registry

# The champion scores 0.91 and the challenger 0.87 on the same newest labelled
# data (1,000 rows); the rule: promote only if strictly better, by at least
# one point (min_gain=0.01).
registry = Registry()
registry.register("churn", correct=910, n=1000)
registry.promote_if_better("churn", 1)
registry.register("churn", correct=870, n=1000)
decision = registry.promote_if_better("churn", 2, min_gain="0.01")

kept = len(registry.versions("churn")) == 2
if decision.promoted:
    print("Promote the challenger")
elif kept and registry.alias("churn", "champion").version == 1:
    print("Keep the champion serving; keep the challenger registered")
