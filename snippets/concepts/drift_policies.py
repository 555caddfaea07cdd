from retrain_lab import (
    Never,
    PerformanceTriggered,
    Scheduled,
    format_table,
    make_stream,
    simulate,
)

# Week 0 trains the launch model; weeks 1-12 are served. The inputs come
# from the same distribution every week, but the rule that labels them
# turns 8 degrees a week: pure concept drift, at a steady pace.
stream = make_stream(weeks=12, degrees_per_week=8, seed=7)

# An input-drift monitor compares input statistics. They do not move.
x1, y1 = stream[1].input_mean()
x12, y12 = stream[12].input_mean()
print(f"mean input, week 1: ({x1:+.2f}, {y1:+.2f})")
#> mean input, week 1: (+0.00, +0.07)
print(f"mean input, week 12: ({x12:+.2f}, {y12:+.2f})")
#> mean input, week 12: (-0.02, -0.00)
print(f"the rule has turned {stream[12].boundary_deg:g} degrees by week 12")
#> the rule has turned 88 degrees by week 12

# The same budget for both policies: three retrains in twelve weeks.
policies = [
    Never(),
    Scheduled(every=3),
    PerformanceTriggered(threshold=0.85),
]
# Labels arrive as soon as a week ends (label_delay=0). Try 1 or 2.
runs = simulate(stream, policies, label_delay=0)

# Accuracy per week, measured once the labels arrive.
# A * means: retrained on the newest labelled week afterwards.
print(format_table(runs))
'''
week               never   schedule 3 wk  trigger < 0.85
--------------------------------------------------------
1                  0.94            0.94            0.94
2                  0.94            0.94            0.94
3                  0.90            0.90*           0.90
4                  0.83            0.90            0.83*
5                  0.76            0.83            0.88
6                  0.74            0.82*           0.86
7                  0.74            0.92            0.83*
8                  0.69            0.87            0.86
9                  0.65            0.83*           0.84*
10                 0.62            0.93            0.93
11                 0.52            0.89            0.89
12                 0.47            0.85            0.85
--------------------------------------------------------
mean               0.73            0.89            0.88
retrains              0               3               3
'''
