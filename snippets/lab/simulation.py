from retrain_lab.lab import Settings, run_lab

# The lab's controls as code: change any of them and press Run.
settings = Settings(
    weeks=12,  # weeks served after launch
    drift=12,  # degrees the labelling rule turns each week
    shift=0.0,  # how far the inputs move each week (standard deviations)
    label_delay=0,  # weeks until a week's true labels arrive
    every=4,  # the schedule: retrain every 4 weeks
    threshold=0.85,  # retrain when accuracy falls below this
    drift_threshold=0.25,  # retrain when the inputs' PSI rises above this
    cost_per_retrain=100,
    seed=7,
)
lab = run_lab(settings)
print(lab.table())
'''
policy                    mean accuracy      worst week  retrains  cost
-----------------------------------------------------------------------
Never retrain                      0.63  0.28 (week 12)         0     0
Every 4 weeks                      0.83   0.68 (week 8)         2   200
Accuracy < 0.85                    0.87  0.80 (week 12)         4   400
Input drift (PSI > 0.25)           0.63  0.28 (week 12)         0     0
'''

# What an input-drift monitor sees: PSI of each week's inputs
# against the launch data (0.25 or more is a "major shift").
print("PSI by week:", " ".join(f"{s:.2f}" for s in lab.drift_scores))
#> PSI by week: 0.03 0.05 0.03 0.04 0.04 0.05 0.05 0.08 0.04 0.04 0.04 0.02
