from retrain_lab import PerformanceTriggered, Scheduled, make_stream, simulate

# The two streams of the concepts page: the rule turns 8 degrees every
# week, or 30 degrees before weeks 2, 6 and 10 and stands still between.
jumps = {2: 30, 6: 30, 10: 30}
streams = {
    "steady": make_stream(weeks=12, degrees_per_week=8, seed=7),
    "bursts": make_stream(
        weeks=12, degrees_per_week=[jumps.get(w, 0) for w in range(2, 13)], seed=7
    ),
}
clearly_better = set()
for name, stream in streams.items():
    schedule, trigger = simulate(
        stream, [Scheduled(every=3), PerformanceTriggered(threshold=0.85)]
    )
    assert schedule.retrains == trigger.retrains == 3  # the same budget
    if trigger.mean_accuracy - schedule.mean_accuracy >= 0.02:
        clearly_better.add(name)

if clearly_better == {"steady", "bursts"}:
    print("Always")
elif clearly_better == {"steady"}:
    print("When drift is steady")
elif clearly_better == {"bursts"}:
    print("When drift comes in bursts")
else:
    print("Never")
