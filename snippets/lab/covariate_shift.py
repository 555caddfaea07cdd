from retrain_lab.lab import run_lab

# Now the rule stands still (drift=0) and only the inputs move:
# 0.15 standard deviations a week, along the boundary.
lab = run_lab(drift=0, shift=0.15)
print(lab.table())
'''
policy                    mean accuracy      worst week  retrains  cost
-----------------------------------------------------------------------
Never retrain                      0.92  0.90 (week 12)         0     0
Every 4 weeks                      0.92  0.89 (week 12)         2   200
Accuracy < 0.85                    0.92  0.90 (week 12)         0     0
Input drift (PSI > 0.25)           0.92  0.90 (week 12)         3   300
'''
print("PSI by week:", " ".join(f"{s:.2f}" for s in lab.drift_scores))
#> PSI by week: 0.03 0.07 0.12 0.40 0.40 0.56 0.92 1.03 1.56 1.62 2.25 2.57
