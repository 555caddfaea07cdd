from retrain_lab import make_stream, window_age_experiment

# How often should we retrain? Train one model on data that is 1, 2, 4
# and 8 weeks old, then test every model on the same, newest week.
# The gap between them is what freshness is worth.
stream = make_stream(weeks=12, degrees_per_week=8, seed=7)

for age, accuracy in window_age_experiment(stream, ages=[1, 2, 4, 8]):
    print(f"{age} week(s) old: accuracy {accuracy:.3f} on the newest week")
    #> 1 week(s) old: accuracy 0.940 on the newest week
    #> 2 week(s) old: accuracy 0.868 on the newest week
    #> 4 week(s) old: accuracy 0.765 on the newest week
    #> 8 week(s) old: accuracy 0.590 on the newest week
