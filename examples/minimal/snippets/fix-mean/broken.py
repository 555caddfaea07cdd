scores = [0.91, 0.88, 0.85]
average = sum(scores) / 2
print(f"average score: {average:.2f}")
