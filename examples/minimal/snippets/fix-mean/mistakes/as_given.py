scores = [0.91, 0.88, 0.85]
average = sum(scores) / 2
print(f"average score: {average:.2f}")
#> With four scores the average should be 0.60, but your program gives 1.2: divide by len(scores), not by a fixed number.
