from retrain_lab import PerformanceTriggered, make_stream, run_policy

# Twelve weeks of concept drift: the rule that labels customers turns
# a little every week. Try another threshold, drift speed or seed.
THRESHOLD = 0.85
stream = make_stream(weeks=12, degrees_per_week=12, seed=7)

run = run_policy(stream, PerformanceTriggered(threshold=THRESHOLD))
for week, accuracy in enumerate(run.accuracies, start=1):
    print(f"week {week:2}: accuracy {accuracy:.2f}")
    #> week  1: accuracy 0.94
    #> week  2: accuracy 0.92
    #> week  3: accuracy 0.83
    #> week  4: accuracy 0.90
    #> week  5: accuracy 0.83
    #> week  6: accuracy 0.91
    #> week  7: accuracy 0.84
    #> week  8: accuracy 0.89
    #> week  9: accuracy 0.83
    #> week 10: accuracy 0.90
    #> week 11: accuracy 0.85
    #> week 12: accuracy 0.80
print(f"retrained {run.retrains} times, mean accuracy {run.mean_accuracy:.2f}")
#> retrained 4 times, mean accuracy 0.87
