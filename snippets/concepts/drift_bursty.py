from retrain_lab import (
    Never,
    PerformanceTriggered,
    Scheduled,
    format_table,
    make_stream,
    simulate,
)

# The same total drift, in bursts: the rule jumps 30 degrees before
# weeks 2, 6 and 10 and stands still in between.
jumps = {2: 30, 6: 30, 10: 30}
turns = [jumps.get(week, 0) for week in range(2, 13)]
stream = make_stream(weeks=12, degrees_per_week=turns, seed=7)

policies = [
    Never(),
    Scheduled(every=3),
    PerformanceTriggered(threshold=0.85),
]
runs = simulate(stream, policies, label_delay=0)
print(format_table(runs))
'''
week               never   schedule 3 wk  trigger < 0.85
--------------------------------------------------------
1                  0.94            0.94            0.94
2                  0.79            0.79            0.79*
3                  0.81            0.81*           0.94
4                  0.81            0.93            0.93
5                  0.77            0.92            0.92
6                  0.66            0.81*           0.81*
7                  0.67            0.94            0.94
8                  0.67            0.92            0.92
9                  0.68            0.94*           0.94
10                 0.53            0.81            0.79*
11                 0.47            0.81            0.93
12                 0.46            0.80            0.93
--------------------------------------------------------
mean               0.69            0.87            0.90
retrains              0               3               3
'''
