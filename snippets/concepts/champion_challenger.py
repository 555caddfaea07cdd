import math

from retrain_lab import PairedComparison, compare, make_stream, train

# 1,000 labelled customers a week; the rule turns 8 degrees a week.
stream = make_stream(weeks=6, batch_size=1000, degrees_per_week=8, seed=7)
champion = train(stream[0])  # the launch model, serving since week 1
challenger = train(stream[5])  # retrained on week 5's labels
old_holdout = stream[1]  # set aside at launch, never updated
newest = stream[6]  # labelled since; neither model trained on it

for name, rows in [("old holdout, week 1", old_holdout), ("newest, week 6", newest)]:
    old, new = champion.accuracy(rows), challenger.accuracy(rows)
    print(f"{name:20} champion {old:.3f}  challenger {new:.3f}")
    #> old holdout, week 1  champion 0.945  challenger 0.763
    #> newest, week 6       champion 0.757  challenger 0.905

# One accuracy on n rows is uncertain by about sqrt(p * (1 - p) / n):
p = champion.accuracy(old_holdout)
error = math.sqrt(p * (1 - p) / 1000)
print(f"standard error at {p:.3f} on 1000 rows: {error * 100:.1f} points")
#> standard error at 0.945 on 1000 rows: 0.7 points

# Both models predict the same rows: McNemar's test reads the rows
# where exactly one of them is right.
evidence = compare(
    newest.labels,
    [champion.predict(x) for x in newest.points],
    [challenger.predict(x) for x in newest.points],
    window="week 6",
)
print(evidence)
'''
week 6, 1000 rows: champion 757 correct, challenger 905
  right only by the challenger: 158, only by the champion: 10
  McNemar p < 0.001
'''

# The same one-point gain (920 -> 930 of 1000), few or many disagreements:
for champion_only, challenger_only in [(0, 10), (20, 30)]:
    both_right = 920 - champion_only
    both_wrong = 1000 - both_right - champion_only - challenger_only
    table = PairedComparison(
        "holdout", both_right, champion_only, challenger_only, both_wrong
    )
    print(
        f"right only by champion {champion_only:2}, only by challenger "
        f"{challenger_only}: p = {table.p_value:.3f}"
    #> right only by champion  0, only by challenger 10: p = 0.002
    #> right only by champion 20, only by challenger 30: p = 0.203
    )
